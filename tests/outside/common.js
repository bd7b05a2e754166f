'use strict';
// What the outside checks share: the pages of a built site, Debian's Chromium started
// with no way out of the machine, and one way of reporting problems.

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = '/usr/bin/chromium';

// Every .html file under `site`, as sorted paths relative to it ("meetings/x/index.html").
function htmlPages(site) {
  const pages = [];
  const walk = (folder) => {
    for (const entry of fs.readdirSync(path.join(site, folder), { withFileTypes: true })) {
      const relative = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.html')) pages.push(relative);
    }
  };
  walk('');
  return pages.sort();
}

// The pages a reader can reach by following links: all but the 404 page and the
// redirect pages left at renamed records' old addresses (those hold only a refresh).
function contentPages(site) {
  return htmlPages(site).filter((page) => page !== '404.html' &&
    !/<meta http-equiv="refresh"/i.test(fs.readFileSync(path.join(site, page), 'utf8')));
}

// Headless Chromium from Debian. Host names other than loopback resolve to nothing, so
// nothing can leave the machine even if a page asked for it; watchRequests() makes such
// a request a reported problem rather than a silent failure.
async function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
}

// Lets a context load only file:// URLs inside `site` and http URLs starting with one of
// `allowedPrefixes`; every other request is aborted and pushed onto `outside` as
// { url, page } for the caller to report.
async function watchRequests(context, site, allowedPrefixes, outside) {
  const siteUrl = `file://${fs.realpathSync(site)}/`;
  await context.route('**/*', (route) => {
    const request = route.request();
    const url = request.url();
    if (url.startsWith(siteUrl) || allowedPrefixes.some((prefix) => url.startsWith(prefix))) {
      return route.continue();
    }
    const frame = request.frame();
    outside.push({ url, page: frame ? frame.url() : '(no page)' });
    return route.abort('blockedbyclient');
  });
}

function fileUrl(site, page) {
  return `file://${fs.realpathSync(site)}/${page}`;
}

// The file in `site` a page's URL names ("site/meetings/x/index.html"), for messages:
// file:// URLs, and http URLs of `server` (from serve.js) when given.
function pageOfUrl(site, url, server) {
  const base = fileUrl(site, '');
  if (url.startsWith(base)) return path.join(site, decodeURIComponent(url.slice(base.length)) || 'index.html');
  return server ? server.pageOf(url, site) : url;
}

// Prints `found` (strings, each naming a page; repeats once) to stderr and exits 1, or prints
// `summary` and exits 0. `started` is a Date.now() taken when the check began.
function finish(check, found, summary, started) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const problems = [...new Set(found)];
  if (problems.length) {
    for (const problem of problems) console.error(problem);
    console.error(`${check}: ${problems.length} problem${problems.length === 1 ? '' : 's'} (${seconds} s)`);
    process.exit(1);
  }
  console.log(`${check}: ${summary} (${seconds} s)`);
  process.exit(0);
}

// The SITE_DIR argument, or a usage error.
function siteArgument(usage) {
  const site = process.argv[2];
  if (!site || !fs.existsSync(path.join(site, 'index.html'))) {
    console.error(`usage: ${usage}\n(SITE_DIR must hold a built site with an index.html)`);
    process.exit(2);
  }
  return site;
}

module.exports = {
  htmlPages, contentPages, launchChromium, watchRequests, fileUrl, pageOfUrl, finish, siteArgument,
};
