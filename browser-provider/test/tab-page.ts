// The provider page on the e2e tests' world (e2e/tab-world.ts: the page built and served with the chain's RPC and the
// content store proxied), opened in headless Chromium with auto=1, its working key funded (or registered) and staked,
// its engine started. For the bench (bench/tab-vs-node.bench.ts).
import type { World } from "@hashwork/provider-node/test-helpers/suite";
import { addProvider } from "@hashwork/provider-node/test-helpers/market";
import { parseEther, Wallet } from "ethers";
import type { BrowserContext, Page } from "playwright-core";
import { TAB_OFFER } from "../src/engine/registration.js";
import { openChromium } from "./chromium.js";

export interface RunningTab {
  context: BrowserContext;
  page: Page;
  address: string;
  /** The fuel per second the tab measured before its engine started (and claims at). */
  measuredFuelPerSecond: number;
}

/** Where the page keeps its working key (src/engine/working-key.ts). */
const WORKING_KEY = "hashwork.tab.workingKey";

/**
 * Opens the provider page at `pageUrl` (TabWorld's `pageUrl({ auto: "1" })`) in Chromium on a fresh profile in
 * `profileDir` and resolves once its engine runs; throws with the page's state when it fails to start. Without `offer`,
 * the test's way: the page makes its working key, the world's deployer funds it with gas and `stake` tokens, the page
 * registers its own offer (TAB_OFFER) and stakes. With `offer`, a returning tab's way: the key is put in the profile's
 * localStorage first and registered with `offer` and staked from here, so the page finds it registered and staked and
 * keeps that registration.
 */
export async function startTab(
  world: World,
  pageUrl: string,
  profileDir: string,
  stake: bigint,
  pageErrors: string[],
  offer?: { capacity: number },
): Promise<RunningTab> {
  const { context, page } = await openChromium(profileDir, pageErrors);
  if (offer) {
    const key = Wallet.createRandom();
    await page.goto(new URL("index.html", pageUrl).href); // the page's origin, for its localStorage
    await page.evaluate(`localStorage.setItem(${JSON.stringify(WORKING_KEY)}, ${JSON.stringify(key.privateKey)})`);
    await (await world.sys.deployer.sendTransaction({ to: key.address, value: parseEther("10") })).wait();
    await addProvider(world.sys, new Wallet(key.privateKey), { stake, ...TAB_OFFER, ...offer });
  }
  await page.goto(pageUrl);
  const address = (await page.locator("#address[data-address]").getAttribute("data-address")) ?? "";
  if (!offer) {
    await (await world.sys.deployer.sendTransaction({ to: address, value: parseEther("10") })).wait();
    await (await world.sys.token.connect(world.sys.deployer).transfer(address, stake)).wait();
  }
  await page.locator('#engine[data-state="running"], #engine[data-state="failed"]').waitFor({ timeout: 180_000 });
  if ((await page.locator("#engine").getAttribute("data-state")) !== "running")
    throw new Error(`the tab did not start: ${await page.locator("#engine").textContent()}; ${pageErrors.join("; ")}`);
  const rate = page.locator("#fuel-rate[data-measured-fuel-per-second]");
  return {
    context,
    page,
    address,
    measuredFuelPerSecond: Number(await rate.getAttribute("data-measured-fuel-per-second")),
  };
}

/** The tab's own run time of each job it executed (ms), from its jobs table (`data-exec-ms`). */
export async function tabExecMs(page: Page): Promise<Map<bigint, number>> {
  // A string, not a function: the transpiler would name helpers the page does not have.
  const rows = (await page.evaluate(
    `[...document.querySelectorAll("#jobs tr[data-job-id]")].map((tr) => [tr.dataset.jobId, tr.dataset.execMs])`,
  )) as [string, string][];
  return new Map(rows.filter(([, ms]) => ms !== "").map(([id, ms]) => [BigInt(id), Number(ms)]));
}
