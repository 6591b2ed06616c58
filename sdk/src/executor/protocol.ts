// Messages between `execute` (main thread) and the sandbox worker. Only plain data crosses the boundary;
// the main thread turns verdicts into typed errors.

export interface WorkerJob {
  module: Uint8Array;
  input: Uint8Array;
  /** Full argv, argv[0] included. */
  args: string[];
  /** `KEY=VALUE` strings, sorted by key so every run sees the same order. */
  env: string[];
  /** 32 bytes seeding `random_get` (the bundle hash). */
  seed: Uint8Array;
  maxOutputBytes: number;
  maxStderrBytes: number;
  memory: {
    /** Set when the module imports its memory; the worker then creates it with exactly these limits. */
    import: { module: string; name: string } | null;
    minPages: number;
    maxPages: number;
  };
}

export type WorkerMessage =
  /** Compiled and instantiated; `_start` is about to run (the wall-clock limit starts now). */
  | { kind: "started" }
  | { kind: "exit"; exitCode: number; output: Uint8Array; stderr: Uint8Array }
  /** `memoryExhausted`: linear memory had grown to its declared maximum when the trap happened. */
  | { kind: "trap"; message: string; memoryExhausted: boolean; stderr: Uint8Array }
  | { kind: "output-too-large"; stderr: Uint8Array }
  | { kind: "out-of-memory"; message: string; stderr: Uint8Array }
  | { kind: "invalid-module"; message: string };
