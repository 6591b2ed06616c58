import type { NodeContext, StepResult } from "../../context.js";
import { done } from "../../context.js";
import type { VerificationRecord } from "../../db/verifications.js";
import { isVerifyTerminal } from "../state.js";
import { stepVerifyClaimed } from "./claimed.js";
import { stepVerifyCommitted } from "./committed.js";
import { stepVerifyExecuted } from "./executed.js";
import { stepVerifyRevealed } from "./revealed.js";
import { stepVerifySeen } from "./seen.js";

/** Whether the runner still has work for this verifier record. */
export function verificationNeedsWork(v: VerificationRecord): boolean {
  return !isVerifyTerminal(v.state);
}

/** Runs the step of the verifier record's current state. */
export function verifyStep(ctx: NodeContext, v: VerificationRecord): Promise<StepResult> {
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
