import { CID } from "multiformats/cid";
import { ContentMismatchError, InvalidCidError } from "../errors/index.js";
import { buildFileDag, DAG_PB_CODE, RAW_CODE, SHA2_256_CODE } from "./unixfs.js";

/**
 * The CID Kubo prints for `ipfs add --cid-version=1 --raw-leaves` of `bytes` with default chunking:
 * `bafkrei…` (raw) for files up to 256 KiB, `bafybei…` (dag-pb UnixFS root) above.
 */
export function computeCid(bytes: Uint8Array): string {
  return buildFileDag(bytes).cid.toString();
}

/**
 * Parses a CID this SDK can verify: CIDv1, raw or dag-pb codec, sha2-256. Other forms (CIDv0, other hashes
 * or codecs) are rejected because their bytes cannot be checked with the importer settings used here.
 */
export function parseCid(value: string): CID {
  let cid: CID;
  try {
    cid = CID.parse(value);
  } catch (cause) {
    throw new InvalidCidError(value, { cause });
  }
  if (cid.version !== 1) throw new InvalidCidError(value, { details: "only CIDv1 is supported" });
  if (cid.code !== RAW_CODE && cid.code !== DAG_PB_CODE) {
    throw new InvalidCidError(value, { details: `unsupported codec 0x${cid.code.toString(16)} (raw or dag-pb)` });
  }
  if (cid.multihash.code !== SHA2_256_CODE) {
    throw new InvalidCidError(value, { details: "only sha2-256 multihashes are supported" });
  }
  return cid;
}

/** Whether `bytes` are exactly the file `cid` names (rebuilding the DAG; no store needed). */
export function verifyCid(bytes: Uint8Array, cid: string | CID): boolean {
  const expected = typeof cid === "string" ? parseCid(cid) : cid;
  return buildFileDag(bytes).cid.equals(expected);
}

/** Like `verifyCid`, but throws `ContentMismatchError` (never retryable) on a mismatch. */
export function assertCid(bytes: Uint8Array, cid: string | CID): void {
  const expected = typeof cid === "string" ? parseCid(cid) : cid;
  const actual = buildFileDag(bytes).cid;
  // `equals` is declared as a type guard, which would narrow `expected` to never in the mismatch branch.
  const matches: boolean = actual.equals(expected);
  if (!matches) throw new ContentMismatchError(expected.toString(), actual.toString());
}
