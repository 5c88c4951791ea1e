// The demo signup page in headless Chromium, driven as a person would: typing, pasting,
// switching language, keyboard only, submitting. Runs against the real demo server (the Rust
// binary target/debug/demo-server, a fresh database) and the built pkg/: the page's verdict and
// the server's must agree code for code.
//
//   node --test tests/e2e/signup.test.mjs      (pkg-scripts/test.sh runs it after build.sh)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { launchOptions } from '../browser.mjs';
import { startDemoServer } from './demo-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'target/screenshots');
// The demo's policy, read by the Node build of the package: the page must show the same rules
// and fingerprint (the server will enforce this file).
const { PasswordPolicy } = createRequire(import.meta.url)(join(root, 'pkg/node/account_rules.js'));
const policyJson = readFileSync(join(root, 'www/policy.json'), 'utf8');
const policyRules = JSON.parse(policyJson).rules.map((r) => r.rule);
const policyFingerprint = PasswordPolicy.fromJson(policyJson).fingerprint();
let server, browser, page, meter;
const problems = [];
/** Refusals the tests provoke on purpose (422, 409): the API answers them, and Chromium logs them. */
const refusals = [];

/** Collects what would be a bug of the page: errors, failed requests, unexpected HTTP errors. */
function watch(p) {
  p.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    // Chromium logs every 4xx answer of fetch(); the API's refusals are data, checked by the tests.
    if (/status of 4\d\d/.test(m.text()) && new URL(m.location().url || server.url).pathname.startsWith('/api/')) return;
    problems.push(`console ${m.type()}: ${m.text()}`);
  });
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  p.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  p.on('response', (r) => {
    if (r.status() < 400) return;
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/') && r.status() < 500) refusals.push(`${r.status()} ${r.request().method()} ${path}`);
    else problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
}

const typePassword = async (value) => {
  await page.fill('#password', '');
  await page.locator('#password').pressSequentially(value);
};

/** The checklist as the page shows it: one entry per <li>. */
const checklist = () =>
  page.$$eval('#policy-rules li', (items) =>
    items.map((li) => ({
      rule: li.dataset.rule,
      status: li.dataset.status,
      shown: li.dataset.shown,
      code: li.dataset.code,
      icon: li.querySelector('.rule-icon').textContent,
      label: li.querySelector('.visually-hidden').textContent,
      message: li.querySelector('.rule-message').textContent,
    })),
  );
const ruleOf = async (rule) => (await checklist()).find((item) => item.rule === rule);
/** Waits until the checklist item of `rule` has `status` (and `code`, when given). */
const waitForRule = (rule, status, code = null) =>
  page.waitForFunction(
    ([r, s, c]) => {
      const li = document.querySelector(`#policy-rules li[data-rule="${r}"]`);
      return li && li.dataset.status === s && (c === null || li.dataset.code === c);
    },
    [rule, status, code],
  );
/** The score in the minStrength item's English message: "… (strength N of 4; 3 needed)". */
const minStrengthScore = async () => (await ruleOf('minStrength')).message.match(/strength (\d) of 4/)[1];

/** The verdict list: one entry per rule, the page's side and the server's. */
const verdictRows = (p = page) =>
  p.$$eval('#verdict-rules li', (items) =>
    items.map((li) => ({
      rule: li.dataset.rule,
      agreement: li.dataset.agreement,
      pageStatus: li.dataset.pageStatus,
      pageCode: li.dataset.pageCode,
      serverStatus: li.dataset.serverStatus,
      serverCode: li.dataset.serverCode,
      marker: li.querySelector('.agreement').textContent,
      pageMessage: li.querySelector('[data-side=page] .verdict-message').textContent,
      serverMessage: li.querySelector('[data-side=server] .verdict-message').textContent,
      serverLang: li.querySelector('[data-side=server] .verdict-message').lang,
    })),
  );

/** Clicks submit and resolves to the JSON the server answered to POST /api/signup. */
async function submitSignup(p = page) {
  const [response] = await Promise.all([
    p.waitForResponse((r) => new URL(r.url()).pathname === '/api/signup' && r.request().method() === 'POST'),
    p.click('button[type=submit]'),
  ]);
  return { status: response.status(), body: await response.json() };
}

/**
 * The page and the server agree code for code: every rule the page decided has the same status
 * and code in the server's report (the answer itself, and as the verdict list shows it); the
 * rules the page left pending are settled by the server with `settled` codes.
 */
async function assertAgreement(p, serverReport, checklistNow, settled = { history: ['password.history.ok', 'password.history.reused'] }) {
  assert.deepEqual(serverReport.rules.map((r) => r.rule), policyRules, 'the server reports every rule, in order');
  const rows = await verdictRows(p);
  assert.equal(rows.length, policyRules.length);
  for (const [index, item] of checklistNow.entries()) {
    const server = serverReport.rules[index];
    const row = rows[index];
    assert.equal(row.rule, item.rule);
    assert.equal(row.pageCode, item.code, `${item.rule}: the verdict shows the checklist's code`);
    assert.equal(row.serverCode, server.code, `${item.rule}: the verdict shows the server's code`);
    if (item.status === 'pending') {
      assert.ok(settled[item.rule]?.includes(server.code), `${item.rule}: settled by the server (${server.code})`);
      assert.notEqual(server.status, 'pending');
      assert.equal(row.agreement, 'settled');
    } else {
      assert.deepEqual([server.status, server.code], [item.status, item.code], `${item.rule}: page and server agree`);
      assert.equal(row.agreement, 'agree');
      assert.match(row.marker, /Agree|一致/);
    }
  }
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startDemoServer();
  browser = await chromium.launch(launchOptions());
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 1100 } });
  page = await context.newPage();
  watch(page);
  await page.goto(server.url);
  meter = page.locator('#meter');
  assert.equal(await meter.getAttribute('data-score'), '');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('before anything is typed, the checklist lists every rule of policy.json without a verdict', async () => {
  await page.waitForFunction((n) => document.querySelectorAll('#policy-rules li').length === n, policyRules.length);
  const items = await checklist();
  assert.deepEqual(items.map((item) => item.rule), policyRules);
  for (const item of items) {
    const expected = item.rule === 'history' ? 'pending' : 'idle';
    assert.equal(item.shown, expected, `${item.rule} is shown ${expected}`);
  }
  assert.equal(await page.textContent('#policy-summary'), '8 rules, checked as you type · 1 checked by the server');
  assert.equal(await page.textContent('#policy-fingerprint'), policyFingerprint.slice('sha256:'.length, 'sha256:'.length + 12));
  assert.equal(await page.getAttribute('#policy-fingerprint', 'title'), policyFingerprint);
  assert.equal(await page.isEnabled('#generate'), true);
});

test('a top-10 password scores 0 with its warning and suggestion', async () => {
  await typePassword('password');
  await page.waitForFunction(() => document.querySelector('#meter').dataset.score === '0');
  assert.equal(await page.getAttribute('#warning', 'data-code'), 'strength.warning.top10_password');
  assert.equal(await page.textContent('#score-label'), 'Very weak');
  assert.match(await page.textContent('#crack-time'), /^Offline attack on a slow hash .*: less than a second$/);
  assert.deepEqual(await page.$$eval('#suggestions li', (l) => l.map((e) => e.dataset.code)), ['strength.suggestion.add_another_word']);
  assert.equal(await meter.getAttribute('aria-valuenow'), '0');
  assert.equal(await meter.getAttribute('aria-valuetext'), 'Very weak (0 of 4)');
});

test('the same password fails the length and common-password rules in the checklist', async () => {
  await waitForRule('commonPasswords', 'failed', 'password.common.found');
  const length = await ruleOf('length');
  assert.deepEqual([length.status, length.shown, length.code, length.icon], ['failed', 'failed', 'password.length.too_short', '✗']);
  assert.equal(length.label, 'Not met: ');
  assert.equal(length.message, 'At least 12 characters (now 8)');
  assert.equal((await ruleOf('commonPasswords')).shown, 'failed');
  assert.equal((await ruleOf('history')).status, 'pending');
  assert.equal(await page.textContent('#policy-summary'), '4 of 8 rules met · 1 checked by the server');
});

test('a long random passphrase scores 4 without advice', async () => {
  await typePassword('quartz lantern ribbon obscure 7 tundra');
  await page.waitForFunction(() => document.querySelector('#meter').dataset.score === '4');
  assert.equal(await page.isHidden('#warning'), true);
  assert.equal(await page.$$eval('#suggestions li', (l) => l.length), 0);
});

test('a strong passphrase passes every rule the page decides; history stays pending, never passed', async () => {
  await typePassword('Quartz-lantern-ribbon-7');
  await waitForRule('length', 'passed');
  await page.waitForFunction(() => !document.querySelector('#policy-rules li[data-status=failed]'));
  for (const item of await checklist()) {
    if (item.rule === 'history') {
      assert.deepEqual([item.status, item.shown, item.code, item.icon], ['pending', 'pending', 'password.history.pending', '…']);
      assert.equal(item.label, 'Checked by the server: ');
      assert.match(item.message, /server/);
    } else {
      assert.deepEqual([item.status, item.shown, item.icon], ['passed', 'passed', '✓'], item.rule);
      // notSimilarToCurrent has no current password on a signup form: passed, not applicable.
      assert.match(item.code, item.rule === 'notSimilarToCurrent' ? /^password\.current\.not_applicable$/ : /\.ok$/);
    }
  }
  assert.equal(await page.textContent('#policy-summary'), '8 of 8 rules met · 1 checked by the server');
});

test("the user's own details in the password are penalised", async () => {
  await page.fill('#username', 'jonathanwick');
  await typePassword('jonathanwick1987');
  await page.waitForFunction(() => document.querySelector('#warning').dataset.code === 'strength.warning.contains_user_input');
  const scoreWithUsername = await meter.getAttribute('data-score');
  await waitForRule('personalInfo', 'failed', 'password.personal_info.found');
  assert.equal((await ruleOf('personalInfo')).message, 'Contains your username');
  await page.fill('#username', '');
  await page.waitForFunction(() => document.querySelector('#warning').dataset.code !== 'strength.warning.contains_user_input');
  const scoreWithoutUsername = await meter.getAttribute('data-score');
  assert.ok(Number(scoreWithUsername) < Number(scoreWithoutUsername), `${scoreWithUsername} < ${scoreWithoutUsername}`);
  await waitForRule('personalInfo', 'passed'); // re-checked when the username changes
  await page.fill('#username', 'jonathanwick');
  await page.fill('#display-name', 'Jonathan Wick');
  await page.fill('#email', 'jonathan.wick@example.com');
  await page.waitForFunction(() => document.querySelector('#warning').dataset.code === 'strength.warning.contains_user_input');
  await waitForRule('personalInfo', 'failed', 'password.personal_info.found');
  assert.equal(await minStrengthScore(), await meter.getAttribute('data-score'));
});

test('the meter and the minStrength rule score the password with the same personal details', async () => {
  // The email's local part: a token the meter once left out while the policy check counted it.
  await typePassword('jonathan.wick!42');
  await waitForRule('minStrength', 'failed', 'password.strength.too_weak');
  await page.waitForFunction(() => document.querySelector('#warning').dataset.code === 'strength.warning.contains_user_input');
  assert.equal(await minStrengthScore(), await meter.getAttribute('data-score'));
  await typePassword('jonathanwick1987');
  await page.waitForFunction(() => document.querySelector('#meter').dataset.score === '1');
});

test('a password beyond 100 characters shows how much was evaluated', async () => {
  await page.fill('#password', 'x'.repeat(150));
  await page.waitForFunction(() => !document.querySelector('#truncation').hidden);
  assert.match(await page.textContent('#truncation'), /first 100 of 150 characters/);
  await typePassword('jonathanwick1987');
  await page.waitForFunction(() => document.querySelector('#truncation').hidden);
});

test('a pasted password too long to estimate gives a note, not a score', async () => {
  await page.fill('#password', '密'.repeat(1500));
  await page.waitForFunction(() => !document.querySelector('#strength-error').hidden);
  assert.equal(await page.textContent('#strength-error'), 'This password is too long to be checked here.');
  assert.equal(await meter.getAttribute('data-score'), '');
  assert.equal(await page.textContent('#policy-error'), 'This password is too long to be checked against the rules.');
  assert.equal((await checklist()).length, 0);
  await typePassword('jonathanwick1987');
  await page.waitForFunction(() => document.querySelector('#strength-error').hidden && document.querySelector('#meter').dataset.score !== '');
  assert.equal(await page.isHidden('#policy-error'), true);
  assert.equal((await checklist()).length, policyRules.length);
});

test('show/hide works from the keyboard', async () => {
  await page.focus('#password');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'toggle-password');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#password', 'type'), 'text');
  assert.equal(await page.getAttribute('#toggle-password', 'aria-label'), 'Hide password');
});

test('submit: the server refuses the weak password and agrees with the page code for code', async () => {
  const checklistNow = await checklist();
  const answer = await submitSignup();
  assert.equal(answer.status, 422);
  assert.equal(answer.body.ok, false);
  await page.waitForSelector('#verdict:not([hidden])');
  await assertAgreement(page, answer.body.report, checklistNow);
  assert.deepEqual(answer.body.report.failed, checklistNow.filter((i) => i.status === 'failed').map((i) => i.code));
  assert.equal(await page.getAttribute('#verdict', 'data-agree'), 'true');
  assert.equal(await page.textContent('#verdict-summary'), '8 agree · 1 settled by the server · 0 disagree');
  await page.waitForFunction(() => /scores/.test(document.querySelector('#submit-note').textContent));
  assert.match(await page.textContent('#submit-note'), /^The server refused the password: 3 of 9 rules not met\. .*scores 1 of 4 \(Weak\)/);
  assert.match(await page.textContent('#submit-note'), /Rules checked here that are not met yet: 3 of 8\.$/);
  assert.equal(await page.isHidden('#signup-done'), true);
  assert.equal(page.url(), server.url);
  await page.screenshot({ path: join(shots, 'demo-en.png'), fullPage: true });
});

test('the language switch changes every text to Chinese', async () => {
  await page.selectOption('#lang', 'zh-CN');
  await page.waitForFunction(() => document.querySelector('#score-label').textContent === '弱');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('label[for=password]'), '密码');
  assert.equal(await page.getAttribute('#warning', 'data-code'), 'strength.warning.contains_user_input');
  assert.match(await page.textContent('#warning'), /[\u4e00-\u9fff]/);
  assert.match(await page.textContent('#crack-time'), /^离线攻击/);
  assert.match(await page.textContent('.mirror-note'), /服务器/);
  assert.match(await page.textContent('#submit-note'), /^服务器拒绝了该密码.*1\/4（弱）/);
  await page.waitForFunction(() => document.querySelector('#policy-rules li[data-rule=personalInfo] .rule-message').textContent === '包含你的用户名');
  const items = await checklist();
  assert.equal(items.length, policyRules.length);
  for (const item of items) assert.match(item.message, /[\u4e00-\u9fff]/, `${item.rule}: ${item.message}`);
  assert.equal((await ruleOf('personalInfo')).code, 'password.personal_info.found');
  assert.equal((await ruleOf('personalInfo')).label, '未满足：');
  assert.equal(await page.textContent('#policy-summary'), '已满足 5/8 条规则 · 1 条由服务器检查');
  assert.equal(await page.textContent('#policy-fingerprint-line span'), '策略');
  // The verdict follows: the page's side checked again in Chinese, the server's texts asked again.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('#verdict-rules [data-side=server] .verdict-message')]
      .filter((m) => !m.lang).length >= 8);
  for (const row of await verdictRows()) {
    assert.match(row.pageMessage, /[\u4e00-\u9fff]/, `page ${row.rule}: ${row.pageMessage}`);
    if (row.agreement === 'settled') {
      // Only the signup settled it: its text stays as the server sent it, marked as English.
      assert.equal(row.serverLang, 'en', row.rule);
    } else {
      assert.match(row.serverMessage, /[\u4e00-\u9fff]/, `server ${row.rule}: ${row.serverMessage}`);
      assert.equal(row.serverMessage, row.pageMessage, `${row.rule}: the same text on both sides`);
    }
  }
  assert.equal(await page.textContent('#verdict-summary'), '8 条一致 · 1 条由服务器判定 · 0 条不一致');
  await page.click('#scenarios summary');
  await page.screenshot({ path: join(shots, 'demo-zh.png'), fullPage: true });
});

test('no horizontal scrolling at 360 px', async () => {
  await page.selectOption('#lang', 'en');
  await page.setViewportSize({ width: 360, height: 900 });
  await page.click('#toggle-password');
  await typePassword('password');
  await page.waitForFunction(() => document.querySelector('#meter').dataset.score === '0' && document.querySelector('#score-label').textContent === 'Very weak');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no horizontal scrolling at 360 px');
  await page.screenshot({ path: join(shots, 'demo-360.png'), fullPage: true });
});

test('Generate fills in a passphrase that passes every rule the page decides, and shows it', async () => {
  await page.click('#generate');
  await page.waitForFunction(() => document.querySelector('#password').value !== 'password');
  const password = await page.inputValue('#password');
  assert.ok(password.length >= 12, password);
  assert.equal(await page.getAttribute('#password', 'type'), 'text');
  assert.equal(await page.getAttribute('#toggle-password', 'aria-label'), 'Hide password');
  assert.match(await page.textContent('#generated-entropy'), /^\d+ bits of entropy$/);
  const items = await checklist();
  assert.deepEqual(items.filter((item) => item.status === 'failed'), []);
  assert.equal((await ruleOf('history')).status, 'pending');
  await page.waitForFunction(() => Number(document.querySelector('#meter').dataset.score) >= 3);
  const checklistNow = await checklist();
  const answer = await submitSignup();
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  await page.waitForSelector('#signup-done:not([hidden])');
  await assertAgreement(page, answer.body.report, checklistNow);
  assert.equal((await verdictRows()).find((r) => r.rule === 'history').serverCode, 'password.history.ok');
  assert.match(
    await page.textContent('#submit-note'),
    /All 8 rules checked here are met; the server decides the rest \(1 pending\)\.$/,
  );
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no horizontal scrolling at 360 px');
  await page.screenshot({ path: join(shots, 'demo-360-generated.png'), fullPage: true });

  await page.selectOption('#lang', 'zh-CN');
  await page.waitForFunction(() => /^熵为 \d+ 位$/.test(document.querySelector('#generated-entropy').textContent));
  assert.match(await page.textContent('#submit-note'), /本页面检查的 8 条规则均已满足/);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
  await page.screenshot({ path: join(shots, 'demo-360-zh.png'), fullPage: true });

  // Once edited, the password is no longer the generated one: its entropy is not shown.
  await page.locator('#password').press('End');
  await page.locator('#password').press('Backspace');
  await page.waitForFunction(() => document.querySelector('#generated-entropy').hidden);
  await page.selectOption('#lang', 'en');
});

test('a Chinese browser starts in Chinese (dark colour scheme)', async () => {
  const zhContext = await browser.newContext({ locale: 'zh-CN', colorScheme: 'dark', viewport: { width: 800, height: 1000 } });
  const zhPage = await zhContext.newPage();
  zhPage.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await zhPage.goto(server.url);
  assert.equal(await zhPage.inputValue('#lang'), 'zh-CN');
  await zhPage.locator('#password').pressSequentially('Tr0ub4dour&3');
  await zhPage.waitForFunction(() => document.querySelector('#meter').dataset.score !== '');
  await zhPage.waitForFunction(() => document.querySelector('#policy-rules li[data-rule=minStrength]')?.dataset.shown === 'failed');
  assert.equal(await zhPage.textContent('#policy-rules li[data-rule=length] .rule-message'), '至少 12 个字符');
  await zhPage.screenshot({ path: join(shots, 'demo-dark-zh.png'), fullPage: true });
});

test('weak, then strong: the meter and the checklist after each step; the server creates the account and agrees', async () => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 1200 } });
  const p = await context.newPage();
  watch(p);
  await p.goto(server.url);
  await p.waitForFunction((n) => document.querySelectorAll('#policy-rules li').length === n, policyRules.length);
  await p.waitForSelector('nav.site-nav #site-nav-user');
  assert.equal(await p.textContent('#site-nav-user'), 'Not signed in');
  await p.fill('#display-name', 'Grace Hopper');
  await p.fill('#username', 'ghopper');
  await p.fill('#email', 'grace.hopper@example.com');
  await p.fill('#birth-date', '1906-12-09');
  const item = (rule) => p.$eval(`#policy-rules li[data-rule="${rule}"]`, (li) => [li.dataset.status, li.dataset.code]);

  // Step 1, weak: her name and birth year.
  await p.locator('#password').pressSequentially('grace1906');
  await p.waitForFunction(() => document.querySelector('#meter').dataset.score === '0' || document.querySelector('#meter').dataset.score === '1');
  await p.waitForFunction(() => document.querySelector('#policy-rules li[data-rule=personalInfo]').dataset.status === 'failed');
  assert.deepEqual(await item('length'), ['failed', 'password.length.too_short']);
  assert.deepEqual(await item('personalInfo'), ['failed', 'password.personal_info.found']);
  assert.deepEqual(await item('characterClasses'), ['failed', 'password.classes.too_few']);
  assert.deepEqual(await item('minStrength'), ['failed', 'password.strength.too_weak']);
  assert.deepEqual(await item('history'), ['pending', 'password.history.pending']);
  assert.ok(Number(await p.getAttribute('#meter', 'aria-valuenow')) <= 1);
  assert.match(await p.getAttribute('#meter', 'aria-valuetext'), /^(Very weak|Weak) \([01] of 4\)$/);
  assert.equal(await p.getAttribute('#warning', 'data-code'), 'strength.warning.contains_user_input');

  // Step 2, strong: a passphrase of unrelated words.
  await p.fill('#password', '');
  await p.locator('#password').pressSequentially('Velvet-orbit-canyon-42');
  await p.waitForFunction(() => document.querySelector('#meter').dataset.score === '4');
  await p.waitForFunction(() => !document.querySelector('#policy-rules li[data-status=failed]'));
  for (const i of await p.$$eval('#policy-rules li', (l) => l.map((li) => [li.dataset.rule, li.dataset.status, li.dataset.shown]))) {
    assert.deepEqual(i.slice(1), i[0] === 'history' ? ['pending', 'pending'] : ['passed', 'passed'], i[0]);
  }
  assert.equal(await p.textContent('#policy-summary'), '8 of 8 rules met · 1 checked by the server');
  assert.equal(await p.getAttribute('#meter', 'aria-valuetext'), 'Very strong (4 of 4)');
  assert.equal(await p.isHidden('#warning'), true);

  // Submit: created, signed in, the same verdicts on both sides.
  const checklistNow = await p.$$eval('#policy-rules li', (items) => items.map((li) => ({ rule: li.dataset.rule, status: li.dataset.status, code: li.dataset.code })));
  const answer = await submitSignup(p);
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  assert.equal(answer.body.ok, true);
  assert.equal(answer.body.account.username, 'ghopper');
  await p.waitForSelector('#signup-done:not([hidden])');
  await assertAgreement(p, answer.body.report, checklistNow);
  assert.equal(await p.textContent('#signup-done-message'), 'Account ghopper created; you are signed in.');
  assert.equal(await p.getAttribute('#account-link', 'href'), 'account.html');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'signup-done');
  await p.waitForFunction(() => document.querySelector('#site-nav-user').dataset.username === 'ghopper');
  assert.equal(await p.textContent('#site-nav-user'), 'Signed in as Grace Hopper');
  assert.equal(await p.isVisible('#logout'), true);
  assert.equal(await p.textContent('#verdict-summary'), '8 agree · 1 settled by the server · 0 disagree');
  assert.match(await p.textContent('#submit-note'), /^The server accepted the password and created the account\./);
  await p.screenshot({ path: join(shots, 'signup.png'), fullPage: true });

  // The same username again: the server's code and message, in the language of the page.
  const taken = await submitSignup(p);
  assert.equal(taken.status, 409);
  await p.waitForSelector('#signup-error:not([hidden])');
  assert.equal(await p.textContent('#signup-error-code'), 'account.username.taken');
  assert.equal(await p.textContent('#signup-error-message'), taken.body.error.message);
  assert.equal(await p.isHidden('#verdict'), true);
  await p.selectOption('#lang', 'zh-CN');
  await p.waitForFunction(() => document.querySelector('#site-nav-user').textContent === '已登录：Grace Hopper');
  const takenZh = await submitSignup(p);
  assert.equal(takenZh.body.error.code, 'account.username.taken');
  assert.match(takenZh.body.error.message, /[\u4e00-\u9fff]/);
  await p.waitForFunction((m) => document.querySelector('#signup-error-message').textContent === m, takenZh.body.error.message);

  // A username the server cannot take: refused before the password is looked at.
  await p.fill('#username', 'no spaces allowed');
  const invalid = await submitSignup(p);
  assert.equal(invalid.status, 422);
  await p.waitForFunction(() => document.querySelector('#signup-error').dataset.code === 'account.username.invalid');
  assert.match(await p.textContent('#signup-error-message'), /[\u4e00-\u9fff]/);
  assert.equal(await p.textContent('h1'), '创建账户');
  await p.selectOption('#lang', 'en');
  await context.close();
});

test('keyboard only: fill in and submit the form, reach the account link', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const p = await context.newPage();
  watch(p);
  await p.goto(server.url);
  await p.waitForFunction(() => !document.querySelector('#generate').disabled);
  await p.focus('#display-name');
  await p.keyboard.type('Ada Lovelace');
  await p.keyboard.press('Tab');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'username');
  await p.keyboard.type('alovelace');
  await p.keyboard.press('Tab');
  await p.keyboard.type('ada@example.com');
  await p.keyboard.press('Tab'); // birth date: left empty
  await p.keyboard.press('Tab');
  // The date field takes a few Tabs (one per part of the date in Chromium).
  for (let tabs = 0; tabs < 10 && (await p.evaluate(() => document.activeElement.id)) !== 'password'; tabs++) {
    await p.keyboard.press('Tab');
  }
  assert.equal(await p.evaluate(() => document.activeElement.id), 'password');
  await p.keyboard.type('Harbor-quill-meadow-58');
  await p.waitForFunction(() => document.querySelector('#meter').dataset.score !== '');
  await p.keyboard.press('Enter'); // submits the form
  await p.waitForSelector('#signup-done:not([hidden])');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'signup-done');
  await p.keyboard.press('Tab');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'account-link');
  await context.close();
});

test('no console errors, failed requests or page errors along the way', () => {
  assert.deepEqual(problems, []);
  assert.ok(refusals.every((r) => /^(409|422) POST \/api\/signup$/.test(r)), refusals.join('\n'));
});
