// The provider page: a burner key (devnet only), registration and stake, then the provider node's engine in this tab.
// Settings come from the query string: rpc, store (absolute URLs or paths on this origin), chainId, market, registry,
// startBlock; fuelPerSecond (skips the measurement, for tests); hiddenPauseSec (how long hidden before claiming pauses,
// default HIDDEN_PAUSE_SEC); auto=1 registers, stakes and starts once the burner is funded.
import { readProvider } from "@hashwork/sdk";
import { formatUnits } from "ethers";
import { burnerWallet, readRegistration, registerAndStake, type Registration } from "./engine/burner.js";
import { measureTabFuelRate, measureTabStackKiB } from "./engine/fuel-rate.js";
import { startTabEngine, type TabEngine, type TabSettings } from "./engine/start.js";
import "./style.css";

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
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
const wallet = burnerWallet();
const startButton = $<HTMLButtonElement>("#start");
let tab: TabEngine | undefined;

$("#address").textContent = wallet.address;
$("#address").dataset.address = wallet.address;

function log(line: string): void {
  const pre = $("#log");
  pre.textContent = `${line}\n${pre.textContent ?? ""}`.slice(0, 20_000);
}

function setEngine(state: string, text = state): void {
  $("#engine").dataset.state = state;
  $("#engine").textContent = text;
}

const tokens = (units: bigint | string | null | undefined) => (units == null ? "–" : formatUnits(units, 18));

function showRegistration(r: Registration): void {
  const el = $("#registration");
  el.dataset.registered = String(r.registered);
  el.dataset.stake = r.stake.toString();
  el.textContent = `${r.registered ? "registered" : "not registered"}, stake ${tokens(r.stake)}, wallet ${tokens(r.balance)} tokens, ${formatUnits(r.eth, 18)} ETH`;
}

/** Waits for the devnet to fund the burner (gas, and tokens unless it already has stake). */
async function waitForFunds(): Promise<Registration> {
  for (;;) {
    const r = await readRegistration(settings.rpcUrl, settings.chainId, settings, wallet).catch((e: Error) => {
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
  el.textContent = paused
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
    await registerAndStake(settings.rpcUrl, settings.chainId, settings, wallet);
    showRegistration(await readRegistration(settings.rpcUrl, settings.chainId, settings, wallet));
    setEngine("measuring", "measuring this tab's fuel per second…");
    settings.fuelPerSecond = await fuelRate();
    settings.stackKiB = await stackSize();
    setEngine("starting", "starting the engine…");
    tab = await startTabEngine(
      settings,
      wallet,
      (o) => log(`${o.msg ?? ""} ${JSON.stringify(o)}`),
      () => !paused,
    );
    setEngine("running");
    void refreshLoop();
  } catch (error) {
    setEngine("failed", `failed: ${(error as Error).message}`);
    log(String((error as Error).stack ?? error));
    startButton.disabled = false;
  }
}

interface JobRow {
  job_id: string;
  state: string;
  output_hash: string | null;
  reason: string | null;
  exec_ms: number | null;
  earned: string | null;
  slashed: string | null;
}

async function refreshLoop(): Promise<void> {
  let tick = 0;
  while (tab && tab.db.isOpen) {
    const { engine, db, config } = tab;
    const rows = db
      .prepare(
        "SELECT job_id, state, output_hash, reason, exec_ms, earned, slashed FROM jobs ORDER BY CAST(job_id AS INTEGER)",
      )
      .all() as JobRow[];
    const body = $("#jobs tbody");
    body.replaceChildren(
      ...rows.map((r) => {
        const tr = document.createElement("tr");
        tr.dataset.jobId = r.job_id;
        tr.dataset.state = r.state;
        tr.dataset.outputHash = r.output_hash ?? "";
        tr.dataset.reason = r.reason ?? "";
        if (r.reason) tr.title = r.reason;
        tr.dataset.execMs = String(r.exec_ms ?? "");
        for (const text of [
          r.job_id,
          r.state,
          r.output_hash ?? "–",
          r.exec_ms == null ? "–" : `${r.exec_ms} ms`,
          tokens(r.earned),
          tokens(r.slashed),
        ]) {
          const td = document.createElement("td");
          td.textContent = text;
          tr.append(td);
        }
        return tr;
      }),
    );
    // The rate the engine claims at (its config): jobs whose fuel limit it cannot burn before the deadline are left.
    const rate = $("#fuel-rate");
    rate.dataset.fuelPerSecond = String(config.provider.fuelPerSecond);
    rate.textContent = `${((config.provider.fuelPerSecond ?? 0) / 1e6).toFixed(0)} M fuel/s (${
      rate.dataset.source === "measured"
        ? "measured at start: the slowest of the four calibration workloads in this tab's Web Worker"
        : "given in the query string"
    })`;
    const totals = engine.stores.jobs.totals();
    $("#earned").textContent = `${tokens(totals.earned)} / ${tokens(totals.slashed)} tokens`;
    $("#earned").dataset.earned = totals.earned.toString();
    $("#earned").dataset.slashed = totals.slashed.toString();
    const storage = $("#storage");
    storage.dataset.saves = String(db.saves);
    storage.dataset.lastSaveMs = db.lastSaveMs.toFixed(1);
    storage.textContent = `SQLite ${(db.sizeBytes / 1024).toFixed(0)} KiB in IndexedDB, ${db.saves} saves, the last took ${db.lastSaveMs.toFixed(1)} ms`;
    const h = engine.health();
    $("#engine").dataset.serviceState = h.state;
    $("#engine").textContent =
      `${h.state}${h.ok ? "" : ` (${h.problems.join("; ")})`}: head ${h.head}, cursor ${h.cursor}, jobs ${JSON.stringify(h.jobs)}`;
    if (tick++ % 4 === 0) {
      const me = await readProvider(engine.contracts.registry, { provider: engine.address }).catch(() => undefined);
      if (me) $("#locked").textContent = `${tokens(me.locked)} of ${tokens(me.stake)} staked`;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

startButton.addEventListener("click", () => void start());
void waitForFunds().then(() => {
  startButton.disabled = false;
  if (auto) void start();
});
