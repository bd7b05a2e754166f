#!/bin/sh
# Regenerates tests/invalid/*/expected.txt from the current annals binary.
# Usage: tests/update_expected.sh build/annals [fixture…]
# Read every changed expected.txt before committing it: the fixtures are only as good
# as the messages they pin down.
set -eu
annals=$(realpath "$1"); shift
cd "$(dirname "$0")/invalid"
fixtures=${*:-$(ls -d */ | tr -d / | grep -v '^_base$')}
for fixture in $fixtures; do
  work=$(mktemp -d)
  cp -R _base "$work/content"
  rm -f "$work/content/README.md"
  [ -d "$fixture/content" ] && cp -R "$fixture/content/." "$work/content/"
  if [ -f "$fixture/removed.txt" ]; then
    while read -r path; do rm -f "$work/content/$path"; done < "$fixture/removed.txt"
  fi
  (cd "$work" && "$annals" check --content content 2> stderr.txt; echo $? > status.txt) || true
  [ "$(cat "$work/status.txt")" = 1 ] || echo "$fixture: exit status $(cat "$work/status.txt"), expected 1" >&2
  cp "$work/stderr.txt" "$fixture/expected.txt"
  rm -rf "$work"
done
