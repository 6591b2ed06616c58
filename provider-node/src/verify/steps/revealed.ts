import type { VerificationRecord } from "../../db/verifications.js";
import { wait } from "../../jobs/context.js";
import { moveVerification, type StepResult, type VerifyContext } from "../context.js";
import { resolveInTurn } from "../resolve.js";

const TURN_PER_SLOT_MS = 1_500; // verifiers take turns, so usually one resolve transaction is sent

/** revealed → resolved: resolves the dispute in our slot's turn once it is resolvable, or records that it was. */
export async function stepVerifyRevealed(ctx: VerifyContext, v: VerificationRecord): Promise<StepResult> {
  const r = await resolveInTurn(ctx, ctx.court, v.jobId, (v.slot ?? 0) * TURN_PER_SLOT_MS);
  if (r.kind === "wait") return wait(r.ms);
  moveVerification(ctx, v, "resolved", { reason: null });
  return { kind: "done" };
}
