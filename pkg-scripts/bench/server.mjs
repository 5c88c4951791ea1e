// A tiny static file server for the benchmark pages, bound to 127.0.0.1 on an ephemeral port.
//
// Every response is sent cross-origin isolated (COOP + COEP) so that the page's
// performance.now() has its fine resolution, and with `no-store` so that no run is helped by
// the HTTP cache.

import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ts': 'text/plain; charset=utf-8',
};

const HEADERS = {
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Serves files from `mounts`, a list of [urlPrefix, directory] pairs (the longest matching
 * prefix wins). Resolves to { origin, close }.
 */
export function startServer(mounts) {
  const byLength = [...mounts].sort((a, b) => b[0].length - a[0].length);

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const file = resolveFile(byLength, path);
    if (!file) {
      res.writeHead(404, HEADERS).end('not found');
      return;
    }
    res.writeHead(200, {
      ...HEADERS,
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
    });
    createReadStream(file).pipe(res);
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(done);
          }),
      });
    });
  });
}

function resolveFile(mounts, urlPath) {
  for (const [prefix, dir] of mounts) {
    if (!urlPath.startsWith(prefix)) continue;
    const relative = normalize(urlPath.slice(prefix.length) || 'index.html');
    if (relative.startsWith('..') || relative.startsWith(sep)) return null;
    const file = join(dir, relative);
    try {
      return statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }
  return null;
}
