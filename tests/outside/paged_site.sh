#!/bin/sh
# Builds the sample archive with its long indexes cut into pages of seven rows
# (archive.yaml's per_page), so that the outside checks judge the page numbers too.
# Usage: tests/outside/paged_site.sh path/to/annals OUT   (from the repository root)
# The site goes to OUT/site.
set -eu
annals=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
cp -R content "$out/content"
printf 'per_page: 7\n' >>"$out/content/archive.yaml"
"$annals" build --quiet --content "$out/content" --out "$out/site"
for page in questions/page/13 actions/page/7 briefings/page/2; do
  [ -f "$out/site/$page/index.html" ] || { echo "paged_site: no $page/ in $out/site" >&2; exit 1; }
done
echo "paged_site: built $out/site"
