// The signup demo: on every keystroke, a checklist of the password policy (policy.json, the
// document the server enforces) checked on the main thread, and a strength meter computed by the
// package's worker helper. The page only shows what the server will decide; it submits nothing.
import init, { PasswordPolicy, generatePassword, userInputsOf } from './pkg/web/account_rules.js';
import { createStrengthWorker } from './pkg/worker/index.js';

/** The page's own texts; everything in a report (strength or policy) comes localized from the package. */
const TEXTS = {
  en: {
    title: 'Create an account · account-rules demo',
    heading: 'Create an account',
    language: 'Language',
    mirrorNote: 'This page mirrors the server’s rules; the server decides.',
    policyFingerprint: 'Policy',
    displayName: 'Display name',
    username: 'Username',
    email: 'Email',
    password: 'Password',
    show: 'Show',
    hide: 'Hide',
    showPassword: 'Show password',
    hidePassword: 'Hide password',
    generate: 'Generate a passphrase',
    entropy: '{bits} bits of entropy',
    generateFailed: 'No passphrase could be generated ({code}): {message}',
    passwordHint: 'A password that contains your name, username or email is easier to guess.',
    policyTitle: 'Password rules',
    policySummary: '{passed} of {checked} rules met',
    policyIdle: '{checked} rules, checked as you type',
    policyPendingNote: ' · {pending} checked by the server',
    rulePassed: 'Met: ',
    ruleFailed: 'Not met: ',
    rulePending: 'Checked by the server: ',
    ruleIdle: 'Not checked yet: ',
    policyUnavailable: 'The password rules could not be loaded ({code}): {message}',
    policyCheckFailed: 'The rules check failed ({code}): {message}',
    strengthTitle: 'Password strength',
    noPassword: 'No password yet',
    meterValue: '{label} ({score} of 4)',
    crackTime: 'Offline attack on a slow hash (10⁴ guesses/s): {display}',
    scenarios: 'Time to guess it in other attacks',
    onlineThrottling100PerHour: 'Online, throttled (100 guesses/hour)',
    onlineNoThrottling10PerSecond: 'Online, not throttled (10 guesses/s)',
    offlineSlowHashing1e4PerSecond: 'Offline, slow hash (10⁴ guesses/s)',
    offlineFastHashing1e10PerSecond: 'Offline, fast hash (10¹⁰ guesses/s)',
    tooLong: 'This password is too long to be checked here.',
    policyTooLong: 'This password is too long to be checked against the rules.',
    checkFailed: 'The strength check failed ({code}): {message}',
    submit: 'Create account',
    sentenceGap: ' ',
    notSent: 'Nothing was sent: creating the account needs the server, which comes in a later version.',
    notSentScore:
      'Nothing was sent: creating the account needs the server, which comes in a later version. ' +
      'Here the password scores {score} of 4 ({label}); the server will check it again.',
    policyPass: 'All {checked} rules checked here are met.',
    policyPassPending: 'All {checked} rules checked here are met; the server decides the rest ({pending} pending).',
    policyFail: 'Rules checked here that are not met yet: {failed} of {checked}.',
    privacy:
      'Your password never leaves this page: WebAssembly checks it here, the rules as you type and the strength in a Web Worker.',
  },
  'zh-CN': {
    title: '创建账户 · account-rules 演示',
    heading: '创建账户',
    language: '语言',
    mirrorNote: '本页面使用与服务器相同的规则；以服务器的判定为准。',
    policyFingerprint: '策略',
    displayName: '显示名称',
    username: '用户名',
    email: '电子邮箱',
    password: '密码',
    show: '显示',
    hide: '隐藏',
    showPassword: '显示密码',
    hidePassword: '隐藏密码',
    generate: '生成密码短语',
    entropy: '熵为 {bits} 位',
    generateFailed: '无法生成密码短语（{code}）：{message}',
    passwordHint: '包含你的姓名、用户名或邮箱的密码更容易被猜中。',
    policyTitle: '密码规则',
    policySummary: '已满足 {passed}/{checked} 条规则',
    policyIdle: '共 {checked} 条规则，输入时即检查',
    policyPendingNote: ' · {pending} 条由服务器检查',
    rulePassed: '已满足：',
    ruleFailed: '未满足：',
    rulePending: '由服务器检查：',
    ruleIdle: '尚未检查：',
    policyUnavailable: '无法加载密码规则（{code}）：{message}',
    policyCheckFailed: '规则检查失败（{code}）：{message}',
    strengthTitle: '密码强度',
    noPassword: '尚未输入密码',
    meterValue: '{label}（{score}/4）',
    crackTime: '离线攻击慢速哈希（每秒 10⁴ 次猜测）所需时间：{display}',
    scenarios: '其他攻击方式下猜中它所需的时间',
    onlineThrottling100PerHour: '在线攻击，有限速（每小时 100 次猜测）',
    onlineNoThrottling10PerSecond: '在线攻击，无限速（每秒 10 次猜测）',
    offlineSlowHashing1e4PerSecond: '离线攻击，慢速哈希（每秒 10⁴ 次猜测）',
    offlineFastHashing1e10PerSecond: '离线攻击，快速哈希（每秒 10¹⁰ 次猜测）',
    tooLong: '该密码太长，无法在此检查。',
    policyTooLong: '该密码太长，无法按规则检查。',
    checkFailed: '强度检查失败（{code}）：{message}',
    submit: '创建账户',
    sentenceGap: '',
    notSent: '未发送任何内容：创建账户需要服务器，服务器部分将在后续版本中提供。',
    notSentScore:
      '未发送任何内容：创建账户需要服务器，服务器部分将在后续版本中提供。' +
      '在本页面中该密码得分为 {score}/4（{label}）；服务器会再次检查。',
    policyPass: '本页面检查的 {checked} 条规则均已满足。',
    policyPassPending: '本页面检查的 {checked} 条规则均已满足；其余由服务器判定（{pending} 条待定）。',
    policyFail: '本页面检查的 {checked} 条规则中有 {failed} 条尚未满足。',
    privacy: '你的密码不会离开本页面：WebAssembly 在此处检查它——输入时检查规则，并在 Web Worker 中估算强度。',
  },
};

/** The attack scenarios of `report.crackTimes`, in the order they are listed. */
const SCENARIOS = [
  'onlineThrottling100PerHour',
  'onlineNoThrottling10PerSecond',
  'offlineSlowHashing1e4PerSecond',
  'offlineFastHashing1e10PerSecond',
];

/** How each rule's status is shown: an icon, and a word for screen readers before the message. */
const RULE_ICONS = { passed: '✓', failed: '✗', pending: '…', idle: '○' };
const RULE_LABELS = { passed: 'rulePassed', failed: 'ruleFailed', pending: 'rulePending', idle: 'ruleIdle' };

// Drawing a passphrase that contains the user's details again and again is all but impossible.
const MAX_GENERATE_ATTEMPTS = 10;

const byId = (id) => document.getElementById(id);
const form = byId('signup');
const languageSelect = byId('lang');
const fingerprintLine = byId('policy-fingerprint-line');
const fingerprintCode = byId('policy-fingerprint');
const displayNameInput = byId('display-name');
const usernameInput = byId('username');
const emailInput = byId('email');
const personalFields = [displayNameInput, usernameInput, emailInput];
const passwordInput = byId('password');
const toggleButton = byId('toggle-password');
const generateButton = byId('generate');
const generatedEntropy = byId('generated-entropy');
const policySummary = byId('policy-summary');
const policyRules = byId('policy-rules');
const policyError = byId('policy-error');
const meter = byId('meter');
const scoreLabel = byId('score-label');
const crackTime = byId('crack-time');
const warning = byId('warning');
const suggestions = byId('suggestions');
const truncation = byId('truncation');
const strengthError = byId('strength-error');
const scenarios = byId('scenarios');
const scenarioList = byId('scenario-list');
const submitNote = byId('submit-note');

const strength = createStrengthWorker();

/** The demo's policy, once loaded: the same document the server enforces. */
let policy = null;

const state = {
  locale: navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en',
  /** The latest strength report, or null before the first one and after an error. */
  report: null,
  error: null,
  /** The policy report of the form as it is, or null before the policy is loaded and after an error. */
  policyReport: null,
  policyError: null,
  /** The last generated password (its entropy is shown while the field still holds it). */
  generated: null,
  generateError: null,
  submitted: false,
};

function text(key, values = {}) {
  return TEXTS[state.locale][key].replace(/\{(\w+)\}/g, (_, name) => values[name]);
}

/**
 * The words the user is known by, as the policy check derives them from the candidate (the
 * library's `userInputsOf`), so that the meter scores the password exactly as the minStrength
 * rule does (the end-to-end test checks that they agree).
 */
function userInputs() {
  try {
    return userInputsOf(candidate(''));
  } catch {
    return [];
  }
}

async function estimate() {
  try {
    const report = await strength.estimate(passwordInput.value, {
      userInputs: userInputs(),
      locale: state.locale,
    });
    if (report === null) return; // a newer keystroke superseded this estimate
    state.report = report;
    state.error = null;
  } catch (error) {
    state.report = null;
    state.error = error;
  }
  renderStrength();
  renderSubmitNote();
}

/** Loads the package and the policy document; until then the checklist is empty. */
async function loadPolicy() {
  try {
    await init();
    const response = await fetch(new URL('policy.json', import.meta.url));
    if (!response.ok) {
      throw Object.assign(new Error(`policy.json: HTTP ${response.status}`), { code: 'policy.unavailable' });
    }
    policy = PasswordPolicy.fromJson(await response.text());
  } catch (error) {
    state.policyError = error;
    renderPolicy();
    return;
  }
  const fingerprint = policy.fingerprint();
  fingerprintCode.textContent = fingerprint.replace(/^sha256:/, '').slice(0, 12);
  fingerprintCode.title = fingerprint;
  fingerprintLine.hidden = false;
  generateButton.disabled = false;
  checkPolicy();
  renderPolicy();
  renderSubmitNote();
}

/**
 * Checks the form against the policy, on the main thread: the rules take microseconds. The
 * minStrength rule makes the package estimate the strength here too (the meter's estimate runs
 * in the worker); both use the same user inputs, so they agree.
 */
function checkPolicy() {
  if (!policy) return;
  try {
    state.policyReport = policy.check(candidate(passwordInput.value), { locale: state.locale, strength: false });
    state.policyError = null;
  } catch (error) {
    state.policyReport = null;
    state.policyError = error;
  }
}

/** `password` with what the form knows about its owner. */
function candidate(password) {
  return {
    password,
    username: usernameInput.value,
    email: emailInput.value,
    displayName: displayNameInput.value,
  };
}

/**
 * A passphrase that no rule of the checklist fails. The generator knows the policy but not the
 * user: a passphrase that happens to contain their details (a word like "wick") is drawn again.
 */
function generatePassphrase() {
  for (let attempt = 1; ; attempt++) {
    const generated = generatePassword(policy, { kind: 'passphrase' });
    if (attempt === MAX_GENERATE_ATTEMPTS) return generated;
    if (policy.check(candidate(generated.password), { strength: false }).okSoFar) return generated;
  }
}

/** The report to show: none for an empty password. */
function shownReport() {
  return state.report && state.report.totalChars > 0 ? state.report : null;
}

function renderStrength() {
  const report = shownReport();

  meter.dataset.score = report ? String(report.score) : '';
  meter.setAttribute('aria-valuenow', String(report ? report.score : 0));
  const valueText = report ? text('meterValue', { label: report.scoreLabel.text, score: report.score }) : text('noPassword');
  meter.setAttribute('aria-valuetext', valueText);
  scoreLabel.textContent = report ? report.scoreLabel.text : text('noPassword');

  crackTime.hidden = !report;
  crackTime.textContent = report ? text('crackTime', { display: report.crackTimes.offlineSlowHashing1e4PerSecond.display }) : '';

  const warningMessage = report?.feedback.warning ?? null;
  warning.hidden = !warningMessage;
  warning.dataset.code = warningMessage?.code ?? '';
  warning.textContent = warningMessage?.text ?? '';

  suggestions.replaceChildren(
    ...(report?.feedback.suggestions ?? []).map((suggestion) => {
      const item = document.createElement('li');
      item.dataset.code = suggestion.code;
      item.textContent = suggestion.text;
      return item;
    }),
  );

  truncation.hidden = !report?.truncated;
  truncation.textContent = report?.truncation?.text ?? '';

  strengthError.hidden = !state.error;
  strengthError.textContent = state.error ? errorText(state.error) : '';

  scenarios.hidden = !report;
  scenarioList.replaceChildren(
    ...(report ? SCENARIOS : []).flatMap((scenario) => {
      const term = document.createElement('dt');
      term.textContent = text(scenario);
      const detail = document.createElement('dd');
      detail.textContent = report.crackTimes[scenario].display;
      return [term, detail];
    }),
  );
}

/** A pasted password can be too long to estimate; any other error is a bug of the page. */
function errorText(error) {
  if (error.code === 'strength.password.too_long') return text('tooLong');
  return text('checkFailed', { code: error.code, message: error.message });
}

/** How many rules the page decided, and how they went; pending rules are the server's. */
function policyCounts(report) {
  const count = (status) => report.rules.filter((result) => result.status === status).length;
  const passed = count('passed');
  const failed = count('failed');
  return { passed, failed, checked: passed + failed, pending: count('pending') };
}

/**
 * One item per rule, in the document's order. The items are updated in place, so a screen
 * reader's position in the list survives a keystroke; only the summary above it is announced.
 */
function renderPolicy() {
  const report = state.policyReport;
  const results = report?.rules ?? [];
  while (policyRules.children.length > results.length) policyRules.lastElementChild.remove();
  while (policyRules.children.length < results.length) policyRules.append(ruleItem());
  results.forEach((result, index) => renderRule(policyRules.children[index], result));

  let summary = '';
  if (report) {
    const counts = policyCounts(report);
    summary = text(passwordInput.value ? 'policySummary' : 'policyIdle', counts);
    if (counts.pending > 0) summary += text('policyPendingNote', counts);
  }
  // Setting the same text again could make a screen reader repeat it.
  if (policySummary.textContent !== summary) policySummary.textContent = summary;

  policyError.hidden = !state.policyError;
  policyError.textContent = state.policyError ? policyErrorText(state.policyError) : '';
}

function ruleItem() {
  const item = document.createElement('li');
  const icon = document.createElement('span');
  icon.className = 'rule-icon';
  icon.setAttribute('aria-hidden', 'true');
  const status = document.createElement('span');
  status.className = 'visually-hidden';
  const message = document.createElement('span');
  message.className = 'rule-message';
  item.append(icon, status, message);
  return item;
}

/**
 * `data-status` is the package's verdict; `data-shown` is how it looks: before anything is
 * typed no rule is shown as met or broken. A pending rule is never shown as met.
 */
function renderRule(item, result) {
  const shown = !passwordInput.value && result.status !== 'pending' ? 'idle' : result.status;
  item.dataset.rule = result.rule;
  item.dataset.status = result.status;
  item.dataset.code = result.code;
  item.dataset.shown = shown;
  const [icon, status, message] = item.children;
  icon.textContent = RULE_ICONS[shown];
  status.textContent = text(RULE_LABELS[shown]);
  message.textContent = result.message;
}

function policyErrorText(error) {
  const values = { code: error.code ?? error.name, message: error.message };
  if (!policy) return text('policyUnavailable', values);
  if (error.code === 'candidate.too_long') return text('policyTooLong');
  return text('policyCheckFailed', values);
}

function renderGenerated() {
  const generated = state.generated?.password === passwordInput.value ? state.generated : null;
  let message = '';
  if (state.generateError) {
    message = text('generateFailed', { code: state.generateError.code, message: state.generateError.message });
  } else if (generated) {
    message = text('entropy', { bits: Math.round(generated.entropyBits) });
  }
  generatedEntropy.hidden = !message;
  generatedEntropy.textContent = message;
  generatedEntropy.classList.toggle('error', Boolean(state.generateError));
}

function renderToggle() {
  const shown = passwordInput.type === 'text';
  toggleButton.textContent = text(shown ? 'hide' : 'show');
  toggleButton.setAttribute('aria-label', text(shown ? 'hidePassword' : 'showPassword'));
}

function renderSubmitNote() {
  if (!state.submitted) {
    submitNote.textContent = '';
    return;
  }
  const report = shownReport();
  const sentences = [
    report ? text('notSentScore', { score: report.score, label: report.scoreLabel.text }) : text('notSent'),
  ];
  if (passwordInput.value && state.policyReport) {
    const counts = policyCounts(state.policyReport);
    if (counts.failed > 0) sentences.push(text('policyFail', counts));
    else sentences.push(text(counts.pending > 0 ? 'policyPassPending' : 'policyPass', counts));
  }
  submitNote.textContent = sentences.join(text('sentenceGap'));
}

/** Puts every text of the page in the current language. */
function renderPage() {
  document.documentElement.lang = state.locale;
  document.title = text('title');
  for (const element of document.querySelectorAll('[data-text]')) {
    element.textContent = text(element.dataset.text);
  }
  languageSelect.value = state.locale;
  renderToggle();
  renderGenerated();
  renderPolicy();
  renderStrength();
  renderSubmitNote();
}

function edited() {
  state.submitted = false; // the note was about the form as it was
  state.generateError = null;
  checkPolicy();
  renderPolicy();
  renderGenerated();
  renderSubmitNote();
  estimate();
}

passwordInput.addEventListener('input', edited);
for (const field of personalFields) field.addEventListener('input', edited);

toggleButton.addEventListener('click', () => {
  passwordInput.type = passwordInput.type === 'password' ? 'text' : 'password';
  renderToggle();
});

generateButton.addEventListener('click', () => {
  try {
    state.generated = generatePassphrase();
  } catch (error) {
    state.generated = null;
    state.generateError = error;
    renderGenerated();
    return;
  }
  passwordInput.value = state.generated.password;
  passwordInput.type = 'text'; // a generated passphrase is only useful if it can be read
  renderToggle();
  edited();
});

languageSelect.addEventListener('change', () => {
  state.locale = languageSelect.value;
  checkPolicy(); // the policy report's messages come in the locale it was asked for
  renderPage();
  estimate(); // and so do the strength report's texts
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  state.submitted = true;
  renderSubmitNote();
});

renderPage();
estimate(); // fields the browser filled in before this script ran
loadPolicy();
