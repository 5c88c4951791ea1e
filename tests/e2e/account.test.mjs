// The account's life in headless Chromium against the real demo server, with the server's clock
// moved forward between steps (restarts on the same database with --clock-offset-days):
// sign up, log out, lock the account with wrong passwords (live countdown), the lock ends a day
// later, too soon to change the password, a change a day later, an old password reused, and the
// expiry warning near the end of the password's life; then an approver (a role that needs a
// second factor) sets up an authenticator app on the account page, and logging in asks for its
// code (TOTP steps follow the real clock, whatever the server's offset).
//
//   node --test tests/e2e/account.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { launchOptions } from '../browser.mjs';
import { ROOT, freshDbPath, startDemoServer, totp } from './demo-server.mjs';

const shots = join(ROOT, 'target/screenshots');
const policy = JSON.parse(readFileSync(join(ROOT, 'www/policy.json'), 'utf8'));
const policyRules = policy.rules.map((r) => r.rule);
const dbPath = freshDbPath();
const USERNAME = 'mhamilton';
const DISPLAY_NAME = 'Margaret Hamilton';
const FIRST = 'Saffron-glacier-violin-31';
const SECOND = 'Cobalt-meadow-falcon-84';

let server, browser;
const problems = [];
/** API refusals (401, 409, 422, 423) are data the tests provoke; anything else is a problem. */
const refusals = [];

/** Every context opened, closed before the server they talk to stops. */
const contexts = new Set();

async function restart(clockOffsetDays) {
  for (const context of contexts) await context.close();
  contexts.clear();
  if (server) {
    await server.close();
    // Passwords are never logged.
    for (const password of [FIRST, SECOND]) assert.ok(!server.output().includes(password), 'a password in the server output');
  }
  server = await startDemoServer({ dbPath, clockOffsetDays });
  return server;
}

/** A fresh browser context (no cookies, no stored language) with the problem watchers on. */
async function newPage(options = {}) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 1200 }, ...options });
  contexts.add(context);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    if (/status of 4\d\d/.test(m.text()) && new URL(m.location().url || server.url).pathname.startsWith('/api/')) return;
    problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A navigation away (the redirect after login) may cancel what the old page still loads.
    if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? '')) problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/') && r.status() < 500) refusals.push(`${r.status()} ${r.request().method()} ${path}`);
    else problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return page;
}

/** Clicks `button` and resolves to the status and JSON of the API call it makes to `path`. */
async function answerOf(page, path, button = 'button[type=submit]') {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'POST'),
    page.click(button),
  ]);
  return { status: response.status(), body: await response.json() };
}

/** Logs in on login.html and waits for the account page it goes to. */
async function logIn(page, password) {
  await page.goto(new URL('login.html', server.url).href);
  await page.fill('#username', USERNAME);
  await page.fill('#password', password);
  // The page goes on to the account at once: only the status can be read, not the body.
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/login'),
    page.waitForURL(/\/account\.html$/),
    page.click('button[type=submit]'),
  ]);
  assert.equal(response.status(), 200);
  await page.waitForSelector('#account:not([hidden])');
}

/** Fills the change form and resolves to the server's answer. */
async function changePassword(page, currentPassword, newPassword) {
  await page.fill('#current-password', currentPassword);
  await page.fill('#password', newPassword);
  await page.waitForFunction(() => document.querySelector('#meter').dataset.score !== '');
  return answerOf(page, '/api/account/password');
}

const verdictRows = (page) =>
  page.$$eval('#verdict-rules li', (items) =>
    items.map((li) => ({
      rule: li.dataset.rule,
      agreement: li.dataset.agreement,
      pageStatus: li.dataset.pageStatus,
      pageCode: li.dataset.pageCode,
      serverStatus: li.dataset.serverStatus,
      serverCode: li.dataset.serverCode,
    })),
  );
const stateRow = (page, rule) =>
  page.$eval(`#state-rows li[data-rule="${rule}"]`, (li) => ({ ...li.dataset }));

before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch(launchOptions());
  await restart(0);
});

after(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

test('sign up, see the account, log out', async () => {
  const page = await newPage();
  await page.goto(server.url);
  await page.fill('#display-name', DISPLAY_NAME);
  await page.fill('#username', USERNAME);
  await page.fill('#password', FIRST);
  await page.waitForFunction(() => !document.querySelector('#generate').disabled);
  const answer = await answerOf(page, '/api/signup');
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  await page.click('#account-link');
  await page.waitForSelector('#account:not([hidden])');
  assert.equal(await page.textContent('#account-username'), USERNAME);
  assert.equal(await page.textContent('#account-display-name'), DISPLAY_NAME);
  assert.equal(await page.isVisible('#account-no-roles'), true);
  assert.equal(await page.getAttribute('#account-mfa', 'data-required'), 'false');
  assert.equal(await page.getAttribute('#expiry-banner', 'data-state'), 'ok');
  assert.equal(await page.getAttribute('#expiry-banner', 'data-days-left'), String(policy.expiry.maxAgeDays));
  // The page computes the same state from policy.json as the server reports.
  await page.waitForFunction(() => document.querySelectorAll('#state-rows li').length === 3);
  for (const rule of ['expiry', 'change', 'mfa']) assert.equal((await stateRow(page, rule)).agreement, 'agree', rule);
  assert.equal(await page.isHidden('#clock-note'), true);
  assert.match(await page.textContent('.mirror-note'), /This page mirrors the server's rules; the server decides\./);
  assert.equal(await page.textContent('#site-nav-user'), `Signed in as ${DISPLAY_NAME}`);
  await Promise.all([page.waitForURL(/\/login\.html$/), page.click('#logout')]);
  await page.waitForFunction(() => document.querySelector('#site-nav-user')?.textContent === 'Not signed in');
  await page.goto(new URL('account.html', server.url).href);
  await page.waitForSelector('#signed-out:not([hidden])');
  assert.equal(await page.isHidden('#account'), true);
  await page.context().close();
});

test('five wrong passwords lock the account: attempts left, then a live countdown; the right password is refused while locked', async () => {
  const page = await newPage();
  await page.goto(new URL('login.html', server.url).href);
  await page.waitForSelector('#lockout-rule:not([hidden])');
  assert.equal(
    await page.textContent('#lockout-rule'),
    `The rule: after ${policy.lockout.maxFailures} failed sign-ins within ${policy.lockout.windowMinutes} minutes, the account is locked for ${policy.lockout.lockMinutes} minutes.`,
  );
  await page.fill('#username', USERNAME);
  for (let attempt = 1; attempt < policy.lockout.maxFailures; attempt++) {
    await page.fill('#password', `wrong-password-${attempt}`);
    const answer = await answerOf(page, '/api/login');
    assert.equal(answer.status, 401);
    assert.equal(answer.body.code, 'account.login.failed');
    const left = policy.lockout.maxFailures - attempt;
    assert.equal(answer.body.lockout.remainingAttempts, left);
    await page.waitForFunction((n) => document.querySelector('#attempts-left').dataset.remaining === String(n), left);
    assert.equal(await page.getAttribute('#login-error', 'data-code'), 'account.login.failed');
    assert.equal(await page.textContent('#login-error-message'), answer.body.message);
    assert.equal(
      await page.textContent('#attempts-left'),
      left === 1 ? '1 attempt left before the account is locked.' : `${left} attempts left before the account is locked.`,
    );
    assert.equal(await page.isHidden('#lock'), true);
  }
  await page.fill('#password', 'wrong-password-last');
  const locked = await answerOf(page, '/api/login');
  assert.equal(locked.status, 423);
  assert.equal(locked.body.code, 'account.lockout.locked');
  await page.waitForSelector('#lock:not([hidden])');
  assert.equal(await page.isHidden('#login-error'), true);
  assert.equal(await page.getAttribute('#lock', 'data-locked-until'), String(locked.body.lockout.lockedUntil));
  assert.equal(await page.textContent('#lock-code'), 'account.lockout.locked');
  assert.equal(await page.textContent('#lock-message'), locked.body.message);
  assert.match(await page.textContent('#lock-until'), /^Locked until .+\.$/);
  // The countdown: a timer, labelled, not read out every second; the lock is announced once.
  assert.equal(await page.getAttribute('#lock-countdown', 'role'), 'timer');
  assert.equal(await page.textContent(`#${await page.getAttribute('#lock-countdown', 'aria-labelledby')}`), 'Time left');
  assert.match(await page.textContent('#lock-announce'), /^This account is locked; try again in 1[45] minutes\.$/);
  const first = await page.textContent('#lock-countdown');
  assert.match(first, /^1[45]:\d\d$/);
  await page.waitForFunction((before) => document.querySelector('#lock-countdown').textContent !== before, first, { timeout: 15_000 });
  const secondsLeft = Number(await page.getAttribute('#lock-countdown', 'data-seconds-left'));
  assert.ok(secondsLeft > 0 && secondsLeft <= policy.lockout.lockMinutes * 60, String(secondsLeft));
  await page.screenshot({ path: join(shots, 'login-locked.png'), fullPage: true });

  // The right password does not open a locked account.
  await page.fill('#password', FIRST);
  const refused = await answerOf(page, '/api/login');
  assert.equal(refused.status, 423);
  assert.equal(refused.body.code, 'account.lockout.locked');
  assert.ok(page.url().endsWith('/login.html'));
  await page.waitForSelector('#lock:not([hidden])');

  // In Chinese, the page's own texts change at once (the server's message stays as it was sent).
  await page.selectOption('#lang', 'zh-CN');
  await page.waitForFunction(() => document.querySelector('#lock-text').textContent === '登录失败次数过多：该账户已被锁定。');
  assert.equal(await page.textContent('h1'), '登录');
  assert.match(await page.textContent('#lockout-rule'), /^规则：15 分钟内登录失败 5 次后，账户将被锁定 15 分钟。$/);
  await page.fill('#password', FIRST);
  const refusedZh = await answerOf(page, '/api/login');
  assert.equal(refusedZh.status, 423);
  assert.match(refusedZh.body.message, /[\u4e00-\u9fff]/);
  await page.waitForFunction((m) => document.querySelector('#lock-message').textContent === m, refusedZh.body.message);
  await page.context().close();
});

test('a day later (server clock +1 day, same database) the lock has expired: logging in works', async () => {
  await restart(1);
  const page = await newPage();
  await logIn(page, FIRST);
  assert.equal(await page.textContent('#account-username'), USERNAME);
  // The server can change the password now; by this page's clock it is still too soon.
  assert.equal(await page.getAttribute('#too-soon', 'data-server-can-change'), 'true');
  assert.equal(await page.getAttribute('#too-soon', 'data-page-can-change'), 'false');
  assert.equal((await stateRow(page, 'change')).agreement, 'disagree');
  assert.equal(await page.isVisible('#clock-note'), true);
  await page.context().close();
});

test('right after signup (no clock offset) a change is too soon: the page says so, the server confirms with 409', async () => {
  await restart(0);
  const page = await newPage();
  await logIn(page, FIRST);
  await page.waitForSelector('#too-soon:not([hidden])');
  assert.equal(await page.getAttribute('#too-soon', 'data-page-can-change'), 'false');
  assert.equal(await page.getAttribute('#too-soon', 'data-server-can-change'), 'false');
  assert.match(await page.textContent('#too-soon-message'), /^Too soon to change your password\. /);
  assert.equal((await stateRow(page, 'change')).agreement, 'agree');
  assert.equal((await stateRow(page, 'change')).pageCode, 'account.change.too_soon');
  const answer = await changePassword(page, FIRST, SECOND);
  assert.equal(answer.status, 409);
  assert.equal(answer.body.code, 'account.change.too_soon');
  await page.waitForSelector('#change-error:not([hidden])');
  assert.equal(await page.getAttribute('#change-error', 'data-code'), 'account.change.too_soon');
  assert.equal(await page.getAttribute('#change-error', 'data-agreement'), 'agree');
  assert.equal(await page.textContent('#change-error-text'), 'The server agrees with this page: it is too soon to change the password.');
  assert.equal(await page.textContent('#change-error-message'), answer.body.message);
  assert.equal(await page.isHidden('#verdict'), true);
  await page.screenshot({ path: join(shots, 'account-too-soon.png'), fullPage: true });
  await page.context().close();
});

test('a day later the change works, with the same verdicts on both sides', async () => {
  await restart(1);
  const page = await newPage();
  await logIn(page, FIRST);
  // The page mirrors notSimilarToCurrent with the current password in the candidate.
  await page.fill('#current-password', FIRST);
  await page.fill('#password', 'Saffron-glacier-violin-32');
  await page.waitForFunction(() => document.querySelector('#policy-rules li[data-rule=notSimilarToCurrent]')?.dataset.code === 'password.current.too_similar');
  const tooSimilar = await answerOf(page, '/api/account/password');
  assert.equal(tooSimilar.status, 422);
  await page.waitForSelector('#verdict:not([hidden])');
  const similarRow = (await verdictRows(page)).find((r) => r.rule === 'notSimilarToCurrent');
  assert.deepEqual([similarRow.pageCode, similarRow.serverCode, similarRow.agreement], ['password.current.too_similar', 'password.current.too_similar', 'agree']);

  const answer = await changePassword(page, FIRST, SECOND);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  await page.waitForSelector('#change-done:not([hidden])');
  const rows = await verdictRows(page);
  assert.deepEqual(rows.map((r) => r.rule), policyRules);
  for (const [index, row] of rows.entries()) {
    assert.equal(row.serverCode, answer.body.report.rules[index].code);
    if (row.rule === 'history') {
      assert.deepEqual([row.pageCode, row.serverCode, row.agreement], ['password.history.pending', 'password.history.ok', 'settled']);
    } else {
      assert.deepEqual([row.pageStatus, row.agreement], ['passed', 'agree'], row.rule);
      assert.equal(row.pageCode, row.serverCode, row.rule);
    }
  }
  assert.equal(await page.getAttribute('#verdict', 'data-agree'), 'true');
  // The account now shows the new password's dates, and it is too soon to change it again.
  await page.waitForFunction(() => document.querySelector('#too-soon').dataset.serverCanChange === 'false');
  await page.context().close();
});

test('another day later, reusing the old password is refused: history settled by the server as reused', async () => {
  await restart(2);
  const page = await newPage();
  await logIn(page, SECOND);
  // A wrong current password counts as a failed sign-in.
  const wrong = await changePassword(page, 'not-my-current-password', 'Juniper-nectar-orbit-65');
  assert.equal(wrong.status, 401);
  await page.waitForFunction(() => document.querySelector('#change-error').dataset.code === 'account.login.failed');
  assert.match(await page.textContent('#change-error-detail'), /^4 attempts left/);

  const answer = await changePassword(page, SECOND, FIRST);
  assert.equal(answer.status, 422, JSON.stringify(answer.body));
  await page.waitForSelector('#verdict:not([hidden])');
  const history = (await verdictRows(page)).find((r) => r.rule === 'history');
  assert.deepEqual(
    [history.pageStatus, history.pageCode, history.serverStatus, history.serverCode, history.agreement],
    ['pending', 'password.history.pending', 'failed', 'password.history.reused', 'settled'],
  );
  for (const row of await verdictRows(page)) if (row.rule !== 'history') assert.equal(row.agreement, 'agree', row.rule);
  assert.deepEqual(answer.body.report.failed, ['password.history.reused']);
  assert.match(await page.textContent('#change-status'), /^The server refused the new password: 1 of 9 rules not met\.$/);
  await page.screenshot({ path: join(shots, 'account-history-reused.png'), fullPage: true });

  // In Chinese: the page's side checked again, the server's texts asked again.
  await page.selectOption('#lang', 'zh-CN');
  await page.waitForFunction(() => document.querySelector('#verdict-summary').textContent === '8 条一致 · 1 条由服务器判定 · 0 条不一致');
  await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.querySelector('#expiry-message').textContent));
  const serverMessages = await page.$$eval('#verdict-rules li:not([data-agreement=settled]) [data-side=server] .verdict-message', (l) => l.map((m) => m.textContent));
  await page.waitForFunction(() =>
    [...document.querySelectorAll('#verdict-rules li:not([data-agreement=settled]) [data-side=server] .verdict-message')]
      .every((m) => /[\u4e00-\u9fff]/.test(m.textContent)));
  assert.equal(serverMessages.length, policyRules.length - 1);
  await page.context().close();
});

test('near the end of the password’s life (server clock +170 days) the expiry warning shows', async () => {
  await restart(170);
  const page = await newPage();
  await logIn(page, SECOND);
  await page.waitForSelector('#expiry-banner[data-state=warning]');
  // The second password was set at +1 day: 169 days old, 11 days left.
  assert.equal(await page.getAttribute('#expiry-banner', 'data-days-left'), '11');
  assert.equal(await page.getAttribute('#expiry-banner', 'data-code'), 'account.expiry.warning');
  assert.match(await page.textContent('#expiry-message'), /11 days/);
  assert.match(await page.textContent('#expiry-detail'), /^11 days left \(until .+\)\.$/);
  // By the page's clock the password is far from expiring: the two views differ, the server decides.
  assert.equal((await stateRow(page, 'expiry')).serverCode, 'account.expiry.warning');
  assert.equal(await page.isVisible('#clock-note'), true);
  await page.screenshot({ path: join(shots, 'account-expiry-warning.png'), fullPage: true });
  await page.selectOption('#lang', 'zh-CN');
  await page.waitForFunction(() => /11/.test(document.querySelector('#expiry-message').textContent) && /[\u4e00-\u9fff]/.test(document.querySelector('#expiry-message').textContent));
  assert.equal(await page.textContent('h1'), '你的账户');
  assert.match(await page.textContent('#expiry-detail'), /^还剩 11 天/);
  await page.screenshot({ path: join(shots, 'account-expiry-warning-zh.png'), fullPage: true });
  await page.context().close();
});

test('a second factor: set up on the account page, then logging in asks for the code; a wrong code is refused', async () => {
  const ARI = 'Juniper-rocket-harbor-72';
  const page = await newPage();
  const signup = await page.context().request.post(new URL('/api/signup', server.url).href, {
    data: { username: 'ari', password: ARI },
  });
  assert.equal(signup.status(), 201);
  // The WebAssembly arrives late (as on a slow machine): the user's snapshot of the model comes
  // first, and the page must still use it once it can.
  await page.route('**/account_rules_bg.wasm', async (route) => {
    await new Promise((done) => setTimeout(done, 1500));
    await route.continue();
  });
  await page.goto(new URL('account.html', server.url).href);
  await page.waitForSelector('#account:not([hidden])');
  // Required (access.json marks `approver` requiresMfa), not set up: a banner says so.
  await page.waitForSelector('#mfa-banner:not([hidden])');
  assert.equal(await page.getAttribute('#mfa-banner', 'data-code'), 'account.mfa.setup_needed');
  assert.match(await page.textContent('#mfa-banner-text'), /approver/);
  // The page mirrors that too: from ari's snapshot of the model (requiresMfa roles) and
  // policy.json, it comes to the server's answer.
  await page.waitForFunction(
    () => document.querySelector('#state-rows li[data-rule="mfa"]')?.dataset.agreement === 'agree',
  );
  assert.equal(await page.textContent('#mfa-required'), 'Required because of your roles: approver.');
  assert.equal(await page.textContent('#mfa-status'), 'Not set up.');
  assert.equal(await page.isHidden('#mfa-setup'), true);

  await page.click('#mfa-start');
  await page.waitForSelector('#mfa-setup:not([hidden])');
  const secret = await page.getAttribute('#mfa-secret', 'data-secret');
  assert.match(secret, /^[A-Z2-7]{32}$/, '160 bits in base32');
  assert.equal(await page.textContent('#mfa-secret'), secret.match(/.{4}/g).join(' '));
  assert.equal(
    await page.textContent('#mfa-uri'),
    `otpauth://totp/account-rules%20demo:ari?secret=${secret}&issuer=account-rules%20demo&algorithm=SHA1&digits=6&period=30`,
  );
  assert.equal(await page.getAttribute('#mfa-code', 'autocomplete'), 'one-time-code');
  assert.equal(await page.getAttribute('#mfa-code', 'inputmode'), 'numeric');
  await page.screenshot({ path: join(shots, 'account-mfa-setup.png'), fullPage: true });

  // In Chinese.
  await page.selectOption('#lang', 'zh-CN');
  await page.waitForFunction(() => document.querySelector('#mfa-title').textContent === '第二因素');
  assert.equal(await page.textContent('#mfa-required'), '因你的角色而需要：approver。');
  assert.equal(await page.textContent('#mfa-status'), '尚未设置。');
  assert.match(await page.textContent('#mfa-banner-text'), /^你的角色需要第二因素（approver）/);
  assert.equal(await page.textContent('#mfa-start'), '使用新密钥重新开始');
  assert.equal(await page.textContent('label[for=mfa-code]'), '验证器应用中的验证码');
  await page.screenshot({ path: join(shots, 'account-mfa-setup-zh.png'), fullPage: true });
  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.querySelector('#mfa-title').textContent === 'Second factor');

  // A wrong code is refused and counts as a failed sign-in.
  const now = [-1, 0, 1].map((step) => totp(secret, Date.now() + step * 30_000));
  const wrong = ['000000', '111111', '222222', '333333'].find((code) => !now.includes(code));
  await page.fill('#mfa-code', wrong);
  const refused = await answerOf(page, '/api/account/mfa/confirm', '#mfa-confirm button[type=submit]');
  assert.equal(refused.status, 401);
  assert.equal(refused.body.code, 'account.mfa.code_invalid');
  await page.waitForSelector('#mfa-error:not([hidden])');
  assert.equal(await page.getAttribute('#mfa-error', 'data-code'), 'account.mfa.code_invalid');
  assert.equal(await page.textContent('#mfa-error-text'), 'Wrong or already used code.');
  assert.match(await page.textContent('#mfa-error-detail'), /^4 attempts left/);

  await page.fill('#mfa-code', totp(secret));
  const confirmed = await answerOf(page, '/api/account/mfa/confirm', '#mfa-confirm button[type=submit]');
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  await page.waitForSelector('#mfa-banner', { state: 'hidden' });
  assert.equal(await page.textContent('#mfa-status'), 'Set up, and used in this session.');
  assert.equal(await page.textContent('#mfa-result'), 'Your second factor is set up; this session has used it.');
  assert.equal(await page.isHidden('#mfa-setup'), true);
  assert.equal(await page.isHidden('#mfa-start'), true);

  // Log out; logging in now asks for the code.
  await Promise.all([page.waitForURL(/\/login\.html$/), page.click('#logout')]);
  await page.fill('#username', 'ari');
  await page.fill('#password', ARI);
  assert.equal(await page.isHidden('#otp-field'), true);
  const asked = await answerOf(page, '/api/login');
  assert.equal(asked.status, 401);
  assert.equal(asked.body.code, 'account.mfa.code_required');
  await page.waitForSelector('#otp-field:not([hidden])');
  assert.equal(await page.getAttribute('#otp', 'autocomplete'), 'one-time-code');
  assert.equal(await page.getAttribute('#otp', 'inputmode'), 'numeric');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'otp');
  assert.equal(await page.textContent('#login-status'), 'Password accepted. Now enter the code from your authenticator app.');
  assert.equal(await page.isHidden('#login-error'), true, 'asking for the code is not an error');
  await page.selectOption('#lang', 'zh-CN');
  await page.waitForFunction(() => document.querySelector('label[for=otp]').textContent === '验证器应用中的验证码');
  assert.equal(await page.textContent('#login-status'), '密码正确。请输入验证器应用中的验证码。');
  await page.screenshot({ path: join(shots, 'login-otp-zh.png'), fullPage: true });
  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.querySelector('label[for=otp]').textContent === 'Code from your authenticator app');

  // A wrong code: refused, one attempt fewer.
  await page.fill('#otp', wrong);
  const bad = await answerOf(page, '/api/login');
  assert.equal(bad.status, 401);
  assert.equal(bad.body.code, 'account.mfa.code_invalid');
  await page.waitForSelector('#login-error:not([hidden])');
  assert.equal(await page.getAttribute('#login-error', 'data-code'), 'account.mfa.code_invalid');
  assert.equal(await page.textContent('#login-error-text'), 'Wrong or already used code.');
  assert.equal(await page.getAttribute('#attempts-left', 'data-remaining'), '3');
  await page.screenshot({ path: join(shots, 'login-otp.png'), fullPage: true });

  // The right code (the next step's: the confirmation used this one) gets in.
  await page.fill('#otp', totp(secret, Date.now() + 30_000));
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/login'),
    page.waitForURL(/\/account\.html$/),
    page.click('button[type=submit]'),
  ]);
  assert.equal(response.status(), 200);
  await page.waitForSelector('#account:not([hidden])');
  await page.waitForFunction(() => document.querySelector('#mfa-status').dataset.sessionVerified === 'true');
  assert.equal(await page.isHidden('#mfa-banner'), true);
  await page.context().close();
});

test('no console errors, failed requests or page errors; only the refusals provoked on purpose', () => {
  assert.deepEqual(problems, []);
  for (const refusal of refusals) {
    assert.match(
      refusal,
      /^(401|423) POST \/api\/login$|^(401|409|422) POST \/api\/account\/password$|^401 POST \/api\/account\/mfa\/confirm$/,
      refusal,
    );
  }
});
