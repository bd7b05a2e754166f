#!/bin/sh
# The outside checks can fail: each breaks the sample site on purpose, through a
# template override, and expects the matching check to exit 1 with a message that names
# the broken page and what is wrong with it.
#   - a link to a meeting page that does not exist: the link crawl and the web-archive
#     crawl;
#   - a heading that skips levels (<h1> then <h4>): the Nu Html Checker and axe-core;
#   - an image without alt text: the Nu Html Checker and axe-core;
#   - a stylesheet loaded from another host: the link crawl and the browser;
#   - a home page whose <h1> is not the archive's title: the browser's journeys.
#
# Usage: tests/outside/selftest.sh path/to/annals   (from the repository root)
. "$(dirname "$0")/../cli_lib.sh"
checks=0

# theme NAME TEMPLATE SED-SCRIPT [TEMPLATE SED-SCRIPT]…: builds the sample archive into
# $work/NAME with each templates/TEMPLATE changed by its SED-SCRIPT.
theme() {
  name=$1
  shift
  mkdir -p "$work/theme-$name"
  while [ $# -ge 2 ]; do
    sed "$2" "$repo/templates/$1" >"$work/theme-$name/$1"
    cmp -s "$repo/templates/$1" "$work/theme-$name/$1" && echo "selftest: '$2' did not change templates/$1" >&2 && exit 2
    shift 2
  done
  "$annals" build --content "$repo/content" --templates "$work/theme-$name" --out "$work/$name" >"$work/out" 2>&1 ||
    { echo "selftest: the build with the theme $name failed: $(cat "$work/out")" >&2; exit 2; }
}

# caught WHAT PATTERN COMMAND…: COMMAND exits 1 and prints a line matching PATTERN (an
# extended regular expression) to stderr.
caught() {
  what=$1 pattern=$2
  shift 2
  checks=$((checks + 1))
  "$@" >"$work/stdout" 2>"$work/stderr"
  status=$?
  if [ "$status" -ne 1 ] || ! grep -qE -- "$pattern" "$work/stderr"; then
    echo "selftest: FAIL: $what: exit $status, expected 1 and a line matching: $pattern" >&2
    head -c 2000 "$work/stderr" >&2
    failures=$((failures + 1))
  fi
}

# also WHAT PATTERN: the command of the last caught also printed a line matching PATTERN.
also() {
  checks=$((checks + 1))
  grep -qE -- "$2" "$work/stderr" || {
    echo "selftest: FAIL: $1: no line matching: $2" >&2
    failures=$((failures + 1))
  }
}

node=${NODE:-node}
cd "$repo"

theme link meeting.mustache '1a<p><a href="../no-such-meeting/index.html">An earlier meeting</a></p>'
caught "link crawl, broken link" \
  "/link/meetings/plenary-14/index.html: error: <a href=\"../no-such-meeting/index.html\"> points to a missing file 'meetings/no-such-meeting/index.html'" \
  python3 tests/site_crawl.py "$work/link"
caught "web-archive crawl, broken link" \
  "/link/meetings/[a-z0-9-]+/index.html: error: links to meetings/no-such-meeting/index.html, which answered 404" \
  "$node" tests/outside/web_archive_crawl.js "$work/link" "$work/artifacts"

theme heading recommendation.mustache 's|<h2 id="{{id}}">Questions\(.*\)</h2>|<h4 id="{{id}}">Questions\1</h4>|'
caught "HTML validity, heading order" \
  '/heading/recommendations/ssr1/11/index.html:[0-9]+:[0-9]+: error: The heading .h4. \(with computed level 4\) follows the heading .h1. \(with computed level 1\), skipping 2 heading levels\. \[vnu\]' \
  "$node" tests/outside/html_validity.js "$work/heading"
caught "accessibility, heading order" \
  '/heading/recommendations/ssr1/11/index.html: error: \[heading-order, moderate\] Heading levels should only increase by one' \
  "$node" tests/outside/accessibility.js "$work/heading" recommendations/ssr1/11/index.html

theme alt layout.mustache 's|<main id="main" tabindex="-1">|&<img src="{{site.root}}style.css">|'
caught "HTML validity, alt text" \
  '/alt/index.html:[0-9]+:[0-9]+: error: An .img. element must have an .alt. attribute' \
  "$node" tests/outside/html_validity.js "$work/alt"
caught "accessibility, alt text" \
  '/alt/meetings/plenary-14/index.html: error: \[image-alt, critical\] Images must have alternative text' \
  "$node" tests/outside/accessibility.js "$work/alt" meetings/plenary-14/index.html

theme outside layout.mustache 's|<link rel="stylesheet" href="{{site.stylesheet_href}}">|&<link rel="stylesheet" href="https://fonts.example.com/archive.css">|' \
  home.mustache 's|<h1>{{title}}</h1>|<h1>Welcome</h1>|'
caught "link crawl, outside stylesheet" \
  '/outside/index.html: error: <link href="https://fonts.example.com/archive.css"> points outside the site; only <a href> links may' \
  python3 tests/site_crawl.py "$work/outside"
caught "browser, outside stylesheet" \
  'index.html: error: requested https://fonts.example.com/archive.css, outside the site' \
  "$node" tests/outside/browser.js "$work/outside" "$work/artifacts"
also "browser, journey" \
  '/outside/index.html: error: <h1> is "Welcome", expected "SSR2 Review Team Archive" \(HTTP under /archive/\)'

if [ "$failures" -ne 0 ]; then
  echo "selftest: $failures of $checks checks did not catch what was broken" >&2
  exit 1
fi
echo "selftest: all $checks checks failed as they should on a broken link, heading order, alt text, an outside stylesheet and a wrong <h1>, naming the page"
