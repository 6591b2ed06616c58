import type { OutputStore } from "../content/output-store.js";
import type { NodeContext } from "../context.js";
import type { AnswerColumns } from "../db/jobs.js";

/**
 * Puts an output (a replica's or a verifier's) into the content store so its revealed URI resolves. Best effort: a
 * failure is logged and retried by later steps; the hash on-chain does not depend on the store.
 */
export async function publishOutput(
  ctx: NodeContext,
  record: { jobId: bigint } & Pick<AnswerColumns, "outputStored" | "outputPath" | "resultKind">,
  outputs: OutputStore,
  markStored: () => void,
  role: string,
): Promise<void> {
  if (record.outputStored || record.outputPath === null || record.resultKind === "input-unavailable") return;
  try {
    const bytes = await outputs.read(record.outputPath);
    await ctx.store.put(bytes, { signal: ctx.common.shutdown.signal });
    markStored();
  } catch (error) {
    ctx.common.logger.warn(
      { jobId: record.jobId.toString(), role, err: (error as Error).message.slice(0, 200) },
      "storing the output failed; will retry",
    );
  }
}
