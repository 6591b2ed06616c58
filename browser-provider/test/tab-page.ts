// The provider page on a provider node's suite world, as the e2e test stands it up: the page built with Vite, served
// on 127.0.0.1 with the chain's RPC and the content store proxied on its origin (neither answers a browser's CORS
// checks), opened in headless Chromium with auto=1, its burner funded (or registered) and staked, its engine started.
// For the bench (bench/tab-vs-node.bench.ts); the e2e test keeps its own copy of these steps.
import type { Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { World } from "@hashwork/provider-node/test-helpers/suite";
import { addProvider } from "@hashwork/provider-node/test-helpers/market";
import { parseEther, Wallet } from "ethers";
import type { BrowserContext, Page } from "playwright-core";
import { build } from "vite";
import { TAB_OFFER } from "../src/engine/burner.js";
import { openChromium } from "./chromium.js";
import { serveStatic } from "./serve-static.js";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));

/** Builds the page into `outDir` and serves it with the world's chain and content store proxied. */
export async function serveTabPage(world: World, outDir: string): Promise<{ url: string; server: Server }> {
  await build({ root: PACKAGE, logLevel: "error", build: { outDir, emptyOutDir: true } });
  return serveStatic(outDir, { proxies: { "/rpc": world.chain.url, "/store": world.store.url } });
}

export interface RunningTab {
  context: BrowserContext;
  page: Page;
  address: string;
  /** The fuel per second the tab measured before its engine started (and claims at). */
  measuredFuelPerSecond: number;
}

/** Where the page keeps its burner key (browser-provider/src/engine/burner.ts). */
const BURNER_KEY = "hashwork.devnet.burnerKey";

/**
 * Opens the page (served at `url`) in Chromium on a fresh profile in `profileDir` and resolves once its engine runs;
 * throws with the page's state when it fails to start. Without `offer`, the test's way: the page makes its burner,
 * the world's deployer funds it with gas and `stake` tokens, the page registers its own offer (TAB_OFFER) and stakes.
 * With `offer`, a returning tab's way: the burner key is put in the profile's localStorage first and registered with
 * `offer` and staked from here, so the page finds it registered and staked and keeps that registration.
 */
export async function startTab(
  world: World,
  url: string,
  profileDir: string,
  stake: bigint,
  pageErrors: string[],
  offer?: { capacity: number },
): Promise<RunningTab> {
  const { context, page } = await openChromium(profileDir, pageErrors);
  if (offer) {
    const burner = Wallet.createRandom();
    await page.goto(`${url}index.html`); // the page's origin, for its localStorage
    await page.evaluate(`localStorage.setItem(${JSON.stringify(BURNER_KEY)}, ${JSON.stringify(burner.privateKey)})`);
    await (await world.sys.deployer.sendTransaction({ to: burner.address, value: parseEther("10") })).wait();
    await addProvider(world.sys, new Wallet(burner.privateKey), { stake, ...TAB_OFFER, ...offer });
  }
  const query = new URLSearchParams({
    market: await world.sys.market.getAddress(),
    registry: await world.sys.registry.getAddress(),
    startBlock: String(world.sys.startBlock),
    auto: "1",
  });
  await page.goto(`${url}provider.html?${query}`);
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

export const profileIn = (work: string) => join(work, "profile");
