#!/usr/bin/env bash
# Self-test for site_crawl.py: a tiny sound site must pass, and each broken variant of
# it must fail with exactly the expected problem lines.
# Usage: tests/site_crawl_test.sh   (from anywhere; finds site_crawl.py beside itself)
set -euo pipefail
checker="$(cd "$(dirname "$0")" && pwd)/site_crawl.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# page FILE ROOT TITLE BODY: a complete page. ROOT leads from FILE's folder to the site
# root ('' or '../'). The layout is fixed so that problems have known line numbers:
# line 3 is the <head>, line 4 the <h1>, line 5 the BODY.
page() {
  mkdir -p "$(dirname "$1")"
  cat > "$1" <<EOF
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>$3</title><link rel="stylesheet" href="$2style.css"></head>
<body><h1>$3</h1>
$4
</body></html>
EOF
}

# append_to_body FILE HTML: adds HTML at the end of the page's body line (line 5).
append_to_body() { sed -i "5s|\$| $2|" "$1"; }

# write_manifest SITE: manifest-sha256.txt as the generator writes it.
write_manifest() {
  (cd "$1" && find . -type f ! -name manifest-sha256.txt ! -path '*/.*' | sed 's|^\./||' |
    LC_ALL=C sort | xargs -d '\n' sha256sum) > "$work/manifest.tmp"
  mv "$work/manifest.tmp" "$1/manifest-sha256.txt"
}

# The sound site: two linked pages, a 404 page, a redirect page nothing links to, a
# stylesheet with a url(), an image, a sitemap with absolute locations, a manifest and
# the generator's dot-file.
good="$work/good/site"
page "$good/index.html" "" "Home" \
  '<p id="intro"><a href="a/index.html#part">Part A</a> <a href="#intro">here</a> <a href="https://example.org/source.pdf">source</a> <a href="sitemap.xml">sitemap</a></p>'
page "$good/a/index.html" "../" "Part A" \
  '<h2 id="part">Part</h2><img src="../logo.png" alt=""> <a href="../index.html">home</a>'
page "$good/404.html" "" "Not found" '<a href="index.html">home</a>'
mkdir -p "$good/old-a"
cat > "$good/old-a/index.html" <<'EOF'
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Part A</title><meta http-equiv="refresh" content="0; url=../a/index.html"></head>
<body><p><a href="../a/index.html">Part A</a> has moved.</p></body></html>
EOF
printf 'body { background: url("logo.png") no-repeat; }\n' > "$good/style.css"
printf '\x89PNG\r\n' > "$good/logo.png"
cat > "$good/sitemap.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://example.org/annals/index.html</loc></url>
<url><loc>https://example.org/annals/a/index.html</loc></url>
</urlset>
EOF
echo "annals output" > "$good/.annals-output"
write_manifest "$good"

# variant NAME: a copy of the sound site to break; prints its site folder.
variant() { cp -R "$work/good" "$work/$1"; echo "$work/$1/site"; }

fail() { echo "FAIL: $1"; exit 1; }

# run CASE: runs the checker on CASE's site from CASE's folder, so that messages read
# 'site/…'; leaves stdout, stderr and the exit status in files there.
run() {
  local status=0
  (cd "$work/$1" && python3 "$checker" "${@:2}" site > stdout 2> stderr) || status=$?
  echo "$status" > "$work/$1/status"
}

# expect_problems CASE: the checker must exit 1 and print exactly stdin to stderr.
expect_problems() {
  write_manifest "$work/$1/site"
  run "$1"
  [ "$(cat "$work/$1/status")" = 1 ] ||
    fail "$1: exit status $(cat "$work/$1/status"), expected 1; stderr: $(cat "$work/$1/stderr")"
  diff -u - "$work/$1/stderr" || fail "$1: unexpected messages (diff above: - expected, + got)"
  echo "ok: $1"
}

run good
[ "$(cat "$work/good/status")" = 0 ] ||
  fail "good site: exit status $(cat "$work/good/status"); stderr: $(cat "$work/good/stderr")"
diff -u - "$work/good/stdout" <<'EOF' || fail "good site: unexpected summary"
site_crawl: 2 pages reachable from index.html, 12 internal links and 2 fragments resolved, 1 external link (content)
EOF
echo "ok: good site"
run good --verbose
grep -qxF 'external: https://example.org/source.pdf (from index.html)' "$work/good/stdout" ||
  fail "good site --verbose: no external link listed: $(cat "$work/good/stdout")"
echo "ok: good site --verbose"

site=$(variant missing-file)
append_to_body "$site/index.html" '<a href="missing/index.html">gone</a>'
expect_problems missing-file <<'EOF'
site/index.html: error: <a href="missing/index.html"> points to a missing file 'missing/index.html' (line 5)
site_crawl: 1 problem
EOF

site=$(variant missing-fragment)
append_to_body "$site/index.html" '<a href="a/index.html#nowhere">nowhere</a>'
expect_problems missing-fragment <<'EOF'
site/index.html: error: <a href="a/index.html#nowhere"> points to a missing fragment: 'a/index.html' has no id 'nowhere' (line 5)
site_crawl: 1 problem
EOF

site=$(variant orphan)
page "$site/b/index.html" "../" "Part B" '<a href="../index.html">home</a>'
expect_problems orphan <<'EOF'
site/b/index.html: error: orphan page: no link reaches it from index.html
site_crawl: 1 problem
EOF

site=$(variant folder-link)
append_to_body "$site/index.html" '<a href="a/">Part A</a>'
expect_problems folder-link <<'EOF'
site/index.html: error: <a href="a/"> points to the folder 'a'; link to 'a/index.html' (folder links break from file://) (line 5)
site_crawl: 1 problem
EOF

site=$(variant absolute-path)
append_to_body "$site/index.html" '<a href="/a/index.html">Part A</a>'
expect_problems absolute-path <<'EOF'
site/index.html: error: <a href="/a/index.html"> is an absolute path; internal links must be relative (line 5)
site_crawl: 1 problem
EOF

site=$(variant external-script)
append_to_body "$site/index.html" '<script src="https://cdn.example.org/app.js"></script>'
expect_problems external-script <<'EOF'
site/index.html: error: <script src="https://cdn.example.org/app.js"> points outside the site; only <a href> links may (line 5)
site_crawl: 1 problem
EOF

site=$(variant external-stylesheet)
append_to_body "$site/index.html" '<link rel="stylesheet" href="https://fonts.example.org/font.css">'
expect_problems external-stylesheet <<'EOF'
site/index.html: error: <link href="https://fonts.example.org/font.css"> points outside the site; only <a href> links may (line 5)
site_crawl: 1 problem
EOF

site=$(variant duplicate-title)
sed -i 's|<title>Part A</title>|<title>Home</title>|' "$site/a/index.html"
expect_problems duplicate-title <<'EOF'
site/index.html: error: duplicate title 'Home' (also on a/index.html) (line 3)
site_crawl: 1 problem
EOF

site=$(variant two-h1)
append_to_body "$site/a/index.html" '<h1>Part A again</h1>'
expect_problems two-h1 <<'EOF'
site/a/index.html: error: has 2 <h1> elements, on lines 4 and 5; a page needs exactly one
site_crawl: 1 problem
EOF

site=$(variant escapes-root)
append_to_body "$site/a/index.html" '<a href="../../x">outside</a>'
expect_problems escapes-root <<'EOF'
site/a/index.html: error: <a href="../../x"> climbs above the site root (line 5)
site_crawl: 1 problem
EOF

site=$(variant wrong-checksum)
write_manifest "$site"
echo "/* changed after the manifest was written */" >> "$site/style.css"
run wrong-checksum  # not expect_problems: that would rewrite the manifest
[ "$(cat "$work/wrong-checksum/status")" = 1 ] || fail "wrong-checksum: exit status $(cat "$work/wrong-checksum/status")"
diff -u - "$work/wrong-checksum/stderr" <<'EOF' || fail "wrong-checksum: unexpected messages"
site/manifest-sha256.txt: error: wrong SHA-256 for 'style.css' (line 7)
site_crawl: 1 problem
EOF
echo "ok: wrong-checksum"

# Beyond the required cases: a few more rules, each with its message pinned down.
site=$(variant javascript-url)
append_to_body "$site/index.html" '<a href="javascript:alert(1)">run</a>'
expect_problems javascript-url <<'EOF'
site/index.html: error: <a href="javascript:alert(1)"> is a javascript: URL (line 5)
site_crawl: 1 problem
EOF

site=$(variant broken-redirect)
sed -i 's|url=../a/index.html|url=../b/index.html|' "$site/old-a/index.html"
expect_problems broken-redirect <<'EOF'
site/old-a/index.html: error: <meta http-equiv="refresh"> to "../b/index.html" points to a missing file 'b/index.html' (line 3)
site_crawl: 1 problem
EOF

site=$(variant duplicate-id)
append_to_body "$site/a/index.html" '<p id="part">again</p>'
expect_problems duplicate-id <<'EOF'
site/a/index.html: error: duplicate id 'part', first used on line 5 (line 5)
site_crawl: 1 problem
EOF

site=$(variant sitemap-incomplete)
sed -i '/a\/index.html/d' "$site/sitemap.xml"
expect_problems sitemap-incomplete <<'EOF'
site/sitemap.xml: error: does not list the page 'a/index.html'
site_crawl: 1 problem
EOF

# A sitemap index, as annals writes for more than 50,000 pages: its parts together list
# every page.
split_sitemap() {
  cat > "$1/sitemap.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.org/annals/sitemap1.xml</loc></sitemap>
<sitemap><loc>https://example.org/annals/sitemap2.xml</loc></sitemap>
</sitemapindex>
EOF
  local part page
  for part in 1 2; do
    page=$([ "$part" = 1 ] && echo index.html || echo a/index.html)
    printf '<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n<url><loc>https://example.org/annals/%s</loc></url>\n</urlset>\n' \
      "$page" > "$1/sitemap$part.xml"
  done
}
site=$(variant sitemap-index)
split_sitemap "$site"
write_manifest "$site"
run sitemap-index
[ "$(cat "$work/sitemap-index/status")" = 0 ] ||
  fail "sitemap-index: exit status $(cat "$work/sitemap-index/status"); stderr: $(cat "$work/sitemap-index/stderr")"
echo "ok: sitemap-index"

site=$(variant sitemap-index-broken)
split_sitemap "$site"
rm "$site/sitemap2.xml"
sed -i 's|</urlset>|<url><loc>https://example.org/annals/b/index.html</loc></url>\n</urlset>|' "$site/sitemap1.xml"
expect_problems sitemap-index-broken <<'EOF'
site/sitemap.xml: error: <loc>https://example.org/annals/sitemap2.xml</loc> is not a sitemap of the site
site/sitemap.xml: error: does not list the page 'a/index.html'
site/sitemap1.xml: error: <loc>https://example.org/annals/b/index.html</loc> is not a page of the site (looked for 'b/index.html')
site_crawl: 3 problems
EOF

site=$(variant missing-404)
rm "$site/404.html"
expect_problems missing-404 <<'EOF'
site/404.html: error: missing; the site needs a 404 page
site_crawl: 1 problem
EOF

echo "site_crawl_test: all cases pass"
