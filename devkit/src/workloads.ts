/**
 * The sample jobs the workload generator posts: the SDK's sample WASI workloads (`sdk/src/workloads`), each job
 * with a fresh input so jobs differ.
 */
import { randomBytes } from "node:crypto";
import { listExamples, type BundleLimits } from "@hashwork/sdk";

/** What the generator needs of a sample workload. */
export interface Workload {
  name: string;
  module(): Promise<Uint8Array>;
  /** A fresh input per job. */
  input(): Uint8Array;
  args: string[];
  limits: BundleLimits;
}

/** The workloads to post, optionally only those named in `only`. */
export function loadWorkloads(only: string[] = []): { source: string; workloads: Workload[] } {
  let workloads: Workload[] = listExamples().map((e) => ({
    name: e.name,
    module: memo(() => e.module()),
    input: () => e.randomInput(randomBytes(4).readUInt32BE()),
    args: [...e.args],
    limits: e.limits,
  }));
  if (only.length > 0) {
    const unknown = only.filter((n) => !workloads.some((w) => w.name === n));
    if (unknown.length > 0)
      throw new Error(`unknown workload(s) ${unknown.join(", ")}; known: ${workloads.map((w) => w.name).join(", ")}`);
    workloads = workloads.filter((w) => only.includes(w.name));
  }
  return { source: "sdk/src/workloads", workloads };
}

function memo<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}
