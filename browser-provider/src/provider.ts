// The provider page: the tab's working key (funded by a connected wallet, or on a devnet a burner the devnet funds),
// registration and stake, then the provider node's engine in this tab; "Stop and withdraw" takes it all back out.
// Settings come from the query string: rpc, store (absolute URLs or paths on this origin), chainId, market, registry,
// startBlock; fuelPerSecond (skips the measurement, for tests); hiddenPauseSec (how long hidden before claiming pauses,
// default HIDDEN_PAUSE_SEC); auto=1 registers, stakes and starts once the working key is funded.
import { readProvider } from "@hashwork/sdk";
import { formatUnits } from "ethers";
import { measureTabFuelRate, measureTabStackKiB } from "./engine/fuel-rate.js";
import { injectedWallet } from "./engine/injected-wallet.js";
import { readRegistration, registerAndStake, type Registration } from "./engine/registration.js";
import { startTabEngine, type TabEngine, type TabSettings } from "./engine/start.js";
import { lastFuelRate, setLastFuelRate, withdrawPhase, workingKey } from "./engine/working-key.js";
import { $, log, tokens } from "./page.js";
import { setupWalletPanel, showOwner } from "./wallet-panel.js";
import { runWithdrawal } from "./withdraw-panel.js";
import { renderEngine } from "./engine-view.js";
import "./style.css";

const params = new URLSearchParams(location.search);
const absolute = (url: string) => new URL(url, location.href).href.replace(/\/$/, "");
const settings: TabSettings = {
  chainId: Number(params.get("chainId") ?? 31337),
  rpcUrl: absolute(params.get("rpc") ?? "/rpc"),
  storeUrl: absolute(params.get("store") ?? "/store"),
  market: params.get("market") ?? "",
  registry: params.get("registry") ?? "",
  startBlock: Number(params.get("startBlock") ?? 0),
  fuelPerSecond: 0, // measured at start, unless the query string gives it
  stackKiB: 0, // measured at start
};
/** Hidden this long (seconds), the tab stops claiming new jobs; it finishes the ones it holds. */
const HIDDEN_PAUSE_SEC = 60;
const hiddenPauseMs = 1_000 * Number(params.get("hiddenPauseSec") ?? HIDDEN_PAUSE_SEC);
const auto = params.get("auto") === "1";
const wallet = workingKey();
const injected = injectedWallet();
const startButton = $<HTMLButtonElement>("#start");
const withdrawButton = $<HTMLButtonElement>("#withdraw");
let tab: TabEngine | undefined;
/** Set by "Stop and withdraw" (and by a reload mid-withdrawal): the engine claims nothing new. */
let withdrawRequested = withdrawPhase(settings.chainId, wallet.address) !== undefined;

$("#address").textContent = wallet.address;
$("#address").dataset.address = wallet.address;
// With a wallet the key is the tab's working key, funded by the wallet; without one (a devnet) it is a burner.
$(injected ? "#working-key-warning" : "#devnet-warning").hidden = false;
$("#address-label").textContent = injected ? "Working key (this tab's)" : "Burner address";
if (injected) setupWalletPanel(injected, settings, wallet.address);
else showOwner(settings.chainId, wallet.address);

function setEngine(state: string, text = state): void {
  $("#engine").dataset.state = state;
  $("#engine").textContent = text;
}

function showRegistration(r: Registration): void {
  const el = $("#registration");
  el.dataset.registered = String(r.registered);
  el.dataset.stake = r.stake.toString();
  const unbonding = r.unbonding > 0n ? `, unbonding ${tokens(r.unbonding)}` : "";
  $("#locked").textContent = `${tokens(r.locked)} of ${tokens(r.stake)} staked`;
  el.textContent = `${r.registered ? "registered" : "not registered"}, stake ${tokens(r.stake)}${unbonding}, working key holds ${tokens(r.balance)} tokens, ${formatUnits(r.eth, 18)} ETH`;
  // Stake or unbonding stake can be withdrawn whether or not the engine runs (it is started to finish held jobs).
  if (r.stake > 0n || r.unbonding > 0n) withdrawButton.disabled = false;
}

/** Waits until the working key is funded (gas, and tokens unless it already has stake): by the wallet or the devnet. */
async function waitForFunds(): Promise<Registration> {
  for (;;) {
    const r = await readRegistration(settings, wallet.address).catch((e: Error) => {
      log(`reading the registration failed: ${e.message}`);
      return undefined;
    });
    if (r) {
      showRegistration(r);
      if (r.eth > 0n && (r.balance > 0n || r.stake > 0n)) return r;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The tab's fuel per second before the engine starts: measured as the node measures at boot (the SDK's calibration
 * workloads in this tab's Web Workers, the slowest of them), or the query string's `fuelPerSecond`.
 */
async function fuelRate(): Promise<number> {
  const rate = $("#fuel-rate");
  const given = params.get("fuelPerSecond");
  if (given !== null) {
    rate.dataset.source = "configured";
    return Number(given);
  }
  rate.textContent = "measuring…";
  const measured = await measureTabFuelRate();
  rate.dataset.source = "measured";
  rate.dataset.measuredFuelPerSecond = String(Math.floor(measured.fuelPerSecond));
  rate.title = measured.samples.map((s) => `${s.name}: ${(s.fuelPerSecond / 1e6).toFixed(0)} M fuel/s`).join(", ");
  log(`measured this tab's fuel per second: ${rate.title}`);
  return Math.floor(measured.fuelPerSecond);
}

/**
 * The largest bundle stack budget this tab's Web Worker holds (the SDK's stack probe): bundles asking for more (deep
 * recursion) are left to provider nodes, since the tab could not finish them.
 */
async function stackSize(): Promise<number> {
  const stack = $("#stack");
  stack.textContent = "measuring…";
  const kib = await measureTabStackKiB();
  stack.dataset.stackKib = String(kib);
  stack.textContent = `${kib} KiB: takes jobs whose stack budget is at most this (the default is 128 KiB); deeper ones are left to provider nodes`;
  log(`measured this tab's stack: ${kib} KiB of stack budget`);
  return kib;
}

// Claiming pauses once the tab has been hidden for hiddenPauseMs and resumes when it is visible again.
let paused = false;
let hiddenTimer: ReturnType<typeof setTimeout> | undefined;
function showClaiming(): void {
  const el = $("#claiming");
  el.dataset.paused = String(paused);
  el.dataset.withdrawing = String(withdrawRequested);
  el.textContent = withdrawRequested
    ? "stopped: withdrawing (finishing the jobs it holds, claiming nothing new)"
    : !tab
      ? "not claiming: the engine is not running"
      : paused
        ? "paused: tab hidden (finishing the jobs it holds; claims again when visible)"
        : `claiming (pauses after ${hiddenPauseMs / 1000} s hidden)`;
}
function onVisibility(): void {
  clearTimeout(hiddenTimer);
  if (document.visibilityState === "hidden") {
    hiddenTimer = setTimeout(() => {
      paused = true;
      log("tab hidden: claiming paused");
      showClaiming();
    }, hiddenPauseMs);
  } else if (paused) {
    paused = false;
    log("tab visible: claiming resumed");
  }
  showClaiming();
}
document.addEventListener("visibilitychange", onVisibility);
onVisibility();

async function start(): Promise<void> {
  startButton.disabled = true;
  try {
    setEngine("registering", "registering and staking…");
    await registerAndStake(settings, wallet);
    showRegistration(await readRegistration(settings, wallet.address));
    setEngine("measuring", "measuring this tab's fuel per second…");
    settings.fuelPerSecond = await fuelRate();
    settings.stackKiB = await stackSize();
    setLastFuelRate(settings.fuelPerSecond);
    await startEngine();
  } catch (error) {
    setEngine("failed", `failed: ${(error as Error).message}`);
    log(String((error as Error).stack ?? error));
    startButton.disabled = false;
  }
}

/** Starts the engine (claiming while visible and no withdrawal is asked for) and the page's refresh loop. */
async function startEngine(): Promise<TabEngine> {
  setEngine("starting", "starting the engine…");
  tab = await startTabEngine(
    settings,
    wallet,
    (o) => log(`${o.msg ?? ""} ${JSON.stringify(o)}`),
    () => !paused && !withdrawRequested,
  );
  setEngine("running");
  showClaiming();
  withdrawButton.disabled = false;
  void refreshLoop();
  return tab;
}

function withdraw(): Promise<void> {
  withdrawRequested = true;
  showClaiming();
  startButton.disabled = true;
  return runWithdrawal({
    settings,
    wallet,
    engine: () => tab,
    // A reload mid-withdrawal: the engine comes back only to finish what it holds, at the rate it last measured.
    startDraining: async () => {
      const given = Number(params.get("fuelPerSecond"));
      settings.fuelPerSecond = given || lastFuelRate() || 1; // settings.stackKiB stays 0: it claims nothing
      $("#fuel-rate").dataset.source = given ? "configured" : "reused";
      return startEngine();
    },
    stopped: () => {
      tab = undefined;
      setEngine("stopped", "stopped for the withdrawal");
    },
    ran: () => void readRegistration(settings, wallet.address).then(showRegistration, () => undefined),
    finished: () => {
      withdrawRequested = false;
      showClaiming();
      // Funded again, the key waits for "start": it does not restake what was just withdrawn on its own.
      void fundedThenStart(false);
    },
  });
}

async function refreshLoop(): Promise<void> {
  let tick = 0;
  while (tab && tab.db.isOpen) {
    const { engine } = tab;
    renderEngine(tab);
    if (tick++ % 4 === 0) {
      const me = await readProvider(engine.contracts.registry, { provider: engine.address }).catch(() => undefined);
      if (me) $("#locked").textContent = `${tokens(me.locked)} of ${tokens(me.stake)} staked`;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Enables "start" once the working key is funded, and starts at once with `auto=1`. */
async function fundedThenStart(autoStart = auto): Promise<void> {
  await waitForFunds();
  startButton.disabled = false;
  if (autoStart) void start();
}

startButton.addEventListener("click", () => void start());
withdrawButton.addEventListener("click", () => void withdraw());
if (withdrawRequested) {
  // A reload mid-withdrawal resumes it: no claiming, no restaking.
  void readRegistration(settings, wallet.address).then(showRegistration, () => undefined);
  void withdraw();
} else {
  void fundedThenStart();
}
