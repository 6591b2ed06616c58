import type { VerificationRecord } from "../db/verifications.js";
import type { VerifyContext } from "./context.js";

/**
 * Puts our verifier output into the content store so the revealed URI resolves (the job path's publish, for
 * verifier rows). Best effort: a failure is logged and retried by later steps.
 */
export async function publishVerifierOutput(ctx: VerifyContext, v: VerificationRecord): Promise<void> {
  if (v.outputStored || v.outputPath === null || v.resultKind === "input-unavailable") return;
  try {
    const bytes = await ctx.verifyOutputs.read(v.outputPath);
    await ctx.store.put(bytes, { signal: ctx.common.shutdown.signal });
    ctx.verifications.patch(v.jobId, { outputStored: true });
  } catch (error) {
    ctx.common.logger.warn(
      { jobId: v.jobId.toString(), role: "verifier", err: (error as Error).message.slice(0, 200) },
      "storing the verifier output failed; will retry",
    );
  }
}
