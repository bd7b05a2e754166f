#!/usr/bin/env python3
"""The benchmark: annals against Hugo on synthetic archives of 100, 1,000 and 10,000 meetings.

    bench/run.py [--sizes 100,1000,10000] [--runs 5] [--work /tmp/annals-bench]

For each size it generates the corpus (bench/generate_corpus.py, seed 1; kept in --work and
regenerated only when the generator changes), then, alternating annals and Hugo in the same
run, builds the site from nothing --runs times with each. The previous output is renamed into
--work/trash (emptied after the report) and the disk is synced before each such build, so
neither deleting nor writing back the last tree is timed. It then measures annals' rebuild
of an unchanged archive, its rebuild after one meeting's notes are edited (a different
meeting each run, the previous one's edit undone: the first such rebuild writes a whole
new tree, the later ones write into the spare tree annals keeps; the disk is synced before
each), and two floors no static-site generator can beat: md4c alone rendering every
Markdown body of the corpus in one process, and writing annals' site alone on all cores
(the same folders and files, as many bytes, nothing rendered). It prints medians: wall
time, pages per second (HTML files written), the bytes of the output, and the ratios; and
the highest peak RSS (from /usr/bin/time -v) of the full builds and of the edits.

annals is build/annals (./build.sh builds it), md4c_floor and write_floor are in build/;
Hugo is Debian's `hugo`, installed with /usr/bin/time by tools/install-bench-deps.sh.
"""

import argparse
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.path.join(ROOT, "bench", "generate_corpus.py")
SEED = 1


def run_timed(command, cwd=None):
    """Runs `command` under /usr/bin/time -v; returns (wall seconds, peak RSS in MiB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-v", "-o", report.name] + command, cwd=cwd,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"bench: {' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report.read()).group(1))
    return wall, rss_kib / 1024, done.stdout


def output_size(folder):
    """(HTML files, bytes of every file) in the output folder."""
    pages = size = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            pages += name.endswith(".html")
            size += os.lstat(os.path.join(parent, name)).st_size
    return pages, size


def corpus(work, meetings):
    """The corpus of `meetings` meetings, generated unless the same generator made it."""
    folder = os.path.join(work, f"corpus-{meetings}")
    with open(GENERATOR, "rb") as f:
        stamp = f"{hashlib.sha256(f.read()).hexdigest()} seed {SEED}\n"
    stamp_path = os.path.join(folder, "stamp")
    if not (os.path.exists(stamp_path) and open(stamp_path).read() == stamp):
        print(f"bench: generating {meetings} meetings into {folder}", file=sys.stderr)
        os.makedirs(folder, exist_ok=True)
        subprocess.run([sys.executable, GENERATOR, "--meetings", str(meetings), "--seed", str(SEED),
                        "--out", folder], check=True)
        with open(stamp_path, "w") as f:
            f.write(stamp)
    return folder


def edit_meeting(path, run):
    """Appends a sentence to the meeting's notes; returns the original text."""
    with open(path, encoding="utf-8") as f:
        original = f.read()
    lines = original.split("\n")
    start = lines.index("notes: |")
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" ")),
               len(lines) - 1)  # the notes end the file, which ends with a line break
    lines.insert(end, f"  Edited for benchmark run {run}.")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return original


def set_aside(path, work):
    """Moves `path` into the work folder's trash, which main() empties after the report.

    Deleting a 4 GB tree of 170,000 files takes minutes of disk wait on a small virtual
    machine; renaming it takes a moment and keeps that wait out of the measured runs."""
    if not os.path.lexists(path):
        return
    trash = os.path.join(work, "trash")
    os.makedirs(trash, exist_ok=True)
    number = len(os.listdir(trash))
    while os.path.lexists(os.path.join(trash, f"{number}-{os.path.basename(path)}")):
        number += 1  # left by a run that was stopped before it emptied the trash
    os.rename(path, os.path.join(trash, f"{number}-{os.path.basename(path)}"))


def median(values):
    return statistics.median(values)


def bench_size(meetings, args):
    folder = corpus(args.work, meetings)
    content, hugo = os.path.join(folder, "content"), os.path.join(folder, "hugo")
    annals_out, hugo_out = os.path.join(folder, "annals-site"), os.path.join(folder, "hugo-site")
    annals = [args.annals, "build", "--content", content, "--out", annals_out]
    results = {"annals": [], "hugo": []}
    for run in range(args.runs):
        order = ("annals", "hugo") if run % 2 == 0 else ("hugo", "annals")
        for tool in order:
            out = annals_out if tool == "annals" else hugo_out
            # From nothing: no previous site, no spare tree beside it to write into.
            for leftover in (out, out + ".annals-spare", out + ".annals-cache", out + ".annals-pages",
                             out + ".annals-records"):
                set_aside(leftover, args.work)
            os.sync()  # the previous build's writes reach the disk before this one is timed
            command = annals if tool == "annals" else ["hugo", "--quiet", "-s", hugo, "-d", out]
            wall, rss, _ = run_timed(command)
            results[tool].append((wall, rss, *output_size(out)))
    full = {tool: (median(r[0] for r in rows), max(r[1] for r in rows), rows[-1][2], rows[-1][3])
            for tool, rows in results.items()}

    # Each rebuild is timed once the writes before it have reached the disk, as a rebuild
    # after a day's work would be: not racing the last build's 3 GB of write-back.
    unchanged = []
    for _ in range(args.runs):
        os.sync()
        unchanged.append(run_timed(annals)[0])
    edited = []
    for run in range(args.runs):
        meeting = os.path.join(content, "meetings", f"plenary-{1 + (run * 7919) % meetings}.yaml")
        original = edit_meeting(meeting, run)
        try:
            os.sync()
            edited.append(run_timed(annals)[:2])
        finally:
            with open(meeting, "w", encoding="utf-8") as f:
                f.write(original)
    run_timed(annals)  # back to the unedited site

    # Writing annals' site alone: the same folders and files, as many bytes, nothing rendered.
    write_floor = []
    for _ in range(args.runs):
        copy = os.path.join(folder, "write-floor")
        set_aside(copy, args.work)
        os.sync()
        output = run_timed([args.write_floor, annals_out, copy])[2]
        write_floor.append(float(output.split()[-1]))
    set_aside(os.path.join(folder, "write-floor"), args.work)

    floor_runs = [run_timed([args.md4c_floor, os.path.join(hugo, "content")]) for _ in range(args.runs)]
    floor_wall = median(r[0] for r in floor_runs)
    floor_render = median(float(r[2].split()[-1]) for r in floor_runs)
    floor_pages = int(floor_runs[0][2].split()[1])
    corpus_bytes = sum(os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(content)
                       for n in names)
    return {"meetings": meetings, "corpus_mb": corpus_bytes / 2**20, "full": full,
            "unchanged": median(unchanged), "edited": median(wall for wall, _ in edited),
            "edited_rss": max(rss for _, rss in edited),
            "floor_wall": floor_wall, "floor_render": floor_render, "floor_pages": floor_pages,
            "write_floor": median(write_floor)}


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            return next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        return platform.machine()


def report(rows, args):
    print(f"\nannals benchmark: {args.runs} runs each, medians; {os.cpu_count()} cores, "
          f"{cpu_model()}, {platform.platform()}")
    print(f"annals: {args.annals}; {subprocess.run(['hugo', 'version'], capture_output=True, text=True).stdout.split()[1]}\n")
    print("| meetings | corpus | tool | HTML pages | output | full build | pages/s | peak RSS |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    for row in rows:
        for tool in ("annals", "hugo"):
            wall, rss, pages, size = row["full"][tool]
            print(f"| {row['meetings']:,} | {row['corpus_mb']:.1f} MB | {tool} | {pages:,} | "
                  f"{size / 2**20:,.0f} MiB | {wall:.3f} s | {pages / wall:,.0f} | {rss:,.0f} MiB |")
    print("\n| meetings | annals/Hugo pages/s | no-change rebuild | one-meeting edit | edit/full "
          "| edit peak RSS | md4c floor (process / render) | annals full / floor | write floor "
          "| annals full / write floor |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        a_wall, _, a_pages, _ = row["full"]["annals"]
        h_wall, _, h_pages, _ = row["full"]["hugo"]
        ratio = (a_pages / a_wall) / (h_pages / h_wall)
        print(f"| {row['meetings']:,} | {ratio:.2f}× | {row['unchanged'] * 1000:.0f} ms | "
              f"{row['edited'] * 1000:.0f} ms | {100 * row['edited'] / a_wall:.1f} % | "
              f"{row['edited_rss']:,.0f} MiB | "
              f"{row['floor_wall']:.3f} s / {row['floor_render']:.3f} s ({row['floor_pages']:,} bodies) | "
              f"{a_wall / row['floor_wall']:.1f}× | {row['write_floor']:.3f} s | "
              f"{a_wall / row['write_floor']:.1f}× |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "annals-bench"))
    parser.add_argument("--annals", default=os.path.join(ROOT, "build", "annals"))
    parser.add_argument("--md4c-floor", default=os.path.join(ROOT, "build", "md4c_floor"))
    parser.add_argument("--write-floor", default=os.path.join(ROOT, "build", "write_floor"))
    args = parser.parse_args()
    for tool in (args.annals, args.md4c_floor, args.write_floor, "/usr/bin/time"):
        if not os.access(tool, os.X_OK):
            sys.exit(f"bench: {tool} is missing: run ./build.sh and tools/install-bench-deps.sh")
    if not shutil.which("hugo"):
        sys.exit("bench: hugo is missing: run tools/install-bench-deps.sh")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"bench: {size} meetings", file=sys.stderr)
        rows.append(bench_size(size, args))
    report(rows, args)
    trash = os.path.join(args.work, "trash")
    if os.path.isdir(trash):
        print(f"bench: deleting the set-aside output trees in {trash}", file=sys.stderr)
        shutil.rmtree(trash)


if __name__ == "__main__":
    main()
