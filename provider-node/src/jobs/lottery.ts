import type { JobRecord } from "../db/jobs.js";
import { decodeRevert, revertData } from "../tx/decode.js";
import { firstWinningElapsed } from "../sdk.js";
import type { JobContext } from "./context.js";

/** What the draw needs from the chain; none of it depends on time, so it is read once per job. */
export interface LotteryInputs {
  seed: string;
  stake: bigint;
  totalStake: bigint;
  wideningPeriod: bigint;
}

/**
 * Reads the lottery inputs in one round trip: the seed of the job's posting block (asked of the pending
 * block, where the claim will execute, so it is available one block earlier than on `latest`), and our
 * stake and the total stake as of the posting block. Undefined while the seed block is not mined.
 */
export async function lotteryInputs(ctx: JobContext, job: JobRecord): Promise<LotteryInputs | undefined> {
  const { randomness, registry } = ctx.contracts;
  const [seed, stake, totalStake, wideningPeriod] = await Promise.all([
    randomness.seedFor(job.postedBlock, { blockTag: "pending" }).catch((error: unknown) => {
      if (decodeRevert(revertData(error))?.name === "RandomnessSeedNotReady") return undefined;
      throw error;
    }),
    registry.stakeAt(ctx.me, job.postedBlock),
    registry.totalStakeAt(job.postedBlock),
    ctx.wideningPeriod(),
  ]);
  return seed === undefined ? undefined : { seed, stake, totalStake, wideningPeriod };
}

/**
 * The earliest unix second at which we win the assignment lottery, computed off-chain exactly as
 * `Lottery.wins` does (SDK `firstWinningElapsed` over `lotteryWins`), or undefined if never before the
 * claim deadline.
 */
export function claimTime(ctx: JobContext, job: JobRecord, postedAt: number, x: LotteryInputs): number | undefined {
  const first = firstWinningElapsed(
    { ...x, jobId: job.jobId, provider: ctx.me, replicas: BigInt(job.replicas) },
    BigInt(Math.max(0, job.claimDeadline - postedAt)),
  );
  return first === undefined ? undefined : postedAt + Number(first);
}
