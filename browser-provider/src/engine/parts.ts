import type { OutputStore } from "@hashwork/provider-node/content/output-store";
import { outcomeOf } from "@hashwork/provider-node/exec/outcome";
import type { runJob } from "@hashwork/provider-node/exec/run";
import type { Metrics } from "@hashwork/provider-node/metrics";
import { executeInBrowser } from "@hashwork/sdk/executor/browser";
import type { IdbBytes } from "./idb.js";

/** Job outputs in IndexedDB, saved (transaction committed) before `write` resolves: what a reveal reads back. */
export class IdbOutputs implements OutputStore {
  constructor(
    private readonly disk: IdbBytes,
    private readonly prefix: string,
  ) {}

  async write(jobId: bigint, bytes: Uint8Array): Promise<string> {
    const key = `${this.prefix}/${jobId}.out`;
    await this.disk.put(key, bytes);
    return key;
  }

  async read(path: string): Promise<Uint8Array> {
    const bytes = await this.disk.get(path);
    if (bytes === undefined) throw new Error(`output ${path} is not in this tab's storage`);
    return bytes;
  }

  /** Removes an output the engine's sweeper found past its retention (one already gone frees 0). */
  delete(path: string): Promise<number> {
    return this.disk.delete(path);
  }
}

// A fresh module worker per job, as the node starts a fresh worker thread: no state survives between jobs.
export const startWorker = () => new Worker(new URL("../sandbox-worker.ts", import.meta.url), { type: "module" });

/**
 * The node's `runJob` (exec/run.ts) with the sandbox in a Web Worker (`executeInBrowser`): the same bundle checks,
 * executor and verdicts, and the node's classification of the result (`outcomeOf`).
 */
export const runJobInBrowser: typeof runJob = (bundle, module, input, signal, deadlineMs) =>
  outcomeOf(executeInBrowser(bundle, { module, input }, { signal, deadlineMs, startWorker }));

/**
 * Metrics that record nothing: a tab has no Prometheus scrape (the page reads the engine's records instead). Every
 * metric, label set and timer of the node's `Metrics` is accepted and ignored.
 */
export function noMetrics(): Metrics {
  // Not thenable: nothing awaits a metric by mistake.
  const ignore: object = new Proxy(() => ignore, {
    get: (_, key) => (key === "then" ? undefined : ignore),
    apply: () => ignore,
  });
  return ignore as Metrics;
}
