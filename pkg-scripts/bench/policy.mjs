#!/usr/bin/env node
// Policy-check benchmark: account-rules' PasswordPolicy.check (wasm, the package's web build)
// against the same rules written in password-validator and password-sheriff, side by side in
// one headless Chromium.
//
//   node pkg-scripts/bench/policy.mjs           full run; writes BENCHMARKS.md
//   node pkg-scripts/bench/policy.mjs --quick   fewer passwords; prints only
//
// Sections: (a) the rule sets and what each library can express; (b) check() per call in wasm,
// rules only and with the strength estimate, for the classic-enterprise preset and a comparable
// rule set; (c) the comparable rule set in each library, per call; (d) how often the libraries
// agree on it; (e) transferred size.

import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';

import {
  PASSWORD_LIST, REPO_DIR, bundleForBrowser, ensureDependencies, log, packageManifest,
  readPasswordList, runContext, samplePasswords, withBrowser, withPage, withWorkDir, writeSection,
} from './common.mjs';
import {
  compressedSizes, formatMs, formatRatioSignificant, percentile, sizeTable, table,
} from './format.mjs';

const WEB_BUILD_DIR = join(REPO_DIR, 'pkg', 'web');
const MARKERS = ['<!-- policy-bench:start -->', '<!-- policy-bench:end -->'];

// password-validator's blocklist: the list's first 10,000 lines, which as a set are exactly the
// SecLists top 10,000 that account-rules embeds (data/README.md).
const BLOCKLIST_SIZE = 10_000;

/** The rules of classic-enterprise that all three libraries can come close to expressing. */
const COMPARABLE_DOCUMENT = {
  schema: 1,
  rules: [
    { rule: 'length', min: 12, max: 64 },
    { rule: 'characterClasses', require: ['upper', 'lower', 'digit', 'symbol'] },
    { rule: 'repetition', maxRepeated: 3 },
    { rule: 'pattern', mustNotMatch: '\\s', description: 'no spaces' },
    { rule: 'commonPasswords' },
  ],
};

/** What a signup form knows about the person typing, sent with every candidate. */
const IDENTITY = { username: 'jdoe', email: 'jane.doe@example.com', displayName: 'Jane Doe' };

// The peers as a page would load them: one esbuild --minify bundle each. The page builds their
// rule sets (page/policy-bench.js).
const PEER_BUNDLES = {
  'password-validator': "export { default } from 'password-validator';",
  'password-sheriff': "export { PasswordPolicy, charsets } from 'password-sheriff';",
};

/** How each library expresses the comparable rule set, as configured in page/policy-bench.js. */
const EXPRESSIVENESS = [
  [
    'length 12–64',
    '`length` min 12, max 64: characters (code points) after NFKC',
    '`.min(12)`, `.max(64)`: UTF-16 code units',
    '`length.minLength: 12` (UTF-16 code units), `maxLength.maxBytes: 64` (UTF-8 bytes)',
  ],
  [
    'upper, lower, digit, symbol',
    '`characterClasses`: Unicode classes; symbol = any other character (space included)',
    '`.uppercase()`, `.lowercase()` (any cased letter), `.digits()` (`\\d`), ' +
      '`.symbols()` (a fixed set: ASCII punctuation and `€£¥₹§±`)',
    '`contains` with its charsets `[A-Z]`, `[a-z]`, `\\d`, OWASP specials (ASCII punctuation and space)',
  ],
  [
    '≤ 3 identical characters in a row',
    '`repetition.maxRepeated: 3`, case folded',
    'no rule for it; a pattern does it: `.not(/(.)\\1{3}/iu)`',
    '`identicalChars.max: 3`, case-sensitive',
  ],
  [
    'no spaces',
    '`pattern.mustNotMatch: "\\s"`',
    '`.not().spaces()` (`\\s`)',
    'cannot (only through a custom rule the caller writes)',
  ],
  [
    'common passwords',
    `\`commonPasswords\`: SecLists top 10,000, built in, compared after NFKC + lower-casing`,
    `\`.is().not().oneOf(list)\` with the same ${BLOCKLIST_SIZE.toLocaleString('en')} passwords, which the page ` +
      'downloads; exact and case-sensitive, a linear `Array.indexOf`',
    'cannot',
  ],
  [
    'why it failed',
    '`rules[]`: status, stable code, localized message (en, zh-CN)',
    '`validate(pw, { details: true })`: failed validations, English messages',
    '`missing(pw)`: every rule, `verified`, English messages',
  ],
];

const RULE_LABELS = {
  length: 'length 12–64',
  characterClasses: 'upper, lower, digit, symbol',
  repetition: '≤ 3 identical in a row',
  pattern: 'no spaces',
  commonPasswords: 'common passwords',
};

const GOAL_US = 50; // the issue: "the rule part of a check well under 50 µs median in wasm"
// V8 tiers code up (wasm and JS alike) only after thousands of calls: every contender makes at
// least WARMUP_CALLS before anything is timed.
const WARMUP_CALLS = 10_000;
const BATCH_TARGET_MS = 0.5; // a timed batch lasts about 100× the 5 µs timer resolution
const MAX_BATCH = 10_000;

const SETTINGS = {
  full: { passwords: 1000, warmupPasswords: 50, probes: 2000 },
  quick: { passwords: 100, warmupPasswords: 10, probes: 200 },
};

// Probes for (d): the list's passwords almost all fail the length and class rules and never
// contain spaces, so agreement on them says little about those rules. The probes mix every
// outcome: 8–20 characters of printable ASCII and a few non-ASCII letters, digits and symbols,
// each character repeating the one before it with probability 1/3.
const PROBE_EXTRA_CHARACTERS = 'ÉéßЖж٣€';

const formatUs = (ms) => formatMs(ms * 1000);
const codeSpan = (text) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

// ---------------------------------------------------------------------------------------------
// Set-up

/** The measured and warm-up passwords (sampled as in strength.mjs) and the blocklist. */
function readPasswords(count, warmupCount) {
  const lines = readPasswordList();
  return {
    ...samplePasswords(count, warmupCount, lines),
    blocklist: lines.slice(0, BLOCKLIST_SIZE),
  };
}

/** `count` probe strings (see PROBE_EXTRA_CHARACTERS), the same in every run. */
function probeStrings(count) {
  let seed = 20_261_121;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const alphabet = [
    ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)),
    ...PROBE_EXTRA_CHARACTERS,
  ];
  const pick = () => alphabet[Math.floor(random() * alphabet.length)];
  return Array.from({ length: count }, () => {
    const chars = [pick()];
    const length = 8 + Math.floor(random() * 13);
    while (chars.length < length) chars.push(random() < 1 / 3 ? chars.at(-1) : pick());
    return chars.join('');
  });
}

/**
 * Copies our web build into `workDir` (so that a rebuild during the run cannot change what is
 * measured), bundles the peers and writes the blocklist module there; resolves to the
 * libraries, each with its version and the files a page downloads for it.
 */
async function prepareLibraries(workDir, blocklist) {
  const ourDir = join(workDir, 'pkg', 'web');
  cpSync(WEB_BUILD_DIR, ourDir, { recursive: true });
  const wasm = readFileSync(join(ourDir, 'account_rules_bg.wasm'));
  const ourVersion = JSON.parse(readFileSync(join(REPO_DIR, 'pkg', 'package.json'), 'utf8')).version;

  const peersDir = join(workDir, 'peers');
  await bundleForBrowser(PEER_BUNDLES, peersDir);
  writeFileSync(join(peersDir, 'common-passwords.js'), `export default ${JSON.stringify(blocklist)};\n`);

  const peer = (name, files) => ({
    name,
    version: packageManifest(name).version,
    files: files.map((f) => join(peersDir, f)),
  });
  return [
    {
      name: 'account-rules',
      version: `${ourVersion} (wasm sha256 ${createHash('sha256').update(wasm).digest('hex').slice(0, 12)}…)`,
      files: ['account_rules.js', 'account_rules_bg.wasm'].map((f) => join(ourDir, f)),
    },
    peer('password-validator', ['password-validator.js', 'common-passwords.js']),
    peer('password-sheriff', ['password-sheriff.js']),
  ];
}

// ---------------------------------------------------------------------------------------------
// Driving the browser

/** Runs page/policy-bench.js in a fresh page; resolves to its result and the page's isolation. */
function measureInPage(browser, origin, passwords, probes) {
  return withPage(browser, origin, async (page) => {
    const config = {
      ours: '/pkg/web/account_rules.js',
      peers: {
        'password-validator': '/peers/password-validator.js',
        'password-sheriff': '/peers/password-sheriff.js',
        'common-passwords': '/peers/common-passwords.js',
      },
      comparableDocument: COMPARABLE_DOCUMENT,
      identity: IDENTITY,
      passwords: passwords.measured,
      warmup: passwords.warmup,
      warmupCalls: WARMUP_CALLS,
      probes,
      batchTargetMs: BATCH_TARGET_MS,
      maxBatch: MAX_BATCH,
    };
    const isolated = await page.evaluate(() => crossOriginIsolated);
    const result = await page.evaluate(
      async (pageConfig) => (await import('/bench/policy-bench.js')).run(pageConfig),
      config,
    );
    return { isolated, ...result };
  });
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** Statistics of one contender's per-call times, in the order of TIME_COLUMNS. */
const TIME_COLUMNS = ['p50 µs', 'p95 µs', 'p99 µs', 'max µs', 'mean µs'];
function timeValues(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return [
    percentile(sorted, 50),
    percentile(sorted, 95),
    percentile(sorted, 99),
    sorted[sorted.length - 1],
    sorted.reduce((sum, t) => sum + t, 0) / sorted.length,
  ];
}

/**
 * A timing table: `rows` are [contender id, label, label]; `ratios` are
 * [label, label, numerator id, denominator id] rows, ratios to two significant digits.
 */
function timingTable(result, headers, rows, ratios) {
  const byId = Object.fromEntries(result.contenders.map((c) => [c.id, c]));
  const valuesOf = (id) => timeValues(byId[id].times);
  return table(
    [...headers, 'n', ...TIME_COLUMNS],
    [
      ...rows.map(([id, ...labels]) => [
        ...labels,
        String(byId[id].batch),
        ...valuesOf(id).map(formatUs),
      ]),
      ...ratios.map(([first, second, numerator, denominator]) => {
        const baseline = valuesOf(denominator);
        return [
          first,
          second,
          '',
          ...valuesOf(numerator).map((v, i) => formatRatioSignificant(v, baseline[i])),
        ];
      }),
    ],
  );
}

function workloadText(result, passwords) {
  return (
    `${passwords.measured.length} passwords at evenly spaced ranks of the ${passwords.listSize.toLocaleString('en')}-line list ` +
    'and every prefix of each, as a signup form checks them keystroke by keystroke: ' +
    `${result.agreement.workload.inputs.length.toLocaleString('en')} inputs, ` +
    `each with username \`${IDENTITY.username}\`, email \`${IDENTITY.email}\`, display name \`${IDENTITY.displayName}\`. ` +
    `Each contender first makes at least ${WARMUP_CALLS.toLocaleString('en')} calls on the prefixes of ` +
    `${passwords.warmup.length} other passwords (V8 optimizes wasm and JS only after thousands of calls). Many calls ` +
    'take less than the 5 µs timer resolution, so each input is checked n times in a row and the batch timed, n set ' +
    `per contender from the warm-up so that a batch lasts about ${BATCH_TARGET_MS} ms; the percentiles are over inputs ` +
    'of those per-call averages. Contenders take turns password by password, in a rotating order, in one page.'
  );
}

function ruleSetSection(libraries) {
  return [
    '### (a) Rule sets',
    '',
    'account-rules is measured with the `classic-enterprise` preset (`PasswordPolicy.preset`: length 12–128, four classes, ' +
      'personal info, common passwords, repetition and sequences, and two rules only the server decides, which stay ' +
      '`pending`) and with this comparable rule set, written below in each peer as far as it can express it:',
    '',
    '```json',
    JSON.stringify(COMPARABLE_DOCUMENT),
    '```',
    '',
    table(['requirement', ...libraries.map((l) => l.name)], EXPRESSIVENESS),
  ].join('\n');
}

function ourSection(result, passwords) {
  const medianMs = (id) => timeValues(result.contenders.find((c) => c.id === id).times)[0];
  const medians = { classic: medianMs('ours-classic'), comparable: medianMs('ours-comparable') };
  const goalMet = Object.values(medians).every((ms) => ms * 1000 < GOAL_US);
  const strengthCost = 'rules + strength / rules only';
  return [
    '### (b) account-rules: `check()` per call in wasm',
    '',
    workloadText(result, passwords) +
      ' "rules only" is `check(candidate, { locale: \'en\', strength: false })`; "rules + strength" is `strength: true`, ' +
      'which adds the zxcvbn-style estimate to the report.',
    '',
    timingTable(
      result,
      ['policy', 'check'],
      [
        ['ours-comparable', 'comparable rule set', 'rules only'],
        ['ours-comparable-strength', 'comparable rule set', 'rules + strength'],
        ['ours-classic', 'classic-enterprise', 'rules only'],
        ['ours-classic-strength', 'classic-enterprise', 'rules + strength'],
      ],
      [
        ['comparable rule set', strengthCost, 'ours-comparable-strength', 'ours-comparable'],
        ['classic-enterprise', strengthCost, 'ours-classic-strength', 'ours-classic'],
      ],
    ),
    '',
    `**Goal** (the rule part of a check well under ${GOAL_US} µs median in wasm): median of a rules-only check ` +
      `${formatUs(medians.classic)} µs with classic-enterprise, ${formatUs(medians.comparable)} µs with the comparable ` +
      `rule set — **${goalMet ? 'met' : 'not met'}**.`,
  ].join('\n');
}

function peerSection(result) {
  const ours = 'ours-comparable';
  return [
    '### (c) The comparable rule set in each library, per call',
    '',
    'Same inputs and timing as (b), in the same page and the same rotation. Each peer is called two ways: for per-rule ' +
      'results, which a form needs to say why (ours always returns them), and for a plain yes/no, which stops at the ' +
      'first failed rule (almost always the length, on this workload). password-sheriff checks neither spaces nor ' +
      'common passwords, so it does less work than the others. Ratios are peer / account-rules: below 1× the peer ' +
      'is faster.',
    '',
    timingTable(
      result,
      ['library', 'call'],
      [
        [ours, 'account-rules', '`check(candidate, { strength: false })`'],
        ['validator-details', 'password-validator', '`validate(pw, { details: true })`'],
        ['validator', 'password-validator', '`validate(pw)`'],
        ['sheriff-missing', 'password-sheriff', '`missing(pw)`'],
        ['sheriff', 'password-sheriff', '`check(pw)`'],
      ],
      [
        ['password-validator / account-rules', 'details', 'validator-details', ours],
        ['password-validator / account-rules', 'yes/no', 'validator', ours],
        ['password-sheriff / account-rules', 'missing', 'sheriff-missing', ours],
        ['password-sheriff / account-rules', 'yes/no', 'sheriff', ours],
      ],
    ),
  ].join('\n');
}

/**
 * Agreement on pass/fail between account-rules and each peer, rule by rule and over the rules
 * they share, for one set of inputs: a table and a few examples of disagreement.
 */
function agreementOf({ rules, expresses }, { inputs, verdicts }) {
  const bitOf = (rule) => 1 << rules.indexOf(rule);
  const maskOf = (ruleList) => ruleList.reduce((mask, rule) => mask | bitOf(rule), 0);
  const everyone = Object.keys(verdicts);
  const [ours, ...peers] = everyone;
  const pairs = peers.map((peer) => [ours, peer]);
  const sharedBy = (names) => rules.filter((rule) => names.every((name) => expresses[name].includes(rule)));
  const allShared = sharedBy(everyone);

  /** Indices of the inputs on which the libraries' pass/fail over `mask` differs. */
  const disagreeing = (names, mask) =>
    inputs
      .map((_, i) => i)
      .filter((i) => new Set(names.map((name) => (verdicts[name][i] & mask) === 0)).size > 1);
  const percent = (count) => `${((100 * count) / inputs.length).toFixed(1)}%`;
  const agreement = (names, mask) => {
    const differ = disagreeing(names, mask).length;
    return `${percent(inputs.length - differ)} (${differ} differ)`;
  };
  const failing = (mask) => percent(verdicts[ours].filter((failed) => failed & mask).length);

  const rows = rules.map((rule) => [
    RULE_LABELS[rule],
    failing(bitOf(rule)),
    ...pairs.map((pair) =>
      sharedBy(pair).includes(rule) ? agreement(pair, bitOf(rule)) : 'cannot express',
    ),
    allShared.includes(rule) ? agreement(everyone, bitOf(rule)) : '—',
  ]);
  rows.push([
    '**ok vs not ok, over the rules shared**',
    failing(maskOf(rules)),
    ...pairs.map((pair) => agreement(pair, maskOf(sharedBy(pair)))),
    agreement(everyone, maskOf(allShared)),
  ]);

  const verdictOf = (name, i, rule) => (verdicts[name][i] & bitOf(rule) ? 'fails' : 'passes');
  const examples = pairs.flatMap((pair) =>
    sharedBy(pair).flatMap((rule) =>
      disagreeing(pair, bitOf(rule))
        .slice(0, 2)
        .map(
          (i) =>
            `- ${RULE_LABELS[rule]}: ${codeSpan(JSON.stringify(inputs[i]))} ` +
            pair.map((name) => `${verdictOf(name, i, rule)} in ${name}`).join(', '),
        ),
    ),
  );
  return [
    table(
      [
        'rule',
        'failed by account-rules',
        ...pairs.map(([, peer]) => `account-rules vs ${peer}`),
        'all three',
      ],
      rows,
    ),
    ...(examples.length ? ['', 'Disagreements (at most 2 per rule and pair):', '', ...examples] : []),
  ].join('\n');
}

function agreementSection(result) {
  const { workload, probes } = result.agreement;
  return [
    '### (d) Do they evaluate the same thing?',
    '',
    'Pass/fail taken from each library\'s per-rule results (untimed): account-rules against each peer on the rules ' +
      'that peer can express, and all three on the rules all three can express. Differences come from the ' +
      'definitions in (a): character classes, case, units of length.',
    '',
    `**The ${workload.inputs.length.toLocaleString('en')} inputs of (b).** Nearly all of them fail the length and ` +
      'class rules and none contains a space, so this says little about those rules:',
    '',
    agreementOf(result, workload),
    '',
    `**${probes.inputs.length.toLocaleString('en')} probes**, generated (seeded, the same in every run) to exercise ` +
      'every rule: 8–20 characters drawn from printable ASCII (space included) and ' +
      `${codeSpan(PROBE_EXTRA_CHARACTERS)}, each character repeating the one before with probability 1/3:`,
    '',
    agreementOf(result, probes),
  ].join('\n');
}

function sizeSection(libraries) {
  const [ours, validator, sheriff] = libraries;
  const rows = [
    { ...ours, label: `${ours.name} (web build)` },
    { ...validator, label: `${validator.name} + ${BLOCKLIST_SIZE.toLocaleString('en')}-password list` },
    { ...validator, label: `${validator.name} alone`, files: validator.files.slice(0, 1) },
    { ...sheriff, label: sheriff.name },
  ];
  const entries = rows.map((row) => ({
    name: row.label,
    files: row.files.map((f) => basename(f)).join(' + '),
    values: Object.values(compressedSizes(row.files)),
  }));
  return [
    '### (e) Transferred size',
    '',
    'What a page must download. account-rules: the JS glue + the .wasm of the web build, the same files as in the ' +
      'strength benchmark; they also hold the strength estimator with its dictionaries, the passphrase word list and ' +
      'everything else the package does, so this is not the cost of the rules alone. Peers: one `esbuild --bundle ' +
      '--minify` ESM bundle each; password-validator\'s blocklist is a separate module of the list as a JSON array. ' +
      'Each file compressed on its own with node zlib (gzip level 9, brotli quality 11), then summed.',
    '',
    sizeTable(entries),
  ].join('\n');
}

function headerSection(context) {
  return [
    '## Policy-check benchmark',
    '',
    `- Date: ${context.date}`,
    `- Machine: ${context.machine}`,
    `- Browser: ${context.browser} (headless, timer resolution: ${context.isolated ? 'cross-origin isolated, 5 µs' : 'NOT isolated, coarse'})`,
    `- Command: \`${context.command}\` (repository ${context.git})`,
    `- Libraries: ${context.libraries.map((l) => `${l.name} ${l.version}`).join('; ')}`,
    `- Password list: \`${PASSWORD_LIST.package}\` ${context.list.version} (package licence ${context.list.license}; ` +
      `list \`${PASSWORD_LIST.file}\`, ${PASSWORD_LIST.dataLicence}); its first ${BLOCKLIST_SIZE.toLocaleString('en')} ` +
      'lines are password-validator\'s blocklist',
    `- Load average (1 min) at start / end: ${context.loadAtStart.toFixed(2)} / ${context.loadAtEnd.toFixed(2)} ` +
      '(the machine is shared and noisy: medians, warm-up, contenders interleaved)',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const settings = SETTINGS[values.quick ? 'quick' : 'full'];
  if (!existsSync(join(WEB_BUILD_DIR, 'account_rules.js'))) {
    throw new Error(`no web build in ${WEB_BUILD_DIR}: run pkg-scripts/build.sh first`);
  }
  ensureDependencies(Object.keys(PEER_BUNDLES));

  await withWorkDir('policy-bench-', async (workDir) => {
    const passwords = readPasswords(settings.passwords, settings.warmupPasswords);
    const libraries = await prepareLibraries(workDir, passwords.blocklist);
    await withBrowser(workDir, async (browser, origin) => {
      const loadAtStart = loadavg()[0];
      log(`checking ${settings.passwords} passwords and their prefixes`);
      const result = await measureInPage(browser, origin, passwords, probeStrings(settings.probes));
      const header = headerSection({
        ...runContext(browser, 'policy.mjs'),
        isolated: result.isolated,
        libraries,
        loadAtStart,
        loadAtEnd: loadavg()[0],
      });
      const report = [
        header,
        ruleSetSection(libraries),
        ourSection(result, passwords),
        peerSection(result),
        agreementSection(result),
        sizeSection(libraries),
      ].join('\n\n');
      process.stdout.write(`${report}\n`);

      if (values.quick) {
        log('--quick: BENCHMARKS.md not written');
      } else {
        writeSection(MARKERS, report);
      }
    });
  });
}

await main();
