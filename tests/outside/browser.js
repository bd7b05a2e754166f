'use strict';
// A real browser: Debian's Chromium, driven by playwright-core, with JavaScript off and
// no network beyond loopback.
//
// 1. A reader's journey by clicking links: home → a meeting → a briefing held there → a
//    question in it → the recommendation it is about → the group that asked it; and
//    home → a meeting → a question asked there → the owner of its follow-up action.
//    Each click must land on the expected address with the expected <h1>. The journeys
//    run once from file:// and once over HTTP with the site under /archive/.
// 2. Screenshots of the home page, a meeting, a recommendation and the action tracker,
//    at phone and desktop widths, into ARTIFACTS_DIR/screenshots (for people to look at).
// 3. At phone width (360 px, the narrowest common screen) no page is wider than the
//    screen, so nobody has to scroll sideways.
//
// Usage: node tests/outside/browser.js SITE_DIR [ARTIFACTS_DIR]   (default: ci-artifacts)

const fs = require('fs');
const path = require('path');
const { serve } = require('./serve');
const {
  contentPages, launchChromium, watchRequests, fileUrl, pageOfUrl, finish, siteArgument,
} = require('./common');

// Each step: the link to click (its accessible name, and the section that holds it when
// the name is not unique), then where it must land and the <h1> found there.
const JOURNEYS = [
  [
    { start: 'index.html', h1: 'SSR2 Review Team Archive' },
    { click: 'SSR2 Review Team Plenary Call #41', to: 'meetings/plenary-41/index.html', h1: 'SSR2 Review Team Plenary Call #41' },
    { click: 'SSR1 GDD Briefing', to: 'briefings/ssr1-gdd/index.html', h1: 'SSR1 GDD Briefing' },
    { click: 'SSR1 question 11.15', to: 'questions/ssr1-11.15/index.html', h1: 'SSR1 question 11.15' },
    { click: 'SSR1 Recommendation 11', within: 'main', to: 'recommendations/ssr1/11/index.html', h1: 'SSR1 Recommendation 11' },
    { click: 'SSR2-RT', within: 'main', to: 'people/ssr2-rt/index.html', h1: 'SSR2-RT' },
  ],
  [
    { start: 'index.html', h1: 'SSR2 Review Team Archive' },
    { click: 'SSR2 Plenary Meeting #14', to: 'meetings/plenary-14/index.html', h1: 'SSR2 Plenary Meeting #14' },
    { click: 'GSE question 3', to: 'questions/gse-3/index.html', h1: 'GSE question 3' },
    { click: 'ICANN Org', within: 'main', to: 'people/icann-org/index.html', h1: 'ICANN Org' },
  ],
];

const SHOTS = {
  home: 'index.html',
  meeting: 'meetings/plenary-14/index.html',
  recommendation: 'recommendations/ssr1/11/index.html',
  tracker: 'actions/index.html',
};

const WIDTHS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 },
};

const NARROWEST = 360;

async function h1Of(page) {
  const headings = await page.locator('h1').allInnerTexts();
  return headings.length === 1 ? headings[0].trim() : `${headings.length} <h1> elements`;
}

// Follows one journey from `base` (a folder URL ending in "/"); returns problems.
async function walk(context, site, base, journey, how) {
  const problems = [];
  const where = (file) => path.join(site, file);
  const page = await context.newPage();
  const [start, ...steps] = journey;
  let at = start.start;
  await page.goto(base + at);
  let h1 = await h1Of(page);
  if (h1 !== start.h1) problems.push(`${where(at)}: error: <h1> is "${h1}", expected "${start.h1}" (${how})`);
  for (const step of steps) {
    const scope = step.within ? page.locator(step.within) : page;
    const link = scope.getByRole('link', { name: step.click, exact: true }).first();
    if ((await link.count()) === 0) {
      problems.push(`${where(at)}: error: no link named "${step.click}" to click (${how})`);
      break;
    }
    await Promise.all([page.waitForEvent('load', { timeout: 15000 }), link.click()]);
    const landed = page.url();
    if (landed !== base + step.to) {
      problems.push(`${where(at)}: error: the link "${step.click}" led to ${landed}, expected ${base + step.to} (${how})`);
      break;
    }
    at = step.to;
    h1 = await h1Of(page);
    if (h1 !== step.h1) problems.push(`${where(at)}: error: <h1> is "${h1}", expected "${step.h1}" (${how})`);
  }
  await page.close();
  return problems;
}

async function main() {
  const started = Date.now();
  const site = siteArgument('node tests/outside/browser.js SITE_DIR [ARTIFACTS_DIR]');
  const shots = path.join(process.argv[3] || 'ci-artifacts', 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  const problems = [];
  const outside = [];
  const server = await serve(site, '/archive/');
  const browser = await launchChromium();
  const newContext = async (options) => {
    const context = await browser.newContext({ javaScriptEnabled: false, ...options });
    await watchRequests(context, site, [server.url], outside);
    return context;
  };

  let clicks = 0;
  const context = await newContext(WIDTHS.desktop);
  for (const [how, base] of [['file://', fileUrl(site, '')], ['HTTP under /archive/', server.url]]) {
    for (const journey of JOURNEYS) {
      problems.push(...await walk(context, site, base, journey, how));
      clicks += journey.length - 1;
    }
  }
  await context.close();
  for (const r of server.requests.filter((request) => request.status !== 200)) {
    problems.push(`${server.pageOf(r.referer, site)}: error: asked for ${r.path}, which answered ${r.status}`);
  }

  let taken = 0;
  for (const [width, options] of Object.entries(WIDTHS)) {
    const shotContext = await newContext(options);
    const page = await shotContext.newPage();
    for (const [name, file] of Object.entries(SHOTS)) {
      await page.goto(fileUrl(site, file));
      await page.screenshot({ path: path.join(shots, `${width}-${name}.png`), fullPage: true });
      taken += 1;
    }
    await shotContext.close();
  }

  const pages = contentPages(site);
  const narrow = await newContext({ viewport: { width: NARROWEST, height: 740 }, isMobile: true });
  const page = await narrow.newPage();
  for (const file of pages) {
    await page.goto(fileUrl(site, file));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > NARROWEST) {
      problems.push(`${path.join(site, file)}: error: ${width} px wide on a ${NARROWEST} px screen; readers must scroll sideways`);
    }
  }
  await narrow.close();
  await browser.close();
  await server.close();

  for (const request of outside) {
    problems.push(`${pageOfUrl(site, request.page, server)}: error: requested ${request.url}, outside the site`);
  }
  finish('browser', problems,
    `${clicks} clicks landed on the expected pages from file:// and over HTTP under /archive/; ` +
    `${taken} screenshots in ${shots}; ${pages.length} pages fit a ${NARROWEST} px screen; ` +
    `nothing requested outside the site (Chromium ${browser.version()})`, started);
}

main().catch((error) => {
  console.error(`browser: ${error.stack || error}`);
  process.exit(2);
});
