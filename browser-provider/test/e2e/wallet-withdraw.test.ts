// The provider page with an injected wallet, on a local chain: the wallet (a stand-in for an extension, answering
// from this process with a hardhat account on the real chain) connects, funds the tab's working key with gas money
// and stake through eth_sendTransaction; the working key registers, stakes and earns from k = 1 jobs; a reload keeps
// the wallet that owns the key and the bundle it fetched (the content cache in IndexedDB); "Stop and withdraw" sends
// the earnings to the wallet at once and the stake after the registry's unbonding delay, nothing slashed.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { account, payouts, postJob, TOKEN } from "@hashwork/provider-node/test-helpers/market";
import type { World } from "@hashwork/provider-node/test-helpers/suite";
import { getExample } from "@hashwork/sdk/workloads";
import { NonceManager } from "ethers";
import type { BrowserContext, Page } from "playwright-core";
import { openChromium } from "../chromium.js";
import { injectWallet, type InjectedWallet } from "./injected-wallet.js";
import { PACKAGE, startTabWorld, type TabWorld } from "./tab-world.js";

const STAKE = 1_000n * TOKEN;
/** The tab's fuel rate, given (the other e2e test checks the measurement): 500 M fuel/s. */
const FUEL_PER_SECOND = "500000000";

describe(
  "browser provider: a wallet funds the tab's working key and gets everything back",
  { timeout: 300_000 },
  () => {
    let tabWorld: TabWorld;
    let world: World;
    let context: BrowserContext;
    let page: Page;
    let wallet: InjectedWallet;
    const owner = account(9);
    const pageErrors: string[] = [];
    /** The CIDs the page asked the content store for (its fetches; uploads of outputs are not counted). */
    let storeRequests: string[] = [];
    let working = "";
    let earned = 0n;

    before(async () => {
      tabWorld = await startTabWorld("browser-wallet");
      world = tabWorld.world;
      await (await world.sys.token.connect(world.sys.deployer).transfer(owner.address, STAKE)).wait();
      ({ context, page } = await openChromium(join(tabWorld.work, "profile"), pageErrors));
      page.on("console", (m) => {
        if (process.env.TAB_LOG) console.error(`[tab] ${m.text()}`);
      });
      page.on("request", (r) => {
        const url = new URL(r.url());
        const cid = url.searchParams.get("arg");
        if (url.pathname.startsWith("/store/") && cid) storeRequests.push(cid);
      });
      wallet = await injectWallet(page, new NonceManager(owner.connect(world.sys.provider)), world.sys.provider);
      await page.goto(await tabWorld.pageUrl({ auto: "1", fuelPerSecond: FUEL_PER_SECOND }));
    });

    after(async () => {
      await context?.close();
      await tabWorld?.teardown();
    });

    const engineRunning = async () => {
      await page.locator('#engine[data-state="running"], #engine[data-state="failed"]').waitFor({ timeout: 60_000 });
      assert.equal(
        await page.locator("#engine").getAttribute("data-state"),
        "running",
        `${await page.locator("#engine").textContent()}; errors: ${pageErrors.join("; ")}`,
      );
    };

    /** Posts a k = 1 sha256 job (always the same bundle). */
    const postSameJob = async () => {
      const example = getExample("sha256");
      return postJob(world.sys, world.store.store, {
        module: await example.module(),
        input: example.defaultInput(),
        replicas: 1,
      });
    };
    const row = (jobId: bigint) => page.locator(`#jobs tr[data-job-id="${jobId}"]`);
    /** Waits until `jobId` settled with the tab paid, never slashed; returns the pay. */
    const paidFor = async (jobId: bigint) => {
      await row(jobId).and(page.locator('[data-state="settled"]')).waitFor({ timeout: 90_000 });
      const pay = await payouts(world.sys, jobId);
      const paid = pay.paid.get(working) ?? 0n;
      assert.ok(paid > 0n, "the tab was paid");
      assert.equal(pay.slashed.has(working), false, "the tab was not slashed");
      return paid;
    };
    const claimedBy = async (provider: string) =>
      (await world.sys.market.queryFilter(world.sys.market.filters.JobClaimed(undefined, provider))).map(
        (l) => l.args.jobId,
      );
    /** The job the tab holds when the withdrawal is asked for. */
    let held = 0n;

    it("connects the wallet (on the page's chain only) and funds the working key, which registers, stakes and starts", async () => {
      assert.equal(await page.locator("#devnet-warning").isHidden(), true);
      assert.match(
        (await page.locator("#working-key-warning").textContent()) ?? "",
        /working key, kept in this browser/,
      );
      working = (await page.locator("#address").getAttribute("data-address")) as string;
      assert.match(working, /^0x[0-9a-fA-F]{40}$/);
      const status = page.locator("#wallet-status");

      wallet.chainId = 1;
      await page.locator("#connect").click();
      await status.and(page.locator('[data-state="wrong-chain"]')).waitFor({ timeout: 10_000 });
      assert.match((await status.textContent()) ?? "", /wallet is on chain 1; this page works on chain 31337/);
      assert.equal(await page.locator("#fund-button").isDisabled(), true);

      wallet.chainId = 31337;
      await page.locator("#connect").click();
      await status.and(page.locator('[data-state="connected"]')).waitFor({ timeout: 10_000 });
      assert.equal(await status.getAttribute("data-address"), owner.address);
      assert.ok(wallet.calls.includes("eth_requestAccounts"));

      await page.locator("#fund-eth").fill("1");
      await page.locator("#fund-tokens").fill("1000");
      await page.locator("#fund-button").click();
      await engineRunning();
      assert.equal(wallet.calls.filter((m) => m === "eth_sendTransaction").length, 2, "gas money and stake");
      assert.equal(await status.getAttribute("data-state"), "funded");
      assert.equal(await page.locator("#owner").getAttribute("data-address"), owner.address);
      assert.equal(await world.sys.token.balanceOf(owner.address), 0n, "the wallet's tokens went to the working key");
      assert.equal((await world.sys.registry.getFunction("provider")(working)).stake, STAKE);
      assert.match((await page.locator("#withdraw").textContent()) ?? "", /Stop and withdraw to wallet/);
      assert.deepEqual(pageErrors, []);
    });

    it("earns from a k = 1 job; reloaded, it knows its wallet and runs the same bundle without fetching it", async (t) => {
      assert.ok(working, "the working key did not start");
      const first = await postSameJob();
      await world.passChallengeWindow(first, 1);
      earned += await paidFor(first);
      const fetched = new Set(storeRequests);
      assert.ok(fetched.size > 0, "the tab fetched the bundle from the content store");
      await page.locator("#content-cache:not([data-entries='0'])[data-entries]").waitFor({ timeout: 10_000 });

      storeRequests = [];
      await page.reload();
      await engineRunning();
      assert.equal(await page.locator("#owner").getAttribute("data-address"), owner.address, "the owner survives");
      await page.locator("#wallet-status[data-state='connected']").waitFor({ timeout: 10_000 });
      // The same bundle again: the reloaded tab runs it (and reveals) from its cache.
      held = await postSameJob();
      await world.revealNow(held); // the k = 1 answer is revealed at once, not sealed through its window
      await row(held).and(page.locator('[data-state="revealed"]')).waitFor({ timeout: 60_000 });
      const again = storeRequests.filter((cid) => fetched.has(cid));
      assert.deepEqual(again, [], "nothing fetched twice");
      t.diagnostic(
        `content store requests before the reload: ${[...fetched].join(", ")}; after: ${storeRequests.length}; cache: ${await page.locator("#content-cache").textContent()}`,
      );
      assert.deepEqual(pageErrors, []);
    });

    it("stops and withdraws: waits for the job it holds, then earnings to the wallet, the stake after its unbonding delay", async (t) => {
      assert.ok(earned > 0n && held > 0n, "the tab earned nothing or holds no job");
      const { market, registry, token, provider } = world.sys;
      const status = page.locator("#withdraw-status");
      await page.locator("#withdraw").click();
      // The job revealed but not settled holds collateral: the page stops claiming and says what it waits for.
      await status.and(page.locator('[data-state="waiting"]')).waitFor({ timeout: 10_000 });
      assert.equal(await status.getAttribute("data-held-jobs"), String(held));
      assert.match(
        (await status.textContent()) ?? "",
        new RegExp(`claiming stopped; waiting .*job ${held} \\(revealed\\)`),
      );
      assert.equal(await page.locator("#claiming").getAttribute("data-withdrawing"), "true");
      // A job posted now is not claimed: the tab's record of it waits, paused.
      const unclaimed = await postSameJob();
      await row(unclaimed)
        .and(page.locator('[data-reason="not claiming: paused by the host"]'))
        .waitFor({ timeout: 30_000 });
      await world.passChallengeWindow(held, 1);
      earned += await paidFor(held);
      // (The page withdraws the earnings as soon as the job settled: they are checked in the wallet below.)
      await page
        .locator('#withdraw-status[data-state="unbonding"], #withdraw-status[data-state="failed"]')
        .waitFor({ timeout: 60_000 });
      assert.equal(await status.getAttribute("data-state"), "unbonding", (await status.textContent()) ?? "");
      assert.equal(await page.locator("#engine").getAttribute("data-state"), "stopped");
      assert.equal(await token.balanceOf(owner.address), earned, "the earnings are in the wallet");
      assert.deepEqual(await claimedBy(working), [held - 1n, held], "nothing claimed after the withdrawal began");
      assert.equal(await market.claimable(working), 0n);

      const [requested] = await registry.queryFilter(registry.filters.UnstakeRequested(working));
      assert.ok(requested, "the tab requested its unstake");
      const block = await requested.getBlock();
      const readyAt = BigInt(block.timestamp) + (await registry.unbondingPeriod());
      assert.equal(requested.args.amount, STAKE);
      assert.equal(requested.args.readyAt, readyAt);
      assert.equal(await status.getAttribute("data-unbonding-ready-at"), readyAt.toString());
      const record = await registry.getFunction("provider")(working);
      assert.equal(record.stake, 0n);
      assert.equal(record.unbonding, STAKE);
      assert.equal(record.slashes, 0n, "never slashed");
      assert.equal(record.noShows, 0n, "never a no-show");
      assert.match((await status.textContent()) ?? "", /withdrawable from .*Finish withdrawal/);
      assert.equal(await page.locator("#withdraw").textContent(), "Finish withdrawal");

      // A reload while the stake unbonds resumes the withdrawal where it stood: no engine, no restaking.
      await page.reload();
      await status.and(page.locator('[data-state="unbonding"]')).waitFor({ timeout: 30_000 });
      assert.equal(await status.getAttribute("data-unbonding-ready-at"), readyAt.toString());
      assert.equal(await page.locator("#engine").getAttribute("data-state"), "idle");
      assert.equal(await page.locator("#withdraw").textContent(), "Finish withdrawal");

      // The unbonding delay passes (chain time); the same button finishes the withdrawal.
      const now = (await provider.getBlock("latest"))!.timestamp;
      await world.advance(Number(readyAt) - now + 1);
      const ethBefore = await provider.getBalance(owner.address);
      await page.locator("#withdraw").click();
      await page
        .locator('#withdraw-status[data-state="done"], #withdraw-status[data-state="failed"]')
        .waitFor({ timeout: 60_000 });
      assert.equal(await status.getAttribute("data-state"), "done", (await status.textContent()) ?? "");
      assert.equal(await token.balanceOf(owner.address), earned + STAKE, "earnings and stake are in the wallet");
      assert.equal(await token.balanceOf(working), 0n);
      assert.equal(await provider.getBalance(working), 0n, "the ETH left after gas went back too");
      const ethBack = (await provider.getBalance(owner.address)) - ethBefore;
      assert.ok(ethBack > 0n);
      assert.equal((await registry.getFunction("provider")(working)).unbonding, 0n);
      await mkdir(join(PACKAGE, "screenshots"), { recursive: true });
      await page.screenshot({ path: join(PACKAGE, "screenshots", "tab-wallet-withdrawn.png"), fullPage: true });
      t.diagnostic(`wallet got back ${earned} token units earned, ${STAKE} staked and ${ethBack} wei of gas money`);
      assert.deepEqual(pageErrors, []);
    });
  },
);
