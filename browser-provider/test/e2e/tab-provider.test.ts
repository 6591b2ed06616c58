// The provider node's engine in a tab, earning on a local chain: a hardhat node with the contracts (the provider
// node's suite world), the page built and served on 127.0.0.1 with the chain's RPC and the content store proxied on its
// origin, Debian's Chromium headless. The test funds the tab's burner key; the tab registers, stakes and starts the
// engine; a k = 1 job posted with the SDK must be claimed, committed, revealed and settled by the tab, paid and never
// slashed, with the result the node's executor computes for the same bundle.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { payouts, postJob, settlement, TOKEN } from "@hashwork/provider-node/test-helpers/market";
import { createWorld, type World } from "@hashwork/provider-node/test-helpers/suite";
import { createBundle } from "@hashwork/sdk/bundle";
import { execute } from "@hashwork/sdk/executor";
import { resultOf } from "@hashwork/sdk/results";
import { getExample } from "@hashwork/sdk/workloads";
import { Transaction, parseEther } from "ethers";
import type { BrowserContext, Page } from "playwright-core";
import { build } from "vite";
import { openChromium } from "../chromium.js";
import { serveStatic } from "../serve-static.js";

const PACKAGE = fileURLToPath(new URL("../..", import.meta.url));
const SCREENSHOT = join(PACKAGE, "screenshots", "tab-provider.png");
const STAKE = 1_000n * TOKEN;

describe("browser provider: the node's engine in a tab earns from k = 1 and k = 3 jobs", { timeout: 480_000 }, () => {
  let work: string;
  let world: World;
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  /** Whether the tab's engine started (the later tests need it). */
  let running = false;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), "hashwork-tab-provider-"));
    const outDir = join(work, "dist");
    const [w] = await Promise.all([
      createWorld("browser-tab"),
      build({ root: PACKAGE, logLevel: "error", build: { outDir, emptyOutDir: true } }),
    ]);
    world = w;
    const served = await serveStatic(outDir, { proxies: { "/rpc": world.chain.url, "/store": world.store.url } });
    server = served.server;
    ({ context, page } = await openChromium(join(work, "profile"), pageErrors));
    page.on("console", (m) => {
      if (process.env.TAB_LOG) console.error(`[tab] ${m.text()}`);
    });
    const query = new URLSearchParams({
      market: await world.sys.market.getAddress(),
      registry: await world.sys.registry.getAddress(),
      startBlock: String(world.sys.startBlock),
      auto: "1",
    });
    await page.goto(`${served.url}provider.html?${query}`);
  });

  after(async () => {
    await context?.close();
    server?.close();
    await world?.teardown();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("funds the burner; the tab registers, stakes and starts the engine", async () => {
    const address = await page.locator("#address[data-address]").getAttribute("data-address");
    assert.ok(address && /^0x[0-9a-fA-F]{40}$/.test(address));
    assert.match((await page.locator("#devnet-warning").textContent()) ?? "", /DEVNET ONLY/);
    // The deployer's NonceManager (account 0) for both transfers: one nonce counter.
    await (await world.sys.deployer.sendTransaction({ to: address, value: parseEther("10") })).wait();
    await (await world.sys.token.connect(world.sys.deployer).transfer(address, STAKE)).wait();
    await page.locator('#engine[data-state="running"], #engine[data-state="failed"]').waitFor({ timeout: 120_000 });
    const engineState = await page.locator("#engine").getAttribute("data-state");
    assert.equal(
      engineState,
      "running",
      `${await page.locator("#engine").textContent()}; errors: ${pageErrors.join("; ")}`,
    );
    const p = await world.sys.registry.getFunction("provider")(address);
    assert.equal(p.stake, STAKE);
    assert.deepEqual(pageErrors, []);
    running = true;
  });

  it("claims, commits and reveals a k = 1 job; it settles with the tab paid, never slashed", async (t) => {
    assert.ok(running, "the tab's engine did not start");
    const address = (await page.locator("#address").getAttribute("data-address")) as string;
    const example = getExample("sha256");
    const module = await example.module();
    const input = example.defaultInput();
    const posted = Date.now();
    const jobId = await postJob(world.sys, world.store.store, { module, input, replicas: 1 });
    const row = page.locator(`#jobs tr[data-job-id="${jobId}"]`);
    await row.and(page.locator('[data-state="revealed"], [data-state="settled"]')).waitFor({ timeout: 120_000 });
    const revealedMs = Date.now() - posted;
    const { market } = world.sys;
    const committed = await market.queryFilter(market.filters.ResultCommitted(jobId, address));
    const revealed = await market.queryFilter(market.filters.ResultRevealed(jobId, address));
    assert.equal(committed.length, 1, "the tab committed once");
    assert.equal(revealed.length, 1, "the tab revealed once");

    // The node's executor, for the same bundle as postJob's.
    const bundle = createBundle({
      module,
      input,
      limits: { memoryMiB: 32, maxOutputBytes: 1024 * 1024, fuel: 50_000_000 },
    });
    const node = await execute(bundle, { module, input });
    assert.equal(node.kind, "output");
    assert.equal(revealed[0]!.args.outputHash, node.outputHash);
    assert.equal(revealed[0]!.args.fuelUsed, node.fuelUsed);
    assert.equal(await row.getAttribute("data-output-hash"), node.outputHash);

    await world.passChallengeWindow(jobId, 1);
    await row.and(page.locator('[data-state="settled"]')).waitFor({ timeout: 60_000 });
    const settledMs = Date.now() - posted;
    const s = await settlement(world.sys, jobId);
    assert.ok(s, "the job settled");
    assert.equal(s.result, resultOf(node.outputHash, node.fuelUsed));
    const pay = await payouts(world.sys, jobId);
    assert.ok((pay.paid.get(address) ?? 0n) > 0n, "the tab was paid");
    assert.equal(pay.slashed.has(address), false, "the tab was not slashed");
    assert.equal((await world.sys.registry.getFunction("provider")(address)).stake, STAKE);

    await mkdir(join(PACKAGE, "screenshots"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const rate = await page.locator("#fuel-rate").getAttribute("data-fuel-per-second");
    t.diagnostic(`tab storage: ${await page.locator("#storage").textContent()}`);
    t.diagnostic(
      `tab: job ${jobId} revealed ${(revealedMs / 1000).toFixed(1)} s after posting, settled by the tab ${(settledMs / 1000).toFixed(1)} s after posting (challenge window skipped by evm_increaseTime); ${node.fuelUsed} fuel run in ${await row.getAttribute("data-exec-ms")} ms in the tab's worker (${node.durationMs.toFixed(0)} ms in Node); claims at ${(Number(rate) / 1e6).toFixed(0)} M fuel/s (${(await page.locator("#fuel-rate").getAttribute("data-measured")) === "true" ? "measured" : "assumed"})`,
    );
    assert.deepEqual(pageErrors, []);
  });

  it("a reload after the commit, before the reveal, resumes from IndexedDB and reveals in time", async (t) => {
    assert.ok(running, "the tab's engine did not start");
    const address = (await page.locator("#address").getAttribute("data-address")) as string;
    const { market } = world.sys;
    const reveal = market.interface.getFunction("revealResult").selector;
    // The tab's RPC goes through its origin's /rpc: hold back the first broadcast of a reveal and reload the page
    // then. The reveal was signed and saved (durable) before that broadcast; the reloaded engine must find it.
    let blocking = true;
    let held!: () => void;
    const revealHeld = new Promise<void>((resolve) => (held = resolve));
    await page.route("**/rpc", async (route) => {
      const body = route.request().postDataJSON() as
        { method: string; params: string[] } | { method: string; params: string[] }[];
      const calls = Array.isArray(body) ? body : [body];
      const isReveal = (c: { method: string; params: string[] }) =>
        c.method === "eth_sendRawTransaction" && Transaction.from(c.params[0]!).data.startsWith(reveal);
      if (blocking && calls.some(isReveal)) {
        held();
        return route.abort();
      }
      return route.continue();
    });
    const example = getExample("sha256");
    const module = await example.module();
    const input = new TextEncoder().encode("reloaded mid-job");
    const jobId = await postJob(world.sys, world.store.store, { module, input, replicas: 1 });
    await revealHeld;
    const row = page.locator(`#jobs tr[data-job-id="${jobId}"]`);
    await row.and(page.locator('[data-state="committed"]')).waitFor({ timeout: 10_000 });
    assert.equal((await market.queryFilter(market.filters.ResultCommitted(jobId, address))).length, 1);
    assert.equal((await market.queryFilter(market.filters.ResultRevealed(jobId, address))).length, 0);
    // Reveals stay held until the old page is gone (its transaction pump re-broadcasts every second).
    const reloaded = Date.now();
    page.once("framenavigated", () => (blocking = false));
    await page.reload();
    assert.equal(blocking, false);
    await row.and(page.locator('[data-state="revealed"], [data-state="settled"]')).waitFor({ timeout: 90_000 });
    const resumedMs = Date.now() - reloaded;
    await page.unroute("**/rpc");
    const revealed = await market.queryFilter(market.filters.ResultRevealed(jobId, address));
    assert.equal(revealed.length, 1, "the reloaded tab revealed once");
    const bundle = createBundle({
      module,
      input,
      limits: { memoryMiB: 32, maxOutputBytes: 1024 * 1024, fuel: 50_000_000 },
    });
    const node = await execute(bundle, { module, input });
    assert.equal(revealed[0]!.args.outputHash, node.outputHash);
    await world.passChallengeWindow(jobId, 1);
    await row.and(page.locator('[data-state="settled"]')).waitFor({ timeout: 60_000 });
    const pay = await payouts(world.sys, jobId);
    assert.ok((pay.paid.get(address) ?? 0n) > 0n, "the tab was paid");
    assert.equal(pay.slashed.has(address), false, "the tab was not slashed");
    assert.equal((await world.sys.registry.getFunction("provider")(address)).stake, STAKE);
    t.diagnostic(`tab: reloaded after its commit; revealed ${(resumedMs / 1000).toFixed(1)} s after the reload`);
    assert.deepEqual(pageErrors, []);
  });

  it("is one of three replicas of a k = 3 job with two provider nodes: all agree, all are paid", async (t) => {
    assert.ok(running, "the tab's engine did not start");
    const address = (await page.locator("#address").getAttribute("data-address")) as string;
    const nodes = [await world.addNode("node-a", 2), await world.addNode("node-b", 3)];
    await Promise.all(nodes.map((n) => n.start()));
    const example = getExample("sha256");
    const module = await example.module();
    const input = new TextEncoder().encode("three replicas, one of them a tab");
    const posted = Date.now();
    const jobId = await postJob(world.sys, world.store.store, { module, input, replicas: 3 });
    await world.passChallengeWindow(jobId, 3);
    const row = page.locator(`#jobs tr[data-job-id="${jobId}"]`);
    await row.and(page.locator('[data-state="settled"]')).waitFor({ timeout: 90_000 });
    const settledMs = Date.now() - posted;
    const { market } = world.sys;
    const revealed = await market.queryFilter(market.filters.ResultRevealed(jobId));
    const providers = new Set(revealed.map((l) => l.args.provider));
    assert.deepEqual(providers, new Set([address, ...nodes.map((n) => n.address)]), "the tab and both nodes revealed");
    const bundle = createBundle({
      module,
      input,
      limits: { memoryMiB: 32, maxOutputBytes: 1024 * 1024, fuel: 50_000_000 },
    });
    const node = await execute(bundle, { module, input });
    for (const l of revealed) assert.equal(l.args.outputHash, node.outputHash);
    const s = await settlement(world.sys, jobId);
    assert.ok(s, "the job settled");
    assert.equal(s.result, resultOf(node.outputHash, node.fuelUsed));
    const pay = await payouts(world.sys, jobId);
    for (const p of providers) {
      assert.ok((pay.paid.get(p) ?? 0n) > 0n, `${p} was paid`);
      assert.equal(pay.slashed.has(p), false, `${p} was not slashed`);
    }
    assert.equal((await world.sys.registry.getFunction("provider")(address)).stake, STAKE);
    t.diagnostic(`tab: k = 3 job with two nodes settled ${(settledMs / 1000).toFixed(1)} s after posting`);
    // The page's own memory (its main thread's JS heap and DOM, from Chromium's metrics; job workers come and go).
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const { metrics } = await cdp.send("Performance.getMetrics");
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    t.diagnostic(
      `tab memory at the end (a reload and two jobs after it): JS heap ${(metric("JSHeapUsedSize") / 2 ** 20).toFixed(1)} MiB used of ${(metric("JSHeapTotalSize") / 2 ** 20).toFixed(1)} MiB, ${metric("Nodes")} DOM nodes`,
    );
    assert.deepEqual(pageErrors, []);
  });
});
