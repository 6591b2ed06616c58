import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { describe, it } from "node:test";
import { createBundle } from "../src/bundle/index.js";
import { execute, type ExecutionResult } from "../src/executor/index.js";
import { HOSTILE_CASES, HOSTILE_LIMITS, type HostileCase } from "./helpers/hostile.js";

const RUNS = 5;

/** What replicas must agree on, plus the verdict. */
const verdict = (r: ExecutionResult) =>
  JSON.stringify({
    kind: r.kind,
    code: r.error?.code,
    exitCode: r.error?.exitCode,
    outputHash: r.outputHash,
    fuelUsed: r.fuelUsed.toString(),
  });

async function runCase(c: HostileCase, module: Uint8Array): Promise<ExecutionResult> {
  const bundle = createBundle({ module, input: c.input, limits: { ...HOSTILE_LIMITS, ...c.limits } });
  return execute(bundle, { module, input: c.input });
}

/** A process that keeps one core busy until killed, so the runs below compete for CPU. */
function busyLoop(): ChildProcess {
  return spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
}

describe("hostile corpus", { timeout: 300_000 }, () => {
  it(`gives every case its verdict, with the same bytes and fuel on ${RUNS} runs, two at a time, idle and under CPU load`, async () => {
    const modules = await Promise.all(HOSTILE_CASES.map((c) => c.module()));
    const results = new Map<string, string[]>(HOSTILE_CASES.map((c) => [c.name, []]));
    // Runs 1-2 on an idle machine, 3-5 with a busy process; always two jobs in parallel.
    for (let round = 0; round < RUNS; round++) {
      const busy = round >= 2 ? busyLoop() : undefined;
      try {
        for (let i = 0; i < HOSTILE_CASES.length; i += 2) {
          const pair = HOSTILE_CASES.slice(i, i + 2);
          const outcomes = await Promise.all(pair.map((c, k) => runCase(c, modules[i + k]!)));
          pair.forEach((c, k) => {
            const r = outcomes[k]!;
            if (round === 0) checkExpectation(c, r);
            results.get(c.name)!.push(verdict(r));
          });
        }
      } finally {
        busy?.kill();
      }
    }
    for (const [name, verdicts] of results) {
      assert.equal(new Set(verdicts).size, 1, `${name}: ${verdicts.join(" / ")}`);
    }
  });
});

function checkExpectation(c: HostileCase, r: ExecutionResult): void {
  const e = c.expect;
  assert.equal(r.kind, e.kind, `${c.name}: ${r.error?.code ?? "output"} ${r.error?.message ?? ""}`);
  if (e.kind === "output") {
    if (e.output) assert.deepEqual(Buffer.from(r.output), Buffer.from(e.output), c.name);
    return;
  }
  assert.equal(r.error?.code, e.code, `${c.name}: ${r.error?.message}`);
  assert.equal(r.error?.exitCode, e.exitCode, c.name);
  if (e.code === "OUT_OF_FUEL") assert.equal(r.fuelUsed, BigInt(c.limits?.fuel ?? HOSTILE_LIMITS.fuel), c.name);
  if (e.code === "INVALID_MODULE") assert.equal(r.fuelUsed, 0n, c.name);
}
