// Starts the real demo server (the Rust binary `demo-server`, feature `server`) for end-to-end
// tests: a fresh SQLite file in a temporary folder unless one is given, any free port.
//
//   const server = await startDemoServer();            // { url, dbPath, stdout, close() }
//   const later = await startDemoServer({ dbPath: server.dbPath, clockOffsetDays: 2 });
//   const code = totp(secret);                          // what an authenticator app shows now
//
// The binary is $DEMO_SERVER, else target/debug/demo-server (pkg-scripts/test.sh builds it).
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BINARY = process.env.DEMO_SERVER ?? join(ROOT, 'target/debug/demo-server');
const READY = /^demo-server: listening on (http:\/\/127\.0\.0\.1:\d+\/)$/m;

/** A fresh database path in a new temporary folder (the server creates the file). */
export function freshDbPath() {
  return join(mkdtempSync(join(tmpdir(), 'account-rules-demo-')), 'accounts.sqlite3');
}

/**
 * Spawns the server and resolves once it prints its URL. `close()` stops it (SIGTERM) and
 * resolves when it has exited; the database file stays for a restart.
 */
export async function startDemoServer({ dbPath = freshDbPath(), clockOffsetDays = 0, timeoutMs = 30_000 } = {}) {
  if (!existsSync(BINARY)) {
    throw new Error(`${BINARY} is missing: run \`cargo build --features server --bin demo-server\``);
  }
  const args = ['--port', '0', '--db', dbPath, '--www', join(ROOT, 'www'), '--pkg', join(ROOT, 'pkg')];
  if (clockOffsetDays) args.push('--clock-offset-days', String(clockOffsetDays));
  const child = spawn(BINARY, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));

  const url = await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`demo-server did not start in ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    const poll = setInterval(() => {
      const match = stdout.match(READY);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        done(match[1]);
      }
    }, 20);
    exited.then(({ code, signal }) => {
      clearInterval(poll);
      clearTimeout(timer);
      fail(new Error(`demo-server exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });

  return {
    url,
    dbPath,
    /** What the server printed so far (tests assert that no password appears in it). */
    output: () => stdout + stderr,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * A JSON call to the server, as a page makes it. `cookie` (a jar: `{ value }`) carries the
 * session between calls. Resolves to `{ status, body }`.
 */
export async function api(baseUrl, method, path, body, jar = null) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (jar?.value) headers.cookie = jar.value;
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const setCookie = response.headers.get('set-cookie');
  if (jar && setCookie) jar.value = setCookie.split(';')[0];
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { unparsed: text };
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/**
 * The TOTP code (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) an authenticator app shows at
 * `atMillis` for a base32 secret — test code, as the server's secrets are set up: the e2e tests
 * play the authenticator app. The server accepts each step's code once, within one step of now.
 */
export function totp(secretBase32, atMillis = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secretBase32.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMillis / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(number).padStart(6, '0');
}
