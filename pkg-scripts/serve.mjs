// A static file server on 127.0.0.1 for the package smoke test and the benchmarks; run alone it
// serves www/ at `/` and the built package pkg/ at `/pkg/` — the pages without their server
// (the demo itself runs on the Rust demo server: pkg-scripts/demo.sh). No dependencies, nothing
// downloaded, nothing logged.
//
//   node pkg-scripts/serve.mjs              http://127.0.0.1:8080/  (or $PORT)
//   node pkg-scripts/serve.mjs --port 0     any free port
//
// Once listening it prints exactly one line: `demo: serving on http://127.0.0.1:PORT/`.
// Tests start it in-process instead: `const { url, close } = await startServer({ port: 0 })`.

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));

/** URL prefix → directory, longest prefix first: the first that matches serves the request. */
export const DEMO_MOUNTS = [
  ['/pkg/', join(REPO, 'pkg')],
  ['/', join(REPO, 'www')],
];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// The page and its worker load only their own files; WebAssembly may be compiled, and the form
// can never be submitted natively (the pages post JSON with fetch). The Rust demo server sends the
// same policy (src/bin/demo-server/http.rs).
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every response of the demo carries. */
export const DEMO_HEADERS = {
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
};

/**
 * Starts the server. `port` 0 picks a free port; `mounts` (default: the demo's) maps URL
 * prefixes to directories, longest prefix first; `headers` (default: the demo's) go on every
 * response. Resolves to `{ url, close }`, where `url` is the server's address and `close()`
 * resolves once the server has stopped.
 */
export async function startServer({
  port = 8080,
  host = '127.0.0.1',
  mounts = DEMO_MOUNTS,
  headers = DEMO_HEADERS,
} = {}) {
  const server = createServer((req, res) => {
    respond(req, res, mounts, headers).catch(() => {
      if (!res.headersSent) send(res, headers, 500, 'internal error');
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostInUrl}:${address.port}/`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function respond(req, res, mounts, headers) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, headers, 405, 'method not allowed');
    return;
  }
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    send(res, headers, 400, 'bad request');
    return;
  }
  const file = await resolveFile(path, mounts);
  if (!file) {
    send(res, headers, 404, 'not found');
    return;
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': MIME[extname(file.path)] ?? 'application/octet-stream',
    'Content-Length': file.size,
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file.path).pipe(res);
}

/** The regular file that `urlPath` names inside its mount, or null. */
async function resolveFile(urlPath, mounts) {
  if (urlPath.includes('\0')) return null;
  const [prefix, dir] = mounts.find(([mountPrefix]) => urlPath.startsWith(mountPrefix)) ?? [];
  if (!dir) return null;
  let relative = urlPath.slice(prefix.length);
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  try {
    // realpath resolves `..` and symbolic links alike, so the containment check sees where the
    // file really is.
    const root = await realpath(dir);
    const path = await realpath(join(root, relative));
    if (!path.startsWith(root + sep)) return null;
    const info = await stat(path);
    return info.isFile() ? { path, size: info.size } : null;
  } catch {
    return null;
  }
}

function send(res, headers, status, text) {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

function parsePort(args, env) {
  const usage = 'usage: node pkg-scripts/serve.mjs [--port N]   (or PORT=N; default 8080, 0 = any free port)';
  let value = env.PORT ?? '8080';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') value = args[++i] ?? '';
    else if (args[i].startsWith('--port=')) value = args[i].slice('--port='.length);
    else throw new Error(`unknown argument '${args[i]}'\n${usage}`);
  }
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`invalid port '${value}'\n${usage}`);
  return port;
}

async function main() {
  let port;
  try {
    port = parsePort(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`demo: ${err.message}`);
    process.exit(2);
  }
  try {
    const { url } = await startServer({ port });
    console.log(`demo: serving on ${url}`);
  } catch (err) {
    const reason = err.code === 'EADDRINUSE' ? `port ${port} is already in use (try --port 0)` : err.message;
    console.error(`demo: cannot listen on 127.0.0.1:${port}: ${reason}`);
    process.exit(1);
  }
}

const invokedPath = process.argv[1] && (await realpath(process.argv[1]).catch(() => null));
if (invokedPath && pathToFileURL(invokedPath).href === import.meta.url) await main();
