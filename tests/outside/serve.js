'use strict';
// A static web server on loopback that serves a built site under a path prefix, the way
// an archive or a shared host might (http://127.0.0.1:PORT/archive/…), and records every
// request it answers. Used by the browser check and the web-archive crawl.
//
// As a program: node tests/outside/serve.js SITE_DIR [PREFIX]
//   prints the site's address on the first line of stdout, then one line per request
//   ("GET /archive/index.html 200"), until it is killed.

const fs = require('fs');
const http = require('http');
const path = require('path');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// The file a request path names inside `root`, or null when it names nothing there.
// A folder's address serves its index.html, as every web host does.
function fileFor(root, prefix, urlPath) {
  if (!urlPath.startsWith(prefix)) return null;
  let relative;
  try {
    relative = decodeURIComponent(urlPath.slice(prefix.length));
  } catch {
    return null;
  }
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    const stat = fs.statSync(file);
    if (stat.isFile()) return file;
    if (stat.isDirectory() && (relative === '' || relative.endsWith('/'))) {
      const index = path.join(file, 'index.html');
      if (fs.statSync(index).isFile()) return index;
    }
  } catch {
    // missing: null below
  }
  return null;
}

// Starts serving `siteDir` under `prefix` on a free loopback port. Resolves to
// { url, requests, close } where requests lists { method, path, status } in order.
function serve(siteDir, prefix = '/archive/') {
  const root = fs.realpathSync(siteDir);
  const requests = [];
  const server = http.createServer((request, response) => {
    const urlPath = new URL(request.url, 'http://127.0.0.1').pathname;
    let file = request.method === 'GET' || request.method === 'HEAD'
      ? fileFor(root, prefix, urlPath) : null;
    let status = 200;
    if (!file) {
      status = 404;
      const notFound = path.join(root, '404.html');
      file = fs.existsSync(notFound) ? notFound : null;
    }
    requests.push({ method: request.method, path: request.url, status, referer: request.headers.referer || '' });
    server.emit('logged', requests[requests.length - 1]);
    const body = file ? fs.readFileSync(file) : Buffer.from('not found\n');
    response.writeHead(status, {
      'Content-Type': file ? TYPES[path.extname(file)] || 'application/octet-stream' : 'text/plain',
      'Content-Length': body.length,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}${prefix}`,
        requests,
        server,
        close: () => new Promise((done) => server.close(done)),
        // The file in `site` that a URL under this server names, for messages
        // ("site/meetings/x/index.html"); other URLs as they are.
        pageOf: (url, site) => {
          const base = `http://127.0.0.1:${port}${prefix}`;
          if (!url || !url.startsWith(base)) return url || '(no page)';
          const relative = url.slice(base.length);
          return path.join(site, !relative || relative.endsWith('/') ? `${relative}index.html` : relative);
        },
      });
    });
  });
}

module.exports = { serve };

if (require.main === module) {
  const [siteDir, prefix = '/archive/'] = process.argv.slice(2);
  if (!siteDir) {
    console.error('usage: node tests/outside/serve.js SITE_DIR [PREFIX]');
    process.exit(2);
  }
  serve(siteDir, prefix).then((site) => {
    console.log(site.url);
    site.server.on('logged', (r) => console.log(`${r.method} ${r.path} ${r.status}`));
  });
}
