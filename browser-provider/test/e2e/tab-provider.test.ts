// The provider node's engine in a tab, earning on a local chain: a hardhat node with the contracts (the provider
// node's suite world), the page built and served on 127.0.0.1 with the chain's RPC and the content store proxied on its
// origin, Debian's Chromium headless. The test funds the tab's burner key; the tab registers, stakes and starts the
// engine; a k = 1 job posted with the SDK must be claimed, committed, revealed and settled by the tab, paid and never
// slashed, with the result the node's executor computes for the same bundle. The tab measures its fuel per second
// before it starts (the SDK's calibration in its Web Worker) and claims at that rate; hidden for long, it stops
// claiming and finishes the jobs it holds.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { payouts, postJob, settlement, TOKEN } from "@hashwork/provider-node/test-helpers/market";
import type { World } from "@hashwork/provider-node/test-helpers/suite";
import { createBundle, STACK_KIB_DEFAULT, STACK_KIB_MAX } from "@hashwork/sdk/bundle";
import { execute } from "@hashwork/sdk/executor";
import { resultOf } from "@hashwork/sdk/results";
import { getExample } from "@hashwork/sdk/workloads";
import { Transaction, ZeroHash, parseEther } from "ethers";
import type { BrowserContext, Page } from "playwright-core";
import { openChromium } from "../chromium.js";
import { PACKAGE, startTabWorld, type TabWorld } from "./tab-world.js";

const SCREENSHOT = join(PACKAGE, "screenshots", "tab-provider.png");
const STAKE = 1_000n * TOKEN;
/** Hidden this long, the tab pauses claiming (the page's default is 60 s; the query string shortens it here). */
const HIDDEN_PAUSE_SEC = 2;

/**
 * The commitments `provider` made on `jobId`: its `ResultCommitted`s, and its claim if that committed too (a short job
 * runs before its claim, and `claim(jobId, commitment)` emits a `JobClaimed` carrying the commitment and no
 * `ResultCommitted`).
 */
async function commitmentsOf(market: World["sys"]["market"], jobId: bigint, provider: string): Promise<number> {
  const [committed, claimed] = await Promise.all([
    market.queryFilter(market.filters.ResultCommitted(jobId, provider)),
    market.queryFilter(market.filters.JobClaimed(jobId, provider)),
  ]);
  return committed.length + claimed.filter((l) => l.args.commitment !== ZeroHash).length;
}

describe("browser provider: the node's engine in a tab earns from k = 1 and k = 3 jobs", { timeout: 480_000 }, () => {
  let tabWorld: TabWorld;
  let world: World;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  /** Whether the tab's engine started (the later tests need it). */
  let running = false;
  /** The provider nodes of the k = 3 test (the hidden-tab test needs them). */
  let nodes: Awaited<ReturnType<World["addNode"]>>[] = [];

  before(async () => {
    tabWorld = await startTabWorld("browser-tab");
    world = tabWorld.world;
    ({ context, page } = await openChromium(join(tabWorld.work, "profile"), pageErrors));
    page.on("console", (m) => {
      if (process.env.TAB_LOG) console.error(`[tab] ${m.text()}`);
    });
    await page.goto(await tabWorld.pageUrl({ auto: "1", hiddenPauseSec: String(HIDDEN_PAUSE_SEC) }));
  });

  after(async () => {
    await context?.close();
    await tabWorld?.teardown();
  });

  it("funds the burner; the tab registers, stakes, measures its fuel per second and starts the engine", async (t) => {
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
    // The fuel rate: measured before the engine started, shown, and the one the engine started with.
    const rate = page.locator("#fuel-rate");
    assert.equal(await rate.getAttribute("data-source"), "measured");
    await rate.and(page.locator("[data-fuel-per-second]")).waitFor({ timeout: 10_000 });
    const measured = Number(await rate.getAttribute("data-measured-fuel-per-second"));
    assert.ok(measured > 0, `measured ${measured} fuel/s`);
    assert.equal(Number(await rate.getAttribute("data-fuel-per-second")), measured, "the engine claims at it");
    assert.match((await rate.textContent()) ?? "", /M fuel\/s \(measured at start/);
    const started = (await page.locator("#log").textContent()) ?? "";
    assert.match(started, new RegExp(`node started .*"fuelPerSecond":${measured}[,}]`), "the engine's own report");
    assert.equal(await page.locator("#claiming").getAttribute("data-paused"), "false");
    // The stack: measured before the engine started (the SDK's probe in a Web Worker); it holds the default budget.
    const stackKiB = Number(await page.locator("#stack").getAttribute("data-stack-kib"));
    assert.ok(
      stackKiB >= STACK_KIB_DEFAULT && stackKiB < STACK_KIB_MAX,
      `the tab holds ${stackKiB} KiB of stack budget`,
    );
    t.diagnostic(
      `tab: measured ${(measured / 1e6).toFixed(1)} M fuel/s at start (${await rate.getAttribute("title")}); holds a ${stackKiB} KiB stack budget`,
    );
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
    const revealed = await market.queryFilter(market.filters.ResultRevealed(jobId, address));
    assert.equal(await commitmentsOf(market, jobId, address), 1, "the tab committed once");
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

    // The page shows the payment once the engine has recorded it (the settlement's events come in a later poll).
    await page.waitForFunction(
      (paid) => document.querySelector<HTMLElement>("#earned")?.dataset.earned === paid,
      String(pay.paid.get(address)),
      { timeout: 30_000 },
    );
    await mkdir(join(PACKAGE, "screenshots"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const rate = await page.locator("#fuel-rate").getAttribute("data-fuel-per-second");
    t.diagnostic(`tab storage: ${await page.locator("#storage").textContent()}`);
    t.diagnostic(
      `tab: job ${jobId} revealed ${(revealedMs / 1000).toFixed(1)} s after posting, settled by the tab ${(settledMs / 1000).toFixed(1)} s after posting (challenge window skipped by evm_increaseTime); ${node.fuelUsed} fuel run in ${await row.getAttribute("data-exec-ms")} ms in the tab's worker (${node.durationMs.toFixed(0)} ms in Node); claims at ${(Number(rate) / 1e6).toFixed(0)} M fuel/s (${await page.locator("#fuel-rate").getAttribute("data-source")})`,
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
    // A k = 1 answer would stay sealed through its challenge window: taking the audit decision makes the tab reveal.
    await world.revealNow(jobId);
    await revealHeld;
    const row = page.locator(`#jobs tr[data-job-id="${jobId}"]`);
    await row.and(page.locator('[data-state="committed"]')).waitFor({ timeout: 10_000 });
    assert.equal(await commitmentsOf(market, jobId, address), 1, "committed (by its claim or commitResult)");
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
    nodes = [await world.addNode("node-a", 2), await world.addNode("node-b", 3)];
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
  it("hidden for long, the tab finishes the job it holds but claims no new one; visible again, it claims", async (t) => {
    assert.ok(running && nodes.length === 2, "the tab's engine and the two nodes run");
    const address = (await page.locator("#address").getAttribute("data-address")) as string;
    const { market } = world.sys;
    const claiming = page.locator("#claiming");
    // Chromium's headless tab is always visible: the page sees a hidden one through the same document properties and
    // event a browser gives it (visibilityState, hidden, visibilitychange).
    // (A string, not a function: the test's transpiler would name the getters with a helper the page does not have.)
    const setHidden = (hidden: boolean) =>
      page.evaluate(
        hidden
          ? `Object.defineProperty(document, "visibilityState", { configurable: true, get() { return "hidden"; } });
             Object.defineProperty(document, "hidden", { configurable: true, get() { return true; } });
             document.dispatchEvent(new Event("visibilitychange"));`
          : `delete document.visibilityState;
             delete document.hidden;
             document.dispatchEvent(new Event("visibilitychange"));`,
      );
    const example = getExample("sha256");
    const module = await example.module();
    const post = (text: string, replicas: number) =>
      // A longer claim window than postJob's 60 s: the chain's clock runs minutes ahead after the challenge windows
      // skipped so far, and a post simulated just before a new block's timestamp jumps could miss MIN_PHASE.
      postJob(world.sys, world.store.store, {
        module,
        input: new TextEncoder().encode(text),
        replicas,
        claimWindow: 180,
      });
    const claimedBy = async (jobId: bigint) =>
      (await market.queryFilter(market.filters.JobClaimed(jobId))).map((l) => l.args.provider);

    // A job the tab holds when it is hidden: it commits, reveals and is paid while claiming is paused.
    const held = await post("held while hidden", 3);
    const heldRow = page.locator(`#jobs tr[data-job-id="${held}"]`);
    await heldRow.and(page.locator(':not([data-state="seen"])')).waitFor({ timeout: 60_000 });
    assert.ok((await claimedBy(held)).includes(address), "the tab claimed the job before it was hidden");
    const hiddenAt = Date.now();
    await setHidden(true);
    assert.equal(await claiming.getAttribute("data-paused"), "false", "not paused at once");
    await claiming.and(page.locator('[data-paused="true"]')).waitFor({ timeout: 10_000 });
    const pausedAfterMs = Date.now() - hiddenAt;
    assert.match((await claiming.textContent()) ?? "", /paused: tab hidden/);
    await world.passChallengeWindow(held, 3);
    await heldRow.and(page.locator('[data-state="settled"]')).waitFor({ timeout: 90_000 });
    assert.equal(await claiming.getAttribute("data-paused"), "true", "settled while paused");
    assert.ok(((await payouts(world.sys, held)).paid.get(address) ?? 0n) > 0n, "the tab was paid for the held job");

    // A new k = 1 job while hidden: a node claims it, the tab does not (its record waits, paused, then skips it).
    const skipped = await post("posted while the tab is hidden", 1);
    const skippedRow = page.locator(`#jobs tr[data-job-id="${skipped}"]`);
    // Seen paused (its reason) or already skipped once a node's claim landed (the page refreshes every 500 ms).
    await skippedRow
      .and(page.locator('[data-reason="not claiming: paused by the host"], [data-state="skipped"]'))
      .waitFor({ timeout: 30_000 });
    const seenAs = `${await skippedRow.getAttribute("data-state")}: ${await skippedRow.getAttribute("data-reason")}`;
    await world.passChallengeWindow(skipped, 1);
    const takers = await claimedBy(skipped);
    assert.equal(takers.length, 1);
    assert.ok(!takers.includes(address), "the hidden tab did not claim");
    assert.ok(
      nodes.some((n) => n.address === takers[0]),
      "a node took it",
    );
    assert.equal(await commitmentsOf(market, skipped, address), 0);

    // Visible again: claiming resumes, and the tab is one of the three replicas of the next job.
    await setHidden(false);
    await claiming.and(page.locator('[data-paused="false"]')).waitFor({ timeout: 5_000 });
    const next = await post("visible again", 3);
    await world.passChallengeWindow(next, 3);
    const nextRow = page.locator(`#jobs tr[data-job-id="${next}"]`);
    await nextRow.and(page.locator('[data-state="settled"]')).waitFor({ timeout: 90_000 });
    assert.ok((await claimedBy(next)).includes(address), "the visible tab claimed again");
    const pay = await payouts(world.sys, next);
    assert.ok((pay.paid.get(address) ?? 0n) > 0n, "the tab was paid");
    assert.equal(pay.slashed.has(address), false, "the tab was not slashed");
    assert.equal((await world.sys.registry.getFunction("provider")(address)).stake, STAKE);
    t.diagnostic(
      `tab: claiming paused ${(pausedAfterMs / 1000).toFixed(1)} s after hidden (threshold ${HIDDEN_PAUSE_SEC} s); the held job settled while paused, a node took the job posted meanwhile (the tab's record: ${seenAs}), the tab claimed the next`,
    );
    assert.deepEqual(pageErrors, []);
  });

  it("leaves a job asking for more stack than its worker holds to a node: never claimed, never a no-show", async (t) => {
    assert.ok(running && nodes.length === 2, "the tab's engine and the two nodes run");
    const address = (await page.locator("#address").getAttribute("data-address")) as string;
    const { market } = world.sys;
    const example = getExample("sha256");
    // The nodes stop first, so the tab's record reaches its bundle check rather than losing the race to a node's claim.
    await Promise.all(nodes.map((n) => n.stop()));
    // A requester expecting deep recursion asks for the largest budget, which only a node's 64 MiB sandbox stack holds.
    const jobId = await postJob(world.sys, world.store.store, {
      module: await example.module(),
      input: new TextEncoder().encode("deep recursion expected"),
      replicas: 1,
      limits: { stackKiB: STACK_KIB_MAX },
      claimWindow: 180,
    });
    const row = page.locator(`#jobs tr[data-job-id="${jobId}"]`);
    await row.and(page.locator('[data-state="skipped"]')).waitFor({ timeout: 30_000 });
    const reason = (await row.getAttribute("data-reason")) ?? "";
    assert.match(reason, new RegExp(`bundle wants a ${STACK_KIB_MAX} KiB stack \\(this executor holds \\d+ KiB\\)`));
    await nodes[0]!.start();
    await world.passChallengeWindow(jobId, 1);
    const takers = (await market.queryFilter(market.filters.JobClaimed(jobId))).map((l) => l.args.provider);
    assert.equal(takers.length, 1);
    assert.equal(takers[0], nodes[0]!.address, "the node took it");
    assert.ok(!takers.includes(address), "the tab did not claim it");
    assert.equal((await payouts(world.sys, jobId)).slashed.size, 0, "nobody was slashed");
    t.diagnostic(`tab: left the ${STACK_KIB_MAX} KiB stack job to a node (${reason})`);
    assert.deepEqual(pageErrors, []);
  });

  it("stops and withdraws without a wallet: the earnings come to the burner, its stake starts unbonding", async (t) => {
    assert.ok(running, "the tab's engine did not start");
    const address = (await page.locator("#address").getAttribute("data-address")) as string;
    const { market, registry, token } = world.sys;
    const claimable = await market.claimable(address);
    assert.ok(claimable > 0n, "the tab's earnings wait in the market");
    const tokensBefore = await token.balanceOf(address);
    assert.equal(await page.locator("#withdraw").textContent(), "Stop and withdraw");
    const started = Date.now();
    await page.locator("#withdraw").click();
    const status = page.locator("#withdraw-status");
    await page
      .locator('#withdraw-status[data-state="unbonding"], #withdraw-status[data-state="failed"]')
      .waitFor({ timeout: 60_000 });
    assert.equal(await status.getAttribute("data-state"), "unbonding", (await status.textContent()) ?? "");
    assert.equal(await token.balanceOf(address), tokensBefore + claimable, "the earnings are the burner's tokens");
    const record = await registry.getFunction("provider")(address);
    assert.equal(record.stake, 0n);
    assert.equal(record.unbonding, STAKE);
    assert.equal(record.slashes, 0n, "never slashed");
    assert.equal(String(record.unbondingReadyAt), await status.getAttribute("data-unbonding-ready-at"));
    assert.match((await status.textContent()) ?? "", /kept by the working key \(no wallet funded it\)/);
    t.diagnostic(
      `tab: stopped and withdrew in ${((Date.now() - started) / 1000).toFixed(1)} s: ${await status.textContent()}`,
    );
    assert.deepEqual(pageErrors, []);
  });
});
