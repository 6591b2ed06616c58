import { rename, writeFile } from "node:fs/promises";
import { keccak256 } from "ethers";
import { verifyCid } from "../../cid/index.js";
import type { ContentStore } from "../../content/index.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { toCliError } from "../map-error.js";

/** The CID inside a result URI: `ipfs://<cid>`, `/ipfs/<cid>` or a bare CIDv1. */
export function cidOfUri(uri: string): string | undefined {
  return /^(?:ipfs:\/\/|\/ipfs\/)?(b[a-z2-7]{20,})\/?$/.exec(uri.trim())?.[1];
}

export interface VerifiedOutput {
  bytes: Uint8Array;
  cid: string;
  uri: string;
}

/**
 * Downloads the output from the first URI whose bytes hash to `resultHash` (the on-chain hash) and match the
 * CID in the URI. Both checks must pass: the CID proves the store returned what the URI names, the keccak
 * proves that is what the providers agreed on. If no URI yields such bytes, the first failure is raised
 * (exit 5 for a mismatch) and nothing is returned.
 */
export async function downloadVerified(
  store: ContentStore,
  uris: readonly string[],
  resultHash: string,
  maxBytes?: number,
): Promise<VerifiedOutput> {
  if (uris.length === 0) {
    throw new CliError(ExitCode.NotFound, "NO_RESULT_URI", "No provider published a URI for the winning result.", {
      hint: "The result hash is on-chain but its bytes were never published; nothing can be downloaded.",
    });
  }
  let firstFailure: CliError | undefined;
  for (const uri of uris) {
    const cid = cidOfUri(uri);
    if (!cid) {
      firstFailure ??= new CliError(
        ExitCode.VerificationFailed,
        "BAD_RESULT_URI",
        `The result URI "${uri.slice(0, 80)}" names no IPFS CID.`,
      );
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await store.get(cid, maxBytes === undefined ? {} : { maxBytes });
    } catch (error) {
      firstFailure ??= toCliError(error);
      continue;
    }
    const actual = keccak256(bytes);
    if (!verifyCid(bytes, cid) || actual.toLowerCase() !== resultHash.toLowerCase()) {
      firstFailure ??= hashMismatch(resultHash, actual, cid);
      continue;
    }
    return { bytes, cid, uri };
  }
  throw firstFailure!;
}

export function hashMismatch(expected: string, actual: string, cid: string): CliError {
  return new CliError(
    ExitCode.VerificationFailed,
    "HASH_MISMATCH",
    "Hash mismatch on download: the output's bytes are not the result agreed on-chain.",
    {
      details: `expected keccak256 ${expected}, got ${actual} (cid ${cid})`,
      hint: "Nothing was written. The store or a provider served other bytes; try another store with --store.",
      data: { expected, actual, cid },
    },
  );
}

/** Writes `bytes` to `path` atomically (temporary file, then rename), so a reader never sees a partial file. */
export async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.partial-${process.pid}`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}
