import type { NodeContext, StepResult } from "../context.js";
import { done } from "../context.js";
import type { VerificationPatch, VerificationRecord } from "../db/verifications.js";
import type { VerifyState } from "./state.js";

/** Moves the verifier record and logs the transition; false if another path already moved it. */
export function moveVerification(
  ctx: NodeContext,
  v: VerificationRecord,
  to: VerifyState,
  patch: VerificationPatch = {},
): boolean {
  const moved = ctx.verifications.transition(v, v.state, to, patch);
  if (moved) {
    ctx.common.metrics.verifierTransitions.inc({ to });
    const reason = patch.reason ?? undefined;
    const role = v.round === 0 ? "auditor" : "panel";
    const log = { jobId: v.jobId.toString(), round: v.round, role, from: v.state, to, ...(reason ? { reason } : {}) };
    if (to === "failed") ctx.common.logger.warn(log, "verification failed");
    else ctx.common.logger.info(log, "verification state changed");
  }
  return moved;
}

export function skipVerification(ctx: NodeContext, v: VerificationRecord, reason: string): StepResult {
  moveVerification(ctx, v, "skipped", { reason });
  return done;
}

export function failVerification(ctx: NodeContext, v: VerificationRecord, reason: string): StepResult {
  moveVerification(ctx, v, "failed", { reason });
  return done;
}

export function resolvedVerification(ctx: NodeContext, v: VerificationRecord, reason: string | null): StepResult {
  moveVerification(ctx, v, "resolved", { reason });
  return done;
}

/** "auditor" for round 0, "panel" otherwise: the label of logs and metrics. */
export function roleOf(v: { round: number }): "auditor" | "panel" {
  return v.round === 0 ? "auditor" : "panel";
}
