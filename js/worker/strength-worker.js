// The worker side of createStrengthWorker(): runs estimateStrength off the page's main thread.
// Messages in:  { type: 'prepare', id } | { type: 'estimate', id, password, options }
// Messages out: { id, report } | { id, error: { name, code, path, message } } | { id, ready: true }
// Only the newest estimate is computed: requests that arrive while one is running replace
// each other, and a request older than the newest one seen is answered with { id, stale: true }.
import init, { estimateStrength, prepare } from '../web/account_rules.js';

const ready = init().then(() => prepare());
let queued = null;
let running = false;

function errorData(err) {
  return {
    name: err?.name ?? 'Error',
    code: err?.code ?? 'worker.failed',
    path: err?.path ?? '',
    message: String(err?.message ?? err),
  };
}

async function drain() {
  running = true;
  try {
    await ready;
  } catch (err) {
    if (queued) self.postMessage({ id: queued.id, error: errorData(err) });
    queued = null;
    running = false;
    return;
  }
  while (queued) {
    const request = queued;
    queued = null;
    try {
      self.postMessage({ id: request.id, report: estimateStrength(request.password, request.options) });
    } catch (err) {
      self.postMessage({ id: request.id, error: errorData(err) });
    }
    // Let messages that arrived during the computation land before choosing the next one.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  running = false;
}

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'prepare') {
    ready.then(
      () => self.postMessage({ id: message.id, ready: true }),
      (err) => self.postMessage({ id: message.id, error: errorData(err) }),
    );
    return;
  }
  if (message.type === 'estimate') {
    if (queued) self.postMessage({ id: queued.id, stale: true });
    queued = message;
    if (!running) drain();
  }
};
