// The npm package as its users get it: `npm pack` of pkg/, installed into a clean project,
// then imported from Node (ESM and CommonJS), type-checked by tsc, bundled by webpack, and
// run in headless Chromium (web build, bundled build, worker helper).
//
//   node --test tests/smoke/run.mjs        (pkg-scripts/test.sh runs it after build.sh)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, cpSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import webpack from 'webpack';
import { startServer } from '../../pkg-scripts/serve.mjs';
import { launchOptions } from '../browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const golden = JSON.parse(readFileSync(join(root, 'tests/fixtures/strength.json'), 'utf8')).cases;
const policyFixture = JSON.parse(readFileSync(join(root, 'tests/fixtures/policy.json'), 'utf8'));
const accessFixture = JSON.parse(readFileSync(join(root, 'tests/fixtures/access.json'), 'utf8'));
const presetFingerprints = JSON.parse(readFileSync(join(root, 'tests/fixtures/preset-fingerprints.json'), 'utf8'));

let work, project, browser, server;

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'account-rules-smoke-'));
  project = join(work, 'project');
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', work], join(root, 'pkg')).trim().split('\n').pop();
  cpSync(join(here, 'consumer.ts'), join(project, 'consumer.ts'));
  cpSync(join(here, 'tsconfig.consumer.json'), join(project, 'tsconfig.json'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'smoke-consumer', private: true }));
  writeFileSync(join(project, 'favicon.ico'), ''); // Chromium asks for it; a 404 would be a console error
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', join(work, tarball)], project);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The golden expectation that every side must reproduce for a case. */
function expected(c) {
  return { score: c.expect.score, warning: c.expect.warning, evaluatedChars: c.expect.evaluatedChars, truncation: c.expect.truncation };
}

const CHECK_BODY = `
  const failures = [];
  for (const c of cases) {
    const r = estimateStrength(c.password, c.options);
    const seen = { score: r.score, warning: r.feedback.warning?.code ?? null, evaluatedChars: r.evaluatedChars, truncation: r.truncation?.code ?? null };
    const want = { score: c.expect.score, warning: c.expect.warning, evaluatedChars: c.expect.evaluatedChars, truncation: c.expect.truncation };
    if (JSON.stringify(seen) !== JSON.stringify(want)) failures.push(c.name + ': ' + JSON.stringify(seen) + ' != ' + JSON.stringify(want));
  }
  let error;
  try { estimateStrength('x', { locale: 'fr' }); } catch (e) { error = { isError: e instanceof Error, name: e.name, code: e.code, path: e.path }; }
`;

test('installs with no dependencies and ships every build, types and licences', () => {
  const installed = join(project, 'node_modules/account-rules');
  const files = readdirSync(installed).sort();
  assert.deepEqual(files, ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'THIRD-PARTY-NOTICES.md', 'bundler', 'node', 'package.json', 'presets', 'schema', 'web', 'worker']);
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'account-rules');
  assert.deepEqual(manifest.dependencies ?? {}, {});
  for (const entry of ['bundler/account_rules.d.ts', 'node/account_rules.d.ts', 'web/account_rules.d.ts', 'worker/index.d.ts']) {
    assert.ok(readFileSync(join(installed, entry), 'utf8').includes('StrengthReport') || entry.startsWith('worker'), entry);
  }
});

// The policy golden vectors, as the JavaScript API gives them: the same shape the Rust test pins.
const POLICY_CHECK_BODY = `
  const loaded = {};
  for (const [name, doc] of Object.entries(fixture.policies)) {
    loaded[name] = typeof doc === 'string' ? PasswordPolicy.preset(doc.slice('preset:'.length)) : PasswordPolicy.fromJson(doc);
  }
  const policyFailures = [];
  for (const c of fixture.cases) {
    const r = loaded[c.policy].check(c.candidate, { locale: c.locale ?? 'en', strength: false });
    const seen = { failed: r.failed, ok: r.ok, okSoFar: r.okSoFar, pending: r.pending, rules: r.rules.map((x) => [x.rule, x.status, x.code, x.message]) };
    const want = c.expect;
    if (JSON.stringify(seen) !== JSON.stringify({ failed: want.failed, ok: want.ok, okSoFar: want.okSoFar, pending: want.pending, rules: want.rules })) {
      policyFailures.push(c.name + ': ' + JSON.stringify(seen));
    }
  }
  const fingerprints = Object.fromEntries(PasswordPolicy.presetNames().map((n) => [n, PasswordPolicy.preset(n).fingerprint()]));
`;

test('Node ESM: policy golden vectors, fingerprints and errors through PasswordPolicy', () => {
  writeFileSync(join(project, 'policy.mjs'), `
    import { PasswordPolicy, generatePassword } from 'account-rules';
    import { readFileSync } from 'node:fs';
    const fixture = JSON.parse(readFileSync(process.argv[2], 'utf8'));
    ${POLICY_CHECK_BODY}
    const errors = [];
    for (const doc of ['{"schema": 1, "rules": [{"rule": "length", "min": "8"}]}', { schema: 2 }, '{"schema": 1,']) {
      try { PasswordPolicy.fromJson(doc); errors.push(null); } catch (e) { errors.push({ name: e.name, code: e.code, path: e.path }); }
    }
    const classic = PasswordPolicy.preset('classic-enterprise');
    const day = 86400000, t0 = Date.UTC(2026, 0, 1);
    const expiry = classic.expiry(new Date(t0), t0 + 80 * day);
    const locked = classic.lockout([t0, '2026-01-01T00:01:00Z', new Date(t0 + 120000)], t0 + 600000, { locale: 'zh-CN' });
    const generated = [generatePassword(classic, { kind: 'random' }), generatePassword(classic, { kind: 'passphrase', words: 5 })];
    const generatedPass = generated.map((g) => classic.check(g.password, { strength: false }).failed.length === 0);
    const roundTrip = PasswordPolicy.fromJson(classic.toJson()).fingerprint() === classic.fingerprint();
    let badTime; try { classic.expiry('not a date'); } catch (e) { badTime = e.code; }
    console.log(JSON.stringify({ policyFailures, fingerprints, errors, expiry: [expiry.state, expiry.daysLeft], locked: [locked.locked, locked.lockedUntil === t0 + 120000 + 30 * 60000, locked.message.text], generatedPass, roundTrip, badTime, lint: PasswordPolicy.preset('classic-enterprise').lint().map((f) => f.code) }));
  `);
  const out = JSON.parse(run('node', ['policy.mjs', join(root, 'tests/fixtures/policy.json')], project));
  assert.deepEqual(out.policyFailures, []);
  assert.deepEqual(out.fingerprints, presetFingerprints);
  assert.deepEqual(out.errors, [
    { name: 'AccountRulesError', code: 'policy.invalid', path: 'rules[0].min' },
    { name: 'AccountRulesError', code: 'policy.schema.unsupported', path: 'schema' },
    { name: 'AccountRulesError', code: 'policy.syntax', path: 'line 1, column 13' },
  ]);
  assert.deepEqual(out.expiry, ['warning', 10]);
  assert.deepEqual(out.locked, [true, true, '失败次数过多，请在 22 分钟后重试']);
  assert.deepEqual(out.generatedPass, [true, true]);
  assert.equal(out.roundTrip, true);
  assert.equal(out.badTime, 'time.invalid');
  assert.ok(out.lint.includes('lint.composition_rules') && out.lint.includes('lint.expiry.rotation'), out.lint.join());
});

// The access golden vectors through the JavaScript API: the whole decision, as Rust pins it.
// (Objects are compared with their keys sorted: the fixture's JSON is written with sorted keys.)
const ACCESS_CHECK_BODY = `
  const sorted = (v) => Array.isArray(v) ? v.map(sorted)
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v;
  const matrix = AccessMatrix.fromJson(accessFixture.model);
  const accessFailures = [];
  for (const c of accessFixture.cases) {
    const seen = matrix.check(c.request, c.locale);
    if (JSON.stringify(sorted(seen)) !== JSON.stringify(sorted(c.expect))) accessFailures.push(JSON.stringify(c.request) + ' => ' + JSON.stringify(seen));
  }
`;

test('Node ESM: access golden vectors, errors and the change log', () => {
  writeFileSync(join(project, 'access.mjs'), `
    import { AccessMatrix, ChangeLog } from 'account-rules';
    import { readFileSync } from 'node:fs';
    const accessFixture = JSON.parse(readFileSync(process.argv[2], 'utf8'));
    ${ACCESS_CHECK_BODY}
    let cycle;
    try { AccessMatrix.fromJson({ schema: 1, roles: [{ id: 'a', parents: ['b'] }, { id: 'b', parents: ['a'] }] }); }
    catch (e) { cycle = { name: e.name, code: e.code, path: e.path, message: e.message }; }
    const log = new ChangeLog();
    log.append('carol', 'quarterly review', [{ kind: 'grantRemoved', role: 'auditor' }], Date.UTC(2026, 10, 1));
    log.append('carol', 'new hire', [{ kind: 'assignmentAdded', user: 'frank', role: 'clerk' }], Date.UTC(2026, 10, 2));
    const verified = log.verify();
    const tampered = JSON.parse(log.toJson());
    tampered.entries[0].reason = 'nothing to see';
    let tamperError;
    try { ChangeLog.fromJson(JSON.stringify(tampered)).verify(); } catch (e) { tamperError = { code: e.code, path: e.path }; }
    const audit = matrix.audit(Date.UTC(2026, 10, 23), null, 'en').map((f) => f.code);
    const assigned = matrix.assign('alice', 'approver');
    const refused = AccessMatrix.fromJson({ ...matrix.toJson(), constraints: { separationOfDuties: [{ roles: ['clerk', 'approver'] }] } }).assign('alice', 'approver');
    const changes = AccessMatrix.diff(matrix, AccessMatrix.fromJson(assigned.model)).map((c) => c.kind);
    const snapshot = matrix.snapshotFor('alice');
    const casbin = AccessMatrix.fromCasbin(
      '[request_definition]\\nr = sub, obj, act\\n[policy_definition]\\np = sub, obj, act\\n[role_definition]\\ng = _, _\\n[policy_effect]\\ne = some(where (p.eft == allow))\\n[matchers]\\nm = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act',
      'p, alice, data1, read\\np, data2_admin, data2, read\\ng, alice, data2_admin',
    );
    let unsupported;
    try { AccessMatrix.fromCasbin('[request_definition]\\nr = sub, obj, act\\n[policy_definition]\\np = sub, obj, act\\n[policy_effect]\\ne = some(where (p.eft == allow))\\n[matchers]\\nm = r.sub.Age > 18', ''); } catch (e) { unsupported = e.code; }
    let notForCasbin; try { casbin.grid(); } catch (e) { notForCasbin = e.code; }
    console.log(JSON.stringify({
      audit, assigned: assigned.ok, refused: [refused.ok, refused.code], changes,
      snapshotUsers: snapshot.document.users.map((u) => u.id), snapshotFingerprint: snapshot.fullFingerprint === matrix.fingerprint(),
      casbin: [casbin.enforce('alice', 'data1', 'read'), casbin.enforce('alice', 'data2', 'read'), casbin.enforce('bob', 'data1', 'read'), casbin.can('alice', 'read', 'data2')],
      unsupported, notForCasbin, enforceModel: [matrix.enforce('bob', 'report', 'export'), matrix.enforce('bob', 'eu', 'report', 'export')],
      accessFailures, cycle, verified, tamperError,
      can: [matrix.can('alice', 'create', 'invoice'), matrix.can('alice', 'approve', 'invoice'), matrix.can('nobody', 'x', 'y')],
      grid: matrix.grid().roles, kinds: Array.from(matrix.grid().kinds.slice(0, 6)),
      effective: matrix.effective('alice').allowed.map((p) => p.resource + '.' + p.action),
      requiresMfa: [matrix.effective('alice').requiresMfa, matrix.effective('carol').requiresMfa],
      fingerprint: matrix.fingerprint() === AccessMatrix.fromJson(JSON.stringify(matrix.toJson())).fingerprint(),
    }));
  `);
  const out = JSON.parse(run('node', ['access.mjs', join(root, 'tests/fixtures/access.json')], project));
  assert.deepEqual(out.accessFailures, []);
  assert.deepEqual(out.cycle, { name: 'AccountRulesError', code: 'access.model.role_cycle', path: 'roles[1].parents[0]', message: 'roles inherit from each other in a cycle: a → b → a' });
  assert.equal(out.verified, 2);
  assert.deepEqual(out.tamperError, { code: 'changelog.tampered', path: 'entries[0].hash' });
  assert.deepEqual(out.can, [true, false, false]);
  assert.deepEqual(out.grid, ['viewer', 'clerk', 'approver', 'admin', 'auditor']);
  assert.deepEqual(out.kinds, [1, 0, 0, 0, 4, 0]); // viewer: invoice.read direct, report.read conditional
  assert.deepEqual(out.effective, ['invoice.read', 'invoice.create']);
  assert.deepEqual(out.requiresMfa, [[], ['approver']]); // carol is admin, which inherits approver (requiresMfa)
  assert.equal(out.fingerprint, true);
  assert.ok(out.audit.includes('audit.disabled_user_has_roles') && out.audit.includes('audit.grant_review_due'), out.audit.join());
  assert.equal(out.assigned, true);
  assert.deepEqual(out.refused, [false, 'access.assign.separation_of_duties']);
  assert.deepEqual(out.changes, ['assignmentAdded']);
  assert.deepEqual(out.snapshotUsers, ['alice']);
  assert.equal(out.snapshotFingerprint, true);
  assert.deepEqual(out.casbin, [true, true, false, true]);
  assert.equal(out.unsupported, 'casbin.unsupported');
  assert.equal(out.notForCasbin, 'access.casbin.unsupported_operation');
  assert.deepEqual(out.enforceModel, [false, true]);
});

test('JSON Schema: accepts every preset and fixture policy, rejects what the library rejects', async () => {
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  const schema = JSON.parse(readFileSync(join(project, 'node_modules/account-rules/schema/password-policy.schema.json'), 'utf8'));
  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
  const presetsDir = join(project, 'node_modules/account-rules/presets');
  const documents = readdirSync(presetsDir).map((f) => JSON.parse(readFileSync(join(presetsDir, f), 'utf8')));
  documents.push(...Object.values(policyFixture.policies).filter((d) => typeof d !== 'string'));
  assert.equal(documents.length, 4 + 13);
  for (const doc of documents) assert.ok(validate(doc), `${doc.name}: ${JSON.stringify(validate.errors)}`);
  const invalid = [
    { schema: 1, rules: [{ rule: 'length', min: '8' }] },
    { schema: 1, rules: [{ rule: 'length', mni: 8 }] },
    { schema: 1, rules: [{ rule: 'lenght' }] },
    { schema: 1, colour: 'red' },
    { schema: 2 },
    { rules: [] },
    { schema: 1, rules: [{ rule: 'history' }] },
    { schema: 1, lockout: { windowMinutes: 5 } },
  ];
  for (const doc of invalid) assert.equal(validate(doc), false, JSON.stringify(doc));
  // With a $schema key for editors, a document still loads, with the same fingerprint.
  const { PasswordPolicy } = createRequire(join(project, 'package.json'))('account-rules');
  const plain = PasswordPolicy.preset('nist-800-63b');
  const annotated = PasswordPolicy.fromJson({ $schema: './node_modules/account-rules/schema/password-policy.schema.json', ...plain.toJson() });
  assert.equal(annotated.fingerprint(), plain.fingerprint());
});

test('Node ESM: golden vectors through `import`', () => {
  writeFileSync(join(project, 'check.mjs'), `
    import { estimateStrength, prepare } from 'account-rules';
    import { readFileSync } from 'node:fs';
    const cases = JSON.parse(readFileSync(process.argv[2], 'utf8')).cases;
    prepare();
    ${CHECK_BODY}
    console.log(JSON.stringify({ failures, error, count: cases.length }));
  `);
  const out = JSON.parse(run('node', ['check.mjs', join(root, 'tests/fixtures/strength.json')], project));
  assert.deepEqual(out.failures, []);
  assert.equal(out.count, golden.length);
  assert.deepEqual(out.error, { isError: true, name: 'AccountRulesError', code: 'locale.unsupported', path: 'locale' });
});

test('Node CommonJS: golden vectors through `require`', () => {
  writeFileSync(join(project, 'check.cjs'), `
    const { estimateStrength } = require('account-rules');
    const cases = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8')).cases;
    ${CHECK_BODY}
    console.log(JSON.stringify({ failures, error }));
  `);
  const out = JSON.parse(run('node', ['check.cjs', join(root, 'tests/fixtures/strength.json')], project));
  assert.deepEqual(out.failures, []);
  assert.equal(out.error.code, 'locale.unsupported');
});

test('TypeScript: a consumer type-checks against the shipped .d.ts (tsc --noEmit)', () => {
  const tsc = join(root, 'node_modules/.bin/tsc');
  try {
    run(tsc, ['-p', join(project, 'tsconfig.json')], project);
  } catch (err) {
    assert.fail(`tsc reported errors:\n${err.stdout}${err.stderr}`);
  }
});

async function page(url) {
  browser ??= await chromium.launch(launchOptions());
  server ??= await startServer({ port: 0, mounts: [['/', project]] });
  const p = await browser.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} (${m.location().url})`));
  await p.goto(new URL(url, server.url).href);
  return { p, errors };
}

/** Waits for the page to publish `window.RESULT`; fails early with the page's errors. */
async function result({ p, errors }, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const value = await p.evaluate(() => window.RESULT);
    if (value !== undefined) return value;
    if (errors.length) assert.fail(`the page failed:\n${errors.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no result within ${timeout} ms`);
}

test('bundler: webpack bundles the default entry and it runs in Chromium', async () => {
  writeFileSync(join(project, 'entry.js'), `
    import { estimateStrength } from 'account-rules';
    const cases = window.GOLDEN;
    ${CHECK_BODY}
    window.RESULT = { failures, error };
  `);
  const require = createRequire(import.meta.url);
  const stats = await new Promise((ok, fail) => webpack({
    mode: 'production',
    context: project,
    entry: './entry.js',
    target: 'web',
    output: { path: join(project, 'dist'), filename: 'bundle.js', publicPath: '/dist/' },
    experiments: { asyncWebAssembly: true },
    resolve: { modules: [join(project, 'node_modules')] },
    resolveLoader: { modules: [dirname(require.resolve('webpack/package.json'))] },
    performance: { hints: false },
  }, (err, s) => (err ? fail(err) : ok(s))));
  assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true }));
  writeFileSync(join(project, 'golden.js'), `window.GOLDEN = ${JSON.stringify(golden)};`);
  writeFileSync(join(project, 'bundled.html'), '<!doctype html><script src="/golden.js"></script><script src="/dist/bundle.js"></script>');
  const loaded = await page('/bundled.html');
  const out = await result(loaded, 60_000);
  assert.deepEqual(loaded.errors, []);
  assert.deepEqual(out.failures, []);
  assert.equal(out.error.code, 'locale.unsupported');
  await loaded.p.close();
});

test('browser: the web build (strength, policy and access vectors) and the worker helper (latest input wins)', async () => {
  writeFileSync(join(project, 'web.html'), '<!doctype html><script type="module" src="/web.js"></script>');
  writeFileSync(join(project, 'web.js'), `
    import init, { estimateStrength, PasswordPolicy, AccessMatrix } from '/node_modules/account-rules/web/account_rules.js';
    import { createStrengthWorker } from '/node_modules/account-rules/worker/index.js';
    await init();
    const cases = ${JSON.stringify(golden)};
    ${CHECK_BODY}
    const fixture = await (await fetch('/policy-fixture.json')).json();
    ${POLICY_CHECK_BODY}
    const accessFixture = await (await fetch('/access-fixture.json')).json();
    ${ACCESS_CHECK_BODY}
    const worker = createStrengthWorker();
    await worker.prepare();
    // Type a long symbol-heavy password one character at a time without waiting.
    const typed = '4@8({[<3691!|70$5+7%2'.repeat(5);
    const calls = [];
    for (let i = 1; i <= typed.length; i++) calls.push(worker.estimate(typed.slice(0, i), { locale: 'zh-CN' }));
    const settled = await Promise.all(calls);
    const last = settled.at(-1);
    let workerError;
    try { await worker.estimate('x', { locale: 'xx' }); } catch (e) { workerError = { name: e.name, code: e.code, path: e.path }; }
    worker.terminate();
    let afterTerminate;
    try { await worker.estimate('x'); } catch (e) { afterTerminate = e.code; }
    window.RESULT = {
      failures, error,
      superseded: settled.slice(0, -1).filter((r) => r === null).length,
      stale: settled.slice(0, -1).filter((r) => r !== null).length,
      last: { totalChars: last.totalChars, locale: last.locale, score: last.score, truncated: last.truncated },
      workerError, afterTerminate, policyFailures, fingerprints, accessFailures,
    };
  `);
  cpSync(join(root, 'tests/fixtures/policy.json'), join(project, 'policy-fixture.json'));
  cpSync(join(root, 'tests/fixtures/access.json'), join(project, 'access-fixture.json'));
  const loaded = await page('/web.html');
  const out = await result(loaded, 120_000);
  assert.deepEqual(out.policyFailures, []);
  assert.deepEqual(out.accessFailures, []);
  assert.deepEqual(out.fingerprints, presetFingerprints);
  assert.deepEqual(loaded.errors, []);
  assert.deepEqual(out.failures, []);
  assert.equal(out.error.code, 'locale.unsupported');
  // Every call but the last was overtaken by a newer one and resolved to null, never to a stale report.
  assert.equal(out.stale, 0);
  assert.equal(out.superseded, 104);
  assert.deepEqual(out.last, { totalChars: 105, locale: 'zh-CN', score: 4, truncated: true });
  assert.deepEqual(out.workerError, { name: 'AccountRulesError', code: 'locale.unsupported', path: 'locale' });
  assert.equal(out.afterTerminate, 'worker.terminated');
  await loaded.p.close();
});
