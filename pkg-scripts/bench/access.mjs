#!/usr/bin/env node
// Access-matrix benchmark: account-rules' AccessMatrix (wasm, the package's web build) against
// the same RBAC model in @casl/ability, casbin and accesscontrol, side by side in one headless
// Chromium, at three model sizes.
//
//   node pkg-scripts/bench/access.mjs           full run (sizes S, M, L); writes BENCHMARKS.md
//   node pkg-scripts/bench/access.mjs --quick   sizes S and M, fewer requests; prints only
//
// Measures, per size: (a) the models; (b) a single check from JS per call (`can`; `check` with
// its explanation, ours only); (c) building each library's model; (d) ours' full grid of the
// 1,000-role × 1,000-permission model; (e) whether the libraries decide alike; (f) transferred
// size.

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';

import {
  BENCH_DIR, REPO_DIR, ensureDependencies, log, packageManifest, runContext, withBrowser, withPage,
  withWorkDir, writeSection,
} from './common.mjs';
import {
  compressedSizes, formatKiB, formatMs, formatRatioSignificant, median, percentile, sizeTable, table,
} from './format.mjs';

const WEB_BUILD_DIR = join(REPO_DIR, 'pkg', 'web');
const MARKERS = ['<!-- access-bench:start -->', '<!-- access-bench:end -->'];

const PEERS = {
  '@casl/ability': { file: 'casl', entry: "export { AbilityBuilder, createMongoAbility } from '@casl/ability';" },
  casbin: {
    file: 'casbin',
    entry: "export { newEnforcer, newModelFromString, StringAdapter } from 'casbin';",
    // casbin's ESM build imports `fs` only under Node (behind a `process.versions.node` test),
    // so it stays external; its CSV parser (csv-parse) uses Node's global `Buffer`, which is
    // given the `buffer` package that casbin already bundles.
    nodeShims: true,
  },
  accesscontrol: { file: 'accesscontrol', entry: "export { AccessControl } from 'accesscontrol';" },
};

/** casbin's basic RBAC model (examples/rbac_model.conf in the casbin repository). */
const CASBIN_RBAC_MODEL = `[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act
`;

const ACTIONS = ['read', 'create', 'update', 'delete', 'list', 'approve', 'export', 'share', 'archive', 'audit'];
const LEVELS = 4; // role hierarchy depth: roles in 4 bands, each role's parents in the band above

/**
 * The model sizes. L: 10,000 grants + 100,000 user-role assignments = the issue's 110,000
 * rules; S and M give users one or two roles.
 */
const SIZES = {
  S: { roles: 10, resources: 20, actions: 5, grants: 50, users: 100, rolesPerUser: [1, 2] },
  M: { roles: 1_000, resources: 100, actions: 10, grants: 10_000, users: 10_000, rolesPerUser: [1, 2], grid: true },
  L: { roles: 10_000, resources: 1_000, actions: 10, grants: 10_000, users: 100_000, rolesPerUser: [1, 1] },
};

// The issue's goals.
const GOALS = { checkUs: 1, compileMs: 200, gridMs: 50 };
/** "Flat across sizes": the largest size's median check within this factor of the smallest's. */
const FLAT_FACTOR = 1.5;

const SETTINGS = {
  full: {
    sizes: ['S', 'M', 'L'],
    users: 100, // distinct users the requests name (CASL builds one ability each)
    requestsPerUser: 10,
    page: {
      warmupCalls: 10_000,
      warmupBudgetMs: 3_000,
      batchTargetMs: 0.5, // a timed batch lasts about 100× the 5 µs timer resolution
      maxBatch: 10_000,
      measureBudgetMs: 20_000,
      compileReps: 9,
      peerBuildReps: 5,
      buildBudgetMs: 15_000,
      gridReps: 5,
      agreementBudgetMs: 120_000,
    },
  },
  quick: {
    sizes: ['S', 'M'],
    users: 20,
    requestsPerUser: 10,
    page: {
      warmupCalls: 2_000,
      warmupBudgetMs: 1_000,
      batchTargetMs: 0.5,
      maxBatch: 10_000,
      measureBudgetMs: 3_000,
      compileReps: 3,
      peerBuildReps: 2,
      buildBudgetMs: 5_000,
      gridReps: 2,
      agreementBudgetMs: 10_000,
    },
  },
};

const formatUs = (ms) => formatMs(ms * 1000);
const count = (n) => n.toLocaleString('en');

// ---------------------------------------------------------------------------------------------
// The models, generated deterministically

/** mulberry32: a small seeded generator, so that every run builds the same models. */
function seeded(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const idOf = (prefix, i, n) => `${prefix}-${String(i).padStart(String(n - 1).length, '0')}`;

/**
 * An account-rules model document of `size`: roles in LEVELS bands, each role outside the top
 * band with 0, 1 or 2 parents (20/50/30%) from the band above; grants dealt round-robin to the
 * roles (so every role has one), each on a distinct resource of its role, 10% of them `"*"`,
 * the others 1–3 actions; users holding `rolesPerUser` random roles. Allows only: plain RBAC.
 */
function generateModel(size, seed) {
  const random = seeded(seed);
  const int = (n) => Math.floor(random() * n);
  const roleIds = Array.from({ length: size.roles }, (_, i) => idOf('role', i, size.roles));
  const bandStart = (band) => Math.ceil((band * size.roles) / LEVELS);
  const roles = roleIds.map((id, i) => {
    const band = Math.floor((i * LEVELS) / size.roles);
    const parents = new Set();
    if (band > 0) {
      const [lo, hi] = [bandStart(band - 1), bandStart(band)];
      const r = random();
      const wanted = Math.min(r < 0.2 ? 0 : r < 0.7 ? 1 : 2, hi - lo);
      while (parents.size < wanted) parents.add(roleIds[lo + int(hi - lo)]);
    }
    return { id, parents: [...parents] };
  });
  const actions = ACTIONS.slice(0, size.actions);
  const resources = Array.from({ length: size.resources }, (_, i) => ({
    id: idOf('res', i, size.resources),
    actions,
  }));
  const taken = new Set();
  const grants = [];
  for (let g = 0; g < size.grants; g += 1) {
    const role = roleIds[g % size.roles];
    let resource;
    do resource = resources[int(resources.length)].id;
    while (taken.has(`${role} ${resource}`));
    taken.add(`${role} ${resource}`);
    let granted = '*';
    if (random() >= 0.1) {
      const picked = new Set();
      const n = 1 + int(3);
      while (picked.size < n) picked.add(actions[int(actions.length)]);
      granted = actions.filter((a) => picked.has(a));
    }
    grants.push({ role, resource, actions: granted });
  }
  const [fewest, most] = size.rolesPerUser;
  const users = Array.from({ length: size.users }, (_, i) => {
    const n = fewest + int(most - fewest + 1);
    const held = new Set();
    while (held.size < n) held.add(roleIds[int(roleIds.length)]);
    return { id: idOf('user', i, size.users), roles: [...held] };
  });
  return { schema: 1, name: 'access-bench', roles, resources, grants, users };
}

const actionsOf = (doc) => new Map(doc.resources.map((r) => [r.id, r.actions]));
const expand = (grant, actions) => (grant.actions === '*' ? actions.get(grant.resource) : grant.actions);

/** The model as casbin policy lines: one `p` per granted action, `g` for parents and users. */
function casbinPolicy(doc) {
  const actions = actionsOf(doc);
  const p = doc.grants.flatMap((g) => expand(g, actions).map((a) => `p, ${g.role}, ${g.resource}, ${a}`));
  const g = [
    ...doc.roles.flatMap((r) => r.parents.map((parent) => `g, ${r.id}, ${parent}`)),
    ...doc.users.flatMap((u) => u.roles.map((role) => `g, ${u.id}, ${role}`)),
  ];
  return { text: `${[...p, ...g].join('\n')}\n`, p: p.length, g: g.length };
}

/** The model as accesscontrol's grants list: a row per granted action, `$extend` rows for parents. */
function accessControlRows(doc) {
  const actions = actionsOf(doc);
  return [
    ...doc.grants.flatMap((g) =>
      expand(g, actions).map((action) => ({ role: g.role, resource: g.resource, action, attributes: ['*'] })),
    ),
    ...doc.roles.filter((r) => r.parents.length).map((r) => ({ role: r.id, $extend: r.parents })),
  ];
}

/**
 * `users × perUser` requests, shuffled: `users` distinct users spread over the model, and for
 * each, half the requests an action that one of its roles (or their ancestors) is granted, half
 * a random resource and action.
 */
function generateRequests(doc, users, perUser, seed) {
  const random = seeded(seed);
  const int = (n) => Math.floor(random() * n);
  const actions = actionsOf(doc);
  const parents = new Map(doc.roles.map((r) => [r.id, r.parents]));
  const grantsOf = new Map();
  for (const g of doc.grants) grantsOf.set(g.role, [...(grantsOf.get(g.role) ?? []), g]);
  const picked = Array.from({ length: Math.min(users, doc.users.length) }, (_, i) =>
    doc.users[Math.floor(((i + random()) * doc.users.length) / Math.min(users, doc.users.length))],
  );
  const requests = [];
  for (const user of picked) {
    const closure = new Set();
    const stack = [...user.roles];
    while (stack.length) {
      const role = stack.pop();
      if (closure.has(role)) continue;
      closure.add(role);
      stack.push(...parents.get(role));
    }
    const granted = [...closure].flatMap((role) => grantsOf.get(role) ?? []);
    for (let k = 0; k < perUser; k += 1) {
      if (k % 2 === 0 && granted.length) {
        const grant = granted[int(granted.length)];
        const list = expand(grant, actions);
        requests.push({ user: user.id, action: list[int(list.length)], resource: grant.resource });
      } else {
        const resource = doc.resources[int(doc.resources.length)];
        requests.push({ user: user.id, action: resource.actions[int(resource.actions.length)], resource: resource.id });
      }
    }
  }
  for (let i = requests.length - 1; i > 0; i -= 1) {
    const j = int(i + 1);
    [requests[i], requests[j]] = [requests[j], requests[i]];
  }
  return requests;
}

/** What the models table says about a document. */
function describeModel(doc, casbin, rows, modelBytes) {
  const depthOf = new Map();
  for (const role of doc.roles) {
    depthOf.set(role.id, 1 + Math.max(0, ...role.parents.map((p) => depthOf.get(p))));
  }
  const permissions = doc.resources.reduce((sum, r) => sum + r.actions.length, 0);
  const assignments = doc.users.reduce((sum, u) => sum + u.roles.length, 0);
  return {
    roles: doc.roles.length,
    parentLinks: doc.roles.reduce((sum, r) => sum + r.parents.length, 0),
    depth: Math.max(...depthOf.values()),
    resources: doc.resources.length,
    actions: doc.resources[0].actions.length,
    permissions,
    grants: doc.grants.length,
    starGrants: doc.grants.filter((g) => g.actions === '*').length,
    users: doc.users.length,
    assignments,
    casbinP: casbin.p,
    casbinG: casbin.g,
    acRows: rows.length,
    modelBytes,
  };
}

/** Writes every size's model files into `workDir/models/`; resolves to the sizes' descriptions. */
function prepareModels(workDir, settings) {
  const dir = join(workDir, 'models');
  mkdirSync(dir, { recursive: true });
  return settings.sizes.map((name, i) => {
    const size = SIZES[name];
    const doc = generateModel(size, 4_000 + i);
    const modelText = JSON.stringify(doc);
    const casbin = casbinPolicy(doc);
    const rows = accessControlRows(doc);
    writeFileSync(join(dir, `${name}.json`), modelText);
    writeFileSync(join(dir, `${name}.casbin.csv`), casbin.text);
    writeFileSync(join(dir, `${name}.accesscontrol.json`), JSON.stringify(rows));
    return {
      name,
      grid: Boolean(size.grid),
      model: describeModel(doc, casbin, rows, Buffer.byteLength(modelText)),
      requests: generateRequests(doc, settings.users, settings.requestsPerUser, 7_000 + i),
      files: {
        model: `/models/${name}.json`,
        casbin: `/models/${name}.casbin.csv`,
        accesscontrol: `/models/${name}.accesscontrol.json`,
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Libraries

/**
 * Copies our web build into `workDir` (a rebuild during the run cannot change what is
 * measured) and bundles the peers (see PEERS); resolves to the libraries with versions and
 * page files.
 */
async function prepareLibraries(workDir) {
  const ourDir = join(workDir, 'pkg', 'web');
  cpSync(WEB_BUILD_DIR, ourDir, { recursive: true });
  const wasm = readFileSync(join(ourDir, 'account_rules_bg.wasm'));
  const ourVersion = JSON.parse(readFileSync(join(REPO_DIR, 'pkg', 'package.json'), 'utf8')).version;

  const esbuild = await import('esbuild');
  const peersDir = join(workDir, 'peers');
  const bufferShim = join(workDir, 'buffer-shim.js');
  writeFileSync(bufferShim, "export { Buffer } from 'buffer';\n");
  for (const { file, entry, nodeShims } of Object.values(PEERS)) {
    const shims = nodeShims
      ? { external: ['fs'], inject: [bufferShim], nodePaths: [join(BENCH_DIR, 'node_modules')] }
      : {};
    await esbuild.build({
      stdin: { contents: entry, resolveDir: BENCH_DIR, sourcefile: `${file}-entry.js` },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      ...shims,
      outfile: join(peersDir, `${file}.js`),
      logLevel: 'warning',
    });
  }
  return [
    {
      name: 'account-rules',
      version: `${ourVersion} (wasm sha256 ${createHash('sha256').update(wasm).digest('hex').slice(0, 12)}…)`,
      files: ['account_rules.js', 'account_rules_bg.wasm'].map((f) => join(ourDir, f)),
    },
    ...Object.entries(PEERS).map(([name, { file }]) => ({
      name,
      version: packageManifest(name).version,
      files: [join(peersDir, `${file}.js`)],
    })),
  ];
}

function measureSize(browser, origin, size, pageSettings) {
  return withPage(browser, origin, async (page) => {
    const config = {
      size: size.name,
      grid: size.grid,
      ours: '/pkg/web/account_rules.js',
      peers: Object.fromEntries(Object.values(PEERS).map(({ file }) => [file, `/peers/${file}.js`])),
      files: size.files,
      casbinModel: CASBIN_RBAC_MODEL,
      requests: size.requests,
      settings: pageSettings,
    };
    const isolated = await page.evaluate(() => crossOriginIsolated);
    const result = await page.evaluate(
      async (pageConfig) => (await import('/bench/access-bench.js')).run(pageConfig),
      config,
    );
    return { isolated, ...result };
  });
}

// ---------------------------------------------------------------------------------------------
// Rendering

const CONTENDERS = {
  'ours-can': ['account-rules', '`m.can(user, action, resource)`'],
  'ours-check': ['account-rules', '`m.check({ user, action, resource })` (with explanation)'],
  casl: ['@casl/ability', '`ability.can(action, resource)`, the user\'s own ability'],
  accesscontrol: ['accesscontrol', '`ac.can(userRoles).do(action, resource).granted`'],
  casbin: ['casbin', '`enforcer.enforceSync(user, resource, action)`'],
};

const stats = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
};

function headerSection(context, isolated) {
  return [
    '## Access-matrix benchmark',
    '',
    `- Date: ${context.date}`,
    `- Machine: ${context.machine}`,
    `- Browser: ${context.browser} (headless, timer resolution: ${isolated ? 'cross-origin isolated, 5 µs' : 'NOT isolated, coarse'})`,
    `- Command: \`${context.command}\` (repository ${context.git})`,
    `- Libraries: ${context.libraries.map((l) => `${l.name} ${l.version}`).join('; ')}`,
    `- Load average (1 min) at start / end: ${context.loadAtStart.toFixed(2)} / ${context.loadAtEnd.toFixed(2)} ` +
      '(the machine is shared and noisy: medians, warm-up, contenders interleaved)',
    '- Everything runs in the page, one fresh page per model size, all in one Chromium. casbin runs from an esbuild ' +
      'bundle of its ESM build (`fs` left external: casbin imports it only under Node; Node\'s global `Buffer`, which ' +
      'its CSV parser uses, given the `buffer` package casbin already bundles).',
  ].join('\n');
}

function modelSection(sizes) {
  const rows = [
    ['roles (parent links, levels)', (m) => `${count(m.roles)} (${count(m.parentLinks)}, ${m.depth})`],
    ['resources × actions = permissions', (m) => `${count(m.resources)} × ${m.actions} = ${count(m.permissions)}`],
    ['grants (of which `"*"`)', (m) => `${count(m.grants)} (${count(m.starGrants)})`],
    ['users (role assignments)', (m) => `${count(m.users)} (${count(m.assignments)})`],
    ['rules: grants + assignments', (m) => count(m.grants + m.assignments)],
    ['casbin policy lines `p` / `g`', (m) => `${count(m.casbinP)} / ${count(m.casbinG)}`],
    ['accesscontrol rows (grants + `$extend`)', (m) => count(m.acRows)],
    ['model JSON', (m) => formatKiB(m.modelBytes)],
  ];
  return [
    '### (a) The models',
    '',
    'One RBAC model per size, generated with a seeded generator (the same in every run): roles in ' +
      `${LEVELS} bands, each role below the top band with 0, 1 or 2 parents (20/50/30 %) from the band above; grants ` +
      'dealt round-robin to the roles, each on a distinct resource of its role, 10 % of them `"*"` (every action of ' +
      'the resource) and the others 1–3 actions; allows only. The same model is given to each library: ours as the ' +
      'JSON document; casbin as its basic RBAC model (`m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act`) with ' +
      'one `p` line per granted action and `g` lines for parents and users; accesscontrol as a grants list with ' +
      '`$extend` rows (it has no users); CASL (which has no roles) as one ability per user, built from every grant of ' +
      'the user\'s roles and their ancestors, `manage` for `"*"`. The 1,000-role model is also the grid model of (d).',
    '',
    table(['', ...sizes.map((s) => s.name)], rows.map(([label, f]) => [label, ...sizes.map((s) => f(s.model))])),
  ].join('\n');
}

function checkSection(results, sizes, settings) {
  const body = [];
  for (const result of results) {
    const byId = Object.fromEntries(result.checks.map((c) => [c.id, c]));
    const base = stats(byId['ours-can'].times);
    const allowed = result.agreement.decisions['account-rules can'];
    for (const id of Object.keys(CONTENDERS)) {
      const c = byId[id];
      const s = stats(c.times);
      // times[i] is request i's (a capped contender has the first requests only).
      const split = (want) => median(c.times.filter((_, i) => allowed[i] === want));
      body.push([
        result.size,
        ...CONTENDERS[id],
        `${count(c.times.length)}${c.capped ? ' (capped)' : ''}`,
        count(c.batch),
        formatUs(s.p50),
        formatUs(s.p95),
        formatUs(s.p99),
        formatUs(split(true)),
        formatUs(split(false)),
        id === 'ours-can' ? '1×' : formatRatioSignificant(s.p50, base.p50),
      ]);
    }
  }
  const medians = results.map((r) => stats(r.checks.find((c) => c.id === 'ours-can').times).p50 * 1000);
  const worst = Math.max(...medians);
  const flat = medians[medians.length - 1] / medians[0];
  const met = worst <= GOALS.checkUs && flat <= FLAT_FACTOR;
  const requests = sizes[0].requests.length;
  return {
    verdict: {
      goal: `single check from JS ≤ ${GOALS.checkUs} µs median, flat across sizes`,
      met,
      detail: `medians ${medians.map((us, i) => `${results[i].size} ${formatMs(us)} µs`).join(', ')}; ` +
        `${results.at(-1).size} / ${results[0].size} = ${flat.toFixed(2)}×`,
    },
    text: [
      '### (b) A single check from JS, per call',
      '',
      `${count(requests)} requests per size: ${settings.users} users spread over the model, ${settings.requestsPerUser} ` +
        'requests each, half an action one of the user\'s roles (or their ancestors) is granted, half a random ' +
        'resource and action; shuffled. Everything a call needs is resolved beforehand and untimed: CASL\'s ability ' +
        'for the request\'s user (abilities are per user; building them is in (c)), the user\'s roles for ' +
        'accesscontrol (it has no users, so the check names roles). The timer has 5 µs resolution, so each request ' +
        'is checked n times in a row and the batch timed (n set per contender from a warm-up of up to ' +
        `${count(settings.page.warmupCalls)} calls or ${settings.page.warmupBudgetMs / 1000} s, so that a batch lasts about ` +
        `${settings.page.batchTargetMs} ms); ` +
        'percentiles are over requests of those per-call averages. A batch repeats one request, so caches are warm. ' +
        'Contenders take turns request by request in a rotating order. A contender whose batches have taken ' +
        `${settings.page.measureBudgetMs / 1000} s in all stops there ("capped": fewer requests). ratio = p50 / ` +
        'p50 of account-rules `can` at the same size; "p50 allowed" / "p50 denied": the median over the requests ' +
        'account-rules allows / denies (µs).',
      '',
      table(
        ['size', 'library', 'call', 'requests', 'n', 'p50 µs', 'p95 µs', 'p99 µs', 'p50 allowed', 'p50 denied', 'p50 ratio'],
        body,
      ),
      '',
      `**Goal** (single check from JS ≤ ${GOALS.checkUs} µs median and flat across sizes; flat taken as the largest ` +
        `size's median within ${FLAT_FACTOR}× of the smallest's): ${met ? '**met**' : '**not met**'} — ` +
        `account-rules \`can\` medians ${medians.map((us, i) => `${results[i].size} ${formatMs(us)} µs`).join(', ')}; ` +
        `${results.at(-1).size} / ${results[0].size} = ${flat.toFixed(2)}×.`,
    ].join('\n'),
  };
}

function compileSection(results, sizes, settings) {
  const row = (size, library, what, times, extra = '') => {
    const sorted = [...times].sort((a, b) => a - b);
    return [
      size,
      library,
      what,
      String(times.length),
      formatMs(median(times)),
      formatMs(sorted[0]),
      formatMs(sorted.at(-1)),
      extra,
    ];
  };
  const body = [];
  for (const [i, r] of results.entries()) {
    const c = r.compile;
    const m = sizes[i].model;
    const rules = [...r.caslRules].sort((a, b) => a - b);
    body.push(
      [r.size, 'account-rules', '`AccessMatrix.fromJson(text)`, first call in a fresh page', '1', formatMs(c.oursFirst), '', '', `wasm memory after: ${(r.wasmMemory / 2 ** 20).toFixed(0)} MiB`],
      row(r.size, 'account-rules', '`AccessMatrix.fromJson(text)`', c.oursText),
      row(r.size, 'account-rules', '`AccessMatrix.fromJson(object)`', c.oursObject),
      row(r.size, 'casbin', '`await newEnforcer(newModelFromString(conf), new StringAdapter(text))`: policy + role links', c.casbin, `${count(m.casbinP + m.casbinG)} lines`),
      row(r.size, 'accesscontrol', '`new AccessControl(rows)`: roles and grants, no users', c.accesscontrol, `${count(m.acRows)} rows`),
      row(r.size, '@casl/ability', 'one user\'s ability: flatten its roles, `AbilityBuilder` → `build()`, first `can`', c.casl, `rules per ability: median ${median(rules)}, max ${rules.at(-1)}`),
    );
  }
  const largest = results.at(-1);
  const warm = median(largest.compile.oursText);
  const cold = largest.compile.oursFirst;
  return {
    verdicts: [
      {
        goal: `compiling the largest model (${largest.size}) ≤ ${GOALS.compileMs} ms`,
        met: warm <= GOALS.compileMs,
        detail: `median \`fromJson(text)\` ${formatMs(warm)} ms`,
      },
      {
        goal: `… and its first compile in a fresh page ≤ ${GOALS.compileMs} ms`,
        met: cold <= GOALS.compileMs,
        detail: `${formatMs(cold)} ms`,
      },
    ],
    text: [
      '### (c) Building the model',
      '',
      'In the page, from text fetched beforehand. account-rules: `fromJson` parses and compiles the whole model ' +
        '(roles closed over inheritance into per-role bitsets, users indexed); the first call in a fresh page is ' +
        'timed on its own (the wasm memory still at its initial size), then the median of repeated calls ' +
        `(each matrix freed; up to ${settings.page.compileReps}). casbin: a new enforcer from the model text and the ` +
        'policy text (it loads the policy and builds the role links). accesscontrol: its constructor from the parsed ' +
        'grants list. CASL: one ability per user named by the requests (an app builds one for the signed-in user). ' +
        `Peers are built up to ${settings.page.peerBuildReps} times; every library stops repeating after ` +
        `${settings.page.buildBudgetMs / 1000} s. Times in ms.`,
      '',
      table(['size', 'library', 'what is built', 'runs', 'median', 'min', 'max', ''], body),
      '',
      `**Goal** (compiling the largest model ≤ ${GOALS.compileMs} ms): median \`fromJson(text)\` at ${largest.size} ` +
        `${formatMs(warm)} ms — **${warm <= GOALS.compileMs ? 'met' : 'not met'}**; the first compile in a fresh page ` +
        `${formatMs(cold)} ms — **${cold <= GOALS.compileMs ? 'met' : 'not met'}**.`,
    ].join('\n'),
  };
}

function gridSection(results) {
  const result = results.find((r) => r.grid);
  if (!result) return { verdicts: [], text: '### (d) Full grid\n\nNot run.' };
  const { grid } = result;
  const ms = median(grid.times);
  const kinds = Object.entries(grid.kinds)
    .map(([kind, n]) => `${kind} ${count(n)}`)
    .join(', ');
  const met = ms <= GOALS.gridMs;
  return {
    verdicts: [{ goal: `full ${count(grid.rows)} × ${count(grid.columns)} grid ≤ ${GOALS.gridMs} ms`, met, detail: `median ${formatMs(ms)} ms` }],
    text: [
      '### (d) Full grid',
      '',
      `\`m.grid()\` on the ${result.size} model: ${count(grid.rows)} roles × ${count(grid.columns)} permissions ` +
        `(${count(grid.rows * grid.columns)} cells, each an object saying where the cell comes from: ${kinds}). ` +
        'Timed from the call to the JS object in hand. The peers have no such call.',
      '',
      table(
        ['runs', 'median ms', 'min ms', 'max ms'],
        [[String(grid.times.length), formatMs(ms), formatMs(Math.min(...grid.times)), formatMs(Math.max(...grid.times))]],
      ),
      '',
      `**Goal** (full 1,000 × 1,000 grid ≤ ${GOALS.gridMs} ms): ${formatMs(ms)} ms — **${met ? 'met' : 'not met'}**.`,
    ].join('\n'),
  };
}

function agreementSection(results) {
  const names = ['account-rules check', '@casl/ability', 'casbin', 'accesscontrol'];
  const body = [];
  const examples = [];
  for (const r of results) {
    const { decisions, requests } = r.agreement;
    const ours = decisions['account-rules can'];
    const allowed = ours.filter(Boolean).length;
    const cells = names.map((name) => {
      const theirs = decisions[name];
      const differ = theirs.map((d, i) => (d !== ours[i] ? i : -1)).filter((i) => i >= 0);
      for (const i of differ.slice(0, 2)) {
        const q = requests[i];
        examples.push(
          `- ${r.size}: \`${q.user}\` \`${q.action}\` \`${q.resource}\`: account-rules ${ours[i] ? 'allows' : 'denies'}, ` +
            `${name} ${theirs[i] ? 'allows' : 'denies'}`,
        );
      }
      const partial = theirs.length < ours.length ? ` of ${count(theirs.length)}` : '';
      return `${differ.length === 0 ? 'agree' : `**${count(differ.length)} differ**`}${partial}`;
    });
    body.push([r.size, count(ours.length), `${count(allowed)} (${((100 * allowed) / ours.length).toFixed(0)} %)`, ...cells]);
  }
  return [
    '### (e) Do they decide alike?',
    '',
    'Every request of (b) decided once by every library, untimed, and compared with account-rules `can`.',
    '',
    table(['size', 'requests', 'allowed by account-rules', ...names.map((n) => `vs ${n}`)], body),
    ...(examples.length ? ['', 'Disagreements (at most 2 per size and library):', '', ...examples] : []),
  ].join('\n');
}

function sizeSection(libraries) {
  const entries = libraries.map((lib) => ({
    name: lib.name,
    files: lib.files.map((f) => basename(f)).join(' + '),
    values: Object.values(compressedSizes(lib.files)),
  }));
  return [
    '### (f) Transferred size',
    '',
    'What a page must download. account-rules: the JS glue + the .wasm of the web build, which also hold the strength ' +
      'estimator with its dictionaries, password policies, the passphrase word list and everything else the package ' +
      'does, so this is not the cost of access matrices alone. Peers: one `esbuild --bundle --minify` ESM bundle ' +
      'each. Each file compressed on its own with node zlib (gzip level 9, brotli quality 11), then summed.',
    '',
    sizeTable(entries),
  ].join('\n');
}

function goalsSection(verdicts, quick) {
  return [
    '### Goals',
    '',
    ...(quick ? ['(--quick: the largest size run is M, not L.)', ''] : []),
    table(
      ['goal (from the issue)', 'result', ''],
      verdicts.map((v) => [v.goal, v.met ? 'met' : '**not met**', v.detail]),
    ),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const settings = SETTINGS[values.quick ? 'quick' : 'full'];
  if (!existsSync(join(WEB_BUILD_DIR, 'account_rules.js'))) {
    throw new Error(`no web build in ${WEB_BUILD_DIR}: run pkg-scripts/build.sh first`);
  }
  ensureDependencies(['esbuild', ...Object.keys(PEERS)]);

  await withWorkDir('access-bench-', async (workDir) => {
    log(`generating models ${settings.sizes.join(', ')}`);
    const sizes = prepareModels(workDir, settings);
    const libraries = await prepareLibraries(workDir);
    await withBrowser(workDir, async (browser, origin) => {
      const loadAtStart = loadavg()[0];
      const results = [];
      for (const size of sizes) {
        log(`size ${size.name}: ${count(size.model.roles)} roles, ${count(size.model.users)} users, ${count(size.requests.length)} requests`);
        results.push(await measureSize(browser, origin, size, settings.page));
      }
      const context = {
        ...runContext(browser, 'access.mjs'),
        libraries,
        loadAtStart,
        loadAtEnd: loadavg()[0],
      };
      const checks = checkSection(results, sizes, settings);
      const compile = compileSection(results, sizes, settings);
      const grid = gridSection(results);
      const report = [
        headerSection(context, results.every((r) => r.isolated)),
        goalsSection([checks.verdict, ...compile.verdicts, ...grid.verdicts], values.quick),
        modelSection(sizes),
        checks.text,
        compile.text,
        grid.text,
        agreementSection(results),
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
