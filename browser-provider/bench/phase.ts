/**
 * One measured window: a provider alone on the market, a stream of jobs posted at a fixed rate for a fixed time, then
 * a quiet gap until every job of the window can no longer be claimed, so the next window starts on an empty market
 * (a job left over would be claimed in the next window and count there, with the other mix's fuel).
 */
import type { JobStream, PreparedJob } from "./job-stream.js";
import type { MarketWatch } from "./market-watch.js";
import type { ProviderSide } from "./providers.js";
import { sampleUsage, type Usage } from "./usage-sampler.js";

export interface PhaseResult {
  side: ProviderSide["name"];
  mix: string;
  seconds: number;
  posted: number;
  failedPosts: string[];
  /** Claimed, revealed by this provider within the window. */
  claimedInWindow: number;
  revealedInWindow: number;
  /** Jobs claimed within the window that went on to settle (read after the side's drain). */
  settledOfClaimed: () => number;
  /** Jobs of the window this provider claimed that the market drew for an audit (they reveal on the court's clock). */
  audited: number;
  /** Jobs of the window nobody claimed before their claim deadline: the stream outran the provider. */
  unclaimed: number;
  /** Posted → revealed (ms, wall clock) of the window's jobs this provider revealed, the gap included, not audited. */
  latenciesMs: number[];
  /** The jobs of the window the provider revealed: their fuel (from the reveals) for the achieved fuel rate. */
  revealed: { jobId: bigint; fuelUsed: bigint }[];
  usage: Usage;
}

/** Longest the gap after a window waits for its jobs to expire and the provider's to be revealed. */
const GAP_TIMEOUT_MS = 180_000;

export async function runPhase(
  side: ProviderSide,
  stream: JobStream,
  watch: MarketWatch,
  o: { mix: string; jobs: PreparedJob[]; perMinute: number; seconds: number },
): Promise<PhaseResult> {
  const usage = sampleUsage(side);
  const t0 = Date.now();
  const { posted, failed } = await stream.post(o.jobs, o.perMinute, o.seconds);
  const t1 = Date.now();
  const used = await usage.stop();
  const mine = (id: bigint) => watch.jobs.get(id)?.claimedBy === side.address;
  // The gap: every job past its claim deadline (chain time), every one this provider claimed revealed, but for the
  // audited ones (their reveals wait for the court's auditor, minutes on the test parameters).
  const lastDeadline = Math.max(0, ...posted.map((p) => p.claimDeadline));
  const done = (id: bigint) => !mine(id) || watch.job(id).revealedAtMs !== undefined || watch.job(id).audited === true;
  await watch.until(() => watch.chainTime > lastDeadline && posted.every((p) => done(p.jobId)), GAP_TIMEOUT_MS);
  const inWindow = (ms: number | undefined) => ms !== undefined && ms >= t0 && ms <= t1;
  const events = [...watch.jobs.entries()].filter(([id]) => mine(id));
  const claimedInWindow = events.filter(([, e]) => inWindow(e.claimedAtMs)).map(([id]) => id);
  const revealed = posted.filter((p) => mine(p.jobId) && watch.job(p.jobId).revealedAtMs !== undefined);
  // Latency leaves the audited jobs out: theirs is the court's auditor's, not the provider's.
  const timed = revealed.filter((p) => watch.job(p.jobId).audited !== true);
  return {
    side: side.name,
    mix: o.mix,
    seconds: (t1 - t0) / 1000,
    posted: posted.length,
    failedPosts: failed,
    claimedInWindow: claimedInWindow.length,
    revealedInWindow: events.filter(([, e]) => inWindow(e.revealedAtMs)).length,
    settledOfClaimed: () => claimedInWindow.filter((id) => watch.job(id).settledAtMs !== undefined).length,
    audited: posted.filter((p) => mine(p.jobId) && watch.job(p.jobId).audited === true).length,
    unclaimed: posted.filter((p) => watch.job(p.jobId).claimedBy === undefined).length,
    latenciesMs: timed.map((p) => watch.job(p.jobId).revealedAtMs! - p.postedAtMs),
    revealed: revealed.map((p) => ({ jobId: p.jobId, fuelUsed: watch.job(p.jobId).fuelUsed! })),
    usage: used,
  };
}
