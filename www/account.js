// The signed-in account: its expiry (banner), roles and second factor as the server reports them
// (GET /api/session), the same state computed by the page from policy.json beside it, and a
// change-password form with the live checklist and meter; the server's verdict on a change is
// shown beside the page's, rule by rule. The second factor (TOTP): whether it is required and
// why, set-up (key grouped in fours and the otpauth link, as text) and confirmation with a code;
// a banner while it is required but not set up (or not used in this session).
import { AccessMatrix, userInputsOf } from './pkg/web/account_rules.js';
import {
  api, applyTexts, bindLanguageSelect, currentLocale, errorOf, getSession, onLocaleChange, onSessionChange,
  setSession, startNav, translator,
} from './common.js';
import {
  createPasswordMirror, createVerdictView, generatePassphrase, loadPolicy, renderComparison, renderGenerated, wasmReady,
  withPasswordTexts,
} from './password-ui.js';

const TEXTS = withPasswordTexts({
  en: {
    title: 'Your account · account-rules demo',
    heading: 'Your account',
    language: 'Language',
    mirrorNote: "This page mirrors the server's rules; the server decides.",
    policyFingerprint: 'Policy',
    loading: 'Loading your account…',
    signedOut: 'You are not signed in.',
    goToLogin: 'Log in',
    goToSignup: 'Create an account',
    username: 'Username',
    displayName: 'Display name',
    roles: 'Roles',
    noRoles: 'None',
    mfa: 'Second factor',
    passwordChanged: 'Password changed',
    passwordExpires: 'Password expires',
    never: 'Never',
    daysLeft: '{days} days left (until {date}).',
    dayLeft: '1 day left (until {date}).',
    expiredOn: 'Expired on {date}: change it now.',
    validUntil: 'Valid until {date}.',
    neverExpires: 'Passwords do not expire under this policy.',
    stateTitle: 'Account state: the page’s view and the server’s',
    clockNote:
      'The page and the server disagree on time-based state: the server’s clock can differ from this page’s (the demo can shift it). The server decides.',
    expiryState_ok: 'valid',
    expiryState_warning: 'expires soon',
    expiryState_expired: 'expired',
    expiryState_never: 'never expires',
    changeAllowed: 'allowed',
    changeTooSoon: 'too soon',
    mfaRequired: 'required',
    mfaNotRequired: 'not required',
    changeTitle: 'Change your password',
    tooSoon: 'Too soon to change your password.',
    canChangeAt: 'You can change it from {time} (the page’s estimate; the server decides).',
    tooSoonPageOnly: 'By this page’s clock it is too soon to change your password ({page}); the server allows it now: “{server}”. The server decides.',
    currentPassword: 'Current password',
    newPassword: 'New password',
    show: 'Show',
    hide: 'Hide',
    showPassword: 'Show password',
    hidePassword: 'Hide password',
    showCurrent: 'Show current password',
    hideCurrent: 'Hide current password',
    generate: 'Generate a passphrase',
    entropy: '{bits} bits of entropy',
    generateFailed: 'No passphrase could be generated ({code}): {message}',
    policyTitle: 'Password rules',
    strengthTitle: 'Password strength',
    scenarios: 'Time to guess it in other attacks',
    submit: 'Change password',
    sending: 'Sending the change to the server…',
    serverSaid: 'The server said:',
    changed: 'Your password was changed.',
    serverRefused: 'The server refused the new password: {failed} of {rules} rules not met.',
    tooSoonAgreed: 'The server agrees with this page: it is too soon to change the password.',
    tooSoonServerOnly: 'The server says it is too soon to change the password; this page thought it was allowed.',
    serverCanChangeAt: 'The server allows a change from {time}.',
    wrongCurrent: 'The current password is wrong.',
    attemptsLeft: '{count} attempts left before the account is locked.',
    sessionEnded: 'Your session has ended: log in again.',
    locked: 'Too many failed sign-ins: this account is locked.',
    error: 'The server refused the request.',
    verdictTitle: 'The page’s verdict and the server’s',
    privacy: 'Your new password is checked here as you type and sent only to this demo’s server when you change it.',
    mfaTitle: 'Second factor',
    mfaGoToSection: 'Go to the second factor',
    mfaRequiredRoles: 'Required because of your roles: {roles}.',
    mfaRequiredAll: 'Required for every account.',
    mfaOptional: 'Optional for this account.',
    mfaEnrolledVerified: 'Set up, and used in this session.',
    mfaEnrolledUnverified: 'Set up, but not used in this session: log out and sign in again with a code.',
    mfaNotEnrolled: 'Not set up.',
    mfaBannerSetup: 'Your roles need a second factor ({roles}): set up an authenticator app below. Until then, what needs it is refused.',
    mfaBannerSetupAll: 'This account needs a second factor: set up an authenticator app below. Until then, what needs it is refused.',
    mfaBannerVerify: 'This session has not used your second factor: log out and sign in again with a code.',
    mfaStart: 'Set up an authenticator app',
    mfaRestart: 'Start again with a new key',
    mfaSetupHelp: 'Add this key to your authenticator app (type it, or paste the link), then enter the 6-digit code the app shows.',
    mfaSecret: 'Key',
    mfaUri: 'Link',
    mfaCode: 'Code from your authenticator app',
    mfaConfirm: 'Confirm the code',
    mfaStarting: 'Asking the server for a key…',
    mfaConfirming: 'Checking the code with the server…',
    mfaDone: 'Your second factor is set up; this session has used it.',
    mfaCodeInvalid: 'Wrong or already used code.',
  },
  'zh-CN': {
    title: '你的账户 · account-rules 演示',
    heading: '你的账户',
    language: '语言',
    mirrorNote: '本页面使用与服务器相同的规则；以服务器的判定为准。',
    policyFingerprint: '策略',
    loading: '正在加载你的账户…',
    signedOut: '你尚未登录。',
    goToLogin: '登录',
    goToSignup: '创建账户',
    username: '用户名',
    displayName: '显示名称',
    roles: '角色',
    noRoles: '无',
    mfa: '第二因素',
    passwordChanged: '密码修改于',
    passwordExpires: '密码到期',
    never: '永不',
    daysLeft: '还剩 {days} 天（至 {date}）。',
    dayLeft: '还剩 1 天（至 {date}）。',
    expiredOn: '已于 {date} 过期：请立即修改。',
    validUntil: '有效期至 {date}。',
    neverExpires: '按此策略，密码不会过期。',
    stateTitle: '账户状态：本页面与服务器的看法',
    clockNote: '本页面与服务器对与时间有关的状态看法不一致：服务器的时钟可能与本页面不同（演示可以调整它）。以服务器的判定为准。',
    expiryState_ok: '有效',
    expiryState_warning: '即将过期',
    expiryState_expired: '已过期',
    expiryState_never: '永不过期',
    changeAllowed: '允许',
    changeTooSoon: '太早',
    mfaRequired: '需要',
    mfaNotRequired: '不需要',
    changeTitle: '修改密码',
    tooSoon: '距上次修改时间太短，暂时不能修改密码。',
    canChangeAt: '你可以从 {time} 起修改（本页面的估计；以服务器为准）。',
    tooSoonPageOnly: '按本页面的时钟，现在修改密码为时过早（{page}）；服务器现在允许修改：“{server}”。以服务器的判定为准。',
    currentPassword: '当前密码',
    newPassword: '新密码',
    show: '显示',
    hide: '隐藏',
    showPassword: '显示密码',
    hidePassword: '隐藏密码',
    showCurrent: '显示当前密码',
    hideCurrent: '隐藏当前密码',
    generate: '生成密码短语',
    entropy: '熵为 {bits} 位',
    generateFailed: '无法生成密码短语（{code}）：{message}',
    policyTitle: '密码规则',
    strengthTitle: '密码强度',
    scenarios: '其他攻击方式下猜中它所需的时间',
    submit: '修改密码',
    sending: '正在将修改发送到服务器…',
    serverSaid: '服务器的答复：',
    changed: '你的密码已修改。',
    serverRefused: '服务器拒绝了新密码：{rules} 条规则中有 {failed} 条未满足。',
    tooSoonAgreed: '服务器与本页面一致：现在修改密码为时过早。',
    tooSoonServerOnly: '服务器认为现在修改密码为时过早；本页面原以为可以修改。',
    serverCanChangeAt: '服务器允许从 {time} 起修改。',
    wrongCurrent: '当前密码错误。',
    attemptsLeft: '账户被锁定前还剩 {count} 次尝试机会。',
    sessionEnded: '你的会话已结束：请重新登录。',
    locked: '登录失败次数过多：该账户已被锁定。',
    error: '服务器拒绝了该请求。',
    verdictTitle: '本页面与服务器的判定',
    privacy: '你输入新密码时会在此处检查，仅在修改时发送到本演示的服务器。',
    mfaTitle: '第二因素',
    mfaGoToSection: '前往第二因素设置',
    mfaRequiredRoles: '因你的角色而需要：{roles}。',
    mfaRequiredAll: '所有账户都需要。',
    mfaOptional: '此账户可选用。',
    mfaEnrolledVerified: '已设置，并已在本次会话中使用。',
    mfaEnrolledUnverified: '已设置，但本次会话尚未使用：请退出并使用验证码重新登录。',
    mfaNotEnrolled: '尚未设置。',
    mfaBannerSetup: '你的角色需要第二因素（{roles}）：请在下方设置验证器应用。在此之前，需要它的操作一律拒绝。',
    mfaBannerSetupAll: '此账户需要第二因素：请在下方设置验证器应用。在此之前，需要它的操作一律拒绝。',
    mfaBannerVerify: '本次会话尚未使用你的第二因素：请退出并使用验证码重新登录。',
    mfaStart: '设置验证器应用',
    mfaRestart: '使用新密钥重新开始',
    mfaSetupHelp: '将此密钥添加到你的验证器应用（手动输入或粘贴链接），然后输入应用显示的 6 位验证码。',
    mfaSecret: '密钥',
    mfaUri: '链接',
    mfaCode: '验证器应用中的验证码',
    mfaConfirm: '确认验证码',
    mfaStarting: '正在向服务器申请密钥…',
    mfaConfirming: '正在向服务器核对验证码…',
    mfaDone: '你的第二因素已设置；本次会话已使用它。',
    mfaCodeInvalid: '验证码错误或已被使用。',
  },
});

const t = translator(TEXTS);

const byId = (id) => document.getElementById(id);
const form = byId('change');
const currentInput = byId('current-password');
const passwordInput = byId('password');
const toggleCurrent = byId('toggle-current');
const togglePassword = byId('toggle-password');
const generateButton = byId('generate');
const generatedEntropy = byId('generated-entropy');
const submitButton = form.querySelector('button[type=submit]');
const changeStatus = byId('change-status');
const changeError = byId('change-error');
const changeDone = byId('change-done');

let policy = null;

const state = {
  /** The AccountView as the server sent it (in the current locale once refreshed), or null. */
  account: undefined,
  sending: false,
  /** The last answer to a change: { status, body, locale, pageCanChange }. */
  answer: null,
  generated: null,
  generateError: null,
  /**
   * The roles of this user the access model marks `requiresMfa`, computed here from the user's
   * snapshot of the model (GET /api/access/snapshot), for whom it was loaded.
   */
  requiresMfa: { user: null, roles: [] },
};

const mirror = createPasswordMirror({ passwordInput, candidate, t, locale: currentLocale });
const verdict = createVerdictView({
  section: byId('verdict'),
  summary: byId('verdict-summary'),
  list: byId('verdict-rules'),
  t,
  policy: () => policy,
});

/**
 * The new password with what the page knows about its owner: the current password (for
 * notSimilarToCurrent) and the account's username and display name (for personalInfo).
 */
function candidate(password) {
  const result = { password };
  const account = state.account;
  if (account?.username) result.username = account.username;
  if (account?.displayName) result.displayName = account.displayName;
  if (currentInput.value) result.currentPassword = currentInput.value;
  return result;
}

function userInputs() {
  try {
    return userInputsOf(candidate(''));
  } catch {
    return [];
  }
}

function formatTime(value) {
  if (value === null || value === undefined || value === '') return '';
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/** The page's own view of the account's time-based state, from policy.json and the page's clock. */
function pageView() {
  const account = state.account;
  if (!policy || !account) return null;
  const options = { locale: currentLocale() };
  try {
    return {
      expiry: policy.expiry(account.passwordChangedAt, Date.now(), options),
      mfa: policy.mfaRequired(account.roles ?? [], { ...options, requiresMfa: state.requiresMfa.roles }),
    };
  } catch {
    return null;
  }
}

const EXPIRY_ICON_STATUS = { ok: 'passed', never: 'passed', warning: 'pending', expired: 'failed' };

function expirySide(expiry) {
  if (!expiry) return null;
  return {
    status: EXPIRY_ICON_STATUS[expiry.state] ?? '',
    statusText: t(`expiryState_${expiry.state}`),
    code: expiry.message?.code ?? '',
    message: expiry.message?.text ?? '',
    compared: `${expiry.state}/${expiry.daysLeft}`, // the same state is not enough: the same days left
  };
}

function changeSide(expiry) {
  if (!expiry) return null;
  return {
    status: expiry.canChange ? 'passed' : 'failed',
    statusText: t(expiry.canChange ? 'changeAllowed' : 'changeTooSoon'),
    code: expiry.changeMessage?.code ?? '',
    message: expiry.changeMessage?.text ?? '',
  };
}

function mfaSide(mfa) {
  if (!mfa) return null;
  return {
    status: 'info',
    statusText: t(mfa.required ? 'mfaRequired' : 'mfaNotRequired'),
    code: mfa.message?.code ?? '',
    message: mfa.message?.text ?? '',
  };
}

function stateRow(rule, page, server) {
  const same = page && server && page.code === server.code && page.compared === server.compared;
  const agreement = !page || !server ? 'missing' : same ? 'agree' : 'disagree';
  return { rule, page, server, agreement };
}

function renderAccount() {
  const account = state.account;
  byId('loading').hidden = account !== undefined;
  byId('signed-out').hidden = account !== null;
  byId('account').hidden = !account;
  if (!account) return;

  const expiry = account.expiry;
  const banner = byId('expiry-banner');
  banner.dataset.state = expiry?.state ?? '';
  banner.dataset.code = expiry?.message?.code ?? '';
  banner.dataset.daysLeft = expiry?.daysLeft == null ? '' : String(expiry.daysLeft);
  byId('expiry-message').textContent = expiry?.message?.text ?? '';
  let detail = '';
  if (expiry?.state === 'never') detail = t('neverExpires');
  else if (expiry?.state === 'expired') detail = t('expiredOn', { date: formatTime(expiry.expiresAt) });
  else if (expiry?.state === 'warning') detail = t(expiry.daysLeft === 1 ? 'dayLeft' : 'daysLeft', { days: expiry.daysLeft, date: formatTime(expiry.expiresAt) });
  else if (expiry) detail = t('validUntil', { date: formatTime(expiry.expiresAt) });
  byId('expiry-detail').textContent = detail;

  byId('account-username').textContent = account.username;
  byId('change-username').value = account.username; // for password managers
  byId('account-display-name').textContent = account.displayName || '—';
  const roles = account.roles ?? [];
  byId('account-roles').replaceChildren(
    ...roles.map((role) => {
      const item = document.createElement('li');
      item.textContent = role;
      item.dataset.role = role;
      return item;
    }),
  );
  byId('account-roles').hidden = roles.length === 0;
  byId('account-no-roles').hidden = roles.length > 0;
  const mfa = byId('account-mfa');
  mfa.textContent = account.mfa?.message?.text ?? '';
  mfa.dataset.required = String(Boolean(account.mfa?.required));
  mfa.dataset.enrolled = String(Boolean(account.mfa?.enrolled));
  renderMfa();
  byId('account-changed').textContent = formatTime(account.passwordChangedAt);
  byId('account-expires').textContent = expiry?.expiresAt == null ? t('never') : formatTime(expiry.expiresAt);

  // The page's view beside the server's.
  const page = pageView();
  const rows = [
    stateRow('expiry', expirySide(page?.expiry), expirySide(expiry)),
    stateRow('change', changeSide(page?.expiry), changeSide(expiry)),
    stateRow('mfa', mfaSide(page?.mfa), mfaSide(account.mfa)),
  ];
  const counts = renderComparison(byId('state-rows'), rows, t);
  byId('state-summary').textContent = t('verdictCounts', { ...counts, disagree: counts.disagree + counts.missing });
  byId('clock-note').hidden = rows.slice(0, 2).every((row) => row.agreement === 'agree');

  // Too soon to change: the page's computation, and the server's (which decides) when they differ.
  const pageCanChange = page?.expiry ? page.expiry.canChange : true;
  const serverCanChange = expiry ? expiry.canChange : true;
  const tooSoon = byId('too-soon');
  tooSoon.hidden = pageCanChange && serverCanChange;
  tooSoon.dataset.pageCanChange = String(pageCanChange);
  tooSoon.dataset.serverCanChange = String(serverCanChange);
  tooSoon.dataset.state = serverCanChange ? 'ok' : 'warning';
  let message = '';
  let detailText = '';
  if (!serverCanChange) {
    message = `${t('tooSoon')} ${expiry.changeMessage?.text ?? ''}`.trim();
    const when = pageCanChange ? expiry.canChangeAt : page.expiry.canChangeAt;
    detailText = t(pageCanChange ? 'serverCanChangeAt' : 'canChangeAt', { time: formatTime(when) });
  } else if (!pageCanChange) {
    message = t('tooSoonPageOnly', { page: page.expiry.changeMessage?.text ?? '', server: expiry.changeMessage?.text ?? '' });
  }
  byId('too-soon-message').textContent = message;
  byId('too-soon-detail').textContent = detailText;
}

function renderToggles() {
  const current = currentInput.type === 'text';
  toggleCurrent.textContent = t(current ? 'hide' : 'show');
  toggleCurrent.setAttribute('aria-label', t(current ? 'hideCurrent' : 'showCurrent'));
  const shown = passwordInput.type === 'text';
  togglePassword.textContent = t(shown ? 'hide' : 'show');
  togglePassword.setAttribute('aria-label', t(shown ? 'hidePassword' : 'showPassword'));
}

function showGenerated() {
  renderGenerated(generatedEntropy, { generated: state.generated, error: state.generateError, value: passwordInput.value, t });
}

function renderAnswer() {
  const answer = state.answer;
  let status = '';
  if (state.sending) status = t('sending');
  else if (answer?.body?.report && answer.status !== 200) {
    status = t('serverRefused', { failed: answer.body.report.failed.length, rules: answer.body.report.rules.length });
  }
  if (changeStatus.textContent !== status) changeStatus.textContent = status;

  changeDone.hidden = answer?.status !== 200;

  const error = answer && answer.status !== 200 && !answer.body?.report ? errorOf(answer) : null;
  changeError.hidden = !error;
  changeError.dataset.code = error?.code ?? '';
  if (!error) return;
  let text = t('error');
  let detail = '';
  if (error.code === 'account.change.too_soon') {
    text = t(answer.pageCanChange ? 'tooSoonServerOnly' : 'tooSoonAgreed');
    const canChangeAt = answer.body?.expiry?.canChangeAt;
    if (canChangeAt != null) detail = t('serverCanChangeAt', { time: formatTime(canChangeAt) });
  } else if (error.code === 'account.login.failed') {
    text = t('wrongCurrent');
    const remaining = answer.body?.lockout?.remainingAttempts;
    if (remaining != null) detail = t('attemptsLeft', { count: remaining });
  } else if (error.code === 'account.lockout.locked') {
    text = t('locked');
  } else if (error.code === 'session.required') {
    text = t('sessionEnded');
  }
  changeError.dataset.agreement = error.code === 'account.change.too_soon' ? (answer.pageCanChange ? 'disagree' : 'agree') : '';
  byId('change-error-text').textContent = text;
  byId('change-error-code').textContent = error.code;
  const message = byId('change-error-message');
  message.textContent = error.message;
  message.lang = answer.locale;
  byId('change-error-detail').textContent = detail;
}

function renderPage() {
  applyTexts(TEXTS);
  renderToggles();
  showGenerated();
  renderAccount();
  mirror.render();
  renderAnswer();
  verdict.render();
}

function edited() {
  state.generateError = null;
  if (state.answer) {
    state.answer = null;
    verdict.clear();
    renderAnswer();
  }
  mirror.update(userInputs());
  showGenerated();
}

async function refreshAccount() {
  const response = await api('GET', `/api/session?locale=${encodeURIComponent(currentLocale())}`);
  if (response.status === 200) setSession(response.body?.account ?? null);
}

async function start() {
  try {
    ({ policy } = await loadPolicy());
  } catch (error) {
    mirror.setPolicy(null, error);
    return;
  }
  const fingerprint = policy.fingerprint();
  byId('policy-fingerprint').textContent = fingerprint.replace(/^sha256:/, '').slice(0, 12);
  byId('policy-fingerprint').title = fingerprint;
  byId('policy-fingerprint-line').hidden = false;
  generateButton.disabled = false;
  mirror.setPolicy(policy);
  renderAccount();
}

currentInput.addEventListener('input', edited);
passwordInput.addEventListener('input', edited);

toggleCurrent.addEventListener('click', () => {
  currentInput.type = currentInput.type === 'password' ? 'text' : 'password';
  renderToggles();
});
togglePassword.addEventListener('click', () => {
  passwordInput.type = passwordInput.type === 'password' ? 'text' : 'password';
  renderToggles();
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
  passwordInput.type = 'text';
  renderToggles();
  edited();
});

// The second factor.

const mfaState = {
  /** The set-up waiting for its first code: { secret, otpauthUri, issuer, account }. */
  setup: null,
  sending: null,
  /** The last refusal: { status, body, locale }. */
  answer: null,
  done: false,
};

/** A base32 key in groups of four, as authenticator apps show and accept it. */
function groupsOfFour(secret) {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

function renderMfa() {
  const account = state.account;
  const mfa = account?.mfa;
  if (!mfa) return;
  const roles = (mfa.becauseOfRoles ?? []).join(', ');
  const required = byId('mfa-required');
  required.dataset.required = String(Boolean(mfa.required));
  required.textContent = !mfa.required ? t('mfaOptional') : roles ? t('mfaRequiredRoles', { roles }) : t('mfaRequiredAll');
  const status = byId('mfa-status');
  status.dataset.enrolled = String(Boolean(mfa.enrolled));
  status.dataset.sessionVerified = String(Boolean(mfa.sessionVerified));
  status.textContent = !mfa.enrolled ? t('mfaNotEnrolled') : mfa.sessionVerified ? t('mfaEnrolledVerified') : t('mfaEnrolledUnverified');

  const banner = byId('mfa-banner');
  const needsSetup = mfa.required && !mfa.enrolled;
  const needsUse = mfa.required && mfa.enrolled && !mfa.sessionVerified;
  banner.hidden = !needsSetup && !needsUse;
  banner.dataset.code = mfa.note?.code ?? '';
  byId('mfa-banner-text').textContent = needsUse
    ? t('mfaBannerVerify')
    : roles ? t('mfaBannerSetup', { roles }) : t('mfaBannerSetupAll');

  const start = byId('mfa-start');
  start.hidden = Boolean(mfa.enrolled);
  start.disabled = mfaState.sending !== null;
  start.textContent = t(mfaState.setup ? 'mfaRestart' : 'mfaStart');
  const setup = byId('mfa-setup');
  setup.hidden = !mfaState.setup || Boolean(mfa.enrolled);
  if (mfaState.setup) {
    byId('mfa-secret').textContent = groupsOfFour(mfaState.setup.secret);
    byId('mfa-secret').dataset.secret = mfaState.setup.secret;
    byId('mfa-uri').textContent = mfaState.setup.otpauthUri;
  }

  let result = '';
  if (mfaState.sending === 'start') result = t('mfaStarting');
  else if (mfaState.sending === 'confirm') result = t('mfaConfirming');
  else if (mfaState.done) result = t('mfaDone');
  const resultBox = byId('mfa-result');
  if (resultBox.textContent !== result) resultBox.textContent = result;

  const answer = mfaState.answer;
  const error = answer ? errorOf(answer) : null;
  const errorBox = byId('mfa-error');
  errorBox.hidden = !error;
  errorBox.dataset.code = error?.code ?? '';
  if (error) {
    const texts = {
      'account.mfa.code_invalid': 'mfaCodeInvalid',
      'account.lockout.locked': 'locked',
      'session.required': 'sessionEnded',
    };
    byId('mfa-error-text').textContent = t(texts[error.code] ?? 'error');
    byId('mfa-error-code').textContent = error.code;
    const message = byId('mfa-error-message');
    message.textContent = error.message;
    message.lang = answer.locale;
    const remaining = answer.body?.lockout?.remainingAttempts;
    byId('mfa-error-detail').textContent =
      error.code === 'account.mfa.code_invalid' && remaining != null ? t('attemptsLeft', { count: remaining }) : '';
  }
}

byId('mfa-start').addEventListener('click', async () => {
  if (mfaState.sending) return;
  const locale = currentLocale();
  mfaState.sending = 'start';
  mfaState.answer = null;
  mfaState.done = false;
  renderMfa();
  const response = await api('POST', '/api/account/mfa', { locale });
  mfaState.sending = null;
  if (response.status === 200 && response.body?.secret) {
    mfaState.setup = response.body;
    byId('mfa-code').value = '';
  } else {
    mfaState.answer = { ...response, locale };
  }
  renderMfa();
  if (mfaState.setup) byId('mfa-code').focus();
});

byId('mfa-confirm').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (mfaState.sending || !mfaState.setup) return;
  const locale = currentLocale();
  const codeInput = byId('mfa-code');
  mfaState.sending = 'confirm';
  mfaState.answer = null;
  renderMfa();
  const response = await api('POST', '/api/account/mfa/confirm', { code: codeInput.value.replace(/\s+/g, ''), locale });
  mfaState.sending = null;
  codeInput.value = '';
  if (response.status === 200 && response.body?.account) {
    mfaState.setup = null;
    mfaState.done = true;
    setSession(response.body.account);
    renderMfa();
    byId('mfa-title').focus();
    return;
  }
  mfaState.answer = { ...response, locale };
  renderMfa();
  codeInput.focus();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (state.sending || !state.account) return;
  const locale = currentLocale();
  const sentCandidate = candidate(passwordInput.value);
  const pageCanChange = pageView()?.expiry?.canChange ?? true;
  state.sending = true;
  state.answer = null;
  verdict.clear();
  submitButton.disabled = true;
  renderAnswer();
  const response = await api('POST', '/api/account/password', {
    currentPassword: currentInput.value,
    newPassword: passwordInput.value,
    locale,
  });
  state.sending = false;
  submitButton.disabled = false;
  state.answer = { ...response, locale, pageCanChange };
  if (response.body?.report) verdict.show(sentCandidate, locale, response.body.report);
  if (response.status === 200 && response.body?.account) {
    // The account has a new password: the form starts again (the verdicts stay until an edit).
    currentInput.value = '';
    passwordInput.value = '';
    setSession(response.body.account);
    mirror.update(userInputs());
  }
  renderAnswer();
  if (response.status === 200) changeDone.focus();
});

/**
 * Loads the signed-in user's snapshot of the access model (only what their own checks need) and
 * reads from it which of their roles need a second factor, so that the page's MFA verdict
 * mirrors the server's; on failure the page simply knows no such role.
 */
async function loadRequiresMfa(account) {
  if (!account || state.requiresMfa.user === account.username) return;
  state.requiresMfa = { user: account.username, roles: [] };
  const response = await api('GET', '/api/access/snapshot');
  const snapshot = response.status === 200 ? response.body?.snapshot : null;
  if (!snapshot) {
    if (response.status !== 200) state.requiresMfa.user = null; // try again on the next change
    return;
  }
  try {
    await wasmReady(); // the snapshot can arrive before the WebAssembly is compiled
    const matrix = AccessMatrix.fromJson(snapshot.document);
    try {
      state.requiresMfa.roles = matrix.effective(account.username).requiresMfa;
    } finally {
      matrix.free();
    }
  } catch {
    return;
  }
  if (state.account?.username === account.username) renderAccount();
}

onSessionChange((account) => {
  state.account = account;
  renderAccount();
  loadRequiresMfa(account);
  mirror.update(userInputs()); // the username and display name are part of the candidate
});

onLocaleChange(() => {
  mirror.update(userInputs());
  renderPage();
  verdict.relocalize();
  refreshAccount(); // the server's messages in the new language
});

bindLanguageSelect(byId('lang'));
renderPage();
start();
startNav().then((account) => {
  state.account = account ?? getSession() ?? null;
  renderAccount();
  loadRequiresMfa(state.account);
});
