#!/bin/sh
# The command line as a user meets it: exit codes, messages, and what build writes.
# Usage: tests/cli_test.sh path/to/annals   (run from the repository root)
. "$(dirname "$0")/cli_lib.sh"

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
for file in index.html 404.html meetings/plenary-14/index.html feed.xml meetings.ics sitemap.xml \
    archive.json actions.csv questions.csv style.css manifest-sha256.txt; do
  [ -f "$work/site/$file" ] || fail "build wrote no site/$file"
done

# The manifest checks the tree with standard tools; the crawl reaches every page.
(cd "$work/site" && sha256sum --quiet -c manifest-sha256.txt) || fail "sha256sum -c failed"
python3 "$repo/tests/site_crawl.py" "$work/site" >"$work/crawl" 2>&1 || fail "crawl: $(cat "$work/crawl")"

# With a base URL: canonical links, absolute sitemap and feed, and a 404 page whose
# links work at any address; the tree still crawls.
cp -R "$work/content" "$work/based"
echo "base_url: https://archive.example.org/ssr2/" >>"$work/based/archive.yaml"
expect 0 "$annals" build --content based --out based-site
contains based-site/meetings/plenary-14/index.html '<link rel="canonical" href="https://archive.example.org/ssr2/meetings/plenary-14/">'
contains based-site/sitemap.xml "<loc>https://archive.example.org/ssr2/questions/gse-3/</loc>"
contains based-site/404.html '<link rel="stylesheet" href="https://archive.example.org/ssr2/style.css">'
python3 "$repo/tests/site_crawl.py" "$work/based-site" >"$work/crawl" 2>&1 || fail "crawl: $(cat "$work/crawl")"

# --templates replaces built-in templates file by file and adds assets.
mkdir -p "$work/theme"
printf '<h1>Lost</h1>\n<p>Custom {{site.title}}</p>\n' >"$work/theme/not_found.mustache"
echo "body { color: black }" >"$work/theme/style.css"
echo "logo" >"$work/theme/logo.txt"
expect 0 "$annals" build --templates theme --out themed
contains themed/404.html "<p>Custom SSR2 Review Team Archive</p>"
contains themed/style.css "body { color: black }"
contains themed/logo.txt "logo"
contains themed/meetings/plenary-14/index.html "<h1>SSR2 Plenary Meeting #14</h1>"
expect 2 "$annals" build --templates no-such-theme --out themed
contains err "annals: error: templates folder 'no-such-theme' does not exist"

# A template that does not parse is an error like a content error: the site stays.
printf '{{#site}}\n' >"$work/theme/meeting.mustache"
before=$(cd "$work/themed" && find . -type f -exec sha256sum {} + | sort)
expect 1 "$annals" build --templates theme --out themed
contains err "theme/meeting.mustache:1:1: error: template does not parse: Unclosed section \"site\""
after=$(cd "$work/themed" && find . -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] || fail "a failed build changed themed/"

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

finish cli "all checks passed"
