// The demo signup page in headless Chromium, driven as a person would: typing, pasting,
// switching language, keyboard only. Runs against the real static server and the built pkg/.
//
//   node --test tests/e2e/signup.test.mjs      (pkg-scripts/test.sh runs it after build.sh)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../pkg-scripts/serve.mjs';
import { launchOptions } from '../browser.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'target/screenshots');
let server, browser, page, meter;
const problems = [];

const typePassword = async (value) => {
  await page.fill('#password', '');
  await page.locator('#password').pressSequentially(value);
};

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

test('a long random passphrase scores 4 without advice', async () => {
  await typePassword('quartz lantern ribbon obscure 7 tundra');
  await page.waitForFunction(() => document.querySelector('#meter').dataset.score === '4');
  assert.equal(await page.isHidden('#warning'), true);
  assert.equal(await page.$$eval('#suggestions li', (l) => l.length), 0);
});

test("the user's own details in the password are penalised", async () => {
  await page.fill('#username', 'jonathanwick');
  await typePassword('jonathanwick1987');
  await page.waitForFunction(() => document.querySelector('#warning').dataset.code === 'strength.warning.contains_user_input');
  const scoreWithUsername = await meter.getAttribute('data-score');
  await page.fill('#username', '');
  await page.waitForFunction(() => document.querySelector('#warning').dataset.code !== 'strength.warning.contains_user_input');
  const scoreWithoutUsername = await meter.getAttribute('data-score');
  assert.ok(Number(scoreWithUsername) < Number(scoreWithoutUsername), `${scoreWithUsername} < ${scoreWithoutUsername}`);
  await page.fill('#username', 'jonathanwick');
  await page.fill('#display-name', 'Jonathan Wick');
  await page.fill('#email', 'jonathan.wick@example.com');
  await page.waitForFunction(() => document.querySelector('#warning').dataset.code === 'strength.warning.contains_user_input');
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
  await typePassword('jonathanwick1987');
  await page.waitForFunction(() => document.querySelector('#strength-error').hidden && document.querySelector('#meter').dataset.score !== '');
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

test('a Chinese browser starts in Chinese (dark colour scheme)', async () => {
  const zhContext = await browser.newContext({ locale: 'zh-CN', colorScheme: 'dark', viewport: { width: 800, height: 1000 } });
  const zhPage = await zhContext.newPage();
  zhPage.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await zhPage.goto(server.url);
  assert.equal(await zhPage.inputValue('#lang'), 'zh-CN');
  await zhPage.locator('#password').pressSequentially('Tr0ub4dour&3');
  await zhPage.waitForFunction(() => document.querySelector('#meter').dataset.score !== '');
  await zhPage.screenshot({ path: join(shots, 'demo-dark-zh.png'), fullPage: true });
});

test('no console errors, failed requests or page errors along the way', () => {
  assert.deepEqual(problems, []);
});
