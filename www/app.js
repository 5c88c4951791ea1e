// The signup demo: a live password-strength meter that runs the package's worker helper on
// every keystroke. The page only shows what the server will decide; it submits nothing.
import { createStrengthWorker } from './pkg/worker/index.js';

/** The page's own texts; everything in a strength report comes localized from the package. */
const TEXTS = {
  en: {
    title: 'Create an account · account-rules demo',
    heading: 'Create an account',
    language: 'Language',
    mirrorNote: 'This page mirrors the server’s rules; the server decides.',
    displayName: 'Display name',
    username: 'Username',
    email: 'Email',
    password: 'Password',
    show: 'Show',
    hide: 'Hide',
    showPassword: 'Show password',
    hidePassword: 'Hide password',
    passwordHint: 'A password that contains your name, username or email is easier to guess.',
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
    checkFailed: 'The strength check failed ({code}): {message}',
    submit: 'Create account',
    notSent: 'Nothing was sent: creating the account needs the server, which comes in a later version.',
    notSentScore:
      'Nothing was sent: creating the account needs the server, which comes in a later version. ' +
      'Here the password scores {score} of 4 ({label}); the server will check it again.',
    privacy: 'Your password never leaves this page: it is checked here, in a Web Worker running WebAssembly.',
  },
  'zh-CN': {
    title: '创建账户 · account-rules 演示',
    heading: '创建账户',
    language: '语言',
    mirrorNote: '本页面使用与服务器相同的规则；以服务器的判定为准。',
    displayName: '显示名称',
    username: '用户名',
    email: '电子邮箱',
    password: '密码',
    show: '显示',
    hide: '隐藏',
    showPassword: '显示密码',
    hidePassword: '隐藏密码',
    passwordHint: '包含你的姓名、用户名或邮箱的密码更容易被猜中。',
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
    checkFailed: '强度检查失败（{code}）：{message}',
    submit: '创建账户',
    notSent: '未发送任何内容：创建账户需要服务器，服务器部分将在后续版本中提供。',
    notSentScore:
      '未发送任何内容：创建账户需要服务器，服务器部分将在后续版本中提供。' +
      '在本页面中该密码得分为 {score}/4（{label}）；服务器会再次检查。',
    privacy: '你的密码不会离开本页面：它在此处由运行 WebAssembly 的 Web Worker 检查。',
  },
};

/** The attack scenarios of `report.crackTimes`, in the order they are listed. */
const SCENARIOS = [
  'onlineThrottling100PerHour',
  'onlineNoThrottling10PerSecond',
  'offlineSlowHashing1e4PerSecond',
  'offlineFastHashing1e10PerSecond',
];

// estimateStrength accepts at most 32 user inputs of at most 256 characters each; the fields'
// maxlength keeps every value under that length.
const MAX_USER_INPUTS = 32;
// Shorter words of a value (an initial, "de", "of") would penalise almost any password.
const MIN_PART_CHARS = 3;

const byId = (id) => document.getElementById(id);
const form = byId('signup');
const languageSelect = byId('lang');
const personalFields = [byId('display-name'), byId('username'), byId('email')];
const passwordInput = byId('password');
const toggleButton = byId('toggle-password');
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

const state = {
  locale: navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en',
  /** The latest report, or null before the first one and after an error. */
  report: null,
  error: null,
  submitted: false,
};

function text(key, values = {}) {
  return TEXTS[state.locale][key].replace(/\{(\w+)\}/g, (_, name) => values[name]);
}

/** The words the user is known by: each field's value, and its words (email: name and domain parts). */
function userInputs() {
  const inputs = new Set();
  for (const field of personalFields) {
    const value = field.value.trim();
    if (!value) continue;
    inputs.add(value);
    for (const part of value.split(/[^\p{L}\p{N}]+/u)) {
      if ([...part].length >= MIN_PART_CHARS) inputs.add(part);
    }
  }
  return [...inputs].slice(0, MAX_USER_INPUTS);
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
  submitNote.textContent = report
    ? text('notSentScore', { score: report.score, label: report.scoreLabel.text })
    : text('notSent');
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
  renderStrength();
  renderSubmitNote();
}

function edited() {
  state.submitted = false; // the note was about the form as it was
  estimate();
}

passwordInput.addEventListener('input', edited);
for (const field of personalFields) field.addEventListener('input', edited);

toggleButton.addEventListener('click', () => {
  passwordInput.type = passwordInput.type === 'password' ? 'text' : 'password';
  renderToggle();
});

languageSelect.addEventListener('change', () => {
  state.locale = languageSelect.value;
  renderPage();
  estimate(); // the report's texts come in the locale it was asked for
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  state.submitted = true;
  renderSubmitNote();
});

renderPage();
estimate(); // fields the browser filled in before this script ran
