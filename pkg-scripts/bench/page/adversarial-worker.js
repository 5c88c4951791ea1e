// Module worker that times one strength estimate away from the page, so that the page can
// terminate it when a library runs past the benchmark's time cap.
//
// Protocol: the page posts { spec, warmup }; the worker loads the library, estimates the
// warm-up passwords and posts { ready: true }. The page then posts { password }; the worker
// posts back { ms, score, evaluatedChars, truncated }.

import { loadLibrary } from './libraries.js';

let estimate;

self.onmessage = async ({ data }) => {
  try {
    if (data.spec) {
      estimate = await loadLibrary(data.spec);
      for (const password of data.warmup) estimate(password);
      self.postMessage({ ready: true });
      return;
    }
    const start = performance.now();
    const result = estimate(data.password);
    self.postMessage({ ms: performance.now() - start, ...result });
  } catch (error) {
    self.postMessage({ error: String(error?.stack ?? error) });
  }
};
