// The login page: POST /api/login. A wrong password shows the server's message and how many
// attempts are left; a locked account shows a live countdown to the end of the lock. The lockout
// rule itself (policy.json) is shown as the page reads it; the server decides. An account with a
// second factor is answered `account.mfa.code_required`: the page then asks for the code of the
// authenticator app and sends the password again with it (`otp`).
import {
  api, applyTexts, bindLanguageSelect, currentLocale, errorOf, onLocaleChange, setSession, startNav, translator,
} from './common.js';

const TEXTS = {
  en: {
    title: 'Log in · account-rules demo',
    heading: 'Log in',
    language: 'Language',
    mirrorNote: "This page mirrors the server's rules; the server decides.",
    username: 'Username',
    password: 'Password',
    show: 'Show',
    hide: 'Hide',
    showPassword: 'Show password',
    hidePassword: 'Hide password',
    submit: 'Log in',
    sending: 'Checking with the server…',
    success: 'Signed in as {username}; opening your account…',
    serverSaid: 'The server said:',
    lockoutRule: 'The rule: after {maxFailures} failed sign-ins within {window} minutes, the account is locked for {lock} minutes.',
    lockoutRuleNoWindow: 'The rule: after {maxFailures} failed sign-ins in a row, the account is locked for {lock} minutes.',
    lockoutRuleAdmin: 'The rule: after {maxFailures} failed sign-ins within {window} minutes, the account is locked until an administrator unlocks it.',
    failed: 'Wrong username or password.',
    attemptsLeft: '{count} attempts left before the account is locked.',
    attemptLeft: '1 attempt left before the account is locked.',
    noAttemptsLeft: 'No attempts left: the next failure locks the account.',
    locked: 'Too many failed sign-ins: this account is locked.',
    lockedUntil: 'Locked until {time}.',
    lockedByAdmin: 'Locked until an administrator unlocks it.',
    timeLeft: 'Time left',
    lockEnded: 'The lock has ended; you can try again.',
    lockAnnounce: 'This account is locked; try again in {minutes} minutes.',
    error: 'The server refused the request.',
    privacy: 'Your password is sent only to this demo’s server, which checks it against its Argon2id hash.',
    otp: 'Code from your authenticator app',
    otpHint: 'This account has a second factor: enter the 6-digit code your authenticator app shows now.',
    codeRequired: 'Password accepted. Now enter the code from your authenticator app.',
    codeInvalid: 'Wrong or already used code.',
  },
  'zh-CN': {
    title: '登录 · account-rules 演示',
    heading: '登录',
    language: '语言',
    mirrorNote: '本页面使用与服务器相同的规则；以服务器的判定为准。',
    username: '用户名',
    password: '密码',
    show: '显示',
    hide: '隐藏',
    showPassword: '显示密码',
    hidePassword: '隐藏密码',
    submit: '登录',
    sending: '正在向服务器核对…',
    success: '已登录为 {username}；正在打开你的账户…',
    serverSaid: '服务器的答复：',
    lockoutRule: '规则：{window} 分钟内登录失败 {maxFailures} 次后，账户将被锁定 {lock} 分钟。',
    lockoutRuleNoWindow: '规则：连续登录失败 {maxFailures} 次后，账户将被锁定 {lock} 分钟。',
    lockoutRuleAdmin: '规则：{window} 分钟内登录失败 {maxFailures} 次后，账户将被锁定，直到管理员解锁。',
    failed: '用户名或密码错误。',
    attemptsLeft: '账户被锁定前还剩 {count} 次尝试机会。',
    attemptLeft: '账户被锁定前还剩 1 次尝试机会。',
    noAttemptsLeft: '没有剩余的尝试机会：再失败一次账户就会被锁定。',
    locked: '登录失败次数过多：该账户已被锁定。',
    lockedUntil: '锁定至 {time}。',
    lockedByAdmin: '锁定至管理员解锁为止。',
    timeLeft: '剩余时间',
    lockEnded: '锁定已结束；你可以再试一次。',
    lockAnnounce: '该账户已被锁定；请在 {minutes} 分钟后重试。',
    error: '服务器拒绝了该请求。',
    privacy: '你的密码只会发送到本演示的服务器，服务器用其 Argon2id 哈希进行核对。',
    otp: '验证器应用中的验证码',
    otpHint: '此账户已设置第二重验证：请输入验证器应用当前显示的 6 位验证码。',
    codeRequired: '密码正确。请输入验证器应用中的验证码。',
    codeInvalid: '验证码错误或已被使用。',
  },
};

const t = translator(TEXTS);
const byId = (id) => document.getElementById(id);
const form = byId('login');
const usernameInput = byId('username');
const passwordInput = byId('password');
const toggleButton = byId('toggle-password');
const submitButton = form.querySelector('button[type=submit]');
const status = byId('login-status');
const errorBox = byId('login-error');
const lockBox = byId('lock');
const countdown = byId('lock-countdown');
const lockAnnounce = byId('lock-announce');
const lockoutRule = byId('lockout-rule');
const otpField = byId('otp-field');
const otpInput = byId('otp');

const state = {
  /** The lockout section of policy.json, once read. */
  lockoutPolicy: null,
  sending: false,
  /** The last answer: { status, body, locale } */
  answer: null,
  /** The account signed in by the last answer. */
  signedIn: null,
  timer: null,
  lockEndedAnnounced: false,
  /** The server asked for the code of the second factor. */
  otpAsked: false,
};

async function loadLockoutRule() {
  try {
    const response = await fetch(new URL('policy.json', import.meta.url));
    if (!response.ok) return;
    state.lockoutPolicy = (await response.json()).lockout ?? null;
  } catch {
    state.lockoutPolicy = null;
  }
  renderRule();
}

function renderRule() {
  const lockout = state.lockoutPolicy;
  lockoutRule.hidden = !lockout;
  if (!lockout) return;
  const values = { maxFailures: lockout.maxFailures, window: lockout.windowMinutes, lock: lockout.lockMinutes };
  let key = 'lockoutRule';
  if (lockout.lockMinutes == null) key = 'lockoutRuleAdmin';
  else if (lockout.windowMinutes == null) key = 'lockoutRuleNoWindow';
  lockoutRule.textContent = t(key, values);
}

function formatTime(ms) {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(ms));
}

/** `h:mm:ss` or `m:ss` until `until`, never below zero. */
function formatLeft(until) {
  const total = Math.max(0, Math.ceil((until - Date.now()) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

function renderToggle() {
  const shown = passwordInput.type === 'text';
  toggleButton.textContent = t(shown ? 'hide' : 'show');
  toggleButton.setAttribute('aria-label', t(shown ? 'hidePassword' : 'showPassword'));
}

function lockoutOf(answer) {
  return answer?.body?.lockout ?? null;
}

function renderAnswer() {
  const answer = state.answer;
  const lockout = lockoutOf(answer);
  const locked = Boolean(answer && (answer.status === 423 || lockout?.locked));
  const error = answer && answer.status !== 200 ? errorOf(answer) : null;

  // Asked for the code: not an error, the next step.
  const codeRequired = error?.code === 'account.mfa.code_required';
  otpField.hidden = !state.otpAsked;
  otpInput.required = state.otpAsked;

  let statusText = '';
  if (state.sending) statusText = t('sending');
  else if (state.signedIn) statusText = t('success', { username: state.signedIn.username });
  else if (codeRequired) statusText = t('codeRequired');
  if (status.textContent !== statusText) status.textContent = statusText;

  // A refusal that is not a lock: the server's code and message, and the attempts left.
  errorBox.hidden = !error || locked || codeRequired;
  errorBox.dataset.code = error?.code ?? '';
  if (error && !locked && !codeRequired) {
    const texts = { 'account.login.failed': 'failed', 'account.mfa.code_invalid': 'codeInvalid' };
    byId('login-error-text').textContent = t(texts[error.code] ?? 'error');
    byId('login-error-code').textContent = error.code;
    const message = byId('login-error-message');
    message.textContent = error.message;
    message.lang = answer.locale;
    const remaining = lockout?.remainingAttempts;
    const attempts = byId('attempts-left');
    attempts.hidden = remaining == null;
    attempts.dataset.remaining = remaining == null ? '' : String(remaining);
    attempts.textContent =
      remaining == null ? '' : remaining === 0 ? t('noAttemptsLeft') : remaining === 1 ? t('attemptLeft') : t('attemptsLeft', { count: remaining });
  }

  lockBox.hidden = !locked;
  if (locked) {
    byId('lock-text').textContent = t('locked');
    byId('lock-code').textContent = error?.code ?? lockout?.message?.code ?? '';
    const message = byId('lock-message');
    message.textContent = error?.message ?? lockout?.message?.text ?? '';
    message.lang = answer.locale;
    const until = lockout?.lockedUntil ?? null;
    lockBox.dataset.lockedUntil = until == null ? '' : String(until);
    byId('lock-until').textContent = until == null ? t('lockedByAdmin') : t('lockedUntil', { time: formatTime(until) });
    renderCountdown();
  } else {
    stopCountdown();
  }
}

function renderCountdown() {
  const until = lockoutOf(state.answer)?.lockedUntil ?? null;
  if (until == null) {
    countdown.textContent = '';
    stopCountdown();
    return;
  }
  const left = formatLeft(until);
  countdown.textContent = left;
  countdown.dataset.secondsLeft = String(Math.max(0, Math.ceil((until - Date.now()) / 1000)));
  const ended = Date.now() >= until;
  lockBox.dataset.state = ended ? 'ok' : 'expired';
  if (ended) {
    stopCountdown();
    if (!state.lockEndedAnnounced) {
      state.lockEndedAnnounced = true;
      lockAnnounce.textContent = t('lockEnded');
    }
    byId('lock-text').textContent = t('lockEnded');
    return;
  }
  state.timer ??= setInterval(renderCountdown, 1000);
}

function stopCountdown() {
  if (state.timer !== null) clearInterval(state.timer);
  state.timer = null;
}

/** Said once when the lock starts (the countdown itself is not read out each second). */
function announceLock() {
  const until = lockoutOf(state.answer)?.lockedUntil ?? null;
  state.lockEndedAnnounced = false;
  lockAnnounce.textContent =
    until == null ? t('lockedByAdmin') : t('lockAnnounce', { minutes: Math.max(1, Math.ceil((until - Date.now()) / 60000)) });
}

function renderPage() {
  applyTexts(TEXTS);
  renderToggle();
  renderRule();
  renderAnswer();
}

toggleButton.addEventListener('click', () => {
  passwordInput.type = passwordInput.type === 'password' ? 'text' : 'password';
  renderToggle();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (state.sending) return;
  const locale = currentLocale();
  state.sending = true;
  submitButton.disabled = true;
  renderAnswer();
  const body = { username: usernameInput.value, password: passwordInput.value, locale };
  if (state.otpAsked) body.otp = otpInput.value.replace(/\s+/g, '');
  const response = await api('POST', '/api/login', body);
  state.sending = false;
  submitButton.disabled = false;
  state.answer = { ...response, locale };
  if (response.status === 200 && response.body?.ok) {
    state.signedIn = response.body.account;
    setSession(response.body.account);
    renderAnswer();
    location.assign('account.html');
    return;
  }
  const code = errorOf(response)?.code;
  if (code === 'account.mfa.code_required' || code === 'account.mfa.code_invalid') {
    // The password was right: keep it, and ask for a (new) code.
    state.otpAsked = true;
    otpInput.value = '';
    renderAnswer();
    otpInput.focus();
    return;
  }
  // A wrong password or a lock: start again from the password.
  state.otpAsked = false;
  otpInput.value = '';
  passwordInput.value = '';
  renderAnswer();
  if (!lockBox.hidden) announceLock();
  passwordInput.focus();
});

// Another name is another account: its second factor is asked for by the server again.
usernameInput.addEventListener('input', () => {
  if (!state.otpAsked) return;
  state.otpAsked = false;
  otpInput.value = '';
  renderAnswer();
});

onLocaleChange(renderPage);
bindLanguageSelect(byId('lang'));
renderPage();
startNav();
loadLockoutRule();
