#!/usr/bin/env python3
"""The bad-input corpus: every folder in tests/invalid/ is one broken archive.

Usage: python3 tests/invalid_fixtures.py ANNALS [--update] [FIXTURE...]

A fixture is laid out as
  content/      files laid over tests/invalid/_base/ (a small valid archive): the same
                path replaces a base file, a new path adds one;
  removed.txt   base files to delete, one path per line (optional);
  setup.sh      run with sh in the assembled content folder, for what cannot be
                committed: a 50 MB file, a line of 1 MB, a symbolic link (optional);
  templates/    a templates folder, for a fixture about templates: then the command is
                `annals build --templates templates` instead of `annals check` (optional);
  expected.txt  the exact standard error annals must print.

Each fixture runs in a fresh folder as a user would run annals there. It must exit 1
and print exactly expected.txt, within 60 seconds. A content fixture is then built:
`annals build` must fail the same way and write no site/. --update rewrites
expected.txt from what annals prints now: read the difference before committing it.

Exit status 0 when every fixture passes (a summary on stdout), 1 with every failure on
stderr. Standard library only.
"""

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "invalid")
BASE = os.path.join(CORPUS, "_base")
TIMEOUT = 60
MIN_FIXTURES = 40


def assemble(fixture, work):
    """Builds the fixture's content (and templates) folder under `work`."""
    content = os.path.join(work, "content")
    shutil.copytree(BASE, content, symlinks=True)
    os.remove(os.path.join(content, "README.md"))
    overlay = os.path.join(fixture, "content")
    if os.path.isdir(overlay):
        shutil.copytree(overlay, content, symlinks=True, dirs_exist_ok=True)
    removed = os.path.join(fixture, "removed.txt")
    if os.path.exists(removed):
        with open(removed, encoding="utf-8") as listing:
            for line in listing.read().splitlines():
                if line:
                    os.remove(os.path.join(content, line))
    setup = os.path.join(fixture, "setup.sh")
    if os.path.exists(setup):
        subprocess.run(["sh", setup], cwd=content, check=True)
    templates = os.path.join(fixture, "templates")
    if os.path.isdir(templates):
        shutil.copytree(templates, os.path.join(work, "templates"))
        return ["build", "--content", "content", "--templates", "templates", "--out", "site"]
    return ["check", "--content", "content"]


def run(annals, arguments, work):
    """Runs annals in `work`: (exit status, stderr as text), or (None, why) on a hang."""
    try:
        done = subprocess.run([annals] + arguments, cwd=work, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, f"did not finish within {TIMEOUT} s"
    return done.returncode, done.stderr.decode("utf-8", errors="backslashreplace")


def difference(expected, got):
    lines = difflib.unified_diff(expected.splitlines(keepends=True), got.splitlines(keepends=True),
                                 "expected.txt", "annals printed")
    return "".join(lines)[:4000]


def check_fixture(annals, fixture, update):
    """Problems with one fixture, as messages naming it."""
    name = os.path.basename(fixture)
    expected_path = os.path.join(fixture, "expected.txt")
    problems = []
    with tempfile.TemporaryDirectory() as work:
        arguments = assemble(fixture, work)
        status, stderr = run(annals, arguments, work)
        if status is None:
            return [f"{name}: annals {arguments[0]} {stderr}"]
        if update:
            with open(expected_path, "w", encoding="utf-8", newline="") as out:
                out.write(stderr)
        expected = open(expected_path, encoding="utf-8", newline="").read() if os.path.exists(
            expected_path) else ""
        if status != 1:
            problems.append(f"{name}: annals {arguments[0]} exited {status}, expected 1")
        if stderr != expected:
            problems.append(f"{name}: annals {arguments[0]} printed other diagnostics:\n"
                            + difference(expected, stderr))
        if arguments[0] == "check":
            status, built = run(annals, ["build", "--content", "content", "--out", "site"], work)
            if status != 1 or built != stderr:
                problems.append(f"{name}: annals build exited {status} and printed what check "
                                f"did not:\n" + difference(stderr, built))
        if os.path.exists(os.path.join(work, "site")):
            problems.append(f"{name}: a failed build wrote site/")
    return problems


def main(arguments):
    update = "--update" in arguments
    arguments = [a for a in arguments if a != "--update"]
    if not arguments:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    annals = os.path.abspath(arguments[0])
    chosen = arguments[1:]
    started = time.monotonic()

    problems = []
    with tempfile.TemporaryDirectory() as work:
        shutil.copytree(BASE, os.path.join(work, "content"))
        status, stderr = run(annals, ["check", "--content", "content"], work)
        if status != 0 or stderr:
            problems.append(f"_base: the base archive is not valid (exit {status}):\n{stderr}")

    fixtures = sorted(f for f in os.listdir(CORPUS)
                      if f != "_base" and os.path.isdir(os.path.join(CORPUS, f)))
    if chosen:
        fixtures = [f for f in fixtures if f in chosen]
    for fixture in fixtures:
        problems += check_fixture(annals, os.path.join(CORPUS, fixture), update)
    if not chosen and len(fixtures) < MIN_FIXTURES:
        problems.append(f"only {len(fixtures)} fixtures; the corpus keeps at least {MIN_FIXTURES}")

    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"invalid_fixtures: {len(problems)} problems", file=sys.stderr)
        return 1
    print(f"invalid_fixtures: {len(fixtures)} broken archives, each rejected with its exact "
          f"diagnostics by check and build ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
