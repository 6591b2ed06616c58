import { keccak256 } from "ethers";
import { canonicalJson } from "./canonicalJson.js";
import { cidOf, ipfsUriOf } from "./cid.js";

/** Bytes by CID: IPFS, as far as this client needs it (put and get whole files). */
export interface ContentStore {
  put(bytes: Uint8Array): string; // returns the CID
  get(cid: string): Uint8Array | undefined;
}

/** A file named in a bundle (PROTOCOL.md, "Job bundle"). */
export interface ContentRef {
  cid: string;
  hash: string; // keccak256, 0x + 64 lowercase hex digits
  size: number; // bytes
}

/** A format-2 job bundle (PROTOCOL.md, "Job bundle"). */
export interface Bundle {
  version: 2;
  runtime: "wasi-preview1";
  module: ContentRef;
  input: ContentRef | null; // stdin; null for an empty stdin
  args: string[]; // argv[1..]
  env: Record<string, string>;
  limits: { memoryMiB: number; fuel: number; maxOutputBytes: number };
}

/** A bundle as posted: its canonical bytes, `bundleHash` and `bundleURI`. */
export interface PublishedBundle {
  bundle: Bundle;
  bytes: Uint8Array;
  bundleHash: string;
  bundleURI: string;
}

const BUNDLE_BYTES_MAX = 128 * 1024; // providers refuse larger bundles

function refOf(store: ContentStore, bytes: Uint8Array): ContentRef {
  return { cid: store.put(bytes), hash: keccak256(bytes), size: bytes.length };
}

/** Stores the module, the input and the bundle's canonical bytes, and names the bundle as a job request does. */
export function publishBundle(
  store: ContentStore,
  parts: { module: Uint8Array; input: Uint8Array | null; args: string[]; env: Record<string, string> },
  limits: Bundle["limits"],
): PublishedBundle {
  const bundle: Bundle = {
    version: 2,
    runtime: "wasi-preview1",
    module: refOf(store, parts.module),
    input: parts.input === null ? null : refOf(store, parts.input),
    args: parts.args,
    env: parts.env,
    limits,
  };
  const bytes = new TextEncoder().encode(canonicalJson(bundle));
  if (bytes.length > BUNDLE_BYTES_MAX) throw new RangeError(`a bundle of ${bytes.length} bytes is too large`);
  store.put(bytes);
  return { bundle, bytes, bundleHash: keccak256(bytes), bundleURI: ipfsUriOf(bytes) };
}

/** What a provider runs: the bundle and its files, each checked against the hash that names it. */
export interface FetchedBundle {
  bundle: Bundle;
  module: Uint8Array;
  input: Uint8Array;
}

/**
 * Fetches and checks a job's bundle the way a provider must before running it: the bytes behind `bundleURI` hash to
 * the job's `bundleHash`, are the canonical serialization, and set `limits.fuel` to the job's `maxFuel`; the module and
 * input match their CIDs, hashes and sizes. Throws otherwise (PROTOCOL.md: the answer is then "input unavailable").
 */
export function fetchBundle(
  store: ContentStore,
  job: { bundleURI: string; bundleHash: string; maxFuel: bigint },
): FetchedBundle {
  const bytes = fetchByUri(store, job.bundleURI);
  if (keccak256(bytes) !== job.bundleHash.toLowerCase()) throw new Error("the bundle does not hash to bundleHash");
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  const bundle = JSON.parse(text) as Bundle;
  if (canonicalJson(bundle) !== text) throw new Error("the bundle is not canonical JSON");
  if (bundle.version !== 2 || bundle.runtime !== "wasi-preview1") throw new Error("not a format-2 bundle");
  if (BigInt(bundle.limits.fuel) !== job.maxFuel) throw new Error("limits.fuel differs from the job's maxFuel");
  return {
    bundle,
    module: fetchRef(store, bundle.module),
    input: bundle.input ? fetchRef(store, bundle.input) : new Uint8Array(0),
  };
}

function fetchByUri(store: ContentStore, uri: string): Uint8Array {
  const cid = /^ipfs:\/\/(b[a-z2-7]+)$/.exec(uri)?.[1];
  const bytes = cid === undefined ? undefined : store.get(cid);
  if (!bytes || cidOf(bytes) !== cid) throw new Error(`cannot fetch ${uri}`);
  return bytes;
}

function fetchRef(store: ContentStore, ref: ContentRef): Uint8Array {
  const bytes = fetchByUri(store, `ipfs://${ref.cid}`);
  if (keccak256(bytes) !== ref.hash || bytes.length !== ref.size) throw new Error(`${ref.cid} does not match its ref`);
  return bytes;
}
