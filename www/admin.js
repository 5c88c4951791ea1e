// The admin demo: the access model the server enforces (GET /api/access/model), compiled here by
// the package into the roles × (resource, action) grid. A cell opens the page's explanation of
// its decision next to the server's (POST /api/access/check); from there an administrator can
// allow, deny or remove the role's direct grant: the page builds the new document, shows the
// diff, and the server decides (PUT /api/access/model). The change log and the audit findings
// are the server's. The page mirrors the server's rules; the server decides.
import init, { AccessMatrix } from './pkg/web/account_rules.js';
import {
  api,
  applyTexts,
  bindLanguageSelect,
  currentLocale,
  errorOf,
  getSession,
  onLocaleChange,
  onSessionChange,
  startNav,
  translator,
} from './common.js';

/** The page's own texts; decisions, findings and server errors come localized from the package and the server. */
const TEXTS = {
  en: {
    title: 'Access model · account-rules demo',
    heading: 'Access model',
    language: 'Language',
    mirrorNote: 'This page mirrors the server’s rules; the server decides.',
    fingerprintPage: 'Model fingerprint computed here',
    fingerprintServer: 'the server’s',
    fingerprintAgree: '✓ same',
    fingerprintDiffer: '✗ different: this page’s copy is not the server’s model',
    modelVersion: 'version {version}',
    loading: 'Loading the access model…',
    loaded: 'Access model version {version} loaded: {roles} roles, {columns} permissions.',
    saved: 'Saved: the server accepted the change as version {version} (change log entry #{seq}).',
    staleReloaded: 'The model was changed elsewhere since this page loaded it, so nothing was saved. The current model is loaded: check the cell and edit again.',
    refusalTitle: 'The access model cannot be shown',
    refusalDetail: 'HTTP {status} · {code}: {message}',
    refusalLogin: 'Log in as a user who may read the access model',
    refusalMfa: 'Set up or use your second factor on your account page',
    packageFailed: 'The package could not be loaded ({code}): {message}',
    modelInvalid: 'The server’s model could not be compiled here ({code} at {path}): {message}',
    gridTitle: 'Who may do what',
    gridHint: 'Every cell is a button: the arrow keys move between cells, Home and End go to the ends of a row, Enter opens the explanation.',
    gridCaption: 'Roles (rows) × permissions (columns) of model “{name}”, computed in this page',
    legendLabel: 'Legend',
    roleHeader: 'Role',
    kindNone: 'no grant',
    kindDirect: 'allowed directly',
    kindInherited: 'inherited',
    kindDenied: 'denied by a deny rule',
    kindConditional: 'conditional',
    cellDirect: 'direct',
    cellDenied: 'deny',
    cellConditional: 'if…',
    sourceNone: 'no grant',
    sourceDirect: 'allowed by a direct grant (#{index})',
    sourceInherited: 'allowed, inherited from {from} (grant #{index})',
    sourceDenied: 'denied by a deny rule on {from} (grant #{index})',
    sourceConditional: 'allowed only if a condition holds or until a date (grant #{index} of {from})',
    cellLabel: '{role}, {action} on {resource}: {source}',
    explanationTitle: '{role} · {action} on {resource}',
    close: 'Close',
    pageDecision: 'Decided here (WebAssembly)',
    serverDecision: 'Decided by the server',
    serverPending: 'Asking the server…',
    serverFailed: 'The server did not decide: HTTP {status} · {code}: {message}',
    fieldDecision: 'Decision',
    fieldCode: 'Code',
    fieldMessage: 'Message',
    fieldPath: 'Path',
    fieldGrant: 'Deciding grant',
    fieldCondition: 'Failed condition',
    fieldWouldBe: 'Would be granted by',
    allowed: '✓ allowed',
    denied: '✗ denied',
    none: '—',
    grantRef: '#{index} · {effect} on role {role}',
    grantReason: ' — “{reason}”',
    effectAllow: 'allow',
    effectDeny: 'deny',
    conditionOwn: 'the user owns the resource',
    conditionMfa: 'a recent second factor',
    conditionTimeWindow: 'within the allowed hours',
    conditionExpired: 'the grant has expired',
    wouldBeRole: '{role} ({distance} steps away)',
    wouldBeRoleOne: '{role} (1 step away)',
    wouldBeRoleUnknown: '{role}',
    wouldBeConditional: ', conditionally',
    listSeparator: ', ',
    agree: '✓ The page and the server agree (code, message and explanation).',
    disagree: '✗ The page and the server disagree on: {fields}. The server’s decision is the one that counts.',
    agreePending: 'Waiting for the server to compare…',
    editTitle: 'Change this role’s direct grant',
    editCurrentNone: '{role} has no grant of its own for {action} on {resource}.',
    editCurrent: 'Grants of {role} itself covering {action} on {resource}: {grants}.',
    editCurrentGrant: '#{index} {kind}',
    editKindAllow: 'allow',
    editKindDeny: 'deny',
    editKindConditional: 'conditional allow',
    editAllow: 'Allow',
    editDeny: 'Deny',
    editRemove: 'Remove the direct grant',
    editNotAllowed: 'You may read the model but not edit it: {message} ({code}). The server would refuse a save.',
    editNotSignedIn: 'Sign in to edit the model.',
    diffTitle: 'What will change',
    diffNone: 'Nothing: the model would stay the same.',
    afterDecision: 'After saving, {role} · {action} on {resource} will be {decision} ({code}).',
    cellsChange: 'Grid cells that change: {cells}.',
    cellChange: '{role} · {action} on {resource}: {before} → {after}',
    reason: 'Reason (recorded in the change log)',
    reasonRequired: 'Give a reason: the change log records why every change was made.',
    save: 'Save',
    saving: 'Saving…',
    cancel: 'Cancel',
    saveFailed: 'Not saved. HTTP {status} · {code}{pathNote}: {message}',
    pathNote: ' at {path}',
    buildFailed: 'This change cannot be built ({code}{pathNote}): {message}',
    changelogTitle: 'Change log',
    changelogEmpty: 'No change has been made yet.',
    changelogFailed: 'The change log could not be read. HTTP {status} · {code}: {message}',
    verificationOk: '✓ The hash chain verifies: {entries} entries, head {head}.',
    verificationOkOne: '✓ The hash chain verifies: 1 entry, head {head}.',
    verificationFailed: '✗ The change log does not verify ({code} at {path}): {message}. No edit is accepted until it is repaired.',
    entryHead: '#{seq} · {at} · {actor}',
    entryReason: 'Reason: {reason}',
    entryHash: 'hash {hash}',
    entryVersion: 'Version {version}: model {from} → {to}',
    auditTitle: 'Audit findings',
    auditSummary: '{count} findings (errors: {error}, warnings: {warning}, info: {info}).',
    auditNone: 'No findings.',
    auditFailed: 'The audit could not be read. HTTP {status} · {code}: {message}',
    auditMirrorAgree: '✓ This page computes the same findings from its copy.',
    auditMirrorDiffer: '✗ This page computes different findings from its copy ({count} here).',
    severityError: 'error',
    severityWarning: 'warning',
    severityInfo: 'info',
    changeGrantAdded: 'Add grant #{index}: {grant}',
    changeGrantRemoved: 'Remove grant #{index}: {grant}',
    changeGrantChanged: 'Change grant #{index} ({role} on {resource}): {fields}',
    changeField: '{field} {before} → {after}',
    fieldNames: 'actions=actions|effect=effect|condition=condition|expiresAt=expires|reviewedAt=reviewed|reason=reason|role=role|resource=resource|label=label|parents=parents|requiresMfa=requires MFA|disabled=disabled|lastActiveAt=last active|roles=roles|tenantRoles=tenant roles|id=id',
    grantText: '{effect} {role} to {actions} on {resource}{extra}',
    grantAllActions: 'every action',
    grantCondition: ', only if {condition}',
    grantExpires: ', until {date}',
    grantReviewed: ', reviewed {date}',
    grantReasonExtra: ' (“{reason}”)',
    conditionMfaWithin: 'a second factor within {minutes} min',
    conditionTimeWindowAt: 'between {from} and {to}{days}',
    conditionOwnShort: 'they own it',
    conditionAnd: ' and ',
    changeRoleAdded: 'Add role {role}',
    changeRoleRemoved: 'Remove role {role}',
    changeRoleParentsChanged: 'Parents of role {role}: {before} → {after}',
    changeRoleChanged: 'Change role {role}: {fields}',
    changeResourceAdded: 'Add resource {resource} ({actions})',
    changeResourceRemoved: 'Remove resource {resource}',
    changeActionsChanged: 'Actions of {resource}: {before} → {after}',
    changeResourceChanged: 'Change resource {resource}: {fields}',
    changeAssignmentAdded: 'Give {user} role {role}{tenant}',
    changeAssignmentRemoved: 'Take role {role} from {user}{tenant}',
    changeTenant: ' in tenant {tenant}',
    changeUserAdded: 'Add user {user}',
    changeUserRemoved: 'Remove user {user}',
    changeUserChanged: 'Change user {user}: {fields}',
    changeTenantAdded: 'Add tenant {tenant}',
    changeTenantRemoved: 'Remove tenant {tenant}',
    changeNameChanged: 'Rename the model: {before} → {after}',
    changeConstraintsChanged: 'Change the constraints (separation of duties, holder caps, prerequisites)',
    changeReviewIntervalChanged: 'Review interval: {before} → {after} days',
    changeOther: 'Change of kind {kind}',
    nothing: '(none)',
    yes: 'yes',
    no: 'no',
    footer: 'The grid, the explanations and the diff are computed in this page by WebAssembly from the model the server sent; every save is checked again by the server.',
  },
  'zh-CN': {
    title: '访问模型 · account-rules 演示',
    heading: '访问模型',
    language: '语言',
    mirrorNote: '本页面使用与服务器相同的规则；以服务器的判定为准。',
    fingerprintPage: '本页面计算的模型指纹',
    fingerprintServer: '服务器的',
    fingerprintAgree: '✓ 一致',
    fingerprintDiffer: '✗ 不一致：本页面的副本不是服务器的模型',
    modelVersion: '版本 {version}',
    loading: '正在加载访问模型…',
    loaded: '已加载访问模型版本 {version}：{roles} 个角色，{columns} 项权限。',
    saved: '已保存：服务器接受了此更改，成为版本 {version}（变更日志第 {seq} 条）。',
    staleReloaded: '自本页面加载以来，模型已在别处被修改，因此未保存任何内容。已加载当前模型：请检查该单元格后重新编辑。',
    refusalTitle: '无法显示访问模型',
    refusalDetail: 'HTTP {status} · {code}：{message}',
    refusalLogin: '以有权读取访问模型的用户身份登录',
    refusalMfa: '在账户页面设置或使用你的第二因素',
    packageFailed: '无法加载程序包（{code}）：{message}',
    modelInvalid: '无法在本页面编译服务器的模型（{code}，位置 {path}）：{message}',
    gridTitle: '谁可以做什么',
    gridHint: '每个单元格都是按钮：方向键在单元格之间移动，Home 和 End 跳到行首和行尾，Enter 打开说明。',
    gridCaption: '模型“{name}”的角色（行）× 权限（列），在本页面中计算',
    legendLabel: '图例',
    roleHeader: '角色',
    kindNone: '无授权',
    kindDirect: '直接允许',
    kindInherited: '继承',
    kindDenied: '被拒绝规则禁止',
    kindConditional: '有条件',
    cellDirect: '直接',
    cellDenied: '拒绝',
    cellConditional: '条件',
    sourceNone: '无授权',
    sourceDirect: '直接允许（授权 #{index}）',
    sourceInherited: '允许，继承自 {from}（授权 #{index}）',
    sourceDenied: '被 {from} 上的拒绝规则禁止（授权 #{index}）',
    sourceConditional: '仅在满足条件或到期前允许（{from} 的授权 #{index}）',
    cellLabel: '{role}，对 {resource} 执行 {action}：{source}',
    explanationTitle: '{role} · 对 {resource} 执行 {action}',
    close: '关闭',
    pageDecision: '本页面的判定（WebAssembly）',
    serverDecision: '服务器的判定',
    serverPending: '正在询问服务器…',
    serverFailed: '服务器未作出判定：HTTP {status} · {code}：{message}',
    fieldDecision: '判定',
    fieldCode: '代码',
    fieldMessage: '消息',
    fieldPath: '路径',
    fieldGrant: '起决定作用的授权',
    fieldCondition: '未满足的条件',
    fieldWouldBe: '可授予此权限的角色',
    allowed: '✓ 允许',
    denied: '✗ 拒绝',
    none: '—',
    grantRef: '#{index} · 角色 {role} 的{effect}',
    grantReason: '——“{reason}”',
    effectAllow: '允许',
    effectDeny: '拒绝',
    conditionOwn: '用户拥有该资源',
    conditionMfa: '最近通过了第二因素验证',
    conditionTimeWindow: '在允许的时间段内',
    conditionExpired: '该授权已过期',
    wouldBeRole: '{role}（相距 {distance} 步）',
    wouldBeRoleOne: '{role}（相距 1 步）',
    wouldBeRoleUnknown: '{role}',
    wouldBeConditional: '，有条件',
    listSeparator: '、',
    agree: '✓ 本页面与服务器一致（代码、消息和说明）。',
    disagree: '✗ 本页面与服务器在以下方面不一致：{fields}。以服务器的判定为准。',
    agreePending: '正在等待服务器以便比较…',
    editTitle: '修改该角色的直接授权',
    editCurrentNone: '{role} 本身没有对 {resource} 执行 {action} 的授权。',
    editCurrent: '{role} 本身对 {resource} 执行 {action} 的授权：{grants}。',
    editCurrentGrant: '#{index} {kind}',
    editKindAllow: '允许',
    editKindDeny: '拒绝',
    editKindConditional: '有条件允许',
    editAllow: '允许',
    editDeny: '拒绝',
    editRemove: '移除直接授权',
    editNotAllowed: '你可以读取模型，但不能编辑：{message}（{code}）。服务器会拒绝保存。',
    editNotSignedIn: '登录后才能编辑模型。',
    diffTitle: '将会发生的变更',
    diffNone: '没有变更：模型将保持不变。',
    afterDecision: '保存后，{role} · 对 {resource} 执行 {action} 将为{decision}（{code}）。',
    cellsChange: '会改变的单元格：{cells}。',
    cellChange: '{role} · 对 {resource} 执行 {action}：{before} → {after}',
    reason: '原因（记录在变更日志中）',
    reasonRequired: '请填写原因：变更日志会记录每次变更的原因。',
    save: '保存',
    saving: '正在保存…',
    cancel: '取消',
    saveFailed: '未保存。HTTP {status} · {code}{pathNote}：{message}',
    pathNote: '，位置 {path}',
    buildFailed: '无法构建此变更（{code}{pathNote}）：{message}',
    changelogTitle: '变更日志',
    changelogEmpty: '尚未进行任何变更。',
    changelogFailed: '无法读取变更日志。HTTP {status} · {code}：{message}',
    verificationOk: '✓ 哈希链校验通过：共 {entries} 条，链头 {head}。',
    verificationOkOne: '✓ 哈希链校验通过：共 1 条，链头 {head}。',
    verificationFailed: '✗ 变更日志校验失败（{code}，位置 {path}）：{message}。修复之前不接受任何编辑。',
    entryHead: '#{seq} · {at} · {actor}',
    entryReason: '原因：{reason}',
    entryHash: '哈希 {hash}',
    entryVersion: '版本 {version}：模型 {from} → {to}',
    auditTitle: '审计发现',
    auditSummary: '共 {count} 项发现：{error} 项错误，{warning} 项警告，{info} 项提示。',
    auditNone: '没有发现。',
    auditFailed: '无法读取审计结果。HTTP {status} · {code}：{message}',
    auditMirrorAgree: '✓ 本页面根据其副本计算出相同的发现。',
    auditMirrorDiffer: '✗ 本页面根据其副本计算出不同的发现（此处 {count} 项）。',
    severityError: '错误',
    severityWarning: '警告',
    severityInfo: '提示',
    changeGrantAdded: '新增授权 #{index}：{grant}',
    changeGrantRemoved: '删除授权 #{index}：{grant}',
    changeGrantChanged: '修改授权 #{index}（{role}，{resource}）：{fields}',
    changeField: '{field} {before} → {after}',
    fieldNames: 'actions=操作|effect=效果|condition=条件|expiresAt=到期时间|reviewedAt=审核时间|reason=原因|role=角色|resource=资源|label=名称|parents=父角色|requiresMfa=需要 MFA|disabled=已停用|lastActiveAt=最近活动|roles=角色|tenantRoles=租户角色|id=标识',
    grantText: '{effect} {role} 对 {resource} 执行 {actions}{extra}',
    grantAllActions: '所有操作',
    grantCondition: '，仅当{condition}',
    grantExpires: '，有效期至 {date}',
    grantReviewed: '，审核于 {date}',
    grantReasonExtra: '（“{reason}”）',
    conditionMfaWithin: '{minutes} 分钟内通过第二因素验证',
    conditionTimeWindowAt: '在 {from} 至 {to} 之间{days}',
    conditionOwnShort: '其拥有该资源',
    conditionAnd: '且',
    changeRoleAdded: '新增角色 {role}',
    changeRoleRemoved: '删除角色 {role}',
    changeRoleParentsChanged: '角色 {role} 的父角色：{before} → {after}',
    changeRoleChanged: '修改角色 {role}：{fields}',
    changeResourceAdded: '新增资源 {resource}（{actions}）',
    changeResourceRemoved: '删除资源 {resource}',
    changeActionsChanged: '{resource} 的操作：{before} → {after}',
    changeResourceChanged: '修改资源 {resource}：{fields}',
    changeAssignmentAdded: '授予 {user} 角色 {role}{tenant}',
    changeAssignmentRemoved: '撤销 {user} 的角色 {role}{tenant}',
    changeTenant: '（租户 {tenant}）',
    changeUserAdded: '新增用户 {user}',
    changeUserRemoved: '删除用户 {user}',
    changeUserChanged: '修改用户 {user}：{fields}',
    changeTenantAdded: '新增租户 {tenant}',
    changeTenantRemoved: '删除租户 {tenant}',
    changeNameChanged: '重命名模型：{before} → {after}',
    changeConstraintsChanged: '修改约束（职责分离、持有人上限、前置角色）',
    changeReviewIntervalChanged: '审核周期：{before} → {after} 天',
    changeOther: '类型为 {kind} 的变更',
    nothing: '（无）',
    yes: '是',
    no: '否',
    footer: '网格、说明和差异均由本页面中的 WebAssembly 根据服务器发送的模型计算；每次保存都会由服务器再次检查。',
  },
};

const t = translator(TEXTS);

/** The grid's cell kinds (the package's `grid().kinds`), how each is shown, and its legend text. */
const KINDS = ['none', 'direct', 'inherited', 'denied', 'conditional'];
const KIND_ICONS = { none: '–', direct: '✓', inherited: '↑', denied: '✗', conditional: '◐' };
const KIND_LEGEND = {
  none: 'kindNone',
  direct: 'kindDirect',
  inherited: 'kindInherited',
  denied: 'kindDenied',
  conditional: 'kindConditional',
};
const KIND_SOURCE = {
  none: 'sourceNone',
  direct: 'sourceDirect',
  inherited: 'sourceInherited',
  denied: 'sourceDenied',
  conditional: 'sourceConditional',
};
const CONDITION_TEXTS = {
  own: 'conditionOwn',
  mfa: 'conditionMfa',
  timeWindow: 'conditionTimeWindow',
  expired: 'conditionExpired',
};
const SEVERITY_ICONS = { error: '✗', warning: '⚠', info: 'ℹ' };
const SEVERITY_TEXTS = { error: 'severityError', warning: 'severityWarning', info: 'severityInfo' };

const byId = (id) => document.getElementById(id);
const el = {
  language: byId('lang'),
  fingerprints: byId('fingerprints'),
  fingerprintPage: byId('fingerprint-page'),
  fingerprintServer: byId('fingerprint-server'),
  fingerprintAgree: byId('fingerprint-agree'),
  modelVersion: byId('model-version'),
  status: byId('status'),
  refusal: byId('refusal'),
  refusalDetail: byId('refusal-detail'),
  refusalLoginLine: byId('refusal-login-line'),
  refusalMfaLine: byId('refusal-mfa-line'),
  workspace: byId('workspace'),
  legend: byId('legend'),
  grid: byId('grid'),
  editPermission: byId('edit-permission'),
  explanation: byId('explanation'),
  explanationTitle: byId('explanation-title'),
  explanationClose: byId('explanation-close'),
  decisionPage: byId('decision-page'),
  decisionServer: byId('decision-server'),
  agreement: byId('agreement'),
  editCurrent: byId('edit-current'),
  editButtons: [...document.querySelectorAll('[data-edit]')],
  editForm: byId('edit-form'),
  diffTitle: byId('diff-title'),
  diff: byId('diff'),
  editAfter: byId('edit-after'),
  reason: byId('reason'),
  editError: byId('edit-error'),
  editSave: byId('edit-save'),
  editCancel: byId('edit-cancel'),
  changelog: byId('changelog'),
  changelogEmpty: byId('changelog-empty'),
  changelogVerification: byId('changelog-verification'),
  changelogError: byId('changelog-error'),
  findings: byId('findings'),
  auditSummary: byId('audit-summary'),
  auditError: byId('audit-error'),
};

const state = {
  packageError: null,
  /** The server's answer to GET /api/access/model: `{ model, fingerprint, version }`. */
  server: null,
  /** `{ status, code, message }` when the server refused (401, 403) or failed. */
  refusal: null,
  /** The model compiled here, its grid and fingerprint. */
  matrix: null,
  grid: null,
  fingerprint: null,
  modelError: null,
  /** The cell whose explanation is open: `{ role, resource, action }`. */
  selected: null,
  /** The cell with the roving tabindex: `{ row, col }`. */
  focus: { row: 0, col: 0 },
  /** The server's answer for the selected cell: `{ key, locale, response }`. */
  serverDecision: null,
  /** The edit being prepared: `{ op, document, matrix, changes }`, or an `error` building it. */
  edit: null,
  editError: null,
  saving: false,
  changelog: null,
  changelogResponse: null,
  audit: null,
  auditResponse: null,
  /** The status line: a text key and its values, re-rendered on a language change. */
  status: null,
};

/** Sequence numbers per kind of request: only the latest answer of each kind is used. */
const latest = { model: 0, check: 0, changelog: 0, audit: 0 };

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function make(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  node.append(...children);
  return node;
}

const code = (value) => make('code', { text: value });
const shortHash = (hash) => String(hash ?? '').replace(/^sha256:/, '').slice(0, 12);
const withLocale = (path) => `${path}${path.includes('?') ? '&' : '?'}locale=${encodeURIComponent(currentLocale())}`;
const list = (items) => (items.length ? items.join(t('listSeparator')) : t('nothing'));

function setStatus(key, values = {}) {
  state.status = key ? { key, values } : null;
  renderStatus();
}

function renderStatus() {
  const message = state.status ? t(state.status.key, state.status.values) : '';
  if (el.status.textContent !== message) el.status.textContent = message;
}

/** `{ status, code, message, path }` of a failed answer. */
function failure(response) {
  const error = errorOf(response) ?? { code: `http.${response.status}`, message: '', path: '' };
  return { status: response.status, ...error };
}

const roleLabel = (id) => state.server?.model.roles?.find((role) => role.id === id)?.label || id;
const resourceLabel = (id) => state.server?.model.resources?.find((resource) => resource.id === id)?.label || id;
const effectOf = (grant) => grant.effect ?? 'allow';
const hasCondition = (grant) =>
  Boolean(grant.condition && (grant.condition.own || grant.condition.mfaWithinMinutes != null || grant.condition.timeWindow));

function formatDate(value) {
  if (value === null || value === undefined || value === '') return t('nothing');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' }).format(date);
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

/** Loads the model; once it is shown the status line says `status` (default: what was loaded). */
async function loadModel(status = null) {
  const ticket = ++latest.model;
  if (!state.server) setStatus('loading');
  const response = await api('GET', withLocale('/api/access/model'));
  if (ticket !== latest.model) return false;
  if (response.status !== 200) {
    state.refusal = failure(response);
    state.server = null;
    state.matrix = null;
    state.grid = null;
    setStatus(null);
    renderAll();
    return false;
  }
  state.refusal = null;
  state.server = response.body;
  compileModel();
  if (status) setStatus(status.key, status.values);
  else if (state.matrix) setStatus('loaded', { version: state.server.version, roles: state.grid.roles.length, columns: state.grid.columns.length });
  renderAll();
  return true;
}

function compileModel() {
  state.matrix?.free();
  state.matrix = null;
  state.grid = null;
  state.modelError = null;
  try {
    state.matrix = AccessMatrix.fromJson(state.server.model);
    state.grid = state.matrix.grid();
    state.fingerprint = state.matrix.fingerprint();
  } catch (error) {
    state.modelError = error;
  }
  if (state.grid) {
    const rows = state.grid.roles.length;
    const cols = state.grid.columns.length;
    state.focus = { row: Math.min(state.focus.row, rows - 1), col: Math.min(state.focus.col, cols - 1) };
    if (state.selected && !cellPosition(state.selected)) state.selected = null;
  }
}

async function loadChangelog() {
  const ticket = ++latest.changelog;
  const response = await api('GET', withLocale('/api/access/changelog'));
  if (ticket !== latest.changelog) return;
  state.changelogResponse = response;
  state.changelog = response.status === 200 ? response.body : null;
  renderChangelog();
}

async function loadAudit() {
  const ticket = ++latest.audit;
  const response = await api('GET', withLocale('/api/access/audit'));
  if (ticket !== latest.audit) return;
  state.auditResponse = response;
  state.audit = response.status === 200 ? response.body : null;
  renderAudit();
}

/** The model, then (if the server lets this user read it) the change log and the audit. */
async function loadEverything(status = null) {
  if (await loadModel(status)) {
    await Promise.all([loadChangelog(), loadAudit(), state.selected ? askServer() : null]);
  }
}

// ---------------------------------------------------------------------------------------------
// The grid
// ---------------------------------------------------------------------------------------------

function cellAt(row, col) {
  const { grid } = state;
  const index = row * grid.columns.length + col;
  const kind = KINDS[grid.kinds[index]] ?? 'none';
  const grantIndex = grid.grants[index];
  const grant = grantIndex >= 0 ? state.server.model.grants[grantIndex] : null;
  const { resource, action } = grid.columns[col];
  return { row, col, role: grid.roles[row], resource, action, kind, grantIndex, grant };
}

function cellPosition({ role, resource, action }) {
  const row = state.grid.roles.indexOf(role);
  const col = state.grid.columns.findIndex((c) => c.resource === resource && c.action === action);
  return row < 0 || col < 0 ? null : { row, col };
}

function cellButton(row, col) {
  return el.grid.querySelector(`button[data-row="${row}"][data-col="${col}"]`);
}

function sourceText(cell) {
  return t(KIND_SOURCE[cell.kind], { index: cell.grantIndex, from: cell.grant?.role ?? '' });
}

/**
 * The cell's visible text: an icon and a word (or the role it comes from), never colour alone.
 * The word is also in the cell's aria-label (sourceText), so that a person using speech input can
 * name the cell by what they see (WCAG 2.5.3, label in name).
 */
function cellContent(cell) {
  let word = '';
  if (cell.kind === 'direct') word = t('cellDirect');
  else if (cell.kind === 'inherited') word = cell.grant?.role ?? '';
  else if (cell.kind === 'denied') word = cell.grant && cell.grant.role !== cell.role ? `↑${cell.grant.role}` : t('cellDenied');
  else if (cell.kind === 'conditional') word = t('cellConditional');
  else word = '';
  return [make('span', { className: 'cell-icon', text: KIND_ICONS[cell.kind], attrs: { 'aria-hidden': 'true' } }), make('span', { className: 'cell-word', text: word, attrs: { 'aria-hidden': 'true' } })];
}

function renderLegend() {
  el.legend.setAttribute('aria-label', t('legendLabel'));
  el.legend.replaceChildren(
    ...KINDS.map((kind) =>
      make('li', { attrs: { 'data-kind': kind } }, [
        make('span', { className: 'cell-swatch', attrs: { 'data-kind': kind, 'aria-hidden': 'true' }, text: KIND_ICONS[kind] }),
        make('span', { text: t(KIND_LEGEND[kind]) }),
      ]),
    ),
  );
}

function renderGrid() {
  const { grid } = state;
  const hadFocus = el.grid.contains(document.activeElement);
  const caption = make('caption', { attrs: { id: 'grid-caption' }, text: t('gridCaption', { name: state.server.model.name ?? '' }) });

  // Columns grouped by resource: one header row of resources, one of actions.
  const groups = [];
  for (const column of grid.columns) {
    const last = groups[groups.length - 1];
    if (last && last.resource === column.resource) last.span++;
    else groups.push({ resource: column.resource, span: 1 });
  }
  const colgroups = [make('colgroup', { className: 'role-col' }), ...groups.map((g) => make('colgroup', { attrs: { span: g.span } }))];
  const resourceRow = make('tr', {}, [
    make('td', { className: 'corner' }),
    ...groups.map((g) =>
      make('th', { attrs: { scope: 'colgroup', colspan: g.span, 'data-resource': g.resource } }, [
        make('span', { className: 'resource-label', text: resourceLabel(g.resource) }),
        make('code', { text: g.resource }),
      ]),
    ),
  ]);
  const actionRow = make('tr', {}, [
    make('th', { attrs: { scope: 'col' }, text: t('roleHeader') }),
    ...grid.columns.map((c, col) => make('th', { attrs: { scope: 'col', 'data-col': col, 'data-group-start': col === 0 || grid.columns[col - 1].resource !== c.resource ? 'true' : undefined }, text: c.action })),
  ]);
  const body = make(
    'tbody',
    {},
    grid.roles.map((role, row) =>
      make('tr', { attrs: { 'data-role': role } }, [
        make('th', { attrs: { scope: 'row' } }, [make('span', { className: 'role-label', text: roleLabel(role) }), make('code', { text: role })]),
        ...grid.columns.map((_, col) => {
          const cell = cellAt(row, col);
          const selected = state.selected && state.selected.role === cell.role && state.selected.resource === cell.resource && state.selected.action === cell.action;
          const button = make(
            'button',
            {
              className: 'cell',
              attrs: {
                type: 'button',
                'data-row': row,
                'data-col': col,
                'data-role': cell.role,
                'data-resource': cell.resource,
                'data-action': cell.action,
                'data-kind': cell.kind,
                'data-grant': cell.grantIndex,
                'aria-label': t('cellLabel', { role: roleLabel(cell.role), action: cell.action, resource: resourceLabel(cell.resource), source: sourceText(cell) }),
                'aria-controls': 'explanation',
                'aria-pressed': selected ? 'true' : 'false',
                tabindex: row === state.focus.row && col === state.focus.col ? '0' : '-1',
              },
            },
            cellContent(cell),
          );
          button.title = sourceText(cell);
          const first = col === 0 || grid.columns[col - 1].resource !== cell.resource;
          return make('td', { attrs: { 'data-kind': cell.kind, 'data-group-start': first ? 'true' : undefined } }, [button]);
        }),
      ]),
    ),
  );
  el.grid.replaceChildren(caption, ...colgroups, make('thead', {}, [resourceRow, actionRow]), body);
  if (hadFocus) cellButton(state.focus.row, state.focus.col)?.focus();
}

function moveFocus(row, col) {
  const rows = state.grid.roles.length;
  const cols = state.grid.columns.length;
  row = Math.max(0, Math.min(rows - 1, row));
  col = Math.max(0, Math.min(cols - 1, col));
  cellButton(state.focus.row, state.focus.col)?.setAttribute('tabindex', '-1');
  state.focus = { row, col };
  const button = cellButton(row, col);
  button.setAttribute('tabindex', '0');
  button.focus();
}

el.grid.addEventListener('keydown', (event) => {
  const button = event.target.closest('button.cell');
  if (!button || event.altKey || event.metaKey) return;
  const row = Number(button.dataset.row);
  const col = Number(button.dataset.col);
  const moves = {
    ArrowUp: [row - 1, col],
    ArrowDown: [row + 1, col],
    ArrowLeft: [row, col - 1],
    ArrowRight: [row, col + 1],
    Home: event.ctrlKey ? [0, 0] : [row, 0],
    End: event.ctrlKey ? [Infinity, Infinity] : [row, Infinity],
    PageUp: [0, col],
    PageDown: [Infinity, col],
  };
  const target = moves[event.key];
  if (!target) return;
  event.preventDefault();
  moveFocus(...target);
});

el.grid.addEventListener('click', (event) => {
  const button = event.target.closest('button.cell');
  if (!button) return;
  const row = Number(button.dataset.row);
  const col = Number(button.dataset.col);
  if (row !== state.focus.row || col !== state.focus.col) moveFocus(row, col);
  const { role, resource, action } = button.dataset;
  select({ role, resource, action });
});

// ---------------------------------------------------------------------------------------------
// The explanation: the page's decision and the server's, side by side
// ---------------------------------------------------------------------------------------------

const requestFor = ({ role, resource, action }) => ({ roles: [role], action, resource });
/** Which question a server answer is for: the cell, and the model version it was asked about. */
const keyOf = ({ role, resource, action }) => `${state.server?.fingerprint}\u0000${role}\u0000${resource}\u0000${action}`;

function select(cell) {
  state.selected = cell;
  state.edit = null;
  state.editError = null;
  el.reason.value = '';
  for (const button of el.grid.querySelectorAll('button.cell')) {
    const on = button.dataset.role === cell.role && button.dataset.resource === cell.resource && button.dataset.action === cell.action;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
  }
  renderExplanation();
  askServer();
}

async function askServer() {
  const cell = state.selected;
  if (!cell) return;
  const ticket = ++latest.check;
  const locale = currentLocale();
  const key = keyOf(cell);
  state.serverDecision = { key, locale, response: null };
  renderExplanation();
  const response = await api('POST', '/api/access/check', { ...requestFor(cell), locale });
  if (ticket !== latest.check) return;
  state.serverDecision = { key, locale, response };
  renderExplanation();
}

function pageDecision() {
  return state.matrix.check(requestFor(state.selected), currentLocale());
}

function grantText(ref) {
  if (!ref) return t('none');
  let text = t('grantRef', { index: ref.index, effect: t(ref.effect === 'deny' ? 'effectDeny' : 'effectAllow'), role: ref.role });
  if (ref.reason) text += t('grantReason', { reason: ref.reason });
  return text;
}

function wouldBeText(items) {
  if (!items?.length) return t('none');
  return items
    .map((item) => {
      const key = item.distance === null || item.distance === undefined ? 'wouldBeRoleUnknown' : item.distance === 1 ? 'wouldBeRoleOne' : 'wouldBeRole';
      return t(key, { role: item.role, distance: item.distance }) + (item.conditional ? t('wouldBeConditional') : '');
    })
    .join(t('listSeparator'));
}

/** A decision as a description list; every value also in a data attribute for tests and tools. */
function renderDecision(container, decision) {
  const dl = container.querySelector('dl');
  container.dataset.allowed = String(decision.allowed);
  container.dataset.code = decision.code;
  const e = decision.explanation;
  const rows = [
    ['decision', 'fieldDecision', t(decision.allowed ? 'allowed' : 'denied')],
    ['code', 'fieldCode', code(decision.code)],
    ['message', 'fieldMessage', decision.message],
    ['path', 'fieldPath', e.path.length ? e.path.join(' → ') : t('none')],
    ['grant', 'fieldGrant', grantText(e.grant)],
    ['failedCondition', 'fieldCondition', e.failedCondition ? t(CONDITION_TEXTS[e.failedCondition] ?? 'none') : t('none')],
    ['wouldBeGrantedBy', 'fieldWouldBe', wouldBeText(e.wouldBeGrantedBy)],
  ];
  const raw = {
    decision: String(decision.allowed),
    code: decision.code,
    message: decision.message,
    path: e.path.join(','),
    grant: e.grant ? String(e.grant.index) : '',
    failedCondition: e.failedCondition ?? '',
    wouldBeGrantedBy: (e.wouldBeGrantedBy ?? []).map((w) => w.role).join(','),
  };
  dl.replaceChildren(
    ...rows.flatMap(([field, label, value]) => [
      make('dt', { text: t(label) }),
      make('dd', { attrs: { 'data-field': field, 'data-value': raw[field] } }, [value]),
    ]),
  );
}

function renderServerPending(container, message, failed) {
  delete container.dataset.allowed;
  delete container.dataset.code;
  container.dataset.state = failed ? 'failed' : 'pending';
  container.querySelector('dl').replaceChildren(make('dt', { text: t('fieldDecision') }), make('dd', { className: failed ? 'error' : 'hint', text: message }));
}

/** JSON with object keys sorted: the server may send the same object with its keys in another order. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What differs between two decisions, by field name. */
function differences(a, b) {
  const fields = [];
  if (a.allowed !== b.allowed) fields.push('allowed');
  if (a.code !== b.code) fields.push('code');
  if (a.message !== b.message) fields.push('message');
  for (const field of ['roles', 'path', 'grant', 'failedCondition', 'wouldBeGrantedBy']) {
    if (canonical(a.explanation?.[field]) !== canonical(b.explanation?.[field])) fields.push(`explanation.${field}`);
  }
  return fields;
}

function renderExplanation() {
  const cell = state.selected;
  el.explanation.hidden = !cell || !state.matrix;
  if (el.explanation.hidden) return;
  el.explanation.dataset.role = cell.role;
  el.explanation.dataset.resource = cell.resource;
  el.explanation.dataset.action = cell.action;
  el.explanationTitle.textContent = t('explanationTitle', { role: roleLabel(cell.role), action: cell.action, resource: resourceLabel(cell.resource) });

  const mine = pageDecision();
  el.decisionPage.dataset.state = 'decided';
  renderDecision(el.decisionPage, mine);

  const answer = state.serverDecision;
  const current = answer && answer.key === keyOf(cell) && answer.locale === currentLocale() ? answer.response : null;
  if (!current) {
    renderServerPending(el.decisionServer, t('serverPending'), false);
    el.agreement.dataset.agree = '';
    el.agreement.textContent = t('agreePending');
  } else if (current.status !== 200 || !current.body || typeof current.body.allowed !== 'boolean') {
    renderServerPending(el.decisionServer, t('serverFailed', failure(current)), true);
    el.agreement.dataset.agree = 'false';
    el.agreement.textContent = t('disagree', { fields: 'HTTP' });
  } else {
    el.decisionServer.dataset.state = 'decided';
    renderDecision(el.decisionServer, current.body);
    const fields = differences(mine, current.body);
    el.agreement.dataset.agree = String(fields.length === 0);
    el.agreement.textContent = fields.length ? t('disagree', { fields: fields.join(', ') }) : t('agree');
  }
  renderEdit();
}

el.explanationClose.addEventListener('click', () => {
  const position = state.selected && state.grid ? cellPosition(state.selected) : null;
  state.selected = null;
  state.edit = null;
  state.editError = null;
  for (const button of el.grid.querySelectorAll('button.cell[aria-pressed="true"]')) button.setAttribute('aria-pressed', 'false');
  renderExplanation();
  if (position) moveFocus(position.row, position.col);
});

// ---------------------------------------------------------------------------------------------
// Editing a role's direct grant
// ---------------------------------------------------------------------------------------------

function actionsOf(grant, resourceActions) {
  return grant.actions === '*' ? [...resourceActions] : [...grant.actions];
}

/** Indices of the grants of `role` itself that cover `action` on `resource`. */
function directGrants(doc, { role, resource, action }) {
  return (doc.grants ?? []).flatMap((grant, index) =>
    grant.role === role && grant.resource === resource && (grant.actions === '*' || grant.actions.includes(action)) ? [index] : [],
  );
}

const directKind = (grant) => (effectOf(grant) === 'deny' ? 'deny' : hasCondition(grant) || grant.expiresAt ? 'conditional' : 'allow');

/**
 * The document with `op` applied to the role's own grants for (resource, action): the action
 * leaves every grant of the role that covers it (a grant left with no action goes); `allow` and
 * `deny` then add an unconditional grant of that effect, marked reviewed now.
 */
function editedDocument(doc, cell, op) {
  const next = structuredClone(doc);
  const resourceActions = next.resources.find((r) => r.id === cell.resource)?.actions ?? [];
  const covering = new Set(directGrants(next, cell));
  next.grants = (next.grants ?? []).flatMap((grant, index) => {
    if (!covering.has(index)) return [grant];
    const rest = actionsOf(grant, resourceActions).filter((a) => a !== cell.action);
    return rest.length ? [{ ...grant, actions: rest }] : [];
  });
  if (op === 'allow' || op === 'deny') {
    const grant = { role: cell.role, resource: cell.resource, actions: [cell.action] };
    if (op === 'deny') grant.effect = 'deny';
    grant.reviewedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    next.grants.push(grant);
  }
  return next;
}

/** Which edits would change anything for the selected cell. */
function availableEdits(cell) {
  const kinds = directGrants(state.server.model, cell).map((i) => directKind(state.server.model.grants[i]));
  const only = (kind) => kinds.length > 0 && kinds.every((k) => k === kind);
  return { allow: !only('allow'), deny: !only('deny'), remove: kinds.length > 0 };
}

/** Whether the signed-in user may edit the model, as this page's copy says (the server decides). */
function editPermission() {
  const account = getSession();
  if (!account) return { allowed: false, key: 'editNotSignedIn' };
  const decision = state.matrix.check({ user: account.username, action: 'edit', resource: 'accessModel' }, currentLocale());
  return decision.allowed ? { allowed: true } : { allowed: false, key: 'editNotAllowed', decision };
}

function renderEditPermission() {
  if (!state.matrix) return;
  const permission = editPermission();
  el.editPermission.hidden = permission.allowed;
  el.editPermission.dataset.code = permission.decision?.code ?? '';
  el.editPermission.textContent = permission.allowed ? '' : t(permission.key, permission.decision ?? {});
}

function renderEdit() {
  const cell = state.selected;
  const model = state.server.model;
  const indices = directGrants(model, cell);
  const labels = { role: cell.role, action: cell.action, resource: cell.resource };
  el.editCurrent.textContent = indices.length
    ? t('editCurrent', {
        ...labels,
        grants: indices
          .map((i) => t('editCurrentGrant', { index: i, kind: t({ allow: 'editKindAllow', deny: 'editKindDeny', conditional: 'editKindConditional' }[directKind(model.grants[i])]) }))
          .join(t('listSeparator')),
      })
    : t('editCurrentNone', labels);

  const permission = editPermission();
  const available = availableEdits(cell);
  for (const button of el.editButtons) {
    const op = button.dataset.edit;
    button.disabled = !permission.allowed || !available[op] || state.saving;
    button.setAttribute('aria-pressed', state.edit?.op === op ? 'true' : 'false');
  }

  el.editError.hidden = !state.editError;
  el.editError.dataset.code = state.editError?.code ?? '';
  el.editError.textContent = state.editError ? editErrorText(state.editError) : '';

  const edit = state.edit;
  el.editForm.hidden = !edit || Boolean(edit.error);
  if (el.editForm.hidden) return;
  el.diff.replaceChildren(...(edit.changes.length ? edit.changes.map(changeItem) : [make('li', { text: t('diffNone') })]));
  renderAfter(edit);
  el.editSave.disabled = state.saving || edit.changes.length === 0;
  el.editSave.textContent = t(state.saving ? 'saving' : 'save');
}

/** What the edit does to the selected cell and to every other cell of the grid. */
function renderAfter(edit) {
  const cell = state.selected;
  const after = edit.matrix.check(requestFor(cell), currentLocale());
  const lines = [
    t('afterDecision', { role: cell.role, action: cell.action, resource: cell.resource, decision: t(after.allowed ? 'allowed' : 'denied'), code: after.code }),
  ];
  const before = state.grid;
  const next = edit.matrix.grid();
  const changed = [];
  next.roles.forEach((role, row) => {
    next.columns.forEach(({ resource, action }, col) => {
      const oldRow = before.roles.indexOf(role);
      const oldCol = before.columns.findIndex((c) => c.resource === resource && c.action === action);
      const oldKind = oldRow < 0 || oldCol < 0 ? 'none' : KINDS[before.kinds[oldRow * before.columns.length + oldCol]];
      const newKind = KINDS[next.kinds[row * next.columns.length + col]];
      if (oldKind !== newKind) changed.push(t('cellChange', { role, action, resource, before: t(KIND_LEGEND[oldKind]), after: t(KIND_LEGEND[newKind]) }));
    });
  });
  if (changed.length) lines.push(t('cellsChange', { cells: changed.join(t('listSeparator')) }));
  el.editAfter.textContent = lines.join(' ');
}

function editErrorText(error) {
  if (error.key) return t(error.key, error.values ?? {});
  const pathNote = error.path ? t('pathNote', { path: error.path }) : '';
  if (error.building) return t('buildFailed', { code: error.code, message: error.message, pathNote });
  return t('saveFailed', { status: error.status, code: error.code, message: error.message, pathNote });
}

function startEdit(op) {
  const cell = state.selected;
  state.editError = null;
  let doc;
  let matrix;
  try {
    doc = editedDocument(state.server.model, cell, op);
    matrix = AccessMatrix.fromJson(doc);
  } catch (error) {
    state.edit?.matrix?.free();
    state.edit = { op, error: true };
    state.editError = { building: true, code: error.code ?? error.name, path: error.path ?? '', message: error.message };
    renderEdit();
    return;
  }
  state.edit?.matrix?.free();
  state.edit = { op, document: doc, matrix, changes: AccessMatrix.diff(state.matrix, matrix) };
  renderEdit();
  el.diffTitle.focus();
}

function cancelEdit() {
  state.edit?.matrix?.free();
  state.edit = null;
  state.editError = null;
  el.reason.value = '';
  el.reason.removeAttribute('aria-invalid');
  renderEdit();
  el.editButtons.find((b) => !b.disabled)?.focus();
}

for (const button of el.editButtons) button.addEventListener('click', () => startEdit(button.dataset.edit));
el.editCancel.addEventListener('click', cancelEdit);

el.editForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!state.edit || state.saving) return;
  const reason = el.reason.value.trim();
  if (!reason) {
    state.editError = { key: 'reasonRequired' };
    el.reason.setAttribute('aria-invalid', 'true');
    renderEdit();
    el.reason.focus();
    return;
  }
  el.reason.removeAttribute('aria-invalid');
  state.editError = null;
  state.saving = true;
  renderEdit();
  const response = await api('PUT', '/api/access/model', {
    model: state.edit.document,
    reason,
    baseFingerprint: state.server.fingerprint,
    locale: currentLocale(),
  });
  state.saving = false;
  if (response.status === 200) {
    const { version, entry } = response.body;
    state.edit.matrix.free();
    state.edit = null;
    el.reason.value = '';
    await loadEverything({ key: 'saved', values: { version, seq: entry?.seq ?? '?' } });
    const position = state.selected ? cellPosition(state.selected) : null;
    if (position) moveFocus(position.row, position.col);
    return;
  }
  const problem = failure(response);
  if (response.status === 409 && problem.code === 'access.model.stale') {
    state.edit.matrix.free();
    state.edit = null;
    state.editError = { ...problem, status: 409 };
    await loadEverything({ key: 'staleReloaded' });
    return;
  }
  state.editError = problem;
  renderEdit();
});

// ---------------------------------------------------------------------------------------------
// Changes (the diff before saving, the change log's entries)
// ---------------------------------------------------------------------------------------------

function conditionText(condition) {
  const parts = [];
  if (condition?.own) parts.push(t('conditionOwnShort'));
  if (condition?.mfaWithinMinutes != null) parts.push(t('conditionMfaWithin', { minutes: condition.mfaWithinMinutes }));
  if (condition?.timeWindow) {
    const w = condition.timeWindow;
    parts.push(t('conditionTimeWindowAt', { from: w.from, to: w.to, days: w.days?.length ? ` (${w.days.join(', ')})` : '' }));
  }
  return parts.join(t('conditionAnd'));
}

function describeGrant(grant) {
  let extra = '';
  if (hasCondition(grant)) extra += t('grantCondition', { condition: conditionText(grant.condition) });
  if (grant.expiresAt) extra += t('grantExpires', { date: formatDate(grant.expiresAt) });
  if (grant.reviewedAt) extra += t('grantReviewed', { date: formatDate(grant.reviewedAt) });
  if (grant.reason) extra += t('grantReasonExtra', { reason: grant.reason });
  return t('grantText', {
    effect: t(effectOf(grant) === 'deny' ? 'effectDeny' : 'effectAllow'),
    role: grant.role,
    actions: grant.actions === '*' ? t('grantAllActions') : list(grant.actions),
    resource: grant.resource,
    extra,
  });
}

const valueText = (value) => {
  if (value === null || value === undefined) return t('nothing');
  if (Array.isArray(value)) return list(value);
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'boolean') return t(value ? 'yes' : 'no');
  return String(value);
};

/** A document field's name in the page's language (`fieldNames`: `name=text|…`). */
function fieldName(name) {
  const pair = t('fieldNames').split('|').find((entry) => entry.startsWith(`${name}=`));
  return pair ? pair.slice(name.length + 1) : name;
}

/** `field before → after` for every field that differs between two objects. */
function fieldChanges(before, after, render = {}) {
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return names
    .filter((name) => JSON.stringify(before?.[name] ?? null) !== JSON.stringify(after?.[name] ?? null))
    .map((name) => {
      const show = render[name] ?? valueText;
      return t('changeField', { field: fieldName(name), before: show(before?.[name]), after: show(after?.[name]) });
    })
    .join('; ');
}

function changeText(change) {
  switch (change.kind) {
    case 'grantAdded':
      return t('changeGrantAdded', { index: change.index, grant: describeGrant(change.grant) });
    case 'grantRemoved':
      return t('changeGrantRemoved', { index: change.index, grant: describeGrant(change.grant) });
    case 'grantChanged':
      return t('changeGrantChanged', {
        index: change.index,
        role: change.after.role,
        resource: change.after.resource,
        fields: fieldChanges(change.before, change.after, {
          actions: (a) => (a === '*' ? t('grantAllActions') : valueText(a)),
          condition: (c) => (c && hasCondition({ condition: c }) ? conditionText(c) : t('nothing')),
          expiresAt: formatDate,
          reviewedAt: formatDate,
        }),
      });
    case 'roleAdded':
    case 'roleRemoved':
      return t(change.kind === 'roleAdded' ? 'changeRoleAdded' : 'changeRoleRemoved', { role: change.role.id });
    case 'roleParentsChanged':
      return t('changeRoleParentsChanged', { role: change.role, before: list(change.before), after: list(change.after) });
    case 'roleChanged':
      return t('changeRoleChanged', { role: change.role, fields: fieldChanges(change.before, change.after) });
    case 'resourceAdded':
      return t('changeResourceAdded', { resource: change.resource.id, actions: list(change.resource.actions) });
    case 'resourceRemoved':
      return t('changeResourceRemoved', { resource: change.resource.id });
    case 'actionsChanged':
      return t('changeActionsChanged', { resource: change.resource, before: list(change.before), after: list(change.after) });
    case 'resourceChanged':
      return t('changeResourceChanged', { resource: change.resource, fields: fieldChanges(change.before, change.after) });
    case 'assignmentAdded':
    case 'assignmentRemoved':
      return t(change.kind === 'assignmentAdded' ? 'changeAssignmentAdded' : 'changeAssignmentRemoved', {
        user: change.user,
        role: change.role,
        tenant: change.tenant ? t('changeTenant', { tenant: change.tenant }) : '',
      });
    case 'userAdded':
      return t('changeUserAdded', { user: change.user });
    case 'userRemoved':
      return t('changeUserRemoved', { user: change.user });
    case 'userChanged':
      return t('changeUserChanged', {
        user: change.user,
        fields: fieldChanges(change.before, change.after, { lastActiveAt: formatDate, reviewedAt: formatDate }),
      });
    case 'tenantAdded':
      return t('changeTenantAdded', { tenant: change.tenant });
    case 'tenantRemoved':
      return t('changeTenantRemoved', { tenant: change.tenant });
    case 'nameChanged':
      return t('changeNameChanged', { before: valueText(change.before), after: valueText(change.after) });
    case 'constraintsChanged':
      return t('changeConstraintsChanged');
    case 'reviewIntervalChanged':
      return t('changeReviewIntervalChanged', { before: change.before, after: change.after });
    default:
      return t('changeOther', { kind: change.kind });
  }
}

const CHANGE_ICONS = { Added: '+', Removed: '−', Changed: '~' };

function changeItem(change) {
  const suffix = /(Added|Removed|Changed)$/.exec(change.kind ?? '')?.[1];
  const item = make('li', { attrs: { 'data-kind': change.kind, 'data-index': change.index } }, [
    make('span', { className: 'change-icon', text: CHANGE_ICONS[suffix] ?? '~', attrs: { 'aria-hidden': 'true' } }),
    make('span', { className: 'change-text', text: changeText(change) }),
  ]);
  const role = change.grant?.role ?? change.after?.role;
  const resource = change.grant?.resource ?? change.after?.resource;
  if (role) item.dataset.role = role;
  if (typeof resource === 'string') item.dataset.resource = resource;
  return item;
}

/** What an entry's `changes` records: `{ version, from, to, changes: Change[] }`. */
function entryChanges(record) {
  const changes = Array.isArray(record) ? record : record?.changes;
  return Array.isArray(changes) ? changes.map(changeItem) : [make('li', { text: valueText(record) })];
}

/** The version an entry produced and the model's fingerprints before and after, briefly. */
function entryVersion(record) {
  if (!record || Array.isArray(record) || record.version === undefined) return [];
  // The text with the two fingerprints as <code>: split the sentence at their places.
  const [head, middle, tail] = t('entryVersion', { version: record.version, from: '\u0000', to: '\u0001' }).split(/[\u0000\u0001]/);
  return [
    make(
      'p',
      { className: 'entry-version', attrs: { 'data-version': record.version, 'data-from': record.from ?? '', 'data-to': record.to ?? '', title: `${record.from} → ${record.to}` } },
      [head, code(shortHash(record.from)), middle, code(shortHash(record.to)), tail ?? ''],
    ),
  ];
}

function renderChangelog() {
  const response = state.changelogResponse;
  if (!response) return;
  const log = state.changelog;
  el.changelogError.hidden = Boolean(log);
  el.changelogError.textContent = log ? '' : t('changelogFailed', failure(response));
  // A log that does not verify against the model comes as a refusal (409) that still carries
  // the verification's verdict.
  const verification = log?.verification ?? response.body?.verification;
  el.changelogVerification.hidden = !verification;
  if (verification) {
    el.changelogVerification.dataset.ok = String(Boolean(verification.ok));
    el.changelogVerification.dataset.code = verification.ok ? '' : verification.code ?? '';
    el.changelogVerification.textContent = verification.ok
      ? t(verification.entries === 1 ? 'verificationOkOne' : 'verificationOk', { entries: verification.entries, head: shortHash(log.head) || t('nothing') })
      : t('verificationFailed', { code: verification.code, path: verification.path || t('nothing'), message: verification.message });
  }
  const entries = [...(log?.entries ?? [])].reverse(); // newest first
  el.changelogEmpty.hidden = !log || entries.length > 0;
  el.changelog.replaceChildren(
    ...entries.map((entry) =>
      make('li', { className: 'entry', attrs: { 'data-seq': entry.seq, 'data-actor': entry.actor } }, [
        make('p', { className: 'entry-head', text: t('entryHead', { seq: entry.seq, at: formatDate(entry.at), actor: entry.actor }) }),
        make('p', { className: 'entry-reason', text: t('entryReason', { reason: entry.reason }), attrs: { 'data-reason': entry.reason } }),
        ...entryVersion(entry.changes),
        make('ul', { className: 'changes' }, entryChanges(entry.changes)),
        make('p', { className: 'entry-hash', attrs: { title: entry.hash } }, [t('entryHash', { hash: '' }), code(shortHash(entry.hash))]),
      ]),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Audit findings
// ---------------------------------------------------------------------------------------------

function renderAudit() {
  const response = state.auditResponse;
  if (!response) return;
  const findings = state.audit?.findings ?? null;
  el.auditError.hidden = Boolean(findings);
  el.auditError.textContent = findings ? '' : t('auditFailed', failure(response));
  if (!findings) {
    el.auditSummary.textContent = '';
    el.findings.replaceChildren();
    return;
  }
  const counts = { count: findings.length, error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  let summary = findings.length ? t('auditSummary', counts) : t('auditNone');
  // The page's copy computes the same findings (codes and paths; the server's clock decides).
  if (state.matrix) {
    try {
      const mine = state.matrix.audit(Date.now(), null, currentLocale());
      const key = (list) => JSON.stringify(list.map((f) => [f.code, f.path]));
      summary += ` ${key(mine) === key(findings) ? t('auditMirrorAgree') : t('auditMirrorDiffer', { count: mine.length })}`;
    } catch {
      // the page's audit is only a comparison
    }
  }
  el.auditSummary.textContent = summary;
  el.findings.replaceChildren(
    ...findings.map((finding) =>
      make('li', { className: 'finding', attrs: { 'data-code': finding.code, 'data-severity': finding.severity } }, [
        make('span', { className: 'severity', attrs: { 'data-severity': finding.severity } }, [
          make('span', { text: SEVERITY_ICONS[finding.severity] ?? '•', attrs: { 'aria-hidden': 'true' } }),
          ` ${t(SEVERITY_TEXTS[finding.severity] ?? 'severityInfo')}`,
        ]),
        code(finding.code),
        make('span', { className: 'finding-message', text: finding.message }),
        finding.path ? make('code', { className: 'finding-path', text: finding.path }) : '',
      ]),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

function renderRefusal() {
  const refusal = state.refusal ?? (state.packageError ? { status: 0, code: state.packageError.code ?? state.packageError.name, message: state.packageError.message } : null);
  el.refusal.hidden = !refusal;
  el.refusal.dataset.status = refusal?.status ?? '';
  el.refusal.dataset.code = refusal?.code ?? '';
  // A second factor is required and this session has not used it: the account page sets it up.
  const needsMfa = refusal?.code === 'account.mfa.required';
  el.refusalMfaLine.hidden = !needsMfa;
  el.refusalLoginLine.hidden = needsMfa;
  el.refusalDetail.textContent = !refusal
    ? ''
    : state.packageError
      ? t('packageFailed', refusal)
      : t('refusalDetail', refusal);
}

function renderFingerprints() {
  const server = state.server;
  el.fingerprints.hidden = !server || !state.matrix;
  if (el.fingerprints.hidden) return;
  el.fingerprintPage.textContent = shortHash(state.fingerprint);
  el.fingerprintPage.title = state.fingerprint;
  el.fingerprintServer.textContent = shortHash(server.fingerprint);
  el.fingerprintServer.title = server.fingerprint;
  const same = state.fingerprint === server.fingerprint;
  el.fingerprintAgree.dataset.agree = String(same);
  el.fingerprintAgree.textContent = t(same ? 'fingerprintAgree' : 'fingerprintDiffer');
  el.modelVersion.textContent = t('modelVersion', { version: server.version });
}

function renderAll() {
  applyTexts(TEXTS);
  renderStatus();
  renderRefusal();
  renderFingerprints();
  const showing = Boolean(state.server && state.matrix);
  el.workspace.hidden = !showing;
  if (state.server && state.modelError) {
    el.refusal.hidden = false;
    const error = state.modelError;
    el.refusalDetail.textContent = t('modelInvalid', { code: error.code ?? error.name, path: error.path ?? '', message: error.message });
  }
  if (!showing) return;
  renderLegend();
  renderGrid();
  renderEditPermission();
  renderExplanation();
  renderChangelog();
  renderAudit();
}

onLocaleChange(() => {
  renderAll();
  // The server's texts come in the language they were asked for: ask again.
  loadEverything();
});
onSessionChange(() => {
  if (state.matrix) {
    renderEditPermission();
    if (state.selected) renderEdit();
  }
});

async function start() {
  bindLanguageSelect(el.language);
  applyTexts(TEXTS);
  const nav = startNav();
  try {
    await init();
  } catch (error) {
    state.packageError = error;
    renderAll();
    return;
  }
  await nav;
  await loadEverything();
}

start();
