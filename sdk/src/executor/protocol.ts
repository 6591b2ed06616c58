// Messages between `execute` (main thread) and the sandbox worker. Only plain data crosses the boundary;
// the main thread turns verdicts into results or typed errors.
import type { Hex } from "../bundle/types.js";
import type { ExecutionErrorCode } from "../errors/index.js";

export interface WorkerJob {
  module: Uint8Array;
  input: Uint8Array;
  /** keccak256 the module and input must have (checked in the worker: hashing 64 MiB takes seconds). */
  moduleHash: Hex;
  inputHash: Hex;
  /** Full argv, argv[0] included. */
  args: string[];
  /** `KEY=VALUE` strings, sorted by key so every run sees the same order. */
  env: string[];
  /** 32 bytes seeding `random_get` (the bundle hash). */
  seed: Uint8Array;
  memoryMiB: number;
  /** The deterministic stack budget, in slots (`stackBudgetSlots(limits.stackKiB)`). */
  stackSlots: number;
  fuel: bigint;
  maxOutputBytes: number;
  /** false only for benchmarks: runs the module as it is, without fuel, stack budget or NaN rules. */
  metered: boolean;
}

/** A deterministic failure; the caller turns it into `errorOutput(code, exitCode)`. */
export interface WorkerFailure {
  kind: "error";
  code: ExecutionErrorCode;
  exitCode?: number;
  /** Diagnostics only (a trap's engine message, say): never part of the output. */
  message: string;
}

/** A deterministic outcome with the fuel it used: what replicas commit to. */
export interface WorkerOutcome {
  kind: "outcome";
  outcome: { kind: "output"; output: Uint8Array; outputHash: Hex } | WorkerFailure;
  fuelUsed: bigint;
  /** SHA-256 of the linear memory when the run ended: a verifier's proof of execution (see execute.ts). */
  stateDigest: Hex;
  stderr: Uint8Array;
  durationMs: number;
}

export type WorkerMessage =
  | WorkerOutcome
  | { kind: "mismatch"; which: "module" | "input"; expected: Hex; actual: Hex }
  /** The host failed the job (engine stack, memory commit): never a result. */
  | { kind: "host"; message: string; stackSlots?: number };
