// Type-checked (tsc --noEmit) against the installed package: the types are real, not `any`.
import { estimateStrength, prepare } from 'account-rules';
import type { StrengthReport, StrengthOptions, AccountRulesError, PatternKind } from 'account-rules';
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
