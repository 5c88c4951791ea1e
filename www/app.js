// The signup page: on every keystroke, a checklist of the password policy (policy.json, the
// document the server enforces) checked on the main thread, and a strength meter computed by the
// package's worker helper. Submitting sends the form to the demo server (POST /api/signup), which
// decides; its verdict is shown beside the page's, rule by rule.
import { userInputsOf } from './pkg/web/account_rules.js';
import {
  api, applyTexts, bindLanguageSelect, currentLocale, errorOf, onLocaleChange, setSession, startNav, translator,
} from './common.js';
import {
  createPasswordMirror, createVerdictView, generatePassphrase, loadPolicy, policyCounts, renderGenerated, withPasswordTexts,
} from './password-ui.js';

/** The page's own texts; everything in a report (strength or policy) comes localized from the package or server. */
const TEXTS = withPasswordTexts({
  en: {
    title: 'Create an account · account-rules demo',
    heading: 'Create an account',
    language: 'Language',
    mirrorNote: "This page mirrors the server's rules; the server decides.",
    policyFingerprint: 'Policy',
    displayName: 'Display name',
    username: 'Username',
    email: 'Email',
    birthDate: 'Birth date',
    optional: '(optional)',
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
    strengthTitle: 'Password strength',
    scenarios: 'Time to guess it in other attacks',
    submit: 'Create account',
    sending: 'Sending the form to the server…',
    sentenceGap: ' ',
    policyPass: 'All {checked} rules checked here are met.',
    policyPassPending: 'All {checked} rules checked here are met; the server decides the rest ({pending} pending).',
    policyFail: 'Rules checked here that are not met yet: {failed} of {checked}.',
    scoreNote: 'Here the password scores {score} of 4 ({label}).',
    serverAccepted: 'The server accepted the password and created the account.',
    serverRefused: 'The server refused the password: {failed} of {rules} rules not met.',
    serverError: 'The server refused the form.',
    verdictTitle: 'The page’s verdict and the server’s',
    verdictStale: 'Shown for the form as it was sent.',
    created: 'Account {username} created; you are signed in.',
    goToAccount: 'Go to your account',
    privacy:
      'Your password is checked here as you type (the rules by WebAssembly, the strength in a Web Worker) and sent only to this demo’s server when you create the account.',
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
    birthDate: '出生日期',
    optional: '（可选）',
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
    strengthTitle: '密码强度',
    scenarios: '其他攻击方式下猜中它所需的时间',
    submit: '创建账户',
    sending: '正在将表单发送到服务器…',
    sentenceGap: '',
    policyPass: '本页面检查的 {checked} 条规则均已满足。',
    policyPassPending: '本页面检查的 {checked} 条规则均已满足；其余由服务器判定（{pending} 条待定）。',
    policyFail: '本页面检查的 {checked} 条规则中有 {failed} 条尚未满足。',
    scoreNote: '在本页面中该密码得分为 {score}/4（{label}）。',
    serverAccepted: '服务器接受了该密码并创建了账户。',
    serverRefused: '服务器拒绝了该密码：{rules} 条规则中有 {failed} 条未满足。',
    serverError: '服务器拒绝了该表单。',
    verdictTitle: '本页面与服务器的判定',
    verdictStale: '显示的是发送时的表单。',
    created: '账户 {username} 已创建，你已登录。',
    goToAccount: '前往你的账户',
    privacy: '你输入时密码在此处检查（规则由 WebAssembly 检查，强度在 Web Worker 中估算），仅在创建账户时发送到本演示的服务器。',
  },
});

const t = translator(TEXTS);


const byId = (id) => document.getElementById(id);
const form = byId('signup');
const languageSelect = byId('lang');
const fingerprintLine = byId('policy-fingerprint-line');
const fingerprintCode = byId('policy-fingerprint');
const displayNameInput = byId('display-name');
const usernameInput = byId('username');
const emailInput = byId('email');
const birthDateInput = byId('birth-date');
const personalFields = [displayNameInput, usernameInput, emailInput, birthDateInput];
const passwordInput = byId('password');
const toggleButton = byId('toggle-password');
const generateButton = byId('generate');
const generatedEntropy = byId('generated-entropy');
const submitButton = form.querySelector('button[type=submit]');
const submitNote = byId('submit-note');
const errorBox = byId('signup-error');
const doneBox = byId('signup-done');

const mirror = createPasswordMirror({ passwordInput, candidate, t, locale: currentLocale });
const verdict = createVerdictView({
  section: byId('verdict'),
  summary: byId('verdict-summary'),
  list: byId('verdict-rules'),
  t,
  policy: () => policy,
});

/** The demo's policy, once loaded: the same document the server enforces. */
let policy = null;

const state = {
  /** The last generated password (its entropy is shown while the field still holds it). */
  generated: null,
  generateError: null,
  sending: false,
  /** The last answer of the server: { status, body }. */
  sent: null,
};

/** `password` with what the form knows about its owner (empty fields left out, as sent). */
function candidate(password) {
  const result = { password };
  if (usernameInput.value) result.username = usernameInput.value;
  if (emailInput.value) result.email = emailInput.value;
  if (displayNameInput.value) result.displayName = displayNameInput.value;
  if (birthDateInput.value) result.birthDate = birthDateInput.value;
  return result;
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

async function start() {
  try {
    ({ policy } = await loadPolicy());
  } catch (error) {
    mirror.setPolicy(null, error);
    return;
  }
  const fingerprint = policy.fingerprint();
  fingerprintCode.textContent = fingerprint.replace(/^sha256:/, '').slice(0, 12);
  fingerprintCode.title = fingerprint;
  fingerprintLine.hidden = false;
  generateButton.disabled = false;
  mirror.setPolicy(policy);
  renderSubmitNote();
}

function showGenerated() {
  renderGenerated(generatedEntropy, { generated: state.generated, error: state.generateError, value: passwordInput.value, t });
}

function renderToggle() {
  const shown = passwordInput.type === 'text';
  toggleButton.textContent = t(shown ? 'hide' : 'show');
  toggleButton.setAttribute('aria-label', t(shown ? 'hidePassword' : 'showPassword'));
}

/** The status line under the button: what is being sent, then what the server said. */
function renderSubmitNote() {
  const sentences = [];
  if (state.sending) {
    sentences.push(t('sending'));
  } else if (state.sent) {
    const { status, body } = state.sent;
    if (status === 201) sentences.push(t('serverAccepted'));
    else if (body?.report) {
      sentences.push(t('serverRefused', { failed: body.report.failed.length, rules: body.report.rules.length }));
    } else sentences.push(t('serverError'));
    const strength = mirror.shownReport();
    if (strength) sentences.push(t('scoreNote', { score: strength.score, label: strength.scoreLabel.text }));
    const pageReport = verdict.pageReport();
    if (pageReport) {
      const counts = policyCounts(pageReport);
      if (counts.failed > 0) sentences.push(t('policyFail', counts));
      else sentences.push(t(counts.pending > 0 ? 'policyPassPending' : 'policyPass', counts));
    }
  }
  const text = sentences.join(t('sentenceGap'));
  if (submitNote.textContent !== text) submitNote.textContent = text;
}

function renderResult() {
  const sent = state.sent;
  const error = sent && !sent.body?.report ? errorOf(sent) : null;
  errorBox.hidden = !error;
  errorBox.dataset.code = error?.code ?? '';
  byId('signup-error-message').textContent = error ? error.message || t('serverError') : '';
  byId('signup-error-code').textContent = error?.code ?? '';

  const created = sent?.status === 201 ? sent.body.account : null;
  doneBox.hidden = !created;
  byId('signup-done-message').textContent = created ? t('created', { username: created.username }) : '';
  verdict.render();
}

/** Puts every text of the page in the current language. */
function renderPage() {
  applyTexts(TEXTS);
  renderToggle();
  showGenerated();
  mirror.render();
  renderSubmitNote();
  renderResult();
}

function edited() {
  state.generateError = null;
  if (state.sent) {
    // The verdicts were about the form as it was sent.
    state.sent = null;
    verdict.clear();
    renderResult();
  }
  mirror.update(userInputs());
  showGenerated();
  renderSubmitNote();
}

passwordInput.addEventListener('input', edited);
for (const field of personalFields) field.addEventListener('input', edited);
mirror.onStrength(renderSubmitNote);

toggleButton.addEventListener('click', () => {
  passwordInput.type = passwordInput.type === 'password' ? 'text' : 'password';
  renderToggle();
});

generateButton.addEventListener('click', () => {
  try {
    state.generated = generatePassphrase(policy, candidate);
  } catch (error) {
    state.generated = null;
    state.generateError = error;
    showGenerated();
    return;
  }
  passwordInput.value = state.generated.password;
  passwordInput.type = 'text'; // a generated passphrase is only useful if it can be read
  renderToggle();
  edited();
});

onLocaleChange(() => {
  mirror.update(userInputs()); // the reports' messages come in the locale they were asked for
  renderPage();
  verdict.relocalize();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (state.sending) return;
  const locale = currentLocale();
  const sentCandidate = candidate(passwordInput.value);
  const body = { ...sentCandidate, username: usernameInput.value, locale };
  state.sending = true;
  state.sent = null;
  verdict.clear();
  submitButton.disabled = true;
  renderResult();
  renderSubmitNote();
  const response = await api('POST', '/api/signup', body);
  state.sending = false;
  submitButton.disabled = false;
  state.sent = response;
  if (response.body?.report) verdict.show(sentCandidate, locale, response.body.report);
  if (response.status === 201) setSession(response.body.account);
  renderResult();
  renderSubmitNote();
  if (response.status === 201) doneBox.focus();
});

bindLanguageSelect(languageSelect);
renderPage();
mirror.update(userInputs()); // fields the browser filled in before this script ran
startNav();
start();
