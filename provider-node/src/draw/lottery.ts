import type { NodeContext } from "../context.js";
import { drawTime, readDrawInputs, type Draw, type DrawInputs } from "../sdk.js";

/** The outcome of drawing for one slot or seat. */
export type DrawOutcome =
  | { kind: "at"; at: number } // we win from this unix second on
  | { kind: "never" } // not before the draw closes
  | { kind: "not-ready" }; // the seed's block is not mined yet (or the seed expired)

/**
 * What our draw needs from the chain, in one round trip: the seed (asked of the pending block, where the claim
 * executes) and the stakes as of the block before the trigger. Only the trigger block matters, so this can run in
 * parallel with the reads that tell when the draw opened. A job's replica draw names the job (`jobId`): the market
 * keeps its seed from the first claim on, after the randomness source forgot it.
 */
export function drawInputs(ctx: NodeContext, triggerBlock: number | bigint, jobId?: bigint): Promise<DrawInputs> {
  const trigger = BigInt(triggerBlock);
  const d = { triggerBlock: trigger, stakeBlock: trigger - 1n } as Draw;
  return readDrawInputs(ctx.contracts, d, ctx.me, "pending", jobId);
}

/**
 * Draws `d` for us off-chain, exactly as `Lottery.wins` will on-chain (SDK `drawTime`). Nothing here depends on time,
 * so a record draws once and waits for its second; no per-block `isDrawn` polling. The claim's simulation is the
 * cross-check.
 */
export function winningSecond(ctx: NodeContext, d: Draw, inputs: DrawInputs, jobId: bigint): DrawOutcome {
  if (inputs.seed === undefined) return { kind: "not-ready" };
  const at = drawTime(d, {
    seed: inputs.seed,
    jobId,
    account: ctx.me,
    stake: inputs.stake,
    totalStake: inputs.totalStake,
  });
  return at === undefined ? { kind: "never" } : { kind: "at", at: Number(at) };
}
