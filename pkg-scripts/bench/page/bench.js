// The measures as they run inside the page. strength.mjs imports this module into a page and
// calls one export per measure; every export resolves to plain data (times in milliseconds).

import { loadLibrary } from './libraries.js';

const codePointPrefixes = (password) => {
  const chars = Array.from(password);
  return chars.map((_, i) => chars.slice(0, i + 1).join(''));
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** (a) From the start of loading the library to its first result. */
export async function coldStart(spec, password) {
  const start = performance.now();
  const estimate = await loadLibrary(spec);
  const result = estimate(password);
  return { ms: performance.now() - start, score: result.score };
}

/**
 * (b) Every prefix of every password, as a user typing it would produce them, timed call by
 * call. Libraries take turns password by password, in an order that rotates.
 * Returns per library: `times` (one per call) and `finalScores` (score of each full password).
 */
export async function keystrokes(specs, passwords, warmupPasswords) {
  const estimators = [];
  for (const spec of specs) estimators.push(await loadLibrary(spec));

  for (const password of warmupPasswords) {
    for (const estimate of estimators) {
      for (const prefix of codePointPrefixes(password)) estimate(prefix);
    }
  }

  const results = specs.map(() => ({ times: [], finalScores: [] }));
  for (const [i, password] of passwords.entries()) {
    const prefixes = codePointPrefixes(password);
    for (let turn = 0; turn < estimators.length; turn += 1) {
      const lib = (i + turn) % estimators.length;
      const estimate = estimators[lib];
      let result;
      for (const prefix of prefixes) {
        const start = performance.now();
        result = estimate(prefix);
        results[lib].times.push(performance.now() - start);
      }
      results[lib].finalScores.push(result.score);
    }
    if ((i + 1) % 100 === 0) {
      console.log(`keystrokes: ${i + 1}/${passwords.length} passwords`);
      await sleep(0);
    }
  }
  return results;
}

/**
 * (c) One estimate of one (possibly very expensive) password, in a worker that is terminated
 * when it runs past `capMs`. Resolves to { ms, score, evaluatedChars, truncated } or
 * { timedOut: true }.
 */
export function adversarial(spec, password, warmupPasswords, capMs) {
  const worker = new Worker(new URL('./adversarial-worker.js', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    let watchdog;
    const finish = (outcome) => {
      clearTimeout(watchdog);
      worker.terminate();
      if (outcome.error) reject(new Error(outcome.error));
      else resolve(outcome);
    };
    worker.onerror = (event) => finish({ error: event.message ?? 'worker error' });
    worker.onmessage = ({ data }) => {
      if (!data.ready) {
        finish(data);
        return;
      }
      watchdog = setTimeout(() => finish({ timedOut: true }), capMs);
      worker.postMessage({ password });
    };
    worker.postMessage({ spec, warmup: warmupPasswords });
  });
}

/**
 * (e) Main-thread blocking while the adversarial strings are typed, one character every
 * `intervalMs`, into the package's worker helper. The main thread is watched by a
 * PerformanceObserver for long tasks (≥ 50 ms) and by a setTimeout(0) probe whose largest gap
 * between two runs is recorded (first while idle, as a baseline, then while typing).
 */
export async function workerBlocking(helperUrl, strings, intervalMs, capMs) {
  const { createStrengthWorker } = await import(helperUrl);
  const strength = createStrengthWorker();
  await strength.estimate('warm-up', { locale: 'en' });

  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });

  const probe = { maxGap: 0, last: performance.now(), running: true };
  const tick = () => {
    const now = performance.now();
    probe.maxGap = Math.max(probe.maxGap, now - probe.last);
    probe.last = now;
    if (probe.running) setTimeout(tick, 0);
  };
  tick();
  await sleep(1000);
  const idleMaxGap = probe.maxGap;

  const perString = [];
  for (const text of strings) {
    probe.maxGap = 0;
    const longTasksBefore = longTasks.length;
    const outcome = { answered: 0, superseded: 0, maxCallMs: 0 };
    let last;
    for (const prefix of codePointPrefixes(text)) {
      const start = performance.now();
      last = strength.estimate(prefix, { locale: 'en' });
      outcome.maxCallMs = Math.max(outcome.maxCallMs, performance.now() - start);
      last.then((report) => (report === null ? outcome.superseded++ : outcome.answered++));
      await sleep(intervalMs);
    }
    const typedAt = performance.now();
    const final = await Promise.race([last, sleep(capMs).then(() => 'timeout')]);
    const finalAfterMs = performance.now() - typedAt;
    await sleep(200); // let the observer deliver the last long-task entries
    perString.push({
      length: Array.from(text).length,
      maxGapMs: probe.maxGap,
      longTasks: longTasks.slice(longTasksBefore),
      maxCallMs: outcome.maxCallMs,
      answered: outcome.answered,
      superseded: outcome.superseded,
      finalAfterMs: final === 'timeout' ? null : finalAfterMs,
      finalScore: final === 'timeout' ? null : final?.score,
    });
  }
  probe.running = false;
  observer.disconnect();
  return { idleMaxGapMs: idleMaxGap, perString };
}
