/** A 0x-prefixed lowercase hex string. */
export type Hex = `0x${string}`;

/** Content named both by its IPFS CID (to fetch it) and keccak256 (to check it on-chain-style). */
export interface ContentRef {
  /** CIDv1 (base32) as `ipfs add --cid-version=1 --raw-leaves` prints it. */
  cid: string;
  /** keccak256 of the bytes. */
  hash: Hex;
  /** Length in bytes. */
  size: number;
}

/** A bundle's resource limits: what one run of the module may use. */
export interface BundleLimits {
  /** Upper bound of the module's linear memory; the module must declare a maximum at or below it. */
  memoryMiB: number;
  /**
   * The most fuel one run may use (1..2^53-1): the deterministic measure of work that replaces a
   * wall-clock limit (sdk/src/executor/README.md has the schedule). Running out is the result OUT_OF_FUEL.
   */
  fuel: number;
  /** Largest stdout accepted; the run fails as soon as it is exceeded. */
  maxOutputBytes: number;
  /**
   * The call stack one run may use, in KiB of frames as the sandbox counts them (16..32768; omitted: 128, see
   * STACK_KIB_DEFAULT). Every replica stops the run with STACK_OVERFLOW at the same call, whatever its machine; a
   * provider whose engine stack cannot hold the budget (a browser tab above its measured stack) never claims the job.
   */
  stackKiB?: number;
}

/** The bundle format `createBundle` writes and `validateBundle` accepts. */
export const BUNDLE_VERSION = 2;

/** A job bundle (format version 2): what to run, on what input, within which limits. */
export interface JobBundle {
  version: 2;
  runtime: "wasi-preview1";
  module: ContentRef;
  /** stdin of the program; null for an empty stdin. */
  input: ContentRef | null;
  /** Arguments after argv[0] (which is always "job"). */
  args: string[];
  env: Record<string, string>;
  limits: BundleLimits;
}
