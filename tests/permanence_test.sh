#!/bin/sh
# Published addresses are permanent: a build that would drop a page the previous build
# published fails, naming the address and its record, and leaves site/ as it was, until
# the content says what became of the page (an alias, `moved` or `withdrawn`) or the
# build is told to start afresh (--reset-urls).
# Usage: tests/permanence_test.sh path/to/annals   (run from the repository root)
. "$(dirname "$0")/cli_lib.sh"

snapshot() { (cd "$work/site" && find . -type f | sort | xargs sha256sum) >"$work/$1"; }

cp -R "$repo/content" "$work/content"
cp "$work/content/archive.yaml" "$work/archive.yaml.orig"
draft='---
id: draft-notes
title: Draft notes of Plenary 14
kind: notes
author: not recorded
date: 2017-06-06
meeting: plenary-14
---
Draft notes.'
printf '%s\n' "$draft" >"$work/content/documents/draft-notes.md"
expect 0 "$annals" build
[ -f "$work/site/documents/draft-notes/index.html" ] || fail "the draft was not published"
line=$(grep -n '  documents/draft-notes/index.html$' "$work/site/manifest-sha256.txt" | cut -d: -f1)
snapshot before
cp "$work/site/manifest-sha256.txt" "$work/before-manifest"

# The draft disappears from the content: the build fails and site/ stays as it was.
rm "$work/content/documents/draft-notes.md"
expect 1 "$annals" build
contains err "site/manifest-sha256.txt:$line:67: error: the published address 'documents/draft-notes/' would vanish: document 'draft-notes' is no longer in the archive"
# The manifest's line is shown, underlined from the address it lists.
listed=$(sed -n "${line}p" "$work/before-manifest")
contains err "$(printf '%5d' "$line") | $listed"
contains err "      | $(printf '%66s' '')^$(printf '%31s' '' | tr ' ' '~')"
contains err "   = hint: if it was renamed, list 'draft-notes' in the new record's aliases; list the address in archive.yaml under 'moved' or 'withdrawn'; or build with --reset-urls to start afresh"
contains err "annals: 1 error in 1 file"
snapshot after
cmp -s "$work/before" "$work/after" || fail "a refused build changed site/"
expect 0 "$annals" check  # check reads the content only; the address check is build's

# Renamed: the old id as an alias leaves a redirect page.
printf '%s\n' "$draft" | sed 's/^id: draft-notes$/id: plenary-14-draft\naliases: [draft-notes]/' \
  >"$work/content/documents/plenary-14-draft.md"
expect 0 "$annals" build
contains site/documents/draft-notes/index.html 'url=../../documents/plenary-14-draft/index.html'
rm "$work/content/documents/plenary-14-draft.md"

# Withdrawn: a page says so; a published address listed as withdrawn while still
# published is a mistake.
cp "$work/archive.yaml.orig" "$work/content/archive.yaml"
printf 'withdrawn:\n  - address: documents/plenary-14-draft/\n    date: 2019-02-01\n    reason: A draft, published by mistake.\n  - address: documents/draft-notes/\n' \
  >>"$work/content/archive.yaml"
expect 0 "$annals" build
contains site/documents/plenary-14-draft/index.html '<h1>This page was withdrawn</h1>'
contains site/documents/plenary-14-draft/index.html '<meta name="robots" content="noindex">'
contains site/documents/draft-notes/index.html '<h1>This page was withdrawn</h1>'
python3 "$repo/tests/site_crawl.py" "$work/site" >"$work/crawl" 2>&1 || fail "crawl: $(cat "$work/crawl")"
printf '  - address: meetings/plenary-14/\n' >>"$work/content/archive.yaml"
expect 1 "$annals" build
contains err "error: 'meetings/plenary-14/' is listed as withdrawn, but the archive still publishes it"

# Moved: the address now leads to another record.
cp "$work/archive.yaml.orig" "$work/content/archive.yaml"
printf 'moved:\n  - address: documents/plenary-14-draft/\n    to: meeting:plenary-14\n  - address: documents/draft-notes/\n    to: meeting:plenary-14\n' \
  >>"$work/content/archive.yaml"
expect 0 "$annals" build
contains site/documents/draft-notes/index.html 'url=../../meetings/plenary-14/index.html'

# A fresh start forgets what was published.
cp "$work/archive.yaml.orig" "$work/content/archive.yaml"
expect 1 "$annals" build
expect 0 "$annals" build --reset-urls
[ -e "$work/site/documents/draft-notes" ] && fail "--reset-urls kept the old page"
expect 0 "$annals" build

# A page of a long index is an address too: with more rows to a page, the questions
# index has one page fewer, and the build says which page would vanish and why.
printf 'per_page: 45\n' >>"$work/content/archive.yaml"
expect 0 "$annals" build
[ -f "$work/site/questions/page/2/index.html" ] || fail "89 questions at 45 a page made no second page"
line=$(grep -n '  questions/page/2/index.html$' "$work/site/manifest-sha256.txt" | cut -d: -f1)
cp "$work/archive.yaml.orig" "$work/content/archive.yaml"
printf 'per_page: 90\n' >>"$work/content/archive.yaml"
expect 1 "$annals" build
contains err "site/manifest-sha256.txt:$line:67: error: the published address 'questions/page/2/' would vanish: page 2 of the questions index is no longer in the archive"
contains err "   = hint: the index has fewer pages now; list the address in archive.yaml under 'withdrawn', or build with --reset-urls to start afresh"
# So is a page of a person's lists: the review team's run to two pages at 45 rows a page.
contains err "error: the published address 'people/ssr2-rt/page/2/' would vanish: page 2 of person 'ssr2-rt' is no longer in the archive"
contains err "   = hint: person 'ssr2-rt' has fewer pages now; list the address in archive.yaml under 'withdrawn', or build with --reset-urls to start afresh"
expect 0 "$annals" build --reset-urls
[ -e "$work/site/questions/page" ] && fail "--reset-urls kept the index's old second page"
[ -e "$work/site/people/ssr2-rt/page" ] && fail "--reset-urls kept the person's old second page"

finish permanence "a dropped address fails the build and keeps site/; aliases, moved, withdrawn and --reset-urls each let it go as they should; so does a page of a long index or person's page"
