// What every page of the demo shares: calls to the demo server, the language, texts and the
// site navigation with the session bar. Plain ES module, no dependencies.
//
// Exports (a stable API: admin.js and the other pages rely on it):
//
//   api(method, path, body?)       → Promise<{ status, body }>. JSON to the same origin, cookies
//                                     included. `status` 0 and body `{ error: { code:
//                                     'network.failed', message } }` when the server is unreachable.
//   errorOf(response)              → `{ code, message, path }` of an error answer, or null.
//   LOCALES                        → ['en', 'zh-CN']
//   LOCALE_KEY                     → the localStorage key, 'account-rules-demo.locale'
//   currentLocale()                → the locale chosen (localStorage), else the browser's
//                                     (navigator.language), as 'en' | 'zh-CN'.
//   setLocale(locale)              → stores it, sets <html lang>, fires the locale listeners.
//   onLocaleChange(callback)       → callback(locale) after every setLocale; returns an unsubscribe.
//                                     The same change is also a `account-rules-demo:locale` event
//                                     on window (detail: { locale }).
//   bindLanguageSelect(select)     → keeps a <select> of locales and setLocale() in step.
//   fill(template, values)         → '{name}' placeholders replaced by values[name].
//   translator(texts)              → t(key, values?): texts[currentLocale()][key] filled (falls back
//                                     to English, then to the key).
//   applyTexts(texts, root?)       → for the current locale of `texts` ({ en: {...}, 'zh-CN': {...} }):
//                                     [data-text] → textContent, [data-text-label] → aria-label,
//                                     [data-text-title] → title, [data-text-placeholder] →
//                                     placeholder; document.title from the key `title`; <html lang>.
//   renderNav(account?, texts?)    → (re)draws <nav class="site-nav"> (created as the body's first
//                                     child when the page has none): links Sign up, Log in, Your
//                                     account, Admin (aria-current on this page's), who is signed in,
//                                     and a Log out button. `account`: an AccountView, null (signed
//                                     out) or undefined (not known yet). `texts` overrides NAV_TEXTS.
//   startNav()                     → fetches GET /api/session, draws the nav, redraws it on every
//                                     locale or session change; resolves to the AccountView or null.
//   getSession()                   → the AccountView last seen (undefined before startNav resolves).
//   setSession(account)            → records a new session state (after login, signup, logout) and
//                                     fires the session listeners; the nav redraws itself.
//   onSessionChange(callback)      → callback(account) after every setSession; returns an unsubscribe.
//   logout()                       → POST /api/logout, setSession(null); resolves to the response.
//   NAV_TEXTS                      → the nav's own texts, en and zh-CN.
//
// Clicking Log out in the nav calls logout(), then goes to login.html.

export const LOCALES = ['en', 'zh-CN'];
export const LOCALE_KEY = 'account-rules-demo.locale';
const LOCALE_EVENT = 'account-rules-demo:locale';

/** 'en' | 'zh-CN' for any language tag; null when it is neither. */
function normalizeLocale(tag) {
  if (typeof tag !== 'string') return null;
  const lower = tag.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return null;
}

function storedLocale() {
  try {
    return normalizeLocale(localStorage.getItem(LOCALE_KEY));
  } catch {
    return null; // storage can be disabled
  }
}

export function currentLocale() {
  return storedLocale() ?? normalizeLocale(navigator.language) ?? 'en';
}

const localeListeners = new Set();

export function setLocale(locale) {
  const normalized = normalizeLocale(locale) ?? 'en';
  try {
    localStorage.setItem(LOCALE_KEY, normalized);
  } catch {
    // the choice lasts for this page only
  }
  document.documentElement.lang = normalized;
  for (const listener of [...localeListeners]) listener(normalized);
  window.dispatchEvent(new CustomEvent(LOCALE_EVENT, { detail: { locale: normalized } }));
}

export function onLocaleChange(callback) {
  localeListeners.add(callback);
  return () => localeListeners.delete(callback);
}

// Another tab changed the language: follow it.
window.addEventListener('storage', (event) => {
  if (event.key === LOCALE_KEY && normalizeLocale(event.newValue)) setLocale(event.newValue);
});

export function bindLanguageSelect(select) {
  select.value = currentLocale();
  select.addEventListener('change', () => setLocale(select.value));
  onLocaleChange((locale) => {
    if (select.value !== locale) select.value = locale;
  });
}

export function fill(template, values = {}) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

export function translator(texts) {
  return (key, values = {}) => {
    const template = texts[currentLocale()]?.[key] ?? texts.en?.[key] ?? key;
    return fill(template, values);
  };
}

export function applyTexts(texts, root = document) {
  const t = translator(texts);
  const set = (attribute, apply) => {
    for (const element of root.querySelectorAll(`[${attribute}]`)) apply(element, t(element.getAttribute(attribute)));
  };
  set('data-text', (element, value) => {
    if (element.textContent !== value) element.textContent = value;
  });
  set('data-text-label', (element, value) => element.setAttribute('aria-label', value));
  set('data-text-title', (element, value) => element.setAttribute('title', value));
  set('data-text-placeholder', (element, value) => element.setAttribute('placeholder', value));
  if (root === document) {
    document.documentElement.lang = currentLocale();
    if (texts.en?.title) document.title = t('title');
  }
}

/**
 * One JSON call to the demo server. Never throws: a network failure is status 0 with an error
 * body, and a body that is not JSON comes back as `{ unparsed: text }`.
 */
export async function api(method, path, body) {
  const init = {
    method,
    credentials: 'include',
    headers: { accept: 'application/json' },
  };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    return { status: 0, body: { error: { code: 'network.failed', path: '', message: String(error?.message ?? error) } } };
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { unparsed: text };
    }
  }
  return { status: response.status, body: parsed };
}

/**
 * The error of an answer: `{ error: { code, message, path } }`, or the top-level
 * `{ ok: false, code, message }` of login and password-change refusals; null otherwise.
 */
export function errorOf(response) {
  const body = response?.body;
  if (body?.error && typeof body.error === 'object') {
    return { code: body.error.code ?? '', message: body.error.message ?? '', path: body.error.path ?? '' };
  }
  if (body && body.ok === false && typeof body.code === 'string') {
    return { code: body.code, message: body.message ?? '', path: '' };
  }
  if (response && (response.status === 0 || response.status >= 400) && !body?.report) {
    return { code: `http.${response.status}`, message: body?.unparsed ?? '', path: '' };
  }
  return null;
}

export const NAV_TEXTS = {
  en: {
    navLabel: 'Demo pages',
    navSignup: 'Sign up',
    navLogin: 'Log in',
    navAccount: 'Your account',
    navAdmin: 'Admin',
    navSignedInAs: 'Signed in as {name}',
    navSignedOut: 'Not signed in',
    navChecking: 'Checking the session…',
    navLogout: 'Log out',
    navLogoutFailed: 'Logging out failed ({code}): {message}',
  },
  'zh-CN': {
    navLabel: '演示页面',
    navSignup: '注册',
    navLogin: '登录',
    navAccount: '你的账户',
    navAdmin: '管理',
    navSignedInAs: '已登录：{name}',
    navSignedOut: '未登录',
    navChecking: '正在检查会话…',
    navLogout: '退出登录',
    navLogoutFailed: '退出登录失败（{code}）：{message}',
  },
};

const NAV_LINKS = [
  ['index.html', 'navSignup'],
  ['login.html', 'navLogin'],
  ['account.html', 'navAccount'],
  ['admin.html', 'navAdmin'],
];

let session; // undefined: not known yet
let navTexts = NAV_TEXTS;
let logoutError = null;
const sessionListeners = new Set();

export function getSession() {
  return session;
}

export function setSession(account) {
  session = account ?? null;
  logoutError = null;
  for (const listener of [...sessionListeners]) listener(session);
}

export function onSessionChange(callback) {
  sessionListeners.add(callback);
  return () => sessionListeners.delete(callback);
}

export async function logout() {
  const response = await api('POST', '/api/logout', {});
  if (response.status === 200) setSession(null);
  return response;
}

/** The page this is, as the nav's links name it ('' and '/' are index.html). */
function thisPage() {
  const last = location.pathname.split('/').pop();
  return last === '' ? 'index.html' : last;
}

function navElement() {
  let nav = document.querySelector('nav.site-nav');
  if (!nav) {
    nav = document.createElement('nav');
    nav.className = 'site-nav';
    document.body.prepend(nav);
  }
  return nav;
}

export function renderNav(account = session, texts = navTexts) {
  const locale = currentLocale();
  const t = (key, values) => fill(texts[locale]?.[key] ?? NAV_TEXTS[locale]?.[key] ?? NAV_TEXTS.en[key], values);
  const nav = navElement();
  nav.setAttribute('aria-label', t('navLabel'));

  const links = document.createElement('ul');
  links.className = 'site-nav-links';
  const here = thisPage();
  for (const [href, key] of NAV_LINKS) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = href;
    link.textContent = t(key);
    link.dataset.page = href.replace(/\.html$/, '');
    if (href === here) link.setAttribute('aria-current', 'page');
    item.append(link);
    links.append(item);
  }

  const bar = document.createElement('div');
  bar.className = 'site-nav-session';
  const who = document.createElement('span');
  who.className = 'site-nav-user';
  who.id = 'site-nav-user';
  who.setAttribute('role', 'status');
  if (account) {
    who.dataset.username = account.username;
    who.textContent = t('navSignedInAs', { name: account.displayName || account.username });
  } else {
    who.dataset.username = '';
    who.textContent = account === null ? t('navSignedOut') : t('navChecking');
  }
  bar.append(who);
  if (account) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary site-nav-logout';
    button.id = 'logout';
    button.textContent = t('navLogout');
    button.addEventListener('click', async () => {
      button.disabled = true;
      const response = await logout();
      if (response.status === 200) {
        location.assign('login.html');
        return;
      }
      logoutError = errorOf(response);
      renderNav();
      document.getElementById('logout')?.focus();
    });
    bar.append(button);
  }
  if (logoutError) {
    const problem = document.createElement('span');
    problem.className = 'error site-nav-error';
    problem.setAttribute('role', 'alert');
    problem.textContent = t('navLogoutFailed', logoutError);
    bar.append(problem);
  }

  // Keep focus on the nav's button if it had it.
  const hadFocus = nav.contains(document.activeElement) ? document.activeElement.id || null : null;
  nav.replaceChildren(links, bar);
  if (hadFocus) document.getElementById(hadFocus)?.focus();
  return nav;
}

let navStarted = false;

export async function startNav(texts) {
  if (texts) navTexts = texts;
  document.documentElement.lang = currentLocale();
  if (!navStarted) {
    navStarted = true;
    onLocaleChange(() => renderNav());
    onSessionChange(() => renderNav());
  }
  renderNav();
  const response = await api('GET', `/api/session?locale=${encodeURIComponent(currentLocale())}`);
  setSession(response.status === 200 ? response.body?.account ?? null : null);
  return session;
}
