#!/bin/sh
# Rewrites every file in tests/golden/ from a fresh build of content/, after a deliberate
# change to the templates or the renderer. Read the diff before committing it.
# Usage: tests/update_golden.sh path/to/annals   (from the repository root)
set -eu
annals=$(realpath "$1")
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
"$annals" build --content content --out "$site/site"
cd tests/golden
find . -type f | sort | while read -r file; do cp "$site/site/$file" "$file"; done
git -C .. diff --stat -- golden
