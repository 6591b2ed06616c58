// The browser provider's first step, end to end: the page is built with Vite and served on 127.0.0.1, Debian's
// Chromium opens it headless, and every example workload and a set of hostile modules are run through the page's form
// in its Web Worker. Each verdict must be byte-identical to the node's executor (`execute`) for the same bundle:
// output hash, fuel, result word and state digest, or the same error.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { canonicalBundleBytes, createBundle } from "@hashwork/sdk/bundle";
import { execute } from "@hashwork/sdk/executor";
import { resultOf } from "@hashwork/sdk/results";
import { listExamples } from "@hashwork/sdk/workloads";
import type { BrowserContext, Page } from "playwright-core";
import { build } from "vite";
import { assemble, HOSTILE_CASES, HOSTILE_LIMITS } from "./hostile-cases.js";
import { openChromium } from "./chromium.js";
import { serveStatic } from "./serve-static.js";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const SCREENSHOT = join(PACKAGE, "screenshots", "browser-provider.png");

/** A job as both sides get it: the canonical bundle bytes, the module and the input. */
interface Job {
  name: string;
  bundle: Uint8Array;
  module: Uint8Array;
  input: Uint8Array | null;
}

/** What must be equal on both sides; `code` is the error code, or the thrown error's name when `kind` is "failed". */
interface Verdict {
  kind: string;
  code?: string;
  outputHash?: string;
  fuelUsed?: string;
  resultWord?: string;
  stateDigest?: string;
}

describe("browser provider: the SDK's executor in a tab", { timeout: 150_000 }, () => {
  let work: string;
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let runs = 0;
  const pageErrors: string[] = [];

  before(async () => {
    work = await mkdtemp(join(tmpdir(), "hashwork-browser-provider-"));
    const outDir = join(work, "dist");
    await build({ root: PACKAGE, logLevel: "error", build: { outDir, emptyOutDir: true } });
    const served = await serveStatic(outDir);
    server = served.server;
    ({ context, page } = await openChromium(join(work, "profile"), pageErrors));
    await page.goto(served.url);
  });

  after(async () => {
    await context?.close();
    server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Runs the job through the page's form and reads its row once the page appends it. */
  async function runInTab(job: Job): Promise<Verdict & { runMs: number }> {
    const file = (name: string, bytes: Uint8Array | null) =>
      bytes ? [{ name, mimeType: "application/octet-stream", buffer: Buffer.from(bytes) }] : [];
    await page.setInputFiles("#bundle", file(`${job.name}.bundle.json`, job.bundle));
    await page.setInputFiles("#module", file(`${job.name}.wasm`, job.module));
    await page.setInputFiles("#input", file(`${job.name}.input`, job.input));
    const run = ++runs;
    await page.click("#run");
    const row = page.locator(`#runs tbody tr[data-run="${run}"]`);
    await row.waitFor({ timeout: 60_000 });
    const data = await row.evaluate((element) => ({ ...(element as HTMLElement).dataset }));
    assert.equal(data.bundleName, `${job.name}.bundle.json`);
    const { kind, code, outputHash, fuelUsed, resultWord, stateDigest } = data;
    return {
      ...defined({ kind: kind!, code, outputHash, fuelUsed, resultWord, stateDigest }),
      runMs: Number(data.runMs),
    };
  }

  it("gives every example workload the node's output hash, fuel, result word and state digest", async (t) => {
    const table: string[] = [];
    for (const example of listExamples()) {
      const module = await example.module();
      const input = example.defaultInput();
      const bundle = createBundle({ module, input, args: example.args, limits: example.limits });
      const job = { name: example.name, bundle: canonicalBundleBytes(bundle), module, input };
      // Twice on each side, keeping the faster run for the speed table: other processes share this machine's cores.
      const nodeRuns = [await execute(job.bundle, { module, input }), await execute(job.bundle, { module, input })];
      const node = nodeRuns[0]!;
      assert.equal(node.kind, "output", `${example.name} runs to an output on the node`);
      assert.deepEqual(nodeRuns[1]!.outputHash, node.outputHash);
      const tabRuns = [await runInTab(job), await runInTab(job)];
      for (const { runMs: _runMs, ...verdict } of tabRuns) {
        assert.deepEqual(verdict, {
          kind: "output",
          outputHash: node.outputHash,
          fuelUsed: node.fuelUsed.toString(),
          resultWord: resultOf(node.outputHash, node.fuelUsed),
          stateDigest: node.stateDigest,
        });
      }
      const tabMs = Math.min(...tabRuns.map((r) => r.runMs));
      const nodeMs = Math.min(...nodeRuns.map((r) => r.durationMs));
      const rate = (ms: number) => Number(node.fuelUsed) / (ms / 1000) / 1e6;
      table.push(
        `${example.name.padEnd(11)}${node.fuelUsed.toString().padStart(13)}` +
          `${rate(tabMs).toFixed(0).padStart(10)}${rate(nodeMs).toFixed(0).padStart(10)}` +
          `${(nodeMs / tabMs).toFixed(2).padStart(10)}`,
      );
    }
    const header = `${"workload".padEnd(11)}${"fuel".padStart(13)}${"tab M/s".padStart(10)}${"node M/s".padStart(10)}`;
    t.diagnostic("fuel/s in millions, the faster of two runs: the tab's Web Worker vs execute() in Node (same bundle)");
    for (const line of [`${header}${"tab/node".padStart(10)}`, ...table]) t.diagnostic(line);
    assert.deepEqual(pageErrors, []);
  });

  it("reaches the node's verdict on hostile modules: the same error codes, fuel and bytes", async () => {
    for (const c of HOSTILE_CASES) {
      const module = await assemble(c.wat);
      const limits = { ...HOSTILE_LIMITS, ...c.limits };
      const bundle = canonicalBundleBytes(createBundle({ module, limits }));
      const bytes = c.corruptModule ? module.map((byte, i) => (i === module.length - 1 ? byte ^ 0xff : byte)) : module;
      const job = { name: c.name.replaceAll(" ", "-"), bundle, module: bytes, input: null };
      const node = await nodeVerdict(job);
      assert.equal(node.code ?? node.kind, c.expect, `${c.name}: the node's verdict`);
      const { runMs: _runMs, ...tab } = await runInTab(job);
      if (c.inTab) assert.deepEqual(tab, { kind: "failed", code: c.inTab.code }, `${c.name}: ${c.inTab.because}`);
      else assert.deepEqual(tab, node, c.name);
    }
    await mkdir(join(PACKAGE, "screenshots"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});

/** The node's verdict for the job, in the page's terms (a thrown error is "failed" with the error's name). */
async function nodeVerdict(job: Job): Promise<Verdict> {
  try {
    const r = await execute(job.bundle, { module: job.module, input: job.input });
    return defined({
      kind: r.kind,
      code: r.error?.code,
      outputHash: r.outputHash,
      fuelUsed: r.fuelUsed.toString(),
      resultWord: resultOf(r.outputHash, r.fuelUsed),
      stateDigest: r.stateDigest,
    });
  } catch (error) {
    return { kind: "failed", code: (error as Error).name };
  }
}

/** The object without its undefined fields (the page's row has no attribute for them). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
