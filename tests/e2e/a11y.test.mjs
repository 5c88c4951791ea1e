// Automated accessibility check of every demo page with axe-core, in headless Chromium against
// the real demo server (a fresh database): WCAG 2.0 and 2.1 level A and AA rules plus axe's best
// practices, colour contrast included, on each page in the states a person meets (empty, filled
// in, refused, locked, asking for a code, signed in, an explanation open, a diff shown, …), each
// state in English and in 简体中文, in the light colour scheme and in the dark one. Any violation
// fails the test, with its rule, impact, help and the offending nodes.
//
// The pages run under a strict CSP (script-src 'self'): axe is injected from node_modules into
// browser contexts created with `bypassCSP: true` — only this test's contexts; every other test
// keeps the CSP.
//
//   node --test --test-reporter=spec tests/e2e/a11y.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { launchOptions } from '../browser.mjs';
import { api, startDemoServer, totp } from './demo-server.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * False positives, excluded rule by rule and node by node (never a whole rule): each entry is
 * `{ rule, target, why }`, `target` matched against the CSS selector axe reports for the node.
 */
const EXCLUDED = [];

const ADMIN = { username: 'admin', password: 'Violet quasar ledger 91 thimble', displayName: 'Ada Admin' };
const LENA = { username: 'lena', password: 'Marble-kettle-harbour-26' };
const LOCKED = { username: 'lockedout', password: 'Pepper-island-comet-73' };
const ARI = { username: 'ari', password: 'Juniper-rocket-harbor-72' };

/** The <h1> of each page, per locale: switching the language waits for it. */
const HEADINGS = {
  signup: { en: 'Create an account', 'zh-CN': '创建账户' },
  login: { en: 'Log in', 'zh-CN': '登录' },
  account: { en: 'Your account', 'zh-CN': '你的账户' },
  admin: { en: 'Access model', 'zh-CN': '访问模型' },
};

let server, browser;
const contexts = new Set();
const pageErrors = [];
let adminSecret;
/**
 * Colour contrast axe could not decide (other than symbol-only icons), by page · state and reason:
 * printed, not failed.
 */
const needsReview = new Map();

/** A context for this test only: CSP bypassed so that axe can be injected. */
async function newPage({ locale = 'en-US', viewport = { width: 1000, height: 1400 } } = {}) {
  const context = await browser.newContext({ locale, viewport, bypassCSP: true });
  contexts.add(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/**
 * Runs axe on the page as it is now. Resolves to its violations (the excluded nodes removed) and
 * to the colour-contrast checks axe could not decide ("needs review"), told apart from the icons
 * made only of symbols (✓ ✗ …), which axe never decides.
 */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const { violations, review } = await page.evaluate(
    (tags) =>
      window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }).then((results) => ({
        violations: results.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
        })),
        review: results.incomplete
          .filter((r) => r.id === 'color-contrast')
          .flatMap((r) => r.nodes)
          .filter((n) => n.any[0]?.data?.messageKey !== 'nonBmp')
          .map((n) => ({ target: n.target.join(' '), message: n.any[0]?.message ?? '' })),
      })),
    TAGS,
  );
  return {
    violations: violations
      .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !EXCLUDED.some((e) => e.rule === v.id && n.target === e.target)) }))
      .filter((v) => v.nodes.length > 0),
    review,
  };
}

/** Every violation found, with where (page · state · locale · scheme); asserted per test. */
function report(found) {
  return found
    .map(({ where, violations }) =>
      violations
        .map(
          (v) =>
            `${where}: ${v.id} (${v.impact}): ${v.help}\n` +
            v.nodes.map((n) => `    ${n.target}\n      ${n.html.slice(0, 300)}\n      ${n.summary?.replace(/\n/g, '\n      ')}`).join('\n'),
        )
        .join('\n'),
    )
    .join('\n');
}

/**
 * Checks the page in its current state in English and in Chinese, each in the light and the dark
 * colour scheme, and leaves it in English and light. `settled(locale)` (optional) waits until the
 * state's own texts follow a language switch.
 */
async function checkState(page, pageName, state, found, settled = async () => {}) {
  for (const locale of ['en', 'zh-CN']) {
    if ((await page.inputValue('#lang')) !== locale) await page.selectOption('#lang', locale);
    await page.waitForFunction(
      ([lang, heading]) => document.documentElement.lang === lang && document.querySelector('h1').textContent === heading,
      [locale, HEADINGS[pageName][locale]],
    );
    await settled(locale);
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      const where = `${pageName} · ${state} · ${locale} · ${colorScheme}`;
      const { violations, review } = await axe(page);
      if (violations.length) found.push({ where, violations });
      for (const { target, message } of review) {
        const key = `${pageName} · ${state}: ${message}`;
        if (!needsReview.has(key)) needsReview.set(key, { targets: new Set(), checks: new Set() });
        needsReview.get(key).targets.add(target);
        needsReview.get(key).checks.add(`${locale} · ${colorScheme}`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.selectOption('#lang', 'en');
  await page.waitForFunction((heading) => document.querySelector('h1').textContent === heading, HEADINGS[pageName].en);
}

/** Clicks `button` and resolves to the status of the POST to `path` it makes. */
async function submit(page, path, button = 'button[type=submit]') {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'POST'),
    page.click(button),
  ]);
  return response.status();
}

before(async () => {
  server = await startDemoServer();
  browser = await chromium.launch(launchOptions());
  for (const user of [LENA, LOCKED, ARI]) {
    const created = await api(server.url, 'POST', '/api/signup', user);
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  // The admin, with a second factor (the admin page needs it; the login page then asks for it).
  const jar = {};
  const created = await api(server.url, 'POST', '/api/signup', ADMIN, jar);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const setup = await api(server.url, 'POST', '/api/account/mfa', {}, jar);
  assert.equal(setup.status, 200, JSON.stringify(setup.body));
  adminSecret = setup.body.secret;
  const confirmed = await api(server.url, 'POST', '/api/account/mfa/confirm', { code: totp(adminSecret) }, jar);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
});

after(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

test('signup page: empty, a weak password typed, the server’s verdict, an account created, a username taken', async () => {
  const found = [];
  const page = await newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelectorAll('#policy-rules li').length > 0 && !document.querySelector('#generate').disabled);
  await page.waitForSelector('nav.site-nav #site-nav-user');
  await checkState(page, 'signup', 'empty', found);

  await page.fill('#display-name', 'Grace Hopper');
  await page.fill('#username', 'ghopper');
  await page.fill('#email', 'grace.hopper@example.com');
  await page.locator('#password').pressSequentially('grace1906');
  await page.waitForFunction(() => document.querySelector('#meter').dataset.score !== '' && !document.querySelector('#warning').hidden);
  await page.waitForFunction(() => document.querySelector('#policy-rules li[data-rule=personalInfo]').dataset.status === 'failed');
  await page.click('#scenarios summary');
  await checkState(page, 'signup', 'weak password typed', found, () =>
    page.waitForFunction(() => document.querySelector('#score-label').textContent !== ''));

  assert.equal(await submit(page, '/api/signup'), 422);
  await page.waitForSelector('#verdict:not([hidden])');
  await page.waitForFunction(() => document.querySelector('#submit-note').textContent !== '');
  await checkState(page, 'signup', 'refused, with the verdict', found, (locale) =>
    page.waitForFunction(
      (zh) => document.querySelector('#verdict-summary').textContent.includes('条') === zh,
      locale === 'zh-CN',
    ));

  // A generated passphrase, shown with its entropy, then accepted.
  await page.click('#generate');
  await page.waitForSelector('#generated-entropy:not([hidden])');
  await page.waitForFunction(() => !document.querySelector('#policy-rules li[data-status=failed]') && Number(document.querySelector('#meter').dataset.score) >= 3);
  await checkState(page, 'signup', 'passphrase generated and shown', found);
  assert.equal(await submit(page, '/api/signup'), 201);
  await page.waitForSelector('#signup-done:not([hidden])');
  await checkState(page, 'signup', 'account created', found);

  assert.equal(await submit(page, '/api/signup'), 409);
  await page.waitForSelector('#signup-error:not([hidden])');
  await checkState(page, 'signup', 'username taken', found);

  assert.deepEqual(found, [], `\n${report(found)}`);
});

test('login page: empty, a failed attempt with attempts left, locked with the countdown, asking for the TOTP code', async () => {
  const found = [];
  const page = await newPage();
  await page.goto(new URL('login.html', server.url).href);
  await page.waitForSelector('#lockout-rule:not([hidden])');
  await page.waitForSelector('nav.site-nav #site-nav-user');
  await checkState(page, 'login', 'empty', found);

  await page.fill('#username', LENA.username);
  await page.fill('#password', 'not-lenas-password');
  assert.equal(await submit(page, '/api/login'), 401);
  await page.waitForSelector('#login-error:not([hidden])');
  await page.waitForFunction(() => document.querySelector('#attempts-left').dataset.remaining !== undefined);
  await checkState(page, 'login', 'failed, attempts left', found);

  await page.fill('#username', LOCKED.username);
  for (let attempt = 1; ; attempt++) {
    await page.fill('#password', `wrong-password-${attempt}`);
    const status = await submit(page, '/api/login');
    if (status === 423) break;
    assert.equal(status, 401);
    assert.ok(attempt < 10, 'the account locks');
  }
  await page.waitForSelector('#lock:not([hidden])');
  await page.waitForFunction(() => document.querySelector('#lock-countdown').textContent !== '');
  await checkState(page, 'login', 'locked, countdown', found);

  await page.fill('#username', ADMIN.username);
  await page.fill('#password', ADMIN.password);
  assert.equal(await submit(page, '/api/login'), 401);
  await page.waitForSelector('#otp-field:not([hidden])');
  await checkState(page, 'login', 'asking for the code', found);

  assert.deepEqual(found, [], `\n${report(found)}`);
});

test('account page: signed in, expiry state, the change-password form filled and refused, the second factor being set up', async () => {
  const found = [];
  const page = await newPage();
  const signedIn = await page.context().request.post(new URL('/api/login', server.url).href, { data: ARI });
  assert.equal(signedIn.status(), 200);
  await page.goto(new URL('account.html', server.url).href);
  await page.waitForSelector('#account:not([hidden])');
  await page.waitForFunction(() => document.querySelector('#expiry-banner').dataset.state !== '');
  await page.waitForFunction(() => document.querySelectorAll('#state-rows li').length === 3);
  await page.waitForSelector('#mfa-banner:not([hidden])');
  await checkState(page, 'account', 'signed in', found);

  await page.fill('#current-password', ARI.password);
  await page.locator('#password').pressSequentially('juniper2');
  await page.waitForFunction(() => document.querySelector('#meter').dataset.score !== '');
  await page.waitForFunction(() => document.querySelector('#policy-rules li[data-status=failed]'));
  await checkState(page, 'account', 'change-password form filled', found);

  // Right after signup a change is too soon: the server refuses it (409).
  assert.equal(await submit(page, '/api/account/password', '#change button[type=submit]'), 409);
  await page.waitForSelector('#change-error:not([hidden])');
  await checkState(page, 'account', 'change refused', found);

  await page.click('#mfa-start');
  await page.waitForSelector('#mfa-setup:not([hidden])');
  await checkState(page, 'account', 'second factor set-up shown', found);

  await page.fill('#mfa-code', '000000');
  const status = await submit(page, '/api/account/mfa/confirm', '#mfa-confirm button[type=submit]');
  assert.equal(status, 401);
  await page.waitForSelector('#mfa-error:not([hidden])');
  await checkState(page, 'account', 'second factor code refused', found);

  assert.deepEqual(found, [], `\n${report(found)}`);
});

test('account page: signed out', async () => {
  const found = [];
  const page = await newPage();
  await page.goto(new URL('account.html', server.url).href);
  await page.waitForSelector('#signed-out:not([hidden])');
  await checkState(page, 'account', 'signed out', found);
  assert.deepEqual(found, [], `\n${report(found)}`);
});

test('admin page: the grid, an explanation open, a change’s diff shown, the change log, the audit findings', async () => {
  const found = [];
  const page = await newPage({ viewport: { width: 1400, height: 2000 } });
  const request = page.context().request;
  const signedIn = await request.post(new URL('/api/login', server.url).href, {
    data: { username: ADMIN.username, password: ADMIN.password, otp: totp(adminSecret, Date.now() + 30_000) },
  });
  assert.equal(signedIn.status(), 200, await signedIn.text());
  await page.goto(new URL('admin.html', server.url).href);
  await page.locator('#grid button.cell').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('#findings li').length > 0);
  await page.waitForFunction(() => document.querySelector('#fingerprint-agree').dataset.agree === 'true');
  const findingsIn = (locale) =>
    page.waitForFunction((zh) => /[\u4e00-\u9fff]/.test(document.querySelector('#findings li').textContent) === zh, locale === 'zh-CN');
  await checkState(page, 'admin', 'grid', found, findingsIn);
  // A narrow window: the grid scrolls sideways in its own box.
  await page.setViewportSize({ width: 720, height: 2000 });
  await checkState(page, 'admin', 'grid in a narrow window', found, findingsIn);
  await page.setViewportSize({ width: 1400, height: 2000 });

  const explained = async (locale) => {
    await findingsIn(locale);
    await page.waitForFunction(
      () => document.querySelector('#decision-server').dataset.state !== 'pending' && document.querySelector('#agreement').dataset.agree !== '',
    );
  };
  await page.click('#grid button.cell[data-role="support"][data-resource="customers"][data-action="export"]');
  await page.waitForSelector('#explanation:not([hidden])');
  await explained('en');
  await checkState(page, 'admin', 'explanation open', found, explained);

  await page.click('#grid button.cell[data-role="support"][data-resource="reports"][data-action="export"]');
  await explained('en');
  await page.click('#edit-allow');
  await page.locator('#edit-form').waitFor();
  await page.click('#edit-save'); // no reason: refused by the page
  await page.locator('#edit-error').waitFor();
  await checkState(page, 'admin', 'diff shown, reason missing', found, explained);

  await page.fill('#reason', 'Support prepares the monthly customer reports');
  await page.click('#edit-save');
  await page.locator('#changelog li.entry').first().waitFor();
  await page.waitForFunction(() => document.querySelector('#changelog-verification').dataset.ok === 'true');
  await explained('en');
  await checkState(page, 'admin', 'change saved, change log', found, explained);

  assert.deepEqual(found, [], `\n${report(found)}`);
});

test('admin page: refused (signed out)', async () => {
  const found = [];
  const page = await newPage();
  await page.goto(new URL('admin.html', server.url).href);
  await page.waitForFunction(() => document.querySelector('#refusal')?.dataset.code === 'session.required');
  await checkState(page, 'admin', 'refused', found);
  assert.deepEqual(found, [], `\n${report(found)}`);
});

test('no script error on any page', (t) => {
  assert.deepEqual(pageErrors, []);
  for (const [key, { targets, checks }] of needsReview) {
    t.diagnostic(`colour contrast axe could not decide (${[...checks].join(', ')}): ${key} ${[...targets].join(', ')}`);
  }
});
