// Type-checked (tsc --noEmit) against the installed package: the types are real, not `any`.
import { estimateStrength, prepare, PasswordPolicy, generatePassword, userInputsOf, AccessMatrix, ChangeLog } from 'account-rules';
import type {
  StrengthReport, StrengthOptions, AccountRulesError, PatternKind, PolicyReport, RuleResult,
  Finding, ExpiryStatus, LockoutStatus, GeneratedPassword, PasswordPolicyDocument,
  AccessModelDocument, Decision, Grid, ChangeLogEntry, AuditFinding, AssignResult, Change, Snapshot,
} from 'account-rules';
import initWeb, { estimateStrength as estimateInPage } from 'account-rules/web';
import { createStrengthWorker } from 'account-rules/worker';
import type { StrengthWorker } from 'account-rules/worker';

prepare();
const options: StrengthOptions = { userInputs: ['alice', 'alice@example.com'], locale: 'zh-CN' };
const report: StrengthReport = estimateStrength('password', options);
const score: 0 | 1 | 2 | 3 | 4 = report.score;
const warning: string | undefined = report.feedback.warning?.code;
const kinds: PatternKind[] = report.sequence.map((m) => m.kind);
const seconds: number = report.crackTimes.offlineSlowHashing1e4PerSecond.seconds;
const evaluated: number = report.evaluatedChars;
const truncatedText: string | null = report.truncation?.text ?? null;
estimateStrength('no options at all');

// @ts-expect-error: scores are 0..4, so this comparison is a type error
if (report.score === 7) throw new Error('impossible');
// @ts-expect-error: unknown option names are rejected by the types too
estimateStrength('x', { userinputs: [] });
// @ts-expect-error: userInputs are strings
estimateStrength('x', { userInputs: [1] });

const document: PasswordPolicyDocument = {
  schema: 1,
  rules: [{ rule: 'length', min: 12 }, { rule: 'characterClasses', require: ['upper', 'digit'] }],
  lockout: { maxFailures: 5, lockMinutes: 15 },
};
const policy = PasswordPolicy.fromJson(document);
const fromPreset: PasswordPolicy = PasswordPolicy.preset('nist-800-63b');
const checked: PolicyReport = policy.check({ password: 'hunter2', username: 'alice' }, { locale: 'en' });
const firstRule: RuleResult | undefined = checked.rules[0];
const status: 'passed' | 'failed' | 'pending' | undefined = firstRule?.status;
const findings: Finding[] = policy.lint({ locale: 'zh-CN' });
const expiry: ExpiryStatus = policy.expiry(new Date(), Date.now());
const lock: LockoutStatus = policy.lockout([Date.now(), '2026-01-01T00:00:00Z', new Date()]);
const generated: GeneratedPassword = generatePassword(fromPreset, { kind: 'passphrase', words: 6 });
const fingerprint: string = policy.fingerprint();
const inputs: string[] = userInputsOf({ password: '', username: 'alice', email: 'alice@example.com' });
const again: PasswordPolicyDocument = policy.toJson();
// @ts-expect-error: a rule kind that does not exist
PasswordPolicy.fromJson({ schema: 1, rules: [{ rule: 'lenght', min: 3 }] });
// @ts-expect-error: the document version is 1
PasswordPolicy.fromJson({ schema: 2 });
// @ts-expect-error: generator kinds are random | passphrase
generatePassword(policy, { kind: 'pin' });
console.log(inputs, status, findings, expiry.state, lock.locked, generated.entropyBits, fingerprint, again, policy.check('x').ok);

const model: AccessModelDocument = {
  schema: 1,
  roles: [{ id: 'viewer' }, { id: 'editor', parents: ['viewer'] }],
  resources: [{ id: 'doc', actions: ['read', 'write'] }],
  grants: [{ role: 'viewer', resource: 'doc', actions: ['read'] }, { role: 'editor', resource: 'doc', actions: '*', condition: { own: true } }],
  users: [{ id: 'ann', roles: ['editor'] }],
};
const matrix = AccessMatrix.fromJson(model);
const decision: Decision = matrix.check({ user: 'ann', action: 'write', resource: 'doc', context: { resourceOwner: 'ann' } }, 'zh-CN');
const failedCondition: 'own' | 'mfa' | 'timeWindow' | 'expired' | null = decision.explanation.failedCondition;
const grid: Grid = matrix.grid();
const allowed: boolean = matrix.can('ann', 'read', 'doc');
const log = new ChangeLog();
const entry: ChangeLogEntry = log.append('ann', 'why', [{ kind: 'grantAdded' }]);
const count: number = log.verify();
// @ts-expect-error: effects are allow | deny
AccessMatrix.fromJson({ schema: 1, grants: [{ role: 'a', resource: 'b', actions: '*', effect: 'maybe' }] });
const gridKinds: Uint8Array = grid.kinds;
const auditFindings: AuditFinding[] = matrix.audit(Date.now(), null, 'en');
const assigned: AssignResult = matrix.assign('ann', 'viewer');
if (assigned.ok) AccessMatrix.fromJson(assigned.model); else console.log(assigned.code);
const changes: Change[] = AccessMatrix.diff(matrix, matrix);
const snapshot: Snapshot = matrix.snapshotFor('ann');
const mfaRoles: string[] = matrix.effective('ann').requiresMfa;
const mfaStatus = policy.mfaRequired(['editor'], { locale: 'zh-CN', requiresMfa: mfaRoles });
const mfaBecause: string[] = mfaStatus.becauseOfRoles;
// @ts-expect-error: requiresMfa is a list of role ids
policy.mfaRequired([], { requiresMfa: 'admin' });
const imported = AccessMatrix.fromCasbin('model', 'policy');
const enforced: boolean = imported.enforce('alice', 'data1', 'read') && imported.enforce('alice', 'domain1', 'data1', 'read');
console.log(auditFindings, changes, snapshot.fullFingerprint, enforced, mfaBecause);
console.log(failedCondition, grid.roles.length, gridKinds.length, allowed, entry.hash, count);

function describe(err: unknown): string {
  const e = err as AccountRulesError;
  return `${e.name} ${e.code} at ${e.path}: ${e.message}`;
}

async function inPage(): Promise<void> {
  await initWeb();
  const r = estimateInPage('hunter2', { locale: 'en' });
  const worker: StrengthWorker = createStrengthWorker();
  await worker.prepare();
  const latest: StrengthReport | null = await worker.estimate('correct horse', { locale: 'en' });
  // @ts-expect-error: a superseded call resolves to null, which must be handled
  const unchecked: StrengthReport = await worker.estimate('x');
  worker.terminate();
  console.log(r.score, latest?.score, unchecked, describe(new Error('x')));
}

console.log(score, warning, kinds, seconds, evaluated, truncatedText, inPage);
