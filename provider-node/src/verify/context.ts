import type { OutputFiles } from "../content/outputs.js";
import type { VerificationPatch, VerificationRecord, VerificationStore } from "../db/verifications.js";
import type { JobContext, StepResult } from "../jobs/context.js";
import type { DisputeCourt } from "../sdk.js";
import type { VerifyState } from "./state.js";

/** The job context plus what verifier steps need: the court, their store, and their own output directory. */
export interface VerifyContext extends JobContext {
  court: DisputeCourt;
  verifications: VerificationStore;
  /** Verifier outputs, apart from job outputs. */
  verifyOutputs: OutputFiles;
  /** Cached `parameters().wideningPeriod` of the court, seconds. */
  courtWideningPeriod: () => Promise<bigint>;
}

export type { StepResult };

/** Moves the verification and logs the transition; false if another path already moved it. */
export function moveVerification(
  ctx: VerifyContext,
  v: VerificationRecord,
  to: VerifyState,
  patch: VerificationPatch = {},
): boolean {
  const moved = ctx.verifications.transition(v.jobId, v.state, to, patch);
  if (moved) {
    ctx.common.metrics.verifierTransitions.inc({ to });
    const reason = patch.reason ?? undefined;
    const log = { jobId: v.jobId.toString(), role: "verifier", from: v.state, to, ...(reason ? { reason } : {}) };
    if (to === "failed") ctx.common.logger.warn(log, "verification failed");
    else ctx.common.logger.info(log, "verification state changed");
  }
  return moved;
}
