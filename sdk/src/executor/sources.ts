import { keccak256 } from "ethers";
import type { ContentRef, JobBundle } from "../bundle/types.js";
import type { ContentStore } from "../content/store.js";
import { InputHashMismatchError, ModuleHashMismatchError } from "../errors/index.js";

/** Where the executor gets the module and input bytes: a content store, or bytes the caller already has. */
export type ExecuteSource = { store: ContentStore } | { module: Uint8Array; input?: Uint8Array | null };

const EMPTY = new Uint8Array(0);
const EMPTY_HASH = keccak256(EMPTY);

/**
 * Loads the bundle's module and input and checks both against the bundle's keccak256 hashes, whatever
 * the source: a store has already checked the CID, but the hash is what the requester committed to.
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

  const moduleHash = keccak256(module);
  if (moduleHash !== bundle.module.hash || module.length !== bundle.module.size) {
    throw new ModuleHashMismatchError(bundle.module.hash, moduleHash);
  }
  const expectedInput = bundle.input?.hash ?? EMPTY_HASH;
  const inputHash = keccak256(input);
  if (inputHash !== expectedInput) throw new InputHashMismatchError(expectedInput, inputHash);
  return { module, input };
}
