import { keccak256 } from "ethers";
import type { NodeContext } from "../context.js";
import { BaseError, checkModule, fetchBundle, inspectModule, type JobBundle } from "../sdk.js";
import type { JobRefs } from "../work/answer.js";

/** Attempts at fetching a bundle before a slot or seat is given up. */
export const PREFETCH_ATTEMPTS = 5;

/**
 * Fetches the bundle and the module into the local cache and checks both before anything is claimed (a hostile
 * bundle is never claimed); undefined = retry later.
 */
export async function prefetch(
  ctx: NodeContext,
  refs: JobRefs,
  role: string,
): Promise<{ bundle: JobBundle } | { skip: string } | undefined> {
  try {
    const bundle = await fetchBundle(ctx.store, refs.bundleUri, refs.bundleHash, ctx.common.shutdown.signal);
    if (bundle.module.size > ctx.common.config.limits.maxModuleBytes) return { bundle }; // checkBundle reports it
    const module = await ctx.store.get(bundle.module.cid, {
      maxBytes: bundle.module.size,
      signal: ctx.common.shutdown.signal,
    });
    if (keccak256(module) !== bundle.module.hash || module.length !== bundle.module.size) {
      return { skip: "module hash mismatch: the bundle names other bytes than its CID" };
    }
    checkModule(inspectModule(module), bundle.limits.memoryMiB);
    return { bundle };
  } catch (error) {
    if (error instanceof BaseError && !error.retryable && error.code !== "CONTENT_NOT_FOUND") {
      return { skip: `bundle rejected: ${error.shortMessage}` };
    }
    ctx.common.logger.warn(
      { jobId: refs.jobId.toString(), role, err: (error as Error).message.slice(0, 200) },
      "bundle prefetch failed; retrying",
    );
    return undefined;
  }
}
