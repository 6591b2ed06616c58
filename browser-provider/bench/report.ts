/** The bench's table: one row per provider and job mix, the flattering mix right below the realistic one. */
import type { PhaseResult } from "./phase.js";

/** The bench prints for people, on stdout (its progress goes to stderr). */
export const out = (text: string) => process.stdout.write(`${text}\n`);

export interface SideReport {
  phases: PhaseResult[];
  measuredFuelPerSecond: number;
  /** Each executed job's run time (ms) as the provider recorded it. */
  execMs: Map<bigint, number>;
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const perMin = (n: number, seconds: number) => ((n / seconds) * 60).toFixed(1);
const sec = (ms: number) => (Number.isNaN(ms) ? "–" : (ms / 1000).toFixed(1));
const mfuel = (fuelPerSecond: number) =>
  Number.isFinite(fuelPerSecond) ? `${(fuelPerSecond / 1e6).toFixed(0)} M` : "–";
const mib = (s: { mean: number; peak: number }) => (s.peak === 0 ? "–" : `${s.mean.toFixed(0)} / ${s.peak.toFixed(0)}`);

/**
 * The fuel per second a provider achieved on a window's jobs: their fuel (as revealed) over the time it spent running
 * them (its own record), so the chain's and the protocol's waits between jobs do not count, the module's compilation
 * and the sandbox's start do.
 */
function achievedFuelPerSecond(p: PhaseResult, execMs: Map<bigint, number>): number {
  const timed = p.revealed.filter((r) => execMs.has(r.jobId));
  const fuel = timed.reduce((a, r) => a + Number(r.fuelUsed), 0);
  const ms = timed.reduce((a, r) => a + execMs.get(r.jobId)!, 0);
  return ms > 0 ? fuel / (ms / 1000) : NaN;
}

export function printTable(sides: SideReport[], header: string): void {
  out(`\n${header}\n`);
  out(
    "| provider | jobs | window | posted/min | claimed/min | revealed/min | settled/min | left unclaimed | audited | " +
      "posted → revealed p50 / p95 (not audited) | fuel/s achieved (busy) | fuel/s measured at start | CPU (% of a core) | " +
      "JS / V8 heap MiB mean / peak | process RSS MiB mean / peak | total RSS MiB mean / peak |",
  );
  out(
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const s of sides)
    for (const p of s.phases) {
      const cells = [
        p.side,
        p.mix,
        `${p.seconds.toFixed(0)} s`,
        perMin(p.posted, p.seconds),
        perMin(p.claimedInWindow, p.seconds),
        perMin(p.revealedInWindow, p.seconds),
        perMin(p.settledOfClaimed(), p.seconds),
        `${p.unclaimed}`,
        `${p.audited}`,
        `${sec(percentile(p.latenciesMs, 50))} / ${sec(percentile(p.latenciesMs, 95))} s`,
        mfuel(achievedFuelPerSecond(p, s.execMs)),
        mfuel(s.measuredFuelPerSecond),
        `${p.usage.cpuPct.toFixed(0)}%`,
        mib(p.usage.heap),
        mib(p.usage.process),
        mib(p.usage.total),
      ];
      out(`| ${cells.join(" | ")} |`);
    }
  const failed = sides.flatMap((s) => s.phases.flatMap((p) => p.failedPosts.map((f) => `${p.side} ${p.mix}: ${f}`)));
  if (failed.length > 0) out(`\npostings that failed (${failed.length}):\n  ${failed.slice(0, 10).join("\n  ")}`);
}
