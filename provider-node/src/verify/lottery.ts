import type { VerificationRecord } from "../db/verifications.js";
import { firstWinningElapsed } from "../sdk.js";
import { decodeRevert, revertData } from "../tx/decode.js";
import type { VerifyContext } from "./context.js";

/** What the verifier draw needs from the chain; none of it depends on time, so it is read once per dispute. */
export interface VerifierLotteryInputs {
  seed: string;
  stake: bigint;
  totalStake: bigint;
  wideningPeriod: bigint;
}

/**
 * The seed after the dispute block (asked of the pending block, where the claim executes) and our stake and
 * the total stake as of the dispute block, in one round trip. Undefined while the seed block is not mined.
 */
export async function verifierLotteryInputs(
  ctx: VerifyContext,
  v: VerificationRecord,
): Promise<VerifierLotteryInputs | undefined> {
  const { randomness, registry } = ctx.contracts;
  const [seed, stake, totalStake, wideningPeriod] = await Promise.all([
    randomness.seedFor(v.openedBlock, { blockTag: "pending" }).catch((error: unknown) => {
      if (decodeRevert(revertData(error))?.name === "RandomnessSeedNotReady") return undefined;
      throw error;
    }),
    registry.stakeAt(ctx.me, v.openedBlock),
    registry.totalStakeAt(v.openedBlock),
    ctx.courtWideningPeriod(),
  ]);
  return seed === undefined ? undefined : { seed, stake, totalStake, wideningPeriod };
}

/**
 * The earliest unix second at which we win the verifier lottery (the market's `Lottery.wins` with the
 * verifier count as slots), or undefined if never before the draw deadline. No per-block `isDrawn` polling.
 */
export function verifierClaimTime(
  ctx: VerifyContext,
  v: VerificationRecord,
  openedAt: number,
  x: VerifierLotteryInputs,
): number | undefined {
  const first = firstWinningElapsed(
    { ...x, jobId: v.jobId, provider: ctx.me, replicas: BigInt(v.verifiers) },
    BigInt(Math.max(0, v.drawDeadline - openedAt)),
  );
  return first === undefined ? undefined : openedAt + Number(first);
}
