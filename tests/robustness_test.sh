#!/bin/sh
# Bad luck never hurts the site: a build killed (kill -9) at a random moment leaves
# site/ whole, either the previous tree or the new one byte for byte; two builds of one
# folder at once do not mix (the second stops at the lock); and no --out can make a
# build replace or write into the content, the current folder, the home or the root.
# Usage: tests/robustness_test.sh path/to/annals   (run from the repository root)
. "$(dirname "$0")/cli_lib.sh"
export LC_ALL=C

# sums DIR: every file below DIR (hidden ones too) with its SHA-256, sorted by path.
sums() { (cd "$1" && find . -type f -exec sha256sum {} + | sort -k 2); }

# now_ms: a clock in milliseconds, to time a build.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

cd "$work" || exit 1

# The sample archive, and when it builds in well under a second (no sanitizers), a
# larger one: the sample with 150 more meetings, so that a random moment falls in every
# step of a build (load, render, write, swap, clean-up) often enough. Under sanitizers
# every step is slow already, and 20 rounds of kills take long enough. "new" differs
# from "old" by one line of one meeting's notes.
cp -R "$repo/content" old
start=$(now_ms)
"$annals" build --content old --out site >build.out 2>&1 || fail "build of the sample: $(head -c 400 build.out)"
if [ $(($(now_ms) - start)) -lt 1500 ]; then
  extra=150 rounds=40
else
  extra=0 rounds=20
fi
i=1
while [ "$i" -le "$extra" ]; do
  sed -e "s/^id: plenary-14\$/id: extra-$i/" -e "s/^number: 14\$/number: $((1000 + i))/" \
      -e "s/^title: .*/title: \"Extra Meeting $i\"/" \
      old/meetings/plenary-14.yaml >"old/meetings/extra-$i.yaml"
  i=$((i + 1))
done
cp -R old new
echo "  A line added to tell the new build from the old one." >>new/meetings/plenary-14.yaml
"$annals" check --content old >check.out 2>&1 || fail "the generated archive does not check: $(head -c 400 check.out)"
"$annals" check --content new >check.out 2>&1 || fail "the changed archive does not check: $(head -c 400 check.out)"

# The two trees a build of "new" over a build of "old" may leave, and how long a build takes.
"$annals" build --force --content new --out site >build.out 2>&1 || fail "build of new: $(head -c 400 build.out)"
sums site >new.sums
# A build's duration, first the fastest of three (on a busy machine one may take far
# longer), then that of the latest build.
fastest=
for round in 1 2 3; do
  start=$(now_ms)
  "$annals" build --force --content old --out site >build.out 2>&1 || fail "build of old: $(head -c 400 build.out)"
  took=$(($(now_ms) - start))
  if [ -z "$fastest" ] || [ "$took" -lt "$fastest" ]; then fastest=$took; fi
done
took=$fastest
total=0
sums site >old.sums
cmp -s old.sums new.sums && fail "the old and new archives give the same site"
[ "$(wc -l <old.sums)" -gt $((150 + extra)) ] || fail "the old site has too few files: $(wc -l <old.sums)"
[ "$failures" = 0 ] || exit "$failures"  # the rest would only repeat the failure

# a. Kill tests: from the old site, a build of "new" is killed after a random delay:
# in odd rounds spread over a build's whole duration (and a little past it), in even
# rounds over its last part, where the new tree is written and swapped in. site/ must
# then hold one of the two trees whole; a normal build of "old" must then succeed,
# leave nothing beside site/ and give the old tree again, whatever the build cache
# recorded (that build may find nothing to do, when the kill came before the swap).
# Where a kill landed is told by what it left behind.
before_write=0 writing=0 after_swap=0 finished=0
round=1
while [ "$round" -le "$rounds" ]; do
  total=$((total + took))
  delay=$(awk -v t="$took" -v r="$round" -v seed="$round$$" 'BEGIN {
    srand(seed); from = r % 2 ? 0 : 0.5; printf "%.3f", (from + rand() * (1.1 - from)) * t / 1000 }')
  "$annals" build --content new --out site >kill.out 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  status=$?
  if [ "$status" != 137 ] && [ "$status" != 0 ]; then
    fail "round $round: the build exited $status: $(head -c 400 kill.out)"
  fi
  if [ ! -d site ]; then
    fail "round $round (killed after ${delay}s): no site/ at all"
  else
    sums site >now.sums
    if cmp -s now.sums old.sums; then
      if [ -e site.annals-new ]; then writing=$((writing + 1)); else before_write=$((before_write + 1)); fi
    elif cmp -s now.sums new.sums; then
      if [ -e site.annals-new ]; then after_swap=$((after_swap + 1)); else finished=$((finished + 1)); fi
    else
      fail "round $round (killed after ${delay}s): site/ is neither the old tree nor the new one: $(diff old.sums now.sums | head -5)"
    fi
  fi
  [ -e site.annals-old ] && fail "round $round: a site.annals-old appeared, the swap was not atomic"
  if [ "$status" = 0 ]; then  # the build ended before the kill: site/ is the new tree
    cmp -s now.sums new.sums || fail "round $round: a finished build did not leave the new tree"
    [ -e site.annals-new ] && fail "round $round: a finished build left site.annals-new"
  fi
  "$annals" build --content old --out site >build.out 2>&1 ||
    fail "round $round: the build after the kill failed: $(head -c 400 build.out)"
  sums site >now.sums
  cmp -s now.sums old.sums || fail "round $round: the build after the kill gave another tree"
  for leftover in site.annals-new site.annals-old; do
    [ -e "$leftover" ] && fail "round $round: the build after the kill left $leftover"
  done
  round=$((round + 1))
done
echo "robustness: $rounds kills over builds of $((total / rounds)) ms on average ($(wc -l <old.sums) files):" \
  "$before_write before writing, $writing while writing the new tree," \
  "$after_swap after the swap (removing the old tree), $finished after the build ended"
[ $((before_write + writing + after_swap + finished)) = "$rounds" ] || fail "some rounds were not counted"

# b. Two builds of one folder at once. With the lock held, a build fails at once with
# exit 2 and one line, and touches nothing. The lock is a plain flock() on the file
# beside the folder, so flock(1) can hold it; /proc/locks shows who holds it without
# taking it (probing with flock -n would, and could make a build fail).
holds_lock() { grep -qE "FLOCK +ADVISORY +WRITE +$1 " /proc/locks; }
sums site >before.sums
flock -o site.annals-lock sh -c 'while [ ! -e release ]; do sleep 0.01; done' &
holder=$!
while ! holds_lock "$holder" && kill -0 "$holder" 2>/dev/null; do sleep 0.01; done
"$annals" build --content new --out site >second.out 2>&1
status=$?
"$annals" check --content new >check.out 2>&1 || fail "check, which takes no lock, failed: $(head -c 400 check.out)"
touch release
wait "$holder"
[ "$status" = 2 ] || fail "a build while the lock was held exited $status, expected 2"
expected="annals: error: another annals build is writing 'site'; wait for it to finish, then build again"
[ "$(cat second.out)" = "$expected" ] || fail "a build while the lock was held printed: $(head -c 400 second.out)"
sums site >now.sums
cmp -s now.sums before.sums || fail "a build that found the lock taken changed site/"
[ -e site.annals-new ] && fail "a build that found the lock taken wrote site.annals-new"

# Then two real builds: the second starts once the first holds the lock, and must stop
# at once while the first finishes and writes a whole, correct site. A second build
# that got the lock because the first had already ended is no collision; that is tried
# again.
collided=no
attempt=1
while [ "$attempt" -le 5 ] && [ "$collided" = no ]; do
  "$annals" build --force --content new --out site >first.out 2>&1 &
  first=$!
  while ! holds_lock "$first" && kill -0 "$first" 2>/dev/null; do sleep 0.005; done
  "$annals" build --force --content new --out site >second.out 2>&1
  second_status=$?
  wait "$first"
  first_status=$?
  [ "$first_status" = 0 ] || fail "the first of two builds exited $first_status: $(head -c 400 first.out)"
  case "$second_status" in
    2)
      collided=yes
      [ "$(cat second.out)" = "$expected" ] || fail "the second of two builds printed: $(head -c 400 second.out)"
      ;;
    0) echo "robustness: attempt $attempt: the first build ended before the second began; again" ;;
    *) fail "the second of two builds exited $second_status: $(head -c 400 second.out)" ;;
  esac
  sums site >now.sums
  cmp -s now.sums new.sums || fail "after two builds at once, site/ is not the new tree"
  (cd site && sha256sum -c --quiet manifest-sha256.txt) || fail "after two builds at once, the manifest does not check"
  for leftover in site.annals-new site.annals-old; do
    [ -e "$leftover" ] && fail "two builds at once left $leftover"
  done
  attempt=$((attempt + 1))
done
[ "$collided" = yes ] || fail "in 5 attempts the second build never started while the first held the lock"

# c. Folders a build must never replace or write into, from a project folder in a home
# folder of its own. Nothing in them changes, and nothing appears beside them.
mkdir -p c/home/project
cp -R "$repo/content" c/home/project/content
echo "keep" >c/home/project/notes.txt
listing() { find c | sort; sums c; }
listing >before.list
beside_before=$(ls -d /.annals-* "$work"/c.annals-* 2>/dev/null)
# refused OUT MESSAGE: a build from the project folder with --out OUT exits 2, printing
# one line that holds MESSAGE.
refused() {
  (cd c/home/project && HOME="$work/c/home" "$annals" build --out "$1" >"$work/refused.out" 2>&1)
  status=$?
  [ "$status" = 2 ] || fail "--out $1 exited $status, expected 2: $(head -c 400 refused.out)"
  grep -qF -- "$2" refused.out || fail "--out $1 printed: $(head -c 400 refused.out)"
  [ "$(wc -l <refused.out)" = 1 ] || fail "--out $1 printed more than one line: $(head -c 400 refused.out)"
}
refused content "annals: error: refusing to use 'content' as the output folder: it is the content folder 'content'"
refused content/ "it is the content folder 'content'"
refused content/site "annals: error: refusing to use 'content/site' as the output folder: it is inside the content folder 'content'"
refused content/meetings/site "it is inside the content folder 'content'"
refused "$work/c/home/project/content/../content" "it is the content folder 'content'"
refused . "annals: error: refusing to use '.' as the output folder: it is the current folder"
refused .. "it is your home folder"
refused ../.. "it holds your home folder"
refused / "annals: error: refusing to use '/' as the output folder: it is the root folder"
refused "$work/c/home" "it is your home folder"
refused notes.txt "annals: error: 'notes.txt' exists and is not a folder"
# Through a symbolic link, too.
ln -s content c/home/project/link-to-content
refused link-to-content "it is the content folder 'content'"
refused link-to-content/site "it is inside the content folder 'content'"
rm c/home/project/link-to-content
listing >after.list
cmp -s before.list after.list || fail "a refused build changed c/: $(diff before.list after.list | head -5)"
[ "$(ls -d /.annals-* "$work"/c.annals-* 2>/dev/null)" = "$beside_before" ] ||
  fail "a refused build wrote beside its output folder: $(ls -d /.annals-* "$work"/c.annals-*)"

finish robustness "all checks passed"
