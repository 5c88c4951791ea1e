// What the signup page and the account page's change-password form share: the policy document
// (loaded once, the same file the server enforces), the live checklist of its rules (main thread,
// each keystroke), the strength meter (the package's worker, latest input wins), and the list
// that shows the page's verdict beside the server's, rule by rule.
//
// Exports:
//   PASSWORD_TEXTS                 → texts of the checklist, meter and verdict, en and zh-CN
//   withPasswordTexts(texts)       → a page's TEXTS with PASSWORD_TEXTS merged in
//   loadPolicy()                   → Promise<{ policy, document }> (init of the wasm + policy.json)
//   createPasswordMirror(options)  → the checklist + meter bound to the standard element ids
//   compareReports(page, server)   → rows { rule, page, server, agreement } for renderComparison
//   renderComparison(list, rows, t)→ draws the rows into a <ul>; returns the counts by agreement
//   createVerdictView(options)     → the page's report beside the server's for one submission,
//                                     kept in every language the user switches to
import init, { PasswordPolicy, generatePassword } from './pkg/web/account_rules.js';
import { createStrengthWorker } from './pkg/worker/index.js';
import { api, currentLocale } from './common.js';

export const PASSWORD_TEXTS = {
  en: {
    noPassword: 'No password yet',
    meterValue: '{label} ({score} of 4)',
    crackTime: 'Offline attack on a slow hash (10⁴ guesses/s): {display}',
    onlineThrottling100PerHour: 'Online, throttled (100 guesses/hour)',
    onlineNoThrottling10PerSecond: 'Online, not throttled (10 guesses/s)',
    offlineSlowHashing1e4PerSecond: 'Offline, slow hash (10⁴ guesses/s)',
    offlineFastHashing1e10PerSecond: 'Offline, fast hash (10¹⁰ guesses/s)',
    tooLong: 'This password is too long to be checked here.',
    policyTooLong: 'This password is too long to be checked against the rules.',
    checkFailed: 'The strength check failed ({code}): {message}',
    policySummary: '{passed} of {checked} rules met',
    policyIdle: '{checked} rules, checked as you type',
    policyPendingNote: ' · {pending} checked by the server',
    rulePassed: 'Met: ',
    ruleFailed: 'Not met: ',
    rulePending: 'Checked by the server: ',
    ruleIdle: 'Not checked yet: ',
    policyUnavailable: 'The password rules could not be loaded ({code}): {message}',
    policyCheckFailed: 'The rules check failed ({code}): {message}',
    verdictPage: 'This page',
    verdictServer: 'Server',
    agreeAgree: 'Agree',
    agreeSettled: 'Settled by the server',
    agreeDisagree: 'Disagree',
    agreeMissing: 'Missing on one side',
    verdictCounts: '{agree} agree · {settled} settled by the server · {disagree} disagree',
    statusPassed: 'met',
    statusFailed: 'not met',
    statusPending: 'pending',
    statusNone: '—',
    ruleName_length: 'Length',
    ruleName_characterClasses: 'Kinds of characters',
    ruleName_personalInfo: 'Personal information',
    ruleName_commonPasswords: 'Common passwords',
    ruleName_bannedTerms: 'Banned words',
    ruleName_repetition: 'Repetitions and sequences',
    ruleName_minStrength: 'Strength',
    ruleName_notSimilarToCurrent: 'Different from the current password',
    ruleName_history: 'Password history',
    ruleName_breached: 'Breached passwords',
    ruleName_pattern: 'Pattern',
    ruleName_allowedCharacters: 'Allowed characters',
    ruleName_expiry: 'Password expiry',
    ruleName_change: 'Password change',
    ruleName_mfa: 'Second factor',
    ruleName_lockout: 'Sign-in attempts',
  },
  'zh-CN': {
    noPassword: '尚未输入密码',
    meterValue: '{label}（{score}/4）',
    crackTime: '离线攻击慢速哈希（每秒 10⁴ 次猜测）所需时间：{display}',
    onlineThrottling100PerHour: '在线攻击，有限速（每小时 100 次猜测）',
    onlineNoThrottling10PerSecond: '在线攻击，无限速（每秒 10 次猜测）',
    offlineSlowHashing1e4PerSecond: '离线攻击，慢速哈希（每秒 10⁴ 次猜测）',
    offlineFastHashing1e10PerSecond: '离线攻击，快速哈希（每秒 10¹⁰ 次猜测）',
    tooLong: '该密码太长，无法在此检查。',
    policyTooLong: '该密码太长，无法按规则检查。',
    checkFailed: '强度检查失败（{code}）：{message}',
    policySummary: '已满足 {passed}/{checked} 条规则',
    policyIdle: '共 {checked} 条规则，输入时即检查',
    policyPendingNote: ' · {pending} 条由服务器检查',
    rulePassed: '已满足：',
    ruleFailed: '未满足：',
    rulePending: '由服务器检查：',
    ruleIdle: '尚未检查：',
    policyUnavailable: '无法加载密码规则（{code}）：{message}',
    policyCheckFailed: '规则检查失败（{code}）：{message}',
    verdictPage: '本页面',
    verdictServer: '服务器',
    agreeAgree: '一致',
    agreeSettled: '由服务器判定',
    agreeDisagree: '不一致',
    agreeMissing: '一方缺失',
    verdictCounts: '{agree} 条一致 · {settled} 条由服务器判定 · {disagree} 条不一致',
    statusPassed: '满足',
    statusFailed: '未满足',
    statusPending: '待定',
    statusNone: '—',
    ruleName_length: '长度',
    ruleName_characterClasses: '字符类型',
    ruleName_personalInfo: '个人信息',
    ruleName_commonPasswords: '常用密码',
    ruleName_bannedTerms: '禁用词语',
    ruleName_repetition: '重复与连续字符',
    ruleName_minStrength: '强度',
    ruleName_notSimilarToCurrent: '与当前密码不同',
    ruleName_history: '历史密码',
    ruleName_breached: '已泄露的密码',
    ruleName_pattern: '格式',
    ruleName_allowedCharacters: '允许的字符',
    ruleName_expiry: '密码有效期',
    ruleName_change: '修改密码',
    ruleName_mfa: '第二因素',
    ruleName_lockout: '登录尝试',
  },
};

export function withPasswordTexts(texts) {
  const merged = {};
  for (const locale of Object.keys(PASSWORD_TEXTS)) merged[locale] = { ...PASSWORD_TEXTS[locale], ...texts[locale] };
  return merged;
}

let loading = null;

/** The package (once) and the policy document the server enforces. Rejects with a coded Error. */
/** Resolves once the package's WebAssembly is ready (initialised once for the whole page). */
let initialising = null;
export function wasmReady() {
  initialising ??= init();
  return initialising;
}

export function loadPolicy() {
  loading ??= (async () => {
    await wasmReady();
    const response = await fetch(new URL('policy.json', import.meta.url));
    if (!response.ok) {
      throw Object.assign(new Error(`policy.json: HTTP ${response.status}`), { code: 'policy.unavailable' });
    }
    const document = await response.text();
    return { policy: PasswordPolicy.fromJson(document), document };
  })();
  return loading;
}

/** The attack scenarios of `report.crackTimes`, in the order they are listed. */
const SCENARIOS = [
  'onlineThrottling100PerHour',
  'onlineNoThrottling10PerSecond',
  'offlineSlowHashing1e4PerSecond',
  'offlineFastHashing1e10PerSecond',
];

// Drawing a passphrase that contains the user's details again and again is all but impossible.
const MAX_GENERATE_ATTEMPTS = 10;

/**
 * A passphrase that no rule of the checklist fails. The generator knows the policy but not the
 * user: a passphrase that happens to contain their details (a word like "wick") is drawn again;
 * `candidate(password)` is the form's candidate with that password.
 */
export function generatePassphrase(policy, candidate) {
  for (let attempt = 1; ; attempt++) {
    const generated = generatePassword(policy, { kind: 'passphrase' });
    if (attempt === MAX_GENERATE_ATTEMPTS) return generated;
    if (policy.check(candidate(generated.password), { strength: false }).okSoFar) return generated;
  }
}

/**
 * The note beside the Generate button: the generated passphrase's entropy while the field still
 * holds it, or why none could be generated.
 */
export function renderGenerated(element, { generated, error, value, t }) {
  let message = '';
  if (error) {
    message = t('generateFailed', { code: error.code, message: error.message });
  } else if (generated && generated.password === value) {
    message = t('entropy', { bits: Math.round(generated.entropyBits) });
  }
  element.hidden = !message;
  element.textContent = message;
  element.classList.toggle('error', Boolean(error));
}

/** How each rule's status is shown: an icon, and a word for screen readers before the message. */
export const RULE_ICONS = { passed: '✓', failed: '✗', pending: '…', idle: '○' };
const RULE_LABELS = { passed: 'rulePassed', failed: 'ruleFailed', pending: 'rulePending', idle: 'ruleIdle' };

/**
 * The checklist and the meter of one password field. The page's markup has the standard ids:
 * policy-summary, policy-rules, policy-error, meter, score-label, crack-time, warning,
 * suggestions, truncation, strength-error, scenarios, scenario-list.
 *
 * options: { passwordInput, candidate(password) → Candidate, t(key, values), locale() }
 */
export function createPasswordMirror({ passwordInput, candidate, t, locale }) {
  const byId = (id) => document.getElementById(id);
  const el = {
    policySummary: byId('policy-summary'),
    policyRules: byId('policy-rules'),
    policyError: byId('policy-error'),
    meter: byId('meter'),
    scoreLabel: byId('score-label'),
    crackTime: byId('crack-time'),
    warning: byId('warning'),
    suggestions: byId('suggestions'),
    truncation: byId('truncation'),
    strengthError: byId('strength-error'),
    scenarios: byId('scenarios'),
    scenarioList: byId('scenario-list'),
  };
  const strength = createStrengthWorker();
  const state = { policy: null, report: null, error: null, policyReport: null, policyError: null };
  const listeners = new Set();

  /** The report to show: none for an empty password. */
  const shownReport = () => (state.report && state.report.totalChars > 0 ? state.report : null);

  async function estimate(userInputs) {
    try {
      const report = await strength.estimate(passwordInput.value, { userInputs, locale: locale() });
      if (report === null) return; // a newer keystroke superseded this estimate
      state.report = report;
      state.error = null;
    } catch (error) {
      state.report = null;
      state.error = error;
    }
    renderStrength();
    for (const listener of listeners) listener();
  }

  function check() {
    if (!state.policy) return;
    try {
      state.policyReport = state.policy.check(candidate(passwordInput.value), { locale: locale(), strength: false });
      state.policyError = null;
    } catch (error) {
      state.policyReport = null;
      state.policyError = error;
    }
  }

  function renderStrength() {
    const report = shownReport();
    el.meter.dataset.score = report ? String(report.score) : '';
    el.meter.setAttribute('aria-valuenow', String(report ? report.score : 0));
    const valueText = report ? t('meterValue', { label: report.scoreLabel.text, score: report.score }) : t('noPassword');
    el.meter.setAttribute('aria-valuetext', valueText);
    el.scoreLabel.textContent = report ? report.scoreLabel.text : t('noPassword');

    el.crackTime.hidden = !report;
    el.crackTime.textContent = report ? t('crackTime', { display: report.crackTimes.offlineSlowHashing1e4PerSecond.display }) : '';

    const warningMessage = report?.feedback.warning ?? null;
    el.warning.hidden = !warningMessage;
    el.warning.dataset.code = warningMessage?.code ?? '';
    el.warning.textContent = warningMessage?.text ?? '';

    el.suggestions.replaceChildren(
      ...(report?.feedback.suggestions ?? []).map((suggestion) => {
        const item = document.createElement('li');
        item.dataset.code = suggestion.code;
        item.textContent = suggestion.text;
        return item;
      }),
    );

    el.truncation.hidden = !report?.truncated;
    el.truncation.textContent = report?.truncation?.text ?? '';

    el.strengthError.hidden = !state.error;
    el.strengthError.textContent = state.error ? strengthErrorText(state.error) : '';

    el.scenarios.hidden = !report;
    el.scenarioList.replaceChildren(
      ...(report ? SCENARIOS : []).flatMap((scenario) => {
        const term = document.createElement('dt');
        term.textContent = t(scenario);
        const detail = document.createElement('dd');
        detail.textContent = report.crackTimes[scenario].display;
        return [term, detail];
      }),
    );
  }

  /** A pasted password can be too long to estimate; any other error is a bug of the page. */
  function strengthErrorText(error) {
    if (error.code === 'strength.password.too_long') return t('tooLong');
    return t('checkFailed', { code: error.code, message: error.message });
  }

  /**
   * One item per rule, in the document's order. The items are updated in place, so a screen
   * reader's position in the list survives a keystroke; only the summary above it is announced.
   */
  function renderPolicy() {
    const report = state.policyReport;
    const results = report?.rules ?? [];
    const list = el.policyRules;
    while (list.children.length > results.length) list.lastElementChild.remove();
    while (list.children.length < results.length) list.append(ruleItem());
    results.forEach((result, index) => renderRule(list.children[index], result));

    let summary = '';
    if (report) {
      const counts = policyCounts(report);
      summary = t(passwordInput.value ? 'policySummary' : 'policyIdle', counts);
      if (counts.pending > 0) summary += t('policyPendingNote', counts);
    }
    // Setting the same text again could make a screen reader repeat it.
    if (el.policySummary.textContent !== summary) el.policySummary.textContent = summary;

    el.policyError.hidden = !state.policyError;
    el.policyError.textContent = state.policyError ? policyErrorText(state.policyError) : '';
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
    status.textContent = t(RULE_LABELS[shown]);
    message.textContent = result.message;
  }

  function policyErrorText(error) {
    const values = { code: error.code ?? error.name, message: error.message };
    if (!state.policy) return t('policyUnavailable', values);
    if (error.code === 'candidate.too_long') return t('policyTooLong');
    return t('policyCheckFailed', values);
  }

  return {
    state,
    shownReport,
    /** Sets the loaded policy (or the error loading it) and checks the field. */
    setPolicy(policy, error = null) {
      state.policy = policy;
      if (error) state.policyError = error;
      check();
      renderPolicy();
    },
    /** Re-checks the rules (synchronously) and re-estimates the strength (in the worker). */
    update(userInputs) {
      check();
      renderPolicy();
      return estimate(userInputs);
    },
    /** Redraws everything in the current locale (after a language switch: update() too). */
    render() {
      renderPolicy();
      renderStrength();
    },
    /** Called after every new strength report. */
    onStrength(callback) {
      listeners.add(callback);
    },
    counts: () => (state.policyReport ? policyCounts(state.policyReport) : null),
  };
}

/** How many rules the page decided, and how they went; pending rules are the server's. */
export function policyCounts(report) {
  const count = (status) => report.rules.filter((result) => result.status === status).length;
  const passed = count('passed');
  const failed = count('failed');
  return { passed, failed, checked: passed + failed, pending: count('pending') };
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
 * The page's report and the server's, rule by rule (both in the policy's order). Agreement:
 * `agree` — same status and code; `settled` — the page left the rule pending and the server
 * decided it (history); `disagree` — anything else; `missing` — a rule on one side only.
 */
export function compareReports(pageReport, serverReport) {
  const rows = [];
  const serverRules = serverReport?.rules ?? [];
  const pageRules = pageReport?.rules ?? [];
  const count = Math.max(pageRules.length, serverRules.length);
  for (let index = 0; index < count; index++) {
    const page = pageRules[index] ?? null;
    const server = serverRules[index] ?? null;
    rows.push({ rule: (page ?? server).rule, page, server, agreement: agreementOf(page, server) });
  }
  return rows;
}

export function agreementOf(page, server) {
  if (!page || !server || page.rule !== server.rule) return 'missing';
  if (page.status === 'pending' && server.status !== 'pending') return 'settled';
  return page.status === server.status && page.code === server.code ? 'agree' : 'disagree';
}

const AGREEMENT = {
  agree: { icon: '=', key: 'agreeAgree' },
  settled: { icon: '→', key: 'agreeSettled' },
  disagree: { icon: '≠', key: 'agreeDisagree' },
  missing: { icon: '≠', key: 'agreeMissing' },
};
const STATUS_KEYS = { passed: 'statusPassed', failed: 'statusFailed', pending: 'statusPending' };

/**
 * Draws comparison rows into `list` (a <ul>): per row the name, the agreement marker, and each
 * side's icon, status word, code and message. A side is `{ status, code, message, lang? }` or
 * null. Returns the counts { agree, settled, disagree, missing }.
 */
export function renderComparison(list, rows, t) {
  const counts = { agree: 0, settled: 0, disagree: 0, missing: 0 };
  list.replaceChildren(
    ...rows.map((row) => {
      counts[row.agreement] += 1;
      const item = document.createElement('li');
      item.className = 'verdict-row';
      item.dataset.rule = row.rule;
      item.dataset.agreement = row.agreement;
      item.dataset.pageStatus = row.page?.status ?? '';
      item.dataset.pageCode = row.page?.code ?? '';
      item.dataset.serverStatus = row.server?.status ?? '';
      item.dataset.serverCode = row.server?.code ?? '';

      const head = document.createElement('div');
      head.className = 'verdict-head';
      const name = document.createElement('span');
      name.className = 'verdict-name';
      name.textContent = t(`ruleName_${row.rule}`);
      const marker = document.createElement('span');
      marker.className = 'agreement';
      marker.dataset.agreement = row.agreement;
      const markerIcon = document.createElement('span');
      markerIcon.setAttribute('aria-hidden', 'true');
      markerIcon.textContent = `${AGREEMENT[row.agreement].icon} `;
      marker.append(markerIcon, t(AGREEMENT[row.agreement].key));
      head.append(name, marker);

      item.append(head, side('page', row.page, t), side('server', row.server, t));
      return item;
    }),
  );
  return counts;
}

function side(which, result, t) {
  const element = document.createElement('div');
  element.className = 'verdict-side';
  element.dataset.side = which;
  element.dataset.status = result?.status ?? '';
  const who = document.createElement('span');
  who.className = 'verdict-who';
  who.textContent = `${t(which === 'page' ? 'verdictPage' : 'verdictServer')}: `;
  const icon = document.createElement('span');
  icon.className = 'rule-icon';
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = result ? RULE_ICONS[result.status] ?? '•' : '';
  const status = document.createElement('span');
  status.className = 'verdict-status';
  status.textContent = result ? result.statusText ?? t(STATUS_KEYS[result.status] ?? 'statusNone') : t('statusNone');
  const code = document.createElement('code');
  code.className = 'verdict-code';
  code.textContent = result?.code ?? '';
  const message = document.createElement('span');
  message.className = 'verdict-message';
  message.textContent = result?.message ?? '';
  if (result?.lang) message.lang = result.lang;
  element.append(who, icon, status, ' ', code, ' ', message);
  return element;
}

/**
 * The verdicts of one submission: the page's report of what was sent and the server's report,
 * shown side by side in `section` (summary line in `summary`, rows in `list`).
 *
 * options: { section, summary, list, t, policy() → PasswordPolicy | null }
 *
 * On a language switch, `relocalize()` checks the sent candidate again in the page and asks the
 * server for its texts in that language (POST /api/policy/check of the same candidate); a rule
 * that only the submission settled (history) keeps the text it came with, marked with its `lang`.
 */
export function createVerdictView({ section, summary, list, t, policy }) {
  let sent = null;

  function pageReport() {
    if (!sent) return null;
    const locale = currentLocale();
    if (!sent.pageReports[locale] && policy()) {
      try {
        sent.pageReports[locale] = policy().check(sent.candidate, { locale, strength: false });
      } catch {
        // too long to check here; the server's side still shows
      }
    }
    return sent.pageReports[locale] ?? sent.pageReports[sent.locale] ?? null;
  }

  function serverReport() {
    if (!sent) return null;
    const own = sent.serverReports[currentLocale()];
    if (own) return own;
    const original = sent.serverReports[sent.locale];
    return { ...original, rules: original.rules.map((rule) => ({ ...rule, lang: sent.locale })) };
  }

  function render() {
    section.hidden = !sent;
    if (!sent) {
      list.replaceChildren();
      summary.textContent = '';
      return null;
    }
    const counts = renderComparison(list, compareReports(pageReport(), serverReport()), t);
    section.dataset.agree = String(counts.disagree === 0 && counts.missing === 0);
    const text = t('verdictCounts', { ...counts, disagree: counts.disagree + counts.missing });
    if (summary.textContent !== text) summary.textContent = text;
    return counts;
  }

  async function relocalize() {
    const current = sent;
    const locale = currentLocale();
    if (!current || current.serverReports[locale]) return;
    const response = await api('POST', '/api/policy/check', { candidate: current.candidate, locale });
    if (sent !== current || response.status !== 200 || !Array.isArray(response.body?.rules)) return;
    const original = current.serverReports[current.locale];
    current.serverReports[locale] = {
      ...original,
      locale,
      rules: original.rules.map((rule, index) => {
        const again = response.body.rules[index];
        return again && again.rule === rule.rule && again.code === rule.code
          ? { ...rule, message: again.message }
          : { ...rule, lang: current.locale };
      }),
    };
    render();
  }

  return {
    /** Records a submission: what was sent (the candidate), in which locale, and the server's report. */
    show(candidate, locale, serverReportAsSent) {
      sent = { candidate, locale, pageReports: {}, serverReports: { [locale]: serverReportAsSent } };
      return render();
    },
    clear() {
      if (!sent) return;
      sent = null;
      render();
    },
    render,
    relocalize,
    pageReport,
    serverReport,
    get shown() {
      return sent !== null;
    },
  };
}
