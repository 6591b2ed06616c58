import type { VerificationRecord } from "../../db/verifications.js";
import { done } from "../../jobs/context.js";
import type { StepResult, VerifyContext } from "../context.js";
import { isVerifyTerminal } from "../state.js";
import { stepVerifyClaimed } from "./claimed.js";
import { stepVerifyCommitted } from "./committed.js";
import { stepVerifyExecuted } from "./executed.js";
import { stepVerifyRevealed } from "./revealed.js";
import { stepVerifySeen } from "./seen.js";

/** Whether the runner still has work for this verification. */
export function verificationNeedsWork(v: VerificationRecord): boolean {
  return !isVerifyTerminal(v.state);
}

/** Runs the step of the verification's current state. */
export function verifyStep(ctx: VerifyContext, v: VerificationRecord): Promise<StepResult> {
  switch (v.state) {
    case "seen":
      return stepVerifySeen(ctx, v);
    case "claimed":
      return stepVerifyClaimed(ctx, v);
    case "executed":
      return stepVerifyExecuted(ctx, v);
    case "committed":
      return stepVerifyCommitted(ctx, v);
    case "revealed":
      return stepVerifyRevealed(ctx, v);
    default:
      return Promise.resolve(done);
  }
}
