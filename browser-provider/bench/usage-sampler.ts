/**
 * Samples a provider's memory every second and its CPU over a window. Every second, not every five as bench:market
 * does: the bench's jobs run for a fraction of a second each, and the memory of the processes (or Web Workers) running
 * them comes and goes with them.
 */
import { TICKS_PER_SECOND } from "@hashwork/harness/proc-usage";
import type { MemorySample, ProviderSide } from "./providers.js";

const SAMPLE_MS = 1_000;

export interface Usage {
  /** Percent of one core over the window. */
  cpuPct: number;
  /** Mean and peak (MiB) of each memory figure over the window's samples. */
  heap: { mean: number; peak: number };
  process: { mean: number; peak: number };
  total: { mean: number; peak: number };
}

const stats = (xs: number[]) => ({
  mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length),
  peak: Math.max(0, ...xs),
});

/** Starts sampling `side`; `stop()` resolves with what the window used. */
export function sampleUsage(side: ProviderSide): { stop(): Promise<Usage> } {
  const samples: MemorySample[] = [];
  const ticks0 = side.cpuTicks();
  const t0 = Date.now();
  let taking = Promise.resolve();
  const timer = setInterval(() => {
    taking = taking.then(async () => void samples.push(await side.memory())).catch(() => undefined);
  }, SAMPLE_MS);
  return {
    async stop() {
      clearInterval(timer);
      await taking;
      const seconds = (Date.now() - t0) / 1000;
      return {
        cpuPct: ((side.cpuTicks() - ticks0) / TICKS_PER_SECOND / seconds) * 100,
        heap: stats(samples.flatMap((s) => (s.heap === undefined ? [] : [s.heap]))),
        process: stats(samples.map((s) => s.process)),
        total: stats(samples.map((s) => s.total)),
      };
    },
  };
}
