'use strict';
// Accessibility: axe-core injected into every page of a built site in Debian's Chromium,
// at desktop width, and into the home page, a meeting, a recommendation and the action
// tracker at phone width too. It runs axe's rules for WCAG 2.0, 2.1 and 2.2 at levels A
// and AA, and its best practices (heading order, landmarks, one <h1>, …). Any violation,
// whatever axe's impact, fails the check: the sample archive has none.
//
// The pages hold no scripts, so JavaScript stays on here: axe needs it to run.
//
// Usage: node tests/outside/accessibility.js SITE_DIR [PAGE...]
//   PAGE: a path in the site to audit at desktop width instead of every page.
// Problems print as "SITE_DIR/meetings/x/index.html: error: [rule, impact] help (width): elements".

const fs = require('fs');
const path = require('path');
const axe = require('axe-core');
const {
  contentPages, launchChromium, watchRequests, fileUrl, pageOfUrl, finish, siteArgument,
} = require('./common');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const PHONE_PAGES = ['index.html', 'meetings/plenary-14/index.html', 'recommendations/ssr1/11/index.html',
  'actions/index.html'];

// axe's verdict on the page open in `page`: its violations.
async function audit(page) {
  await page.evaluate(axe.source);
  return page.evaluate(async (tags) => {
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, tags: v.tags,
      targets: v.nodes.map((node) => node.target.join(' ')),
    }));
  }, TAGS);
}

async function main() {
  const started = Date.now();
  const site = siteArgument('node tests/outside/accessibility.js SITE_DIR');
  const problems = [];
  const outside = [];
  const chosen = process.argv.slice(3);
  const browser = await launchChromium();
  const runs = [
    ['desktop', { viewport: { width: 1280, height: 900 } }, chosen.length ? chosen : [...contentPages(site), '404.html']],
    ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, chosen.length ? [] : PHONE_PAGES],
  ];
  let audits = 0;
  for (const [width, options, pages] of runs) {
    const context = await browser.newContext(options);
    await watchRequests(context, site, [], outside);
    const page = await context.newPage();
    for (const file of pages) {
      if (!fs.existsSync(path.join(site, file))) continue;
      await page.goto(fileUrl(site, file));
      for (const v of await audit(page)) {
        const more = v.targets.length > 3 ? ` and ${v.targets.length - 3} more` : '';
        problems.push(`${path.join(site, file)}: error: [${v.id}, ${v.impact}] ${v.help} (${width}): ` +
          `${v.targets.slice(0, 3).join(', ')}${more}`);
      }
      audits += 1;
    }
    await context.close();
  }
  await browser.close();
  for (const request of outside) {
    problems.push(`${pageOfUrl(site, request.page)}: error: requested ${request.url}, outside the site`);
  }
  finish('accessibility', problems,
    `${audits} audits by axe-core ${axe.version} (WCAG 2.2 A and AA, best practices): no violations`, started);
}

main().catch((error) => {
  console.error(`accessibility: ${error.stack || error}`);
  process.exit(2);
});
