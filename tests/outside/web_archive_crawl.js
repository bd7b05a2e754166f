'use strict';
// Web-archive crawl: serves a built site on loopback under /archive/ and crawls it the
// way a web archive would, with GNU Wget (`--mirror --page-requisites --warc-file`),
// starting from the home page only. Then reads the WARC file wget wrote and checks that
//   - every URL in sitemap.xml (or in the parts a sitemap index lists) was fetched with
//     status 200 (a folder's URL counts as fetched when its index.html was, since every
//     link names the file);
//   - every response in the crawl was a 200, so no link leads nowhere;
//   - nothing outside the site was requested;
//   - every response kept in the WARC file is byte for byte the file that was built.
//
// Usage: node tests/outside/web_archive_crawl.js SITE_DIR [ARTIFACTS_DIR]  (default: ci-artifacts)
// The WARC file is left at ARTIFACTS_DIR/web-archive/annals.warc.gz.

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { serve } = require('./serve');
const { finish, siteArgument } = require('./common');

// The records of a WARC file: [{ headers: {lower-case name: value}, block: Buffer }].
function readWarc(file) {
  let data = fs.readFileSync(file);
  if (data[0] === 0x1f && data[1] === 0x8b) data = zlib.gunzipSync(data);  // one member per record
  const records = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end < 0) throw new Error(`${file}: a record at byte ${at} has no end of headers`);
    const lines = data.subarray(at, end).toString('utf8').split('\r\n');
    if (!/^WARC\/1\.[01]$/.test(lines[0])) throw new Error(`${file}: no WARC record at byte ${at}`);
    const headers = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length']);
    if (!Number.isInteger(length)) throw new Error(`${file}: a record at byte ${at} has no Content-Length`);
    records.push({ headers, block: data.subarray(end + 4, end + 4 + length) });
    at = end + 4 + length + 4;  // the block is followed by \r\n\r\n
  }
  return records;
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

async function main() {
  const started = Date.now();
  const site = siteArgument('node tests/outside/web_archive_crawl.js SITE_DIR [ARTIFACTS_DIR]');
  const out = path.resolve(process.argv[3] || 'ci-artifacts', 'web-archive');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const problems = [];
  const server = await serve(site, '/archive/');
  const home = `${server.url}index.html`;

  // robots=off: a site served under a path prefix has no say over /robots.txt, and a
  // request for it would be one outside the site.
  const wget = await run('wget', ['--mirror', '--page-requisites', '--no-verbose', '-e', 'robots=off',
    `--warc-file=${path.join(out, 'annals')}`, `--directory-prefix=${path.join(out, 'mirror')}`, home]);
  await server.close();

  const warcFile = path.join(out, 'annals.warc.gz');
  if (!fs.existsSync(warcFile) || fs.statSync(warcFile).size === 0) {
    finish('web_archive_crawl', [`${warcFile}: error: wget wrote no WARC file (exit ${wget.status}): ${wget.stderr}`], '', started);
  }
  const records = readWarc(warcFile);
  const responses = new Map();  // URL → HTTP status
  let kept = 0;
  for (const record of records) {
    if (record.headers['warc-type'] !== 'response') continue;
    const status = /^HTTP\/\S+ (\d{3})/.exec(record.block.toString('latin1', 0, 64));
    // wget writes the URI in angle brackets, as WARC 1.0's grammar showed it.
    const uri = record.headers['warc-target-uri'].replace(/^<(.*)>$/, '$1');
    responses.set(uri, status ? Number(status[1]) : 0);
    // Fixity: what the archive kept is byte for byte the file that was built.
    const file = server.pageOf(uri, site);
    if (status && status[1] === '200' && fs.existsSync(file)) {
      const payload = record.block.subarray(record.block.indexOf('\r\n\r\n') + 4);
      if (payload.equals(fs.readFileSync(file))) kept += 1;
      else problems.push(`${file}: error: the WARC file holds other bytes than the site for ${uri}`);
    }
  }
  if (!records.some((record) => record.headers['warc-type'] === 'warcinfo')) {
    problems.push(`${warcFile}: error: the WARC file has no warcinfo record`);
  }

  const pageOf = (url) => server.pageOf(url, site);
  for (const request of server.requests) {
    const url = new URL(request.path, server.url).href;
    if (!url.startsWith(server.url)) {
      problems.push(`${pageOf(request.referer)}: error: the crawl requested ${request.path}, outside the site`);
    } else if (request.status !== 200) {
      problems.push(`${pageOf(request.referer)}: error: links to ${url.slice(server.url.length)}, ` +
        `which answered ${request.status}`);
    }
  }

  // The sitemap's locations, each with the file that lists it: a sitemap index (that of a
  // site of more than 50,000 pages) lists the files that list them.
  const sitemapUrl = `${server.url}sitemap.xml`;
  const locsIn = (file) => [...fs.readFileSync(path.join(site, file), 'utf8').matchAll(/<loc>([^<]*)<\/loc>/g)]
    .map((m) => m[1].replace(/&amp;/g, '&'));
  let locs = locsIn('sitemap.xml').map((loc) => ({ file: 'sitemap.xml', loc }));
  if (fs.readFileSync(path.join(site, 'sitemap.xml'), 'utf8').includes('<sitemapindex')) {
    locs = locs.flatMap(({ loc }) => {
      const part = new URL(loc, sitemapUrl).href.slice(server.url.length);
      return locsIn(part).map((page) => ({ file: part, loc: page }));
    });
  }
  for (const { file, loc } of locs) {
    const url = new URL(loc, sitemapUrl).href;
    const status = responses.get(url) ?? (url.endsWith('/') ? responses.get(`${url}index.html`) : undefined);
    if (status !== 200) {
      problems.push(`${path.join(site, file)}: error: ${loc} was ` +
        (status === undefined ? 'never fetched by a crawl from the home page' : `fetched with status ${status}`));
    }
  }
  if (locs.length === 0) problems.push(`${path.join(site, 'sitemap.xml')}: error: lists no URL`);

  const version = /GNU Wget \S+/.exec(spawnSync('wget', ['--version'], { encoding: 'utf8' }).stdout)[0];
  finish('web_archive_crawl', problems,
    `${version} crawled ${responses.size} URLs from the home page into ${warcFile} ` +
    `(${records.length} records, ${(fs.statSync(warcFile).size / 1024).toFixed(0)} KiB): all ${locs.length} sitemap URLs ` +
    `fetched with status 200, no other status, nothing outside the site; ${kept} responses byte-identical to the site's files`,
    started);
}

main().catch((error) => {
  console.error(`web_archive_crawl: ${error.stack || error}`);
  process.exit(2);
});
