#!/bin/sh
# The command line as a user meets it: exit codes, messages, and what build writes.
# Usage: tests/cli_test.sh path/to/annals   (run from the repository root)
set -u
annals=$(realpath "$1")
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect STATUS COMMAND…: runs the command in $work, keeps stdout/stderr in out/err.
expect() {
  want=$1; shift
  (cd "$work" && "$@" >out 2>err)
  got=$?
  [ "$got" = "$want" ] || fail "'$*' exited $got, expected $want; stderr: $(head -c 400 "$work/err")"
}

contains() { grep -qF -- "$2" "$work/$1" || fail "$1 lacks '$2': $(head -c 400 "$work/$1")"; }

expect 0 "$annals" --version
contains out "annals 0.1.0"
expect 0 "$annals" --help
contains out "check"
contains out "build"
expect 0 "$annals" build --help
contains out "--out"
expect 2 "$annals"
expect 2 "$annals" check --no-such-flag
expect 2 "$annals" check --content no-such-folder
contains err "annals: error: cannot read the content folder: 'no-such-folder' is not a folder"

# The sample archive checks silently and builds.
cp -R "$repo/content" "$work/content"
expect 0 "$annals" check
[ -s "$work/err" ] && fail "check printed: $(cat "$work/err")"
expect 0 "$annals" build
[ -f "$work/site/archive.json" ] || fail "build wrote no site/archive.json"
cp "$work/site/archive.json" "$work/first.json"
expect 0 "$annals" build
cmp -s "$work/first.json" "$work/site/archive.json" || fail "two builds differ"

# One broken reference: one diagnostic, exit 1, and the built site is left as it was.
sed -i '0,/^    recommendation: ssr1-11$/s//    recommendation: ssr1-31/' "$work/content/briefings/ssr1-gdd.yaml"
before=$(cd "$work/site" && find . -type f -exec sha256sum {} + | sort)
expect 1 "$annals" build
contains err "content/briefings/ssr1-gdd.yaml:15:21: error: unknown recommendation 'ssr1-31'"
contains err "= hint: did you mean 'ssr1-13'?"
contains err "annals: 1 error in 1 file"
after=$(cd "$work/site" && find . -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] || fail "a failed build changed site/"
expect 1 "$annals" check
[ -e "$work/site.annals-new" ] && fail "a failed build left site.annals-new behind"

# --out never replaces a folder that annals did not write.
mkdir -p "$work/precious" && echo keep > "$work/precious/notes.txt"
cp -R "$repo/content/." "$work/content/"
expect 2 "$annals" build --out precious
contains err "refusing to replace 'precious'"
[ "$(cat "$work/precious/notes.txt")" = keep ] || fail "--out damaged a foreign folder"

[ "$failures" = 0 ] && echo "cli: all checks passed"
exit "$failures"
