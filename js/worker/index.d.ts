import type { StrengthOptions, StrengthReport } from '../web/account_rules.js';

export interface StrengthWorkerOptions {
  /** Where to load the worker module from; defaults to the copy shipped next to this file. */
  workerUrl?: string | URL;
}

export interface StrengthWorker {
  /** Resolves once the worker has loaded the wasm module and built its dictionaries. */
  prepare(): Promise<void>;
  /**
   * Estimates in the worker. Resolves to the report, or to `null` when a newer call
   * superseded this one (latest input wins). Rejects with an `AccountRulesError` on misuse.
   */
  estimate(password: string, options?: StrengthOptions): Promise<StrengthReport | null>;
  /** Stops the worker; pending calls reject with code `worker.terminated`. */
  terminate(): void;
}

/** Starts a Web Worker that runs `estimateStrength` off the main thread. */
export function createStrengthWorker(options?: StrengthWorkerOptions): StrengthWorker;
