// The admin page (www/admin.html) in headless Chromium against the real demo server (a fresh
// database): the grid computed in the page must match the package's `check` for every cell, the
// page's explanation must agree with the server's, an edit shows its diff before it is saved and
// lands in the verified change log, the audit findings and both languages show, the page works
// from the keyboard, and a user who may not read the model gets the server's refusal. The admin
// must use a second factor (policy.json, access.json): before setting it up the page shows the
// server's 403 `account.mfa.required` with a link to the account page.
//
//   node --test --test-reporter=spec tests/e2e/admin.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { launchOptions } from '../browser.mjs';
import { ROOT, startDemoServer, totp } from './demo-server.mjs';

const shots = join(ROOT, 'target/screenshots');
const { AccessMatrix } = createRequire(import.meta.url)(join(ROOT, 'pkg/node/account_rules.js'));

const ADMIN_PASSWORD = 'Violet quasar ledger 91 thimble';
const SAM_PASSWORD = 'Copper walrus 47 orbit meadow';
const KINDS = ['none', 'direct', 'inherited', 'denied', 'conditional'];

let server, browser, context, page;
const pageErrors = [];

/** A call to the server with the browser context's cookies (the admin's session). */
async function call(method, path, data, ctx = context) {
  const response = await ctx.request.fetch(new URL(path, server.url).href, {
    method,
    data,
    headers: data === undefined ? {} : { 'content-type': 'application/json' },
  });
  return { status: response.status(), body: await response.json().catch(() => null) };
}

/** The server's current model, compiled by the Node build of the package. */
async function serverModel() {
  const { status, body } = await call('GET', '/api/access/model');
  assert.equal(status, 200, JSON.stringify(body));
  return { ...body, matrix: AccessMatrix.fromJson(body.model) };
}

/** The roles `role` inherits from (its parents, theirs, …). */
function ancestors(model, role) {
  const found = new Set();
  const queue = [role];
  while (queue.length) {
    const id = queue.shift();
    for (const parent of model.roles.find((r) => r.id === id)?.parents ?? []) {
      if (!found.has(parent)) {
        found.add(parent);
        queue.push(parent);
      }
    }
  }
  return found;
}

const cell = (role, resource, action) => page.locator(`#grid button.cell[data-role="${role}"][data-resource="${resource}"][data-action="${action}"]`);

/** Waits until the explanation of (role, resource, action) shows both decisions. */
async function waitForExplanation(role, resource, action) {
  await page.waitForFunction(
    ([r, s, a]) => {
      const panel = document.querySelector('#explanation');
      return (
        panel && !panel.hidden && panel.dataset.role === r && panel.dataset.resource === s && panel.dataset.action === a &&
        document.querySelector('#decision-server').dataset.state !== 'pending' &&
        document.querySelector('#agreement').dataset.agree !== ''
      );
    },
    [role, resource, action],
  );
}

/** One decision column of the explanation as data. */
const decisionOf = (id) =>
  page.$eval(id, (article) => ({
    allowed: article.dataset.allowed,
    code: article.dataset.code,
    fields: Object.fromEntries([...article.querySelectorAll('dd[data-field]')].map((dd) => [dd.dataset.field, { value: dd.dataset.value, text: dd.textContent }])),
  }));

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startDemoServer();
  browser = await chromium.launch(launchOptions());
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1300 } });
  const signup = await call('POST', '/api/signup', { username: 'admin', password: ADMIN_PASSWORD, displayName: 'Ada Admin' });
  assert.equal(signup.status, 201, JSON.stringify(signup.body));
  assert.deepEqual(signup.body.account.roles, ['admin']);
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(new URL('admin.html', server.url).href);
  // No second factor yet: refused, with the way to set it up.
  await page.waitForFunction(() => document.querySelector('#refusal')?.dataset.code === 'account.mfa.required');
  assert.equal(await page.getAttribute('#refusal', 'data-status'), '403');
  assert.match(await page.textContent('#refusal-detail'), /^HTTP 403 · account\.mfa\.required: .*set it up on your account page/);
  assert.equal(await page.isVisible('#refusal-mfa'), true);
  assert.equal(await page.getAttribute('#refusal-mfa', 'href'), 'account.html#mfa-title');
  assert.equal(await page.isHidden('#refusal-login'), true);
  assert.equal(await page.isHidden('#workspace'), true);
  // The admin sets it up through the API (the account page's way is account.test.mjs's).
  const setup = await call('POST', '/api/account/mfa', {});
  assert.equal(setup.status, 200, JSON.stringify(setup.body));
  const confirmed = await call('POST', '/api/account/mfa/confirm', { code: totp(setup.body.secret) });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.account.mfa.sessionVerified, true);
  await page.reload();
  await page.locator('#grid button.cell').first().waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the grid shows every role × permission with the source that check() gives, and the fingerprints agree', async () => {
  const { model, fingerprint, matrix } = await serverModel();
  const grid = matrix.grid();
  const cells = await page.$$eval('#grid button.cell', (buttons) =>
    buttons.map((b) => ({ ...b.dataset, label: b.getAttribute('aria-label'), text: b.textContent.trim() })),
  );
  assert.equal(cells.length, grid.roles.length * grid.columns.length);
  for (const shown of cells) {
    const row = grid.roles.indexOf(shown.role);
    const col = grid.columns.findIndex((c) => c.resource === shown.resource && c.action === shown.action);
    assert.ok(row >= 0 && col >= 0, `${shown.role} ${shown.resource} ${shown.action} is in the grid`);
    const index = row * grid.columns.length + col;
    const where = `${shown.role} · ${shown.action} on ${shown.resource}`;
    assert.equal(shown.kind, KINDS[grid.kinds[index]], where);
    assert.equal(Number(shown.grant), grid.grants[index], where);
    assert.ok(shown.text.length > 0, `${where} shows an icon or a word, not just a colour`);
    assert.ok(shown.label.startsWith(model.roles.find((r) => r.id === shown.role).label), where);

    const decision = matrix.check({ roles: [shown.role], action: shown.action, resource: shown.resource }, 'en');
    const grant = decision.explanation.grant;
    switch (shown.kind) {
      case 'direct':
        assert.ok(decision.allowed && grant.role === shown.role && grant.index === Number(shown.grant), where);
        break;
      case 'inherited': {
        // Allowed through a parent. The grid names the grant of the first parent (in `parents`
        // order) that has the permission; check() names the nearest one (breadth-first), so with
        // several parents the two may name different grants: both must be allow grants of an
        // ancestor covering the permission.
        assert.ok(decision.allowed && grant.role !== shown.role, where);
        for (const index of [grant.index, Number(shown.grant)]) {
          const source = model.grants[index];
          assert.ok(ancestors(model, shown.role).has(source.role), `${where}: grant #${index} belongs to an ancestor`);
          assert.ok((source.effect ?? 'allow') === 'allow' && (source.actions === '*' || source.actions.includes(shown.action)) && source.resource === shown.resource, `${where}: grant #${index} allows it`);
        }
        assert.match(shown.label, new RegExp(`inherited from ${model.grants[Number(shown.grant)].role}`), where);
        break;
      }
      case 'denied':
        assert.equal(decision.code, 'access.denied.deny_rule', where);
        assert.equal(grant.index, Number(shown.grant), where);
        break;
      case 'conditional':
        assert.ok(decision.allowed || decision.code === 'access.denied.condition', `${where}: ${decision.code}`);
        assert.equal(grant.index, Number(shown.grant), where);
        break;
      default:
        assert.equal(decision.code, 'access.denied.no_grant', where);
        assert.equal(Number(shown.grant), -1, where);
    }
  }
  // Every kind appears in the demo model, and the legend names each in words.
  assert.deepEqual([...new Set(cells.map((c) => c.kind))].sort(), [...KINDS].sort());
  assert.deepEqual(await page.$$eval('#legend li', (items) => items.map((li) => li.dataset.kind)), KINDS);

  // An accessible table: caption, header cells with scope.
  assert.match(await page.textContent('#grid caption'), /Roles \(rows\) × permissions \(columns\)/);
  assert.equal(await page.locator('#grid tbody th[scope="row"]').count(), grid.roles.length);
  assert.equal(await page.locator('#grid thead th[scope="col"]').count(), grid.columns.length + 1);
  assert.ok((await page.locator('#grid thead th[scope="colgroup"]').count()) > 0);

  // The note and the fingerprints: computed here, the server's, the same.
  assert.equal(await page.textContent('.mirror-note p'), 'This page mirrors the server’s rules; the server decides.');
  assert.equal(matrix.fingerprint(), fingerprint);
  assert.equal(await page.getAttribute('#fingerprint-page', 'title'), fingerprint);
  assert.equal(await page.getAttribute('#fingerprint-server', 'title'), fingerprint);
  assert.equal(await page.getAttribute('#fingerprint-agree', 'data-agree'), 'true');
  matrix.free();
});

test('a denied cell explains itself: the page decides as the package does, and the server agrees', async () => {
  const { matrix } = await serverModel();

  await cell('support', 'customers', 'export').click();
  await waitForExplanation('support', 'customers', 'export');
  const expected = matrix.check({ roles: ['support'], action: 'export', resource: 'customers' }, 'en');
  assert.equal(expected.code, 'access.denied.deny_rule');
  const mine = await decisionOf('#decision-page');
  const theirs = await decisionOf('#decision-server');
  assert.equal(mine.allowed, 'false');
  assert.equal(mine.code, 'access.denied.deny_rule');
  assert.equal(mine.fields.message.text, expected.message);
  assert.equal(mine.fields.path.value, expected.explanation.path.join(','));
  assert.equal(mine.fields.grant.value, String(expected.explanation.grant.index));
  assert.match(mine.fields.grant.text, /deny on role support/);
  assert.deepEqual(theirs, mine);
  assert.equal(await page.getAttribute('#agreement', 'data-agree'), 'true');
  assert.equal(await page.textContent('#agreement'), '✓ The page and the server agree (code, message and explanation).');
  assert.equal(await cell('support', 'customers', 'export').getAttribute('aria-pressed'), 'true');

  await cell('support', 'reports', 'export').click();
  await waitForExplanation('support', 'reports', 'export');
  const noGrant = matrix.check({ roles: ['support'], action: 'export', resource: 'reports' }, 'en');
  const mine2 = await decisionOf('#decision-page');
  assert.equal(mine2.code, 'access.denied.no_grant');
  assert.equal(mine2.fields.message.text, noGrant.message);
  assert.equal(mine2.fields.wouldBeGrantedBy.value, noGrant.explanation.wouldBeGrantedBy.map((w) => w.role).join(','));
  assert.ok(mine2.fields.wouldBeGrantedBy.value.length > 0);
  assert.equal(mine2.fields.grant.value, '');
  assert.deepEqual(await decisionOf('#decision-server'), mine2);
  assert.equal(await page.getAttribute('#agreement', 'data-agree'), 'true');
  matrix.free();
});

test('allowing support to export reports: the diff is shown before saving, a reason is required, the change log records it', async () => {
  const before = await serverModel();
  await cell('support', 'reports', 'export').click();
  await waitForExplanation('support', 'reports', 'export');
  assert.equal(await page.textContent('#edit-current'), 'support has no grant of its own for export on reports.');
  assert.equal(await page.isDisabled('#edit-remove'), true);

  await page.click('#edit-allow');
  await page.locator('#edit-form').waitFor();
  // The diff, before anything is saved: one grant added at the end.
  const diff = await page.$$eval('#diff li', (items) => items.map((li) => ({ ...li.dataset, text: li.textContent })));
  assert.equal(diff.length, 1);
  assert.equal(diff[0].kind, 'grantAdded');
  assert.equal(diff[0].index, String(before.model.grants.length));
  assert.equal(diff[0].role, 'support');
  assert.equal(diff[0].resource, 'reports');
  assert.match(diff[0].text, new RegExp(`Add grant #${before.model.grants.length}: allow support to export on reports`));
  assert.match(await page.textContent('#edit-after'), /will be ✓ allowed \(access\.allowed\)/);
  assert.equal((await call('GET', '/api/access/changelog')).body.entries.length, 0, 'nothing saved yet');

  // No reason, no save.
  await page.click('#edit-save');
  await page.locator('#edit-error').waitFor();
  assert.equal(await page.textContent('#edit-error'), 'Give a reason: the change log records why every change was made.');
  assert.equal(await page.getAttribute('#reason', 'aria-invalid'), 'true');
  assert.equal((await call('GET', '/api/access/changelog')).body.entries.length, 0);

  const reason = 'Support prepares the monthly customer reports';
  await page.fill('#reason', reason);
  await page.click('#edit-save');
  await page.locator('#changelog li.entry').first().waitFor();
  await page.waitForFunction(() => document.querySelector('#grid button.cell[data-role="support"][data-resource="reports"][data-action="export"]')?.dataset.kind === 'direct');
  await page.waitForFunction(() => /^Saved: the server accepted the change as version \d+/.test(document.querySelector('#status').textContent));

  // The server's view: the new model, one verified log entry by admin with the reason and the change.
  const after = await serverModel();
  assert.equal(after.model.grants.length, before.model.grants.length + 1);
  assert.equal(after.matrix.check({ roles: ['support'], action: 'export', resource: 'reports' }).allowed, true);
  const log = (await call('GET', '/api/access/changelog')).body;
  assert.equal(log.verification.ok, true, JSON.stringify(log.verification));
  assert.equal(log.entries.length, 1);
  const [entry] = log.entries;
  assert.equal(entry.actor, 'admin');
  assert.equal(entry.reason, reason);
  // The entry ties the log to the model: the version it produced and the fingerprints before and after.
  assert.deepEqual(
    { version: entry.changes.version, from: entry.changes.from, to: entry.changes.to },
    { version: after.version, from: before.fingerprint, to: after.fingerprint },
  );
  assert.deepEqual(entry.changes.changes.map((c) => [c.kind, c.grant?.role, c.grant?.resource, c.grant?.actions]), [['grantAdded', 'support', 'reports', ['export']]]);

  // The page's change log shows the same entry, and the chain verifies.
  const shown = await page.$$eval('#changelog li.entry', (items) =>
    items.map((li) => ({
      ...li.dataset,
      reason: li.querySelector('.entry-reason').dataset.reason,
      version: { ...li.querySelector('.entry-version').dataset, text: li.querySelector('.entry-version').textContent },
      changes: [...li.querySelectorAll('.changes li')].map((c) => c.dataset.kind + ' ' + c.textContent),
    })),
  );
  assert.equal(shown.length, 1);
  assert.equal(shown[0].seq, String(entry.seq));
  assert.equal(shown[0].actor, 'admin');
  assert.equal(shown[0].reason, reason);
  assert.equal(shown[0].version.version, String(after.version));
  assert.equal(shown[0].version.from, before.fingerprint);
  assert.equal(shown[0].version.to, after.fingerprint);
  const short = (fingerprint) => fingerprint.replace(/^sha256:/, '').slice(0, 12);
  assert.equal(shown[0].version.text, `Version ${after.version}: model ${short(before.fingerprint)} → ${short(after.fingerprint)}`);
  assert.equal(shown[0].changes.length, 1);
  assert.match(shown[0].changes[0], /^grantAdded .*allow support to export on reports/);
  assert.equal(await page.getAttribute('#changelog-verification', 'data-ok'), 'true');
  assert.match(await page.textContent('#changelog-verification'), /^✓ The hash chain verifies: 1 entry/);

  // The fingerprints follow the new model, and the explanation is the new decision, still agreed.
  await page.waitForFunction((fp) => document.querySelector('#fingerprint-server').title === fp, after.fingerprint);
  assert.equal(await page.getAttribute('#fingerprint-page', 'title'), after.fingerprint);
  await waitForExplanation('support', 'reports', 'export');
  assert.equal((await decisionOf('#decision-page')).code, 'access.allowed');
  await page.waitForFunction(() => document.querySelector('#decision-server').dataset.code === 'access.allowed');
  assert.equal(await page.getAttribute('#agreement', 'data-agree'), 'true');
  assert.equal(await page.isHidden('#edit-form'), true);

  await page.screenshot({ path: join(shots, 'admin.png'), fullPage: true });
  before.matrix.free();
  after.matrix.free();
});

test('an edit based on a model that changed meanwhile is refused (409 access.model.stale) and the page reloads', async () => {
  const current = await serverModel();
  // Someone else (the same admin, elsewhere) records a review of bea's roles.
  const reviewed = structuredClone(current.model);
  reviewed.users.find((u) => u.id === 'bea').reviewedAt = '2026-11-20T00:00:00Z';
  const elsewhere = await call('PUT', '/api/access/model', { model: reviewed, reason: 'Quarterly review of bea', baseFingerprint: current.fingerprint });
  assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));

  await cell('billing', 'invoices', 'approve').click();
  await waitForExplanation('billing', 'invoices', 'approve');
  await page.click('#edit-deny');
  await page.locator('#edit-form').waitFor();
  assert.deepEqual(await page.$$eval('#diff li', (items) => items.map((li) => li.dataset.kind)), ['grantAdded']);
  await page.fill('#reason', 'Billing must never approve');
  await page.click('#edit-save');
  await page.waitForFunction(() => document.querySelector('#edit-error').dataset.code === 'access.model.stale');
  assert.match(await page.textContent('#edit-error'), /^Not saved\. HTTP 409 · access\.model\.stale/);
  await page.waitForFunction((fp) => document.querySelector('#fingerprint-server').title === fp, elsewhere.body.fingerprint);
  await page.waitForFunction(() => /changed elsewhere/.test(document.querySelector('#status').textContent));
  assert.equal(await cell('billing', 'invoices', 'approve').getAttribute('data-kind'), 'none');
  await page.waitForFunction(() => document.querySelectorAll('#changelog li.entry').length === 2);
  assert.equal(await page.getAttribute('#changelog li.entry', 'data-actor'), 'admin');
  current.matrix.free();
});

test('a model the server rejects (422) shows the server’s code, path and message, and nothing is saved', async () => {
  const entries = (await call('GET', '/api/access/changelog')).body.entries.length;
  await cell('billing', 'invoices', 'approve').click();
  await waitForExplanation('billing', 'invoices', 'approve');
  await page.click('#edit-deny');
  await page.locator('#edit-form').waitFor();
  await page.fill('#reason', 'Billing must never approve');
  // What a tampered page would send: a grant on a resource the model does not have.
  const tamper = async (route) => {
    const request = route.request();
    if (request.method() !== 'PUT') return route.continue();
    const body = JSON.parse(request.postData());
    body.model.grants.push({ role: 'billing', resource: 'vault', actions: ['open'] });
    return route.continue({ postData: JSON.stringify(body) });
  };
  await page.route('**/api/access/model', tamper);
  try {
    await page.click('#edit-save');
    await page.waitForFunction(() => document.querySelector('#edit-error').dataset.code.startsWith('access.model.'));
  } finally {
    await page.unroute('**/api/access/model', tamper);
  }
  const code = await page.getAttribute('#edit-error', 'data-code');
  const text = await page.textContent('#edit-error');
  assert.match(text, new RegExp(`^Not saved\\. HTTP 422 · ${code.replace(/\./g, '\\.')} at model\\.grants\\[\\d+\\]\\.resource: .*vault`));
  assert.equal(await page.isVisible('#edit-form'), true, 'the edit stays open to be corrected or cancelled');
  assert.equal((await call('GET', '/api/access/changelog')).body.entries.length, entries);
  assert.equal(await cell('billing', 'invoices', 'approve').getAttribute('data-kind'), 'none');
  await page.click('#edit-cancel');
  await page.waitForFunction(() => document.querySelector('#edit-form').hidden && document.querySelector('#edit-error').hidden);
});

test('audit findings are listed with their codes and severities, as the server reports them', async () => {
  const { status, body } = await call('GET', '/api/access/audit?locale=en');
  assert.equal(status, 200);
  await page.waitForFunction((n) => document.querySelectorAll('#findings li').length === n, body.findings.length);
  const shown = await page.$$eval('#findings li', (items) =>
    items.map((li) => ({ code: li.dataset.code, severity: li.dataset.severity, text: li.textContent })),
  );
  assert.deepEqual(shown.map((f) => [f.code, f.severity]), body.findings.map((f) => [f.code, f.severity]));
  const codes = new Set(shown.map((f) => f.code));
  for (const code of ['audit.sod_violation', 'audit.grant_review_due', 'audit.inactive_user_has_roles', 'audit.disabled_user_has_roles']) {
    assert.ok(codes.has(code), `${code} is listed`);
  }
  const sod = shown.find((f) => f.code === 'audit.sod_violation');
  assert.equal(sod.severity, 'error');
  assert.match(sod.text, /error/);
  assert.match(sod.text, /ari/);
  body.findings.forEach((finding, i) => assert.ok(shown[i].text.includes(finding.message)));
});

test('switching to 简体中文 changes every text, the library’s and the server’s messages included', async () => {
  await cell('support', 'customers', 'export').click();
  await waitForExplanation('support', 'customers', 'export');
  const english = await page.$$eval('[data-text]', (nodes) => nodes.map((n) => n.textContent));
  const englishLabel = await cell('support', 'customers', 'export').getAttribute('aria-label');

  await page.selectOption('#lang', 'zh-CN');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN' && document.querySelector('h1').textContent === '访问模型');
  await waitForExplanation('support', 'customers', 'export');
  await page.waitForFunction(() => document.querySelector('#findings li')?.textContent.includes('职责分离') || false);

  const chinese = await page.$$eval('[data-text]', (nodes) => nodes.map((n) => n.textContent));
  assert.equal(chinese.length, english.length);
  chinese.forEach((text, i) => assert.notEqual(text, english[i], `"${english[i]}" is translated`));
  assert.equal(await page.textContent('.mirror-note p'), '本页面使用与服务器相同的规则；以服务器的判定为准。');
  assert.equal(await page.title(), '访问模型 · account-rules 演示');
  assert.notEqual(await cell('support', 'customers', 'export').getAttribute('aria-label'), englishLabel);
  assert.match(await page.textContent('#legend'), /无授权/);

  // The library's messages in Chinese, the page's and the server's, still agreeing.
  const { matrix } = await serverModel();
  const expected = matrix.check({ roles: ['support'], action: 'export', resource: 'customers' }, 'zh-CN');
  const mine = await decisionOf('#decision-page');
  assert.equal(mine.fields.message.text, expected.message);
  assert.deepEqual(await decisionOf('#decision-server'), mine);
  assert.equal(await page.textContent('#agreement'), '✓ 本页面与服务器一致（代码、消息和说明）。');
  const audit = (await call('GET', '/api/access/audit?locale=zh-CN')).body.findings;
  const findings = await page.$$eval('#findings li .finding-message', (items) => items.map((i) => i.textContent));
  assert.deepEqual(findings, audit.map((f) => f.message));
  assert.match(await page.textContent('#changelog-verification'), /^✓ 哈希链校验通过/);
  assert.match(await page.textContent('#changelog .entry-reason'), /^原因：/);
  assert.match(await page.textContent('nav.site-nav'), /管理/);

  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Access model');
  matrix.free();
});

test('keyboard only: Tab reaches the grid, arrow keys move, Enter opens the explanation', async () => {
  await page.reload();
  await page.locator('#grid button.cell').first().waitFor();
  await page.locator('body').focus();
  let presses = 0;
  while (!(await page.evaluate(() => document.activeElement?.matches('button.cell')))) {
    await page.keyboard.press('Tab');
    assert.ok(++presses < 40, 'a grid cell is reachable with Tab');
  }
  // One tab stop for the whole grid: the first cell.
  assert.deepEqual(await page.evaluate(() => ({ ...document.activeElement.dataset })).then((d) => [d.row, d.col]), ['0', '0']);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const focused = await page.evaluate(() => ({ ...document.activeElement.dataset }));
  assert.deepEqual([focused.role, focused.resource, focused.action], ['support', 'customers', 'export']);
  await page.keyboard.press('Enter');
  await waitForExplanation('support', 'customers', 'export');
  assert.equal((await decisionOf('#decision-page')).code, 'access.denied.deny_rule');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'export', 'focus stays on the cell');
  assert.equal(await page.getAttribute('#explanation-live', 'aria-live'), 'polite');
  // Tab leaves the grid for the explanation: the next stop is its Close button.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'explanation-close');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#explanation').hidden);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'export', 'focus returns to the cell');
});

test('a user who may not read the model gets the server’s refusal with its code, and a way to log in', async () => {
  const other = await browser.newContext({ locale: 'en-US' });
  try {
    const visitor = await other.newPage();
    await visitor.goto(new URL('admin.html', server.url).href);
    await visitor.locator('#refusal').waitFor();
    assert.equal(await visitor.getAttribute('#refusal', 'data-code'), 'session.required');
    assert.match(await visitor.textContent('#refusal-detail'), /^HTTP 401 · session\.required: /);

    const signup = await call('POST', '/api/signup', { username: 'sam', password: SAM_PASSWORD }, other);
    assert.equal(signup.status, 201, JSON.stringify(signup.body));
    assert.deepEqual(signup.body.account.roles, ['support']);
    const refused = await call('GET', '/api/access/model', undefined, other);
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.code, /^access\.denied\./);

    await visitor.reload();
    await visitor.waitForFunction(() => document.querySelector('#refusal')?.dataset.status === '403');
    assert.equal(await visitor.getAttribute('#refusal', 'data-code'), refused.body.error.code);
    assert.equal(await visitor.textContent('#refusal-detail'), `HTTP 403 · ${refused.body.error.code}: ${refused.body.error.message}`);
    assert.equal(await visitor.getAttribute('#refusal a', 'href'), 'login.html');
    assert.equal(await visitor.isHidden('#workspace'), true);
    assert.equal(await visitor.locator('#grid button.cell').count(), 0);
  } finally {
    await other.close();
  }
});

test('an auditor may read the model but the page mirrors that they may not edit it', async () => {
  const other = await browser.newContext({ locale: 'en-US' });
  try {
    const signup = await call('POST', '/api/signup', { username: 'ola', password: 'Amber falcon 63 quiet harbour' }, other);
    assert.equal(signup.status, 201, JSON.stringify(signup.body));
    const auditor = await other.newPage();
    await auditor.goto(new URL('admin.html', server.url).href);
    await auditor.locator('#grid button.cell').first().waitFor();
    await auditor.locator('#edit-permission').waitFor();
    const { matrix } = await serverModel();
    const expected = matrix.check({ user: 'ola', action: 'edit', resource: 'accessModel' }, 'en');
    assert.equal(expected.allowed, false);
    assert.equal(await auditor.getAttribute('#edit-permission', 'data-code'), expected.code);
    assert.ok((await auditor.textContent('#edit-permission')).includes(expected.message));
    await auditor.click('#grid button.cell[data-role="viewer"][data-resource="reports"][data-action="read"]');
    await auditor.locator('#explanation').waitFor();
    for (const id of ['#edit-allow', '#edit-deny', '#edit-remove']) assert.equal(await auditor.isDisabled(id), true, id);
    // The server agrees: an auditor's save is refused.
    const current = await call('GET', '/api/access/model', undefined, other);
    const refused = await call('PUT', '/api/access/model', { model: current.body.model, reason: 'try', baseFingerprint: current.body.fingerprint }, other);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, expected.code);
    matrix.free();
  } finally {
    await other.close();
  }
});

test('no script error on the page', () => {
  assert.deepEqual(pageErrors, []);
});
