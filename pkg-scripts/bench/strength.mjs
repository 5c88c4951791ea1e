#!/usr/bin/env node
// Strength benchmark: account-rules (wasm, the package's web build) against zxcvbn 4.4.2 and
// @zxcvbn-ts/core 4.x, side by side in one headless Chromium.
//
//   node pkg-scripts/bench/strength.mjs                 full run; writes BENCHMARKS.md
//   node pkg-scripts/bench/strength.mjs --quick         fewer passwords, reps and lengths; prints only
//   node pkg-scripts/bench/strength.mjs --pkg DIR --label NAME [--pkg DIR --label NAME …]
//                                                       compare builds of our web package:
//                                                       measures (b) and (d) only, keyed by label
//   --cap SECONDS                                       per-call cap for adversarial inputs
//
// Measures: (a) cold start to first result, (b) per-keystroke latency over a public password
// list, (c) adversarial inputs, (d) transferred size, (e) main-thread blocking with the
// package's worker helper (pkg/worker/index.js, when present).

import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import {
  PASSWORD_LIST, REPO_DIR, bundleForBrowser, ensureDependencies, log, packageManifest, runContext,
  samplePasswords, withBrowser, withPage, withWorkDir, writeSection,
} from './common.mjs';
import {
  compressedSizes, formatKiB, formatMs, formatRatio, median, percentile, ratioRows, table,
} from './format.mjs';

const DEFAULT_PKG_DIR = join(REPO_DIR, 'pkg');
const MARKERS = {
  full: ['<!-- strength-bench:start -->', '<!-- strength-bench:end -->'],
  builds: ['<!-- strength-bench-builds:start -->', '<!-- strength-bench-builds:end -->'],
};

// The peers as a page would load them: one esbuild --minify bundle each, dictionaries included.
const PEER_BUNDLES = {
  zxcvbn: { packages: ['zxcvbn'], entry: "export { default } from 'zxcvbn';" },
  'zxcvbn-ts': {
    packages: ['@zxcvbn-ts/core', '@zxcvbn-ts/language-common', '@zxcvbn-ts/language-en'],
    entry: [
      "export { ZxcvbnFactory } from '@zxcvbn-ts/core';",
      "export * as common from '@zxcvbn-ts/language-common';",
      "export * as en from '@zxcvbn-ts/language-en';",
    ].join('\n'),
  },
};

const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const ADVERSARIAL_PATTERNS = [
  { name: 'l33t/symbol cycle `4@8({[<3691!|70$5+7%2`', unit: '4@8({[<3691!|70$5+7%2' },
  { name: 'ASCII punctuation cycle', unit: ASCII_PUNCTUATION },
  { name: 'repeat `a`', unit: 'a' },
  { name: 'repeat `abc`', unit: 'abc' },
];

/** `unit` repeated and cut to `length` characters. */
const cycle = (unit, length) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

const COLD_START_PASSWORD = 'Tr0ub4dour&3';
const TYPING_INTERVAL_MS = 10; // (e): one keystroke every 10 ms, faster than any typist

const SETTINGS = {
  full: {
    passwords: 1000,
    warmupPasswords: 50,
    coldReps: 7,
    blockingRuns: 3,
    lengths: [42, 100, 256, 1000],
    capSeconds: 120,
  },
  quick: {
    passwords: 100,
    warmupPasswords: 10,
    coldReps: 3,
    blockingRuns: 1,
    lengths: [42, 100],
    capSeconds: 20,
  },
};

// ---------------------------------------------------------------------------------------------
// Set-up

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      pkg: { type: 'string', multiple: true, default: [] },
      label: { type: 'string', multiple: true, default: [] },
      cap: { type: 'string' },
    },
  });
  if (values.pkg.length !== values.label.length && values.label.length > 0) {
    throw new Error('give one --label per --pkg (or none)');
  }
  const settings = { ...SETTINGS[values.quick ? 'quick' : 'full'] };
  if (values.cap !== undefined) settings.capSeconds = Number(values.cap);
  if (!(settings.capSeconds > 0)) throw new Error('--cap takes a number of seconds');
  return {
    quick: values.quick,
    settings,
    builds: values.pkg.map((dir, i) => ({
      label: values.label[i] ?? relative(process.cwd(), resolve(dir)),
      dir: resolve(dir),
    })),
  };
}

/** The directory holding account_rules.js + account_rules_bg.wasm for a given --pkg DIR. */
function webDirOf(dir) {
  return existsSync(join(dir, 'web', 'account_rules.js')) ? join(dir, 'web') : dir;
}

/** Copies one web build of our package to `workDir/urlPath` and describes it as a library. */
function ourLibrary(name, webDir, workDir, urlPath) {
  const copy = join(workDir, urlPath);
  cpSync(webDir, copy, { recursive: true });
  const files = ['account_rules.js', 'account_rules_bg.wasm'].map((f) => join(copy, f));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`${webDir} lacks ${missing.map(basename).join(', ')}`);

  const manifest = [join(webDir, 'package.json'), join(webDir, '..', 'package.json')].find(
    existsSync,
  );
  const version = manifest ? JSON.parse(readFileSync(manifest, 'utf8')).version : 'unknown';
  const sha = createHash('sha256').update(readFileSync(files[1])).digest('hex').slice(0, 12);
  return {
    name,
    version: `${version} (wasm sha256 ${sha}…)`,
    spec: { kind: 'account-rules', url: `/${urlPath}/account_rules.js` },
    files,
  };
}

/** Bundles each peer into `outDir/<name>.js`; resolves to the peers' names. */
async function bundlePeers(outDir) {
  const entries = Object.entries(PEER_BUNDLES).map(([name, bundle]) => [name, bundle.entry]);
  await bundleForBrowser(Object.fromEntries(entries), outDir);
  return Object.keys(PEER_BUNDLES);
}

// ---------------------------------------------------------------------------------------------
// Driving the browser

/** Calls `bench.js`'s export `name` in the page with one serialisable argument list. */
function callInPage(page, name, args) {
  return page.evaluate(
    async ([fn, fnArgs]) => (await import('/bench/bench.js'))[fn](...fnArgs),
    [name, args],
  );
}

async function measureColdStart(browser, origin, libraries, reps) {
  const samples = libraries.map(() => []);
  for (let rep = 0; rep < reps; rep += 1) {
    for (let turn = 0; turn < libraries.length; turn += 1) {
      const lib = (rep + turn) % libraries.length;
      const { ms } = await withPage(browser, origin, (page) =>
        callInPage(page, 'coldStart', [libraries[lib].spec, COLD_START_PASSWORD]),
      );
      samples[lib].push(ms);
    }
    log(`cold start: rep ${rep + 1}/${reps}`);
  }
  return samples;
}

async function measureKeystrokes(browser, origin, libraries, passwords) {
  return withPage(browser, origin, (page) =>
    callInPage(page, 'keystrokes', [
      libraries.map((l) => l.spec),
      passwords.measured,
      passwords.warmup,
    ]),
  );
}

async function measureAdversarial(browser, origin, libraries, settings, warmup) {
  const capMs = settings.capSeconds * 1000;
  const rows = [];
  await withPage(browser, origin, async (page) => {
    for (const pattern of ADVERSARIAL_PATTERNS) {
      const exceeded = new Map(); // library index → length at which it ran past the cap
      for (const length of settings.lengths) {
        const password = cycle(pattern.unit, length);
        const outcomes = [];
        for (let turn = 0; turn < libraries.length; turn += 1) {
          const lib = (rows.length + turn) % libraries.length;
          if (exceeded.has(lib)) {
            outcomes[lib] = { timedOut: true, impliedBy: exceeded.get(lib) };
            continue;
          }
          log(`adversarial: ${pattern.name}, ${length} chars, ${libraries[lib].name}`);
          outcomes[lib] = await callInPage(page, 'adversarial', [
            libraries[lib].spec,
            password,
            warmup,
            capMs,
          ]).catch((error) => ({ error: error.message }));
          if (outcomes[lib].timedOut) exceeded.set(lib, length);
        }
        rows.push({ pattern: pattern.name, length, outcomes });
      }
    }
  });
  return rows;
}

/** Resolves to one result per run (each in a fresh page), or to { error }. */
async function measureWorkerBlocking(browser, origin, settings) {
  const longest = Math.max(...settings.lengths);
  const strings = ADVERSARIAL_PATTERNS.map((p) => cycle(p.unit, longest));
  const runs = [];
  try {
    for (let run = 1; run <= settings.blockingRuns; run += 1) {
      log(`worker helper: run ${run}/${settings.blockingRuns}, typing ${strings.length} strings`);
      runs.push(
        await withPage(browser, origin, (page) =>
          callInPage(page, 'workerBlocking', [
            '/pkg/worker/index.js',
            strings,
            TYPING_INTERVAL_MS,
            settings.capSeconds * 1000,
          ]),
        ),
      );
    }
  } catch (error) {
    return { error: error.message };
  }
  return { runs };
}

// ---------------------------------------------------------------------------------------------
// Rendering

function coldStartSection(libraries, samples, reps) {
  const entries = libraries.map((lib, i) => {
    const s = [...samples[i]].sort((a, b) => a - b);
    return { name: lib.name, values: [median(s), s[0], s[s.length - 1]] };
  });
  return [
    '### (a) Cold start to first result',
    '',
    `Fresh browser context per sample (no HTTP cache: every response is \`no-store\`), ${reps} samples per library, libraries interleaved. ` +
      'Timed in the page from the start of loading the library (module fetch, wasm fetch + compile, dictionary set-up) to the first ' +
      `result for \`${COLD_START_PASSWORD}\`. Served from 127.0.0.1, so transfer time is next to nothing (see (d) for sizes). Times in ms.`,
    '',
    table(
      ['library', 'median', 'min', 'max'],
      [
        ...entries.map((e) => [e.name, ...e.values.map(formatMs)]),
        ...ratioRows(entries),
      ],
    ),
  ].join('\n');
}

function keystrokeSection(libraries, results, passwords, heading, keyName) {
  const entries = libraries.map((lib, i) => {
    const times = [...results[i].times].sort((a, b) => a - b);
    const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
    return {
      name: lib.name,
      calls: times.length,
      scores: [0, 1, 2, 3, 4].map((s) => results[i].finalScores.filter((x) => x === s).length),
      values: [
        percentile(times, 50),
        percentile(times, 95),
        percentile(times, 99),
        times[times.length - 1],
        mean,
      ],
    };
  });
  return [
    heading,
    '',
    `${passwords.measured.length} passwords at evenly spaced ranks of the ${passwords.listSize.toLocaleString('en')}-line list; ` +
      'every prefix of each password estimated in order, as typed, each call timed on its own ' +
      `(after a warm-up of ${passwords.warmup.length} other passwords). They take turns password by password. Times in ms.`,
    '',
    table(
      [keyName, 'calls', 'p50', 'p95', 'p99', 'max', 'mean', 'scores 0/1/2/3/4 (full passwords)'],
      [
        ...entries.map((e) => [
          e.name,
          String(e.calls),
          ...e.values.map(formatMs),
          e.scores.join('/'),
        ]),
        ...ratioRows(entries, 2).map((row) => [...row, '']),
      ],
    ),
  ].join('\n');
}

function adversarialCell(outcome, capSeconds) {
  if (outcome.error) return `error: ${outcome.error.split('\n')[0].slice(0, 80)}`;
  if (outcome.impliedBy) return `>${capSeconds} s (skipped: over the cap at ${outcome.impliedBy})`;
  if (outcome.timedOut) return `>${capSeconds} s (stopped)`;
  return formatMs(outcome.ms);
}

function adversarialSection(libraries, rows, capSeconds) {
  const [baseline, ...peers] = libraries;
  const headers = ['input', 'length'];
  for (const lib of libraries) headers.push(`${lib.name} ms`, 'score', 'evaluated');
  for (const peer of peers) headers.push(`${peer.name} / ${baseline.name}`);

  const body = rows.map(({ pattern, length, outcomes }) => {
    const cells = [pattern, String(length)];
    for (const outcome of outcomes) {
      const scored = Number.isFinite(outcome.ms);
      cells.push(adversarialCell(outcome, capSeconds));
      cells.push(scored ? String(outcome.score) : '—');
      cells.push(
        scored ? `${outcome.evaluatedChars}${outcome.truncated ? ' (truncated)' : ''}` : '—',
      );
    }
    const base = outcomes[0].ms;
    for (const outcome of outcomes.slice(1)) {
      const ratio = formatRatio(outcome.timedOut ? capSeconds * 1000 : outcome.ms, base);
      cells.push(outcome.timedOut && ratio !== '—' ? `>${ratio}` : ratio);
    }
    return cells;
  });

  return [
    '### (c) Adversarial inputs',
    '',
    'One call per library per input, timed inside a dedicated Web Worker (after a warm-up with ordinary passwords); ' +
      `a call still running after ${capSeconds} s is stopped by terminating the worker. Once a library passes the cap ` +
      'on an input, longer versions of that input are not run for it. "evaluated" is how many characters the library ' +
      'actually scored (account-rules bounds evaluation of very expensive inputs and says so; @zxcvbn-ts scores at most ' +
      'its `maxLength`, 256 by default). Times in ms.',
    '',
    table(headers, body),
  ].join('\n');
}

function sizeSection(libraries, heading, keyName) {
  const entries = libraries.map((lib) => ({
    name: lib.name,
    files: lib.files.map((f) => basename(f)).join(' + '),
    values: Object.values(compressedSizes(lib.files)),
  }));
  return [
    heading,
    '',
    'What a page must download. account-rules: the JS glue + the .wasm of the web build; peers: one ' +
      '`esbuild --bundle --minify` ESM bundle with their dictionaries. Each file compressed on its own with node zlib ' +
      '(gzip level 9, brotli quality 11), then summed.',
    '',
    table(
      [keyName, 'files', 'raw', 'gzip', 'brotli'],
      [
        ...entries.map((e) => [e.name, e.files, ...e.values.map(formatKiB)]),
        ...ratioRows(entries, 2),
      ],
    ),
  ].join('\n');
}

function workerBlockingSection(blocking, capSeconds) {
  const heading = '### (e) Main-thread blocking with the worker helper';
  if (!blocking) return `${heading}\n\nNot measured: \`pkg/worker/index.js\` was not found.`;
  if (blocking.error) return `${heading}\n\nFailed: ${blocking.error}`;

  const { runs } = blocking;
  const maxOf = (values) => Math.max(0, ...values);
  const rows = ADVERSARIAL_PATTERNS.map((pattern, i) => {
    const perRun = runs.map((run) => run.perString[i]);
    const finals = perRun.map((s) => s.finalAfterMs);
    return [
      pattern.name,
      String(perRun[0].length),
      `${perRun.filter((s) => s.longTasks.length > 0).length}/${runs.length}`,
      formatMs(maxOf(perRun.flatMap((s) => s.longTasks))),
      `${formatMs(median(perRun.map((s) => s.maxGapMs)))} / ${formatMs(maxOf(perRun.map((s) => s.maxGapMs)))}`,
      formatMs(maxOf(perRun.map((s) => s.maxCallMs))),
      `${median(perRun.map((s) => s.answered))}/${median(perRun.map((s) => s.superseded))}`,
      finals.includes(null) ? `>${capSeconds} s` : formatMs(median(finals)),
      [...new Set(perRun.map((s) => s.finalScore))].join(', '),
    ];
  });
  return [
    heading,
    '',
    `Each adversarial string typed into \`createStrengthWorker().estimate(prefix, { locale: 'en' })\`, one character every ` +
      `${TYPING_INTERVAL_MS} ms, without awaiting; ${runs.length} run(s), each in a fresh page. The main thread is watched by ` +
      'a `longtask` PerformanceObserver (tasks ≥ 50 ms) and by a `setTimeout(0)` probe (largest gap between two runs of it; ' +
      `idle baseline before typing, median of runs: ${formatMs(median(runs.map((r) => r.idleMaxGapMs)))} ms). ` +
      'Target: no long task. A long task or probe gap on this shared 2-core machine can also be the OS descheduling ' +
      'the page (see the load average above). Times in ms.',
    '',
    table(
      [
        'input',
        'length',
        'runs with a long task',
        'longest long task',
        'max probe gap (median / worst run)',
        'max estimate() call',
        'answered/superseded (median)',
        'final result after last key (median)',
        'final score',
      ],
      rows,
    ),
  ].join('\n');
}

function headerSection(context) {
  return [
    `## Strength benchmark${context.title ? ` — ${context.title}` : ''}`,
    '',
    `- Date: ${context.date}`,
    `- Machine: ${context.machine}`,
    `- Browser: ${context.browser} (headless, timer resolution: ${context.isolated ? 'cross-origin isolated' : 'NOT isolated, coarse'})`,
    `- Command: \`${context.command}\` (repository ${context.git})`,
    `- Libraries: ${context.libraries.map((l) => `${l.name}: ${l.version}`).join('; ')}`,
    `- Password list: \`${PASSWORD_LIST.package}\` ${context.list.version} (package licence ${context.list.license}; ` +
      `list \`${PASSWORD_LIST.file}\`, ${PASSWORD_LIST.dataLicence})`,
    `- Load average (1 min) at start / end: ${context.loadAtStart.toFixed(2)} / ${context.loadAtEnd.toFixed(2)} ` +
      '(the machine is shared and noisy: medians and spreads, warm-ups, libraries interleaved)',
  ].join('\n');
}

/** Compare mode: (b) and (d) for several builds of our package. */
async function compareBuilds(browser, origin, builds, passwords) {
  log('measuring per-keystroke latency');
  const keystrokes = await measureKeystrokes(browser, origin, builds, passwords);
  return [
    keystrokeSection(builds, keystrokes, passwords, '### (b) Per-keystroke latency', 'build'),
    sizeSection(builds, '### (d) Transferred size', 'build'),
  ];
}

/** Default mode: every measure, account-rules (when built) against the peers. */
async function compareLibraries(browser, origin, libraries, passwords, settings, workDir) {
  log('measuring per-keystroke latency');
  const keystrokes = await measureKeystrokes(browser, origin, libraries, passwords);
  log('measuring cold start');
  const cold = await measureColdStart(browser, origin, libraries, settings.coldReps);
  log('measuring adversarial inputs');
  const adversarial = await measureAdversarial(browser, origin, libraries, settings, passwords.warmup);
  const hasHelper = existsSync(join(workDir, 'pkg', 'worker', 'index.js'));
  const blocking = hasHelper && (await measureWorkerBlocking(browser, origin, settings));
  return [
    coldStartSection(libraries, cold, settings.coldReps),
    keystrokeSection(libraries, keystrokes, passwords, '### (b) Per-keystroke latency', 'library'),
    adversarialSection(libraries, adversarial, settings.capSeconds),
    sizeSection(libraries, '### (d) Transferred size', 'library'),
    workerBlockingSection(blocking, settings.capSeconds),
  ];
}

// ---------------------------------------------------------------------------------------------

/**
 * Copies our builds into `workDir` (so that a rebuild during the run cannot change what is
 * measured) and bundles the peers there; resolves to the libraries to measure, baseline first.
 */
async function prepareLibraries(builds, workDir) {
  if (builds.length > 0) {
    return builds.map((build, i) =>
      ourLibrary(build.label, webDirOf(build.dir), workDir, `builds/${i}`),
    );
  }
  const libraries = [];
  if (existsSync(join(DEFAULT_PKG_DIR, 'web', 'account_rules.js'))) {
    const helperDir = join(DEFAULT_PKG_DIR, 'worker');
    if (existsSync(helperDir)) cpSync(helperDir, join(workDir, 'pkg', 'worker'), { recursive: true });
    libraries.push(ourLibrary('account-rules', join(DEFAULT_PKG_DIR, 'web'), workDir, 'pkg/web'));
  } else {
    log(`account-rules web build not found in ${DEFAULT_PKG_DIR}/web: measuring the peers only`);
  }
  for (const name of await bundlePeers(join(workDir, 'peers'))) {
    libraries.push({
      name,
      version: PEER_BUNDLES[name].packages
        .map((p) => `${p}@${packageManifest(p).version}`)
        .join(' + '),
      spec: { kind: name, url: `/peers/${name}.js` },
      files: [join(workDir, 'peers', `${name}.js`)],
    });
  }
  return libraries;
}

async function main() {
  const { quick, settings, builds } = parseCommandLine();
  ensureDependencies();
  const compareMode = builds.length > 0;

  await withWorkDir('strength-bench-', async (workDir) => {
    const libraries = await prepareLibraries(builds, workDir);
    await withBrowser(workDir, async (browser, origin) => {
      const passwords = samplePasswords(settings.passwords, settings.warmupPasswords);
      const context = {
        ...runContext(browser, 'strength.mjs'),
        isolated: await withPage(browser, origin, (page) =>
          page.evaluate(() => crossOriginIsolated),
        ),
        loadAtStart: loadavg()[0],
        libraries,
      };

      const sections = compareMode
        ? await compareBuilds(browser, origin, libraries, passwords)
        : await compareLibraries(browser, origin, libraries, passwords, settings, workDir);

      const header = headerSection({
        ...context,
        title: compareMode ? 'builds of account-rules' : '',
        loadAtEnd: loadavg()[0],
      });
      const report = [header, ...sections].join('\n\n');
      process.stdout.write(`${report}\n`);

      if (quick) {
        log('--quick: BENCHMARKS.md not written');
      } else if (compareMode) {
        writeSection(MARKERS.builds, report);
      } else if (libraries[0].spec.kind !== 'account-rules') {
        log('account-rules was not measured: BENCHMARKS.md not written');
      } else {
        writeSection(MARKERS.full, report);
      }
    });
  });
}

await main();
