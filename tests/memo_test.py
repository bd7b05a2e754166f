#!/usr/bin/env python3
"""A rebuild makes again only the files whose reads changed, and gives a clean build's site.

    tests/memo_test.py path/to/annals

Starting from the sample archive, makes the edits staff make, one after another: notes,
a title, a person's name, an answer, a question's status, a recommendation, a
document, a due date, a status update, a new meeting, a renamed one with an alias, a
removed one, a template, the archive's settings. After each, `annals build` rebuilds the
site it built before, keeping the files whose reads did not change (render/page_memo.h),
and the result must be byte for byte a clean build of the same sources, on all cores
and on one. Each edit must also keep the files it cannot have changed, and make again
the files that show it. Then all again with the long indexes cut into pages of a few rows,
so that edits move records from page to page.
"""

import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Failure(Exception):
    pass


def build(annals, content, out, *extra, templates=None):
    command = [annals, "build", "--content", content, "--out", out, "--verbose", *extra]
    if templates:
        command += ["--templates", templates]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise Failure(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    return done.stderr


def records_reused(log):
    """How many content files the build took from the record cache, not reading them."""
    found = re.search(r"(\d+) content files? not read again", log)
    return int(found.group(1)) if found else 0


def kept_count(log):
    """How many files the build kept without making them, and how many pieces it took."""
    found = re.search(r"\((\d+) kept without being made, (\d+) pieces of files taken", log)
    if not found:
        raise Failure(f"the build did not say how many files it kept:\n{log}")
    return int(found.group(1)), int(found.group(2))


def files_of(folder):
    found = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            found[os.path.relpath(path, folder)] = path
    return found


def differences(site, clean):
    """The files that differ between two sites, by path."""
    ours, theirs = files_of(site), files_of(clean)
    differ = sorted(set(ours) ^ set(theirs))
    differ += [p for p in sorted(set(ours) & set(theirs))
               if not filecmp.cmp(ours[p], theirs[p], shallow=False)]
    return differ


def clean_build(annals, content, work, *extra, templates=None):
    out = os.path.join(work, "clean")
    for leftover in (out, out + ".annals-spare", out + ".annals-cache", out + ".annals-pages",
                     out + ".annals-records"):
        if os.path.isdir(leftover):
            shutil.rmtree(leftover)
        elif os.path.exists(leftover):
            os.remove(leftover)
    build(annals, content, out, *extra, templates=templates)
    return out


def replace(path, old, new, count=1):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.count(old) < count:
        raise Failure(f"{path} no longer holds {old!r}: the test needs updating")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, count))


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


NEW_MEETING = """id: plenary-42
kind: plenary
number: 42
title: "SSR2 Review Team Plenary Call #42"
date: 2018-09-06
time: not recorded
attendance: {members: [patrick-jones], observers: [], staff: [], guests: [], apologies: not recorded}
agenda:
  - title: SSR1 Recommendation 11
    refs: [rec:ssr1-11]
notes: |
  Follows [[meeting:plenary-41]] on [[rec:ssr1-11]], with [[person:patrick-jones]].
"""


def edits(content, templates):
    """(what, edit, local, pages that must be made again): `local` edits must keep files."""
    m = lambda *p: os.path.join(content, *p)
    return [
        ("a meeting's notes",
         lambda: replace(m("meetings", "plenary-14.yaml"),
                         "Johannesburg agenda is most pressing open action item.",
                         "Johannesburg agenda is the most pressing open action item."),
         True, ["meetings/plenary-14/index.html"]),
        ("a meeting's title",
         lambda: replace(m("meetings", "plenary-41.yaml"), 'title: "SSR2 Review Team Plenary Call #41"',
                         'title: "SSR2 Review Team Plenary Call No. 41"'),
         True, ["meetings/plenary-41/index.html", "meetings/index.html"]),
        ("a person's name",
         lambda: replace(m("people", "people.yaml"), "name: Patrick Jones", "name: Patrick L. Jones"),
         True, ["people/patrick-jones/index.html", "documents/jones-statement/index.html"]),
        ("an answer",
         lambda: replace(m("briefings", "gse-outreach.yaml"), "GSE works through two-way communications",
                         "GSE works through two-way communication"),
         True, ["questions/gse-2/index.html", "briefings/gse-outreach/index.html"]),
        ("a question's status",
         lambda: replace(m("briefings", "gse-outreach.yaml"), "    status: reframed\n",
                         "    status: withdrawn\n"),
         True, ["questions/index.html"]),
        ("a recommendation's text",
         lambda: replace(m("recommendations", "ssr1.yaml"),
                         "ICANN should publish a single, clear and consistent statement",
                         "ICANN should publish one clear and consistent statement"),
         True, ["recommendations/ssr1/1/index.html", "recommendations/ssr1/index.html"]),
        ("a document's body",
         lambda: replace(m("documents", "gse-answers.md"), "Answers provided by ICANN Global Stakeholder Engagement\n\n",
                         "Answers given by ICANN Global Stakeholder Engagement\n\n"),
         True, ["documents/gse-answers/index.html"]),
        ("a due date",
         lambda: replace(m("actions", "earlier.yaml"), "  due: 2017-05-30\n", "  due: 2019-05-30\n"),
         True, ["actions/consolidate-volunteer-items/index.html", "actions/index.html"]),
        ("a new meeting",
         lambda: write(m("meetings", "plenary-42.yaml"), NEW_MEETING),
         True, ["meetings/plenary-42/index.html", "meetings/plenary-41/index.html",
                "recommendations/ssr1/11/"]),
        ("a renamed meeting with an alias",
         lambda: (os.remove(m("meetings", "plenary-42.yaml")),
                  write(m("meetings", "plenary-call-42.yaml"),
                        NEW_MEETING.replace("id: plenary-42", "id: plenary-call-42\naliases: [plenary-42]"))),
         True, ["meetings/plenary-call-42/index.html", "meetings/plenary-42/index.html"]),
        ("a removed meeting",
         lambda: os.remove(m("meetings", "plenary-call-42.yaml")),
         True, ["meetings/plenary-41/index.html"]),
        ("a template",
         lambda: (os.makedirs(templates, exist_ok=True),
                  write(os.path.join(templates, "_note.mustache"),
                        open(os.path.join(ROOT, "templates", "_note.mustache"), encoding="utf-8")
                        .read().replace("<", "\n<", 1))),
         False, []),
        ("the archive's settings",
         lambda: replace(m("archive.yaml"), "as_of: 2018-08-30", "as_of: 2019-08-30"),
         False, ["actions/index.html"]),
    ]


def run(annals, work, per_page=None):
    """Makes every edit to a fresh copy of the sample archive, rebuilding after each; with
    `per_page`, its long indexes are cut into pages of that many rows."""
    content = os.path.join(work, "content")
    templates = os.path.join(work, "templates")
    site = os.path.join(work, "site")
    shutil.copytree(os.path.join(ROOT, "content"), content)
    if per_page:
        with open(os.path.join(content, "archive.yaml"), "a", encoding="utf-8") as f:
            f.write(f"per_page: {per_page}\n")
    # The build trusts what it learnt of a file only when the file had not changed in
    # the 2 s before it looked (build_cache.h), and only then keeps the file's records
    # (load/record_cache.h), which every rebuild below is to use.
    time.sleep(2.1)
    first = build(annals, content, site)
    if kept_count(first) != (0, 0):
        raise Failure("a first build kept files or pieces it never made")
    if per_page and not os.path.exists(os.path.join(site, "questions", "page", "2", "index.html")):
        raise Failure(f"with per_page: {per_page}, the questions index has no second page")
    mode = f" (per_page: {per_page})" if per_page else ""
    # A folder in `shown` is a record's page, which may go on over pages: one of them shows
    # the edit.
    def pages_of(files, shown_path):
        return {p: b for p, b in files.items()
                if p == shown_path or (shown_path.endswith("/") and p.startswith(shown_path)
                                       and p.endswith("index.html"))}
    for what, edit, local, shown in edits(content, templates):
        before = {p: open(path, "rb").read() for p, path in files_of(site).items()}
        edit()
        extra = ["--reset-urls"] if what == "a removed meeting" else []
        use = templates if os.path.isdir(templates) else None
        log = build(annals, content, site, *extra, templates=use)
        (kept, pieces), total = kept_count(log), len(files_of(site))
        if records_reused(log) == 0:
            raise Failure(f"after {what}{mode}, the rebuild read every content file again:\n{log}")
        if local and (kept == 0 or pieces == 0):
            raise Failure(f"after {what}{mode}, the rebuild kept no file or no piece:\n{log}")
        if not local and (kept, pieces) != (0, 0):
            raise Failure(f"after {what}{mode}, the rebuild kept {kept} files and {pieces} pieces "
                          "made with the old one")
        after = {p: open(path, "rb").read() for p, path in files_of(site).items()}
        for path in shown:
            old, new = pages_of(before, path), pages_of(after, path)
            if old and new and old == new:
                raise Failure(f"after {what}{mode}, {path} did not change")
        clean = clean_build(annals, content, work, templates=use)
        differ = differences(site, clean)
        if differ:
            raise Failure(f"after {what}{mode}, the rebuilt site differs from a clean build: "
                          f"{differ}")
        print(f"memo: {what}{mode}: {kept} of {total} files kept, {pieces} pieces, "
              f"{records_reused(log)} content files' records kept",
              file=sys.stderr)
    # With one thread, from the memo of the site before the last edit.
    replace(os.path.join(content, "archive.yaml"), "as_of: 2019-08-30", "as_of: 2018-08-30")
    build(annals, content, site, "--jobs", "1", templates=templates)
    if differences(site, clean_build(annals, content, work, templates=templates)):
        raise Failure(f"one thread, keeping files, gave another site than a clean build{mode}")


def main():
    annals = os.path.abspath(sys.argv[1])
    try:
        for per_page in (None, 7):
            work = tempfile.mkdtemp(prefix="annals-memo-")
            try:
                run(annals, work, per_page)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    except Failure as failure:
        print(f"memo: FAIL: {failure}", file=sys.stderr)
        return 1
    print("memo: every rebuild kept what it could and equals a clean build", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
