// createStrengthWorker(): estimateStrength in a Web Worker, latest input wins.
//
//   const meter = createStrengthWorker();
//   input.addEventListener('input', async () => {
//     const report = await meter.estimate(input.value, { locale: 'en' });
//     if (report) render(report);          // null: a newer call superseded this one
//   });
//
// The page's main thread only posts messages; the estimate runs in the worker. A call that a
// newer call overtakes resolves to null, never to an outdated report.

function toError(data) {
  const error = new Error(data.message);
  error.name = data.name === 'AccountRulesError' ? data.name : 'AccountRulesError';
  error.code = data.code;
  error.path = data.path;
  return error;
}

export function createStrengthWorker(options = {}) {
  const worker = new Worker(options.workerUrl ?? new URL('./strength-worker.js', import.meta.url), {
    type: 'module',
    name: 'account-rules-strength',
  });
  const pending = new Map();
  let nextId = 1;
  let latestEstimate = 0;
  let failure = null;

  function settleAll(fn) {
    for (const [id, entry] of pending) {
      pending.delete(id);
      fn(entry);
    }
  }

  worker.addEventListener('message', (event) => {
    const data = event.data;
    const entry = pending.get(data.id);
    if (!entry) return;
    pending.delete(data.id);
    if (data.error) entry.reject(toError(data.error));
    else if (data.stale) entry.resolve(null);
    else entry.resolve(data.ready ? undefined : data.report);
  });
  worker.addEventListener('error', (event) => {
    failure = toError({ code: 'worker.failed', path: '', message: event.message || 'the strength worker failed to start' });
    settleAll((entry) => entry.reject(failure));
  });

  function send(message) {
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      pending.set(message.id, { resolve, reject, type: message.type });
      worker.postMessage(message);
    });
  }

  return {
    /** Resolves once the worker has loaded the module and built its dictionaries. */
    prepare() {
      return send({ type: 'prepare', id: nextId++ });
    },
    /** Resolves to a StrengthReport, or to null when a newer call superseded this one. */
    estimate(password, estimateOptions) {
      const id = nextId++;
      for (const [olderId, entry] of pending) {
        if (entry.type === 'estimate' && olderId === latestEstimate) {
          pending.delete(olderId);
          entry.resolve(null);
        }
      }
      latestEstimate = id;
      return send({ type: 'estimate', id, password: String(password), options: estimateOptions });
    },
    /** Stops the worker; pending calls reject with code `worker.terminated`. */
    terminate() {
      worker.terminate();
      failure = toError({ code: 'worker.terminated', path: '', message: 'the strength worker was terminated' });
      settleAll((entry) => entry.reject(failure));
    },
  };
}
