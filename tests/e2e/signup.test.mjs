// The demo signup page in headless Chromium, driven as a person would: typing, pasting,
// switching language, keyboard only. Runs against the real static server and the built pkg/.
//
//   node --test tests/e2e/signup.test.mjs      (pkg-scripts/test.sh runs it after build.sh)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../pkg-scripts/serve.mjs';
import { launchOptions } from '../browser.mjs';

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

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer({ port: 0 });
  browser = await chromium.launch(launchOptions());
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 1100 } });
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
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
  assert.equal(await page.textContent('#policy-summary'), '7 rules, checked as you type · 1 checked by the server');
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
  assert.equal(await page.textContent('#policy-summary'), '3 of 7 rules met · 1 checked by the server');
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
      assert.match(item.code, /\.ok$/);
    }
  }
  assert.equal(await page.textContent('#policy-summary'), '7 of 7 rules met · 1 checked by the server');
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

test('submit sends nothing and says so', async () => {
  await page.click('button[type=submit]');
  await page.waitForFunction(() => /scores/.test(document.querySelector('#submit-note').textContent));
  assert.match(await page.textContent('#submit-note'), /Nothing was sent.*scores 1 of 4 \(Weak\)/);
  assert.match(await page.textContent('#submit-note'), /Rules checked here that are not met yet: 3 of 7\.$/);
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
  assert.match(await page.textContent('#submit-note'), /未发送任何内容.*1\/4（弱）/);
  await page.waitForFunction(() => document.querySelector('#policy-rules li[data-rule=personalInfo] .rule-message').textContent === '包含你的用户名');
  const items = await checklist();
  assert.equal(items.length, policyRules.length);
  for (const item of items) assert.match(item.message, /[\u4e00-\u9fff]/, `${item.rule}: ${item.message}`);
  assert.equal((await ruleOf('personalInfo')).code, 'password.personal_info.found');
  assert.equal((await ruleOf('personalInfo')).label, '未满足：');
  assert.equal(await page.textContent('#policy-summary'), '已满足 4/7 条规则 · 1 条由服务器检查');
  assert.equal(await page.textContent('#policy-fingerprint-line span'), '策略');
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
  await page.click('button[type=submit]');
  assert.match(
    await page.textContent('#submit-note'),
    /All 7 rules checked here are met; the server decides the rest \(1 pending\)\.$/,
  );
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no horizontal scrolling at 360 px');
  await page.screenshot({ path: join(shots, 'demo-360-generated.png'), fullPage: true });

  await page.selectOption('#lang', 'zh-CN');
  await page.waitForFunction(() => /^熵为 \d+ 位$/.test(document.querySelector('#generated-entropy').textContent));
  assert.match(await page.textContent('#submit-note'), /本页面检查的 7 条规则均已满足/);
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

test('no console errors, failed requests or page errors along the way', () => {
  assert.deepEqual(problems, []);
});
