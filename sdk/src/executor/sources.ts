import type { ContentRef, JobBundle } from "../bundle/types.js";
import type { ContentStore } from "../content/store.js";
import { InputHashMismatchError, ModuleHashMismatchError } from "../errors/index.js";

/** Where the executor gets the module and input bytes: a content store, or bytes the caller already has. */
export type ExecuteSource = { store: ContentStore } | { module: Uint8Array; input?: Uint8Array | null };

const EMPTY = new Uint8Array(0);

/**
 * Loads the bundle's module and input and checks their sizes. Their keccak256 hashes — what the
 * requester committed to, whatever the source — are checked in the worker: hashing a 64 MiB module takes
 * seconds, which must not stall this thread.
 */
export async function loadJobBytes(
  bundle: JobBundle,
  source: ExecuteSource,
  signal?: AbortSignal,
): Promise<{ module: Uint8Array; input: Uint8Array }> {
  let module: Uint8Array;
  let input: Uint8Array;
  if ("store" in source) {
    const fetch = (ref: ContentRef) => source.store.get(ref.cid, { maxBytes: ref.size, signal });
    [module, input] = await Promise.all([fetch(bundle.module), bundle.input ? fetch(bundle.input) : EMPTY]);
  } else {
    module = source.module;
    input = source.input ?? EMPTY;
  }
  if (module.length !== bundle.module.size) {
    throw new ModuleHashMismatchError(bundle.module.hash, `bytes of another size (${module.length})`);
  }
  const expectedInput = bundle.input?.size ?? 0;
  if (input.length !== expectedInput) {
    throw new InputHashMismatchError(bundle.input?.hash ?? "no input", `bytes of another size (${input.length})`);
  }
  return { module, input };
}
