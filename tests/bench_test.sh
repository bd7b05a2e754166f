#!/bin/sh
# The benchmark's parts still fit together: the corpus generator writes an archive that
# annals builds, with the pages the benchmark counts, and a Hugo content folder whose
# bodies md4c_floor renders; write_floor makes the same tree of folders and files, of the
# same sizes, as the site it is given.
# Usage: tests/bench_test.sh path/to/annals path/to/md4c_floor path/to/write_floor
#        (run from the repository root)
. "$(dirname "$0")/cli_lib.sh"
md4c_floor=$(realpath "$2")
write_floor=$(realpath "$3")

# Folders, then files with their sizes, of a tree, by path.
tree() { (cd "$work/$1" && find . -mindepth 1 \( -type d -printf 'd %P\n' \) -o \( -type f -printf 'f %P %s\n' \) | sort); }

expect 0 python3 "$repo/bench/generate_corpus.py" --meetings 3 --seed 1 --out corpus
expect 0 "$annals" build --content corpus/content --out site
# Per meeting: its page, its briefing's, 5 action items and 10 questions.
for kind in meetings briefings actions questions; do
  [ -d "$work/site/$kind" ] || fail "the corpus's site has no $kind/"
done
[ "$(ls "$work/site/meetings" | grep -c plenary)" = 3 ] || fail "not 3 meeting pages: $(ls "$work/site/meetings")"
[ "$(ls "$work/site/questions" | grep -c '^q')" = 30 ] || fail "not 30 question pages: $(ls "$work/site/questions")"

# md4c_floor: one body per Markdown file of the Hugo site.
bodies=$(find "$work/corpus/hugo/content" -name '*.md' | wc -l)
expect 0 "$md4c_floor" corpus/hugo/content
contains out "pages $bodies bytes_in"

# write_floor: the same tree under a new folder, which must not exist yet.
expect 0 "$write_floor" site copy
contains out "write_seconds"
tree site >"$work/site.tree"
tree copy >"$work/copy.tree"
cmp -s "$work/site.tree" "$work/copy.tree" ||
  fail "write_floor made another tree: $(diff "$work/site.tree" "$work/copy.tree" | head -5)"
files=$(grep -c '^f ' "$work/site.tree")
folders=$(grep -c '^d ' "$work/site.tree")
contains out "folders $folders files $files bytes"
expect 1 "$write_floor" site copy

finish bench_test "the corpus builds; md4c_floor rendered $bodies bodies; write_floor made $files files in $folders folders"
