import { keccak256 } from "ethers";
import {
  BUNDLE_BYTES_MAX,
  BundleValidationError,
  ContentMismatchError,
  parseBundle,
  type ContentStore,
  type JobBundle,
} from "../sdk.js";

/** The CID in a bundle URI: `ipfs://<cid>`, `/ipfs/<cid>` or a bare CID. */
export function cidOfUri(uri: string): string {
  const match = /^(?:ipfs:\/\/|\/ipfs\/)?(b[a-z2-7]{20,})\/?$/.exec(uri.trim());
  if (!match)
    throw new BundleValidationError([
      { path: "bundleURI", message: `expected ipfs://<CIDv1>, got "${uri.slice(0, 80)}"` },
    ]);
  return match[1] as string;
}

/** Fetches a job's bundle, checks it against the on-chain bundle hash and parses it (canonical JSON only). */
export async function fetchBundle(
  store: ContentStore,
  bundleUri: string,
  bundleHash: string,
  signal?: AbortSignal,
): Promise<JobBundle> {
  const cid = cidOfUri(bundleUri);
  const bytes = await store.get(cid, { maxBytes: BUNDLE_BYTES_MAX, signal });
  const actual = keccak256(bytes);
  if (actual.toLowerCase() !== bundleHash.toLowerCase()) {
    throw new ContentMismatchError(bundleHash, actual, { details: "bundle bytes do not hash to the job's bundleHash" });
  }
  return parseBundle(bytes);
}
