import { keccak256 } from "ethers";
import type { ContentStore } from "../content/store.js";
import { BundleValidationError, ContentMismatchError } from "../errors/index.js";
import { BUNDLE_BYTES_MAX } from "./limits.js";
import { parseBundle } from "./parse.js";
import type { JobBundle } from "./types.js";

/** The CID in an `ipfs://<cid>`, `/ipfs/<cid>` or bare CIDv1 URI (a bundle's or a result's); undefined for others. */
export function cidOfUri(uri: string): string | undefined {
  return /^(?:ipfs:\/\/|\/ipfs\/)?(b[a-z2-7]{20,})\/?$/.exec(uri.trim())?.[1];
}

/**
 * Fetches a job's bundle, checks it against the on-chain bundle hash and parses it (canonical JSON only): what a
 * provider does before running a job and a requester before re-running one.
 */
export async function fetchBundle(
  store: ContentStore,
  bundleUri: string,
  bundleHash: string,
  signal?: AbortSignal,
): Promise<JobBundle> {
  const cid = cidOfUri(bundleUri);
  if (!cid)
    throw new BundleValidationError([
      { path: "bundleURI", message: `expected ipfs://<CIDv1>, got "${bundleUri.slice(0, 80)}"` },
    ]);
  const bytes = await store.get(cid, { maxBytes: BUNDLE_BYTES_MAX, signal });
  const actual = keccak256(bytes);
  if (actual.toLowerCase() !== bundleHash.toLowerCase()) {
    throw new ContentMismatchError(bundleHash, actual, { details: "bundle bytes do not hash to the job's bundleHash" });
  }
  return parseBundle(bytes);
}
