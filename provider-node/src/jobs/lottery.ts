import type { JobRecord } from "../db/jobs.js";
import { decodeRevert, revertData } from "../tx/decode.js";
import { firstWinningElapsed } from "../sdk.js";
import type { JobContext } from "./context.js";

/** Result of the off-chain draw: the earliest unix second we win, never, or "seed not mined yet". */
export type Draw = { at: number } | { never: true } | { notReady: true };

/**
 * Runs the assignment lottery off-chain exactly as `Lottery.wins` does (SDK `lotteryWins`): the seed of the
 * job's posting block, our stake and the total stake as of that block, and the widening share; a binary
 * search finds the first second at which we win.
 */
export async function drawClaimTime(ctx: JobContext, job: JobRecord, postedAt: number): Promise<Draw> {
  const { randomness, registry } = ctx.contracts;
  let seed: string;
  try {
    seed = await randomness.seedFor(job.postedBlock);
  } catch (error) {
    if (decodeRevert(revertData(error))?.name === "RandomnessSeedNotReady") return { notReady: true };
    throw error;
  }
  const [stake, totalStake, wideningPeriod] = await Promise.all([
    registry.stakeAt(ctx.me, job.postedBlock),
    registry.totalStakeAt(job.postedBlock),
    ctx.wideningPeriod(),
  ]);
  const first = firstWinningElapsed(
    { seed, jobId: job.jobId, provider: ctx.me, stake, totalStake, replicas: BigInt(job.replicas), wideningPeriod },
    BigInt(Math.max(0, job.claimDeadline - postedAt)),
  );
  return first === undefined ? { never: true } : { at: postedAt + Number(first) };
}
