'use strict';
// HTML validity: the Nu Html Checker (npm vnu-jar, run on Debian's Java) over every page
// and stylesheet of a built site. Any error fails the check; warnings are listed.
//
// Usage: node tests/outside/html_validity.js SITE_DIR
// Problems print as "SITE_DIR/meetings/x/index.html:12:4: error: message [vnu]".

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { htmlPages, finish, siteArgument } = require('./common');

const started = Date.now();
const site = siteArgument('node tests/outside/html_validity.js SITE_DIR');
const jar = require.resolve('vnu-jar/build/dist/vnu.jar');

const run = spawnSync('java', ['-jar', jar, '--format', 'json', '--also-check-css', '--also-check-svg',
  '--skip-non-html', site], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
if (run.error || run.status > 1) {
  console.error(`html_validity: could not run the Nu Html Checker: ${run.error || run.stderr}`);
  process.exit(2);
}
let report;
try {
  report = JSON.parse(run.stderr);  // vnu writes its report to stderr
} catch {
  console.error(`html_validity: the Nu Html Checker printed no JSON report:\n${run.stderr}`);
  process.exit(2);
}

const root = fs.realpathSync(site);
const where = (message) => {
  const file = message.url ? decodeURIComponent(message.url.replace(/^file:/, '')) : '';
  const page = file.startsWith(root) ? path.join(site, path.relative(root, file)) : file || site;
  const line = message.lastLine || message.firstLine;
  return line ? `${page}:${line}:${message.firstColumn || message.lastColumn || 1}` : page;
};

const errors = [];
const warnings = [];
for (const message of report.messages) {
  const text = `${message.message} [vnu]`;
  if (message.type === 'error' || message.type === 'non-document-error') {
    errors.push(`${where(message)}: error: ${text}`);
  } else if (message.subType === 'warning') {
    warnings.push(`${where(message)}: warning: ${text}`);
  }
}
for (const warning of warnings) console.log(warning);

const pages = htmlPages(site).length;
const sheets = fs.readdirSync(site).filter((name) => name.endsWith('.css')).length;
finish('html_validity', errors,
  `${pages} pages and ${sheets} stylesheet${sheets === 1 ? '' : 's'} valid by the Nu Html Checker ` +
  `${report.version}: 0 errors, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`, started);
