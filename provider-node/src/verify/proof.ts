import type { NodeContext } from "../context.js";
import type { VerificationRecord } from "../db/verifications.js";
import { executionProof } from "../sdk.js";

/**
 * Our proof of execution for the record's round: `executionProof(seedFor(openedBlock), stateDigest)` — the round's seed
 * (fixed when the first seat was drawn, so the same on every call and after a restart) and the digest of the final
 * state our execution left, which no replica publishes.
 */
export async function proofOf(ctx: NodeContext, v: VerificationRecord): Promise<string> {
  const seed = await ctx.contracts.randomness.seedFor(v.openedBlock);
  return executionProof(seed, v.stateDigest as string);
}
