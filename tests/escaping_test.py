#!/usr/bin/env python3
"""Nothing escapes: hostile text in every free-text field of an archive reaches every
output as text, never as markup, script, formula or broken syntax.

Usage: python3 tests/escaping_test.py ANNALS

It copies the sample archive in content/ and puts PAYLOAD in front of the value of every
free-text field (titles, names, notes, texts, descriptions, …) and at the end of every
Markdown body, then builds the site and checks each output with a parser of its format:

- HTML pages: no <script>, <img>, <iframe> or event-handler attribute appears (raw HTML
  is escaped; the archive does not allow it), and the payload reads back as text;
- feed.xml and sitemap.xml parse as XML, and the feed's titles hold the payload as text;
- meetings.ics unfolds and unescapes to SUMMARY lines holding the payload;
- archive.json parses, and holds the payload as a string;
- actions.csv and questions.csv parse as CSV, and no cell starts with =, +, -, @, a tab
  or a carriage return: a spreadsheet would run it as a formula.

Exit status 0 with a summary, 1 with every problem on stderr. Standard library only.
"""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAYLOAD = ("=HYPERLINK(\"https://evil.example/\") <script>alert('x')</script> "
           "<img src=x onerror=alert(1)> \"dq\" 'sq' & &amp; ]]> {{site.title}} ; , \\ @end")
FREE_TEXT = ("title", "text", "notes", "note", "name", "description", "review", "publisher",
             "area", "category", "date_note", "due_note", "response", "summary")
FIELD = re.compile(r"^(\s*(?:- )?)(" + "|".join(FREE_TEXT) + r"):[ ]+(\S.*)$")


def poison_yaml(text):
    """Prefixes every free-text scalar with PAYLOAD; appends it to block scalars."""
    out = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        match = FIELD.match(line)
        if match and match.group(3) in ("|", ">", "|-", ">-"):
            out.append(line)
            i += 1
            indent = None
            while i < len(lines) and (not lines[i].strip() or indent is None or
                                      lines[i].startswith(indent)):
                if lines[i].strip() and indent is None:
                    indent = lines[i][:len(lines[i]) - len(lines[i].lstrip())]
                out.append(lines[i])
                i += 1
            out.append((indent or "  ") + PAYLOAD.replace("\\", "\\\\"))
            continue
        if match and match.group(3) not in ("not recorded",) and not match.group(3).startswith(
                ("[", "{", "&", "*", "|", ">")):
            value = match.group(3)
            if value.startswith('"') and value.endswith('"'):
                value = json.loads(value)
            elif value.startswith("'") and value.endswith("'"):
                value = value[1:-1].replace("''", "'")
            out.append(f"{match.group(1)}{match.group(2)}: {json.dumps(PAYLOAD + ' ' + value)}")
        else:
            out.append(line)
        i += 1
    return "\n".join(out) + "\n"


def poison(content):
    fields = 0
    for folder, _, files in os.walk(content):
        for name in files:
            path = os.path.join(folder, name)
            text = open(path, encoding="utf-8").read()
            if name.endswith(".yaml"):
                new = poison_yaml(text)
            elif name.endswith(".md"):
                head, sep, body = text.partition("\n---\n")
                new = poison_yaml(head) + sep + body + "\n" + PAYLOAD + "\n"
            else:
                continue
            fields += sum(1 for a, b in zip(text.splitlines(), new.splitlines()) if a != b)
            open(path, "w", encoding="utf-8").write(new)
    return fields


class Markup(HTMLParser):
    """Collects what a browser would treat as active markup, and the page's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.active = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "iframe", "object", "embed"):
            self.active.append(f"<{tag}>")
        for name, _ in attrs:
            if name.startswith("on"):
                self.active.append(f"{name}= on <{tag}>")

    def handle_data(self, data):
        self.text.append(data)


def check_html(site, problems):
    pages = 0
    for folder, _, files in os.walk(site):
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            parser = Markup()
            parser.feed(open(path, encoding="utf-8").read())
            pages += 1
            for what in parser.active:
                problems.append(f"{path}: error: {what} in the page")
    return pages


def check_outputs(site, problems):
    payload_seen = {}
    feed = ElementTree.parse(os.path.join(site, "feed.xml"))
    titles = [t.text or "" for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
    payload_seen["feed.xml"] = any(PAYLOAD in t for t in titles)
    ElementTree.parse(os.path.join(site, "sitemap.xml"))

    raw = open(os.path.join(site, "meetings.ics"), encoding="utf-8", newline="").read()
    unfolded = re.sub(r"\r\n[ \t]", "", raw)
    summaries = [line[len("SUMMARY:"):] for line in unfolded.split("\r\n") if line.startswith("SUMMARY:")]
    unescape = lambda v: re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), v)
    payload_seen["meetings.ics"] = any(PAYLOAD in unescape(s) for s in summaries)
    for line in unfolded.split("\r\n"):
        if re.search(r"(?<!\\)[;,]", line.partition(":")[2]) and line.startswith(("SUMMARY", "DESCRIPTION", "LOCATION")):
            problems.append(f"{site}/meetings.ics: error: unescaped ';' or ',' in {line[:60]}…")

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    data = json.load(open(os.path.join(site, "archive.json"), encoding="utf-8"))
    payload_seen["archive.json"] = any(PAYLOAD in s for s in strings(data))

    for name in ("actions.csv", "questions.csv"):
        rows = list(csv.reader(io.StringIO(open(os.path.join(site, name), encoding="utf-8",
                                                newline="").read())))
        for r, row in enumerate(rows[1:], start=2):
            for c, cell in enumerate(row, start=1):
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    problems.append(f"{site}/{name}:{r}: error: cell {c} starts with "
                                    f"{cell[:1]!r}, which a spreadsheet runs as a formula")
        # Text from Markdown reads as its plain text, so only the payload's start is exact.
        payload_seen[name] = any(cell.startswith("'" + PAYLOAD[:40]) for row in rows for cell in row)
    for name, seen in payload_seen.items():
        if not seen:
            problems.append(f"{site}/{name}: error: the payload does not read back as text")


def main(arguments):
    if len(arguments) != 1:
        print("usage: python3 tests/escaping_test.py ANNALS", file=sys.stderr)
        return 2
    annals = os.path.abspath(arguments[0])
    problems = []
    with tempfile.TemporaryDirectory() as work:
        content = os.path.join(work, "content")
        shutil.copytree(os.path.join(REPO, "content"), content)
        fields = poison(content)
        done = subprocess.run([annals, "build", "--content", "content", "--out", "site"], cwd=work,
                              capture_output=True, text=True)
        if done.returncode != 0:
            print(f"escaping: the hostile archive does not build:\n{done.stderr}", file=sys.stderr)
            return 1
        site = os.path.join(work, "site")
        pages = check_html(site, problems)
        check_outputs(site, problems)
        home = open(os.path.join(site, "index.html"), encoding="utf-8").read()
        if "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;" not in home:
            problems.append(f"{site}/index.html: error: the payload is not shown escaped")
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"escaping: {len(problems)} problems", file=sys.stderr)
        return 1
    print(f"escaping: a payload in {fields} fields stays text in {pages} pages, the feed, sitemap, "
          "calendar, JSON and both CSV files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
