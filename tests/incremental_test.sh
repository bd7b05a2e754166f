#!/bin/sh
# Rebuilds do only what changed: a build with nothing changed does nothing at all; after
# an edit, only the files whose bytes change are written, every other file keeps its
# inode and modification time (so rsync copies only what changed), and the site is
# byte-identical to a clean build of the same sources, on one thread or on all.
# Usage: tests/incremental_test.sh path/to/annals   (run from the repository root)
. "$(dirname "$0")/cli_lib.sh"

# inode, modification time and SHA-256 of every file of a site, by path.
stamps() { (cd "$work/$1" && find . -type f -printf '%p %i %T@\n' | sort) >"$work/$2"; }
sums() { (cd "$work/$1" && find . -type f | sort | xargs sha256sum) >"$work/$2"; }

cp -R "$repo/content" "$work/content"
expect 0 "$annals" build --verbose
contains err "annals: 182 files written, 0 unchanged"
stamps site first.stamps
sums site first.sums

# Nothing changed: nothing is done, not even reading the archive.
expect 0 "$annals" build --verbose
contains err "annals: nothing has changed since the last build"
grep -q "annals: load" "$work/err" && fail "an unchanged archive was loaded again: $(cat "$work/err")"
stamps site now.stamps
cmp -s "$work/first.stamps" "$work/now.stamps" || fail "a build with nothing changed touched site/"

# A file touched but not changed is read again, found the same, and nothing is done.
touch -d '2030-01-01 00:00' "$work/content/meetings/plenary-14.yaml"
expect 0 "$annals" build --verbose
contains err "annals: nothing has changed since the last build"

# One meeting edited: the files whose bytes change are written, and only they.
sed -i 's/Johannesburg agenda is most pressing open action item./Johannesburg agenda is the most pressing open action item./' \
  "$work/content/meetings/plenary-14.yaml"
expect 0 "$annals" build --verbose
contains err "annals: load"
stamps site edited.stamps
sums site edited.sums
changed=$(diff "$work/first.sums" "$work/edited.sums" | sed -n 's/^> [0-9a-f]*  //p' | sort)
rewritten=$(comm -13 "$work/first.stamps" "$work/edited.stamps" | cut -d" " -f1 | sort)
[ -n "$changed" ] || fail "the edit changed no file of the site"
echo "$changed" | grep -qx './meetings/plenary-14/index.html' ||
  fail "the edited meeting's page did not change: $changed"
[ "$changed" = "$rewritten" ] ||
  fail "the files rewritten are not those whose bytes changed; changed: $changed; rewritten: $rewritten"
count=$(echo "$changed" | wc -l)
contains err "annals: $count $( [ "$count" = 1 ] && echo file || echo files) written, $((182 - count)) unchanged"

# The same as a clean build of the edited sources, with one thread and with all.
expect 0 "$annals" build --out clean
diff -r "$work/site" "$work/clean" >/dev/null || fail "the rebuilt site differs from a clean build"
expect 0 "$annals" build --jobs 1 --out one-thread
diff -r "$work/clean" "$work/one-thread" >/dev/null || fail "one thread gave another site than all cores"

# A changed template is a change.
mkdir "$work/templates"
cp "$repo/templates/layout.mustache" "$work/templates/layout.mustache"
expect 0 "$annals" build --templates templates --verbose
contains err "annals: load"
expect 0 "$annals" build --templates templates --verbose
contains err "annals: nothing has changed since the last build"
sed -i 's/<footer class="site-footer">/<footer class="site-footer" id="footer">/' "$work/templates/layout.mustache"
expect 0 "$annals" build --templates templates --verbose
contains err "annals: load"

# An output changed since: the build is done again, whatever the cache says.
rm "$work/site/manifest-sha256.txt"
expect 0 "$annals" build --templates templates --verbose
contains err "annals: load"
[ -f "$work/site/manifest-sha256.txt" ] || fail "the rebuild did not restore the manifest"

# --force builds all the same, and rewrites nothing.
expect 0 "$annals" build --templates templates --verbose --force
contains err "annals: 0 files written, 182 unchanged"

finish incremental "no-change, one-edit, template and forced rebuilds checked"
