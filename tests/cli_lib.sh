# What the command-line tests share; sourced by tests/*_test.sh with the annals binary as
# "$1", from the repository root. Sets $annals, $repo and a scratch folder $work (removed
# on exit), and counts failures in $failures.
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
  [ "$got" = "$want" ] || fail "'$*' exited $got, expected $want; stderr: $(head -c 600 "$work/err")"
}

# contains FILE TEXT: the file in $work holds TEXT.
contains() { grep -qF -- "$2" "$work/$1" || fail "$1 lacks '$2': $(head -c 600 "$work/$1")"; }

# finish NAME SUMMARY: prints the summary, or the count of failures, and exits.
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$1: $failures failures"
    exit 1
  fi
  echo "$1: $2"
  exit 0
}
