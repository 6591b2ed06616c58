import { keccak256 } from "ethers";
import { computeCid } from "../cid/cid.js";
import { BUNDLE_VERSION, type BundleLimits, type ContentRef, type Hex, type JobBundle } from "./types.js";
import { validateBundle } from "./validate.js";

/** CID, keccak256 and size of `bytes`, as a bundle names them. */
export function contentRef(bytes: Uint8Array): ContentRef {
  return { cid: computeCid(bytes), hash: keccak256(bytes) as Hex, size: bytes.length };
}

/** Arguments of {@link createBundle}: the module and input bytes, arguments, environment and limits. */
export interface CreateBundleParameters {
  module: Uint8Array;
  /** stdin bytes; omitted or null for an empty stdin. */
  input?: Uint8Array | null;
  args?: string[];
  env?: Record<string, string>;
  limits: BundleLimits;
}

/** Builds a validated bundle from the module and input bytes (the requester's side of the format). */
export function createBundle(parameters: CreateBundleParameters): JobBundle {
  return validateBundle({
    version: BUNDLE_VERSION,
    runtime: "wasi-preview1",
    module: contentRef(parameters.module),
    input: parameters.input ? contentRef(parameters.input) : null,
    args: parameters.args ?? [],
    env: parameters.env ?? {},
    limits: parameters.limits,
  });
}
