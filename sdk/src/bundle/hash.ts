import { keccak256 } from "ethers";
import { canonicalBundleBytes } from "./canonical.js";
import type { Hex, JobBundle } from "./types.js";

/** keccak256 of the canonical bundle bytes: the `bundleHash` posted on-chain with the job. */
export function bundleHash(bundle: JobBundle): Hex {
  return keccak256(canonicalBundleBytes(bundle)) as Hex;
}
