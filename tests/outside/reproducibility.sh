#!/bin/sh
# Reproducibility: the same sources give the same bytes. The sample archive is built
#   A. from a copy of content/ in one folder, the usual way;
#   B. from a copy made file by file in reverse order (so its folders list their files
#      in another order), on another file system when /dev/shm exists, with absolute
#      paths, from another working folder, a second later, in another time zone and
#      locale, with SOURCE_DATE_EPOCH=1;
#   C. like A, with SOURCE_DATE_EPOCH=2000000000. The archive dates itself with its
#      required `as_of` and annals never reads the clock, so the epoch changes nothing.
# The three trees must be identical: the same files, the same bytes, the same modes.
#
# Usage: tests/outside/reproducibility.sh path/to/annals   (from the repository root)
set -u
annals=$(realpath "$1")
repo=$(pwd)
work=$(mktemp -d)
other=$(mktemp -d -p "$([ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "$work")")
trap 'rm -rf "$work" "$other"' EXIT
failures=0
started=$(date +%s.%N)

fail() { echo "$*" >&2; failures=$((failures + 1)); }

# same A B WHAT: the trees A and B hold the same files with the same bytes and modes.
same() {
  if ! diff -r "$1" "$2" >"$work/diff" 2>&1; then
    fail "reproducibility: error: $3 differ:"
    grep -E '^(Only in|diff -r|Files )' "$work/diff" | head -20 >&2
    head -40 "$work/diff" >&2
    return
  fi
  (cd "$1" && find . -printf '%p %m\n' | sort) >"$work/modes1"
  (cd "$2" && find . -printf '%p %m\n' | sort) >"$work/modes2"
  diff "$work/modes1" "$work/modes2" >&2 || fail "reproducibility: error: $3 give files different modes"
}

build() {  # build LABEL [env …] annals build …: runs the build, failing loudly
  label=$1; shift
  "$@" >"$work/out" 2>&1 || fail "reproducibility: error: build $label failed: $(cat "$work/out")"
}

cp -R "$repo/content" "$work/content"
(cd "$work" && build A "$annals" build --content content --out site-a)

# B: copy the files in reverse order, folders first, so the listing order differs.
mkdir -p "$other/in/archive"
(cd "$repo/content" && find . -type d | sort) | while read -r d; do mkdir -p "$other/in/archive/$d"; done
(cd "$repo/content" && find . -type f | sort -r) | while read -r f; do cp "$repo/content/$f" "$other/in/archive/$f"; done
sleep 1
(cd / && build B env TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 LANG=de_DE.UTF-8 SOURCE_DATE_EPOCH=1 \
  "$annals" build --content "$other/in/archive" --out "$other/out/nested/site-b")
(cd "$work" && build C env SOURCE_DATE_EPOCH=2000000000 "$annals" build --content content --out site-c)
same "$work/site-a" "$other/out/nested/site-b" "builds in different folders, orders, zones and moments"
same "$work/site-a" "$work/site-c" "builds with different SOURCE_DATE_EPOCH"

seconds=$(echo "$(date +%s.%N) $started" | awk '{ printf "%.1f", $1 - $2 }')
if [ "$failures" -ne 0 ]; then
  echo "reproducibility: $failures problem(s)" >&2
  exit 1
fi
files=$(find "$work/site-a" -type f | wc -l)
echo "reproducibility: 3 builds, $files files byte-identical across folders, file systems, file orders, time zones, locales, moments and SOURCE_DATE_EPOCH (${seconds} s)"
