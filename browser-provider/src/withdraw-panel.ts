// "Stop and withdraw": stop claiming, let the engine finish what it holds, stop it, then withdraw earnings and stake
// and send them to the wallet that funded the working key. Every step reads the chain first, so pressing the button
// again after a failure, a reload or the unbonding delay resumes where the withdrawal stood.
import { readProvider } from "@hashwork/sdk";
import type { Wallet } from "ethers";
import { renderEngine } from "./engine-view.js";
import type { TabEngine } from "./engine/start.js";
import type { ChainSettings } from "./engine/tab-chain.js";
import { heldBy, holdsNothing, withdrawAll, type Held, type Payout } from "./engine/withdraw.js";
import { ownerOf, setWithdrawPhase, withdrawPhase } from "./engine/working-key.js";
import { $, errorText, log, show, tokens } from "./page.js";

export interface WithdrawHost {
  settings: ChainSettings;
  wallet: Wallet;
  /** The running engine, if any. */
  engine(): TabEngine | undefined;
  /** Starts the engine to finish held jobs, claiming nothing (after a reload mid-withdrawal). */
  startDraining(): Promise<TabEngine>;
  /** Called once the engine stopped. */
  stopped(): void;
  /** Called after each run of the withdrawal, whatever came of it (the page re-reads the chain). */
  ran(): void;
  /** Called once nothing is left to withdraw (the key may be funded and started again). */
  finished(): void;
}

const POLL_MS = 1_000;

function describeHeld(h: Held, locked: bigint): string {
  const parts = [
    ...h.jobs.map((j) => `job ${j.jobId} (${j.state})`),
    ...h.seats.map((s) => `verifier seat of job ${s.jobId} round ${s.round} (${s.state})`),
    ...(h.pendingTxs > 0 ? [`${h.pendingTxs} transaction(s) not mined yet`] : []),
    ...(locked > 0n ? [`${tokens(locked)} tokens locked as collateral on chain`] : []),
  ];
  return (
    `claiming stopped; waiting for what the tab still holds: ${parts.join(", ")}. ` +
    "Leaving now would forfeit that collateral as a no-show; each settles after its reveal and challenge window."
  );
}

/** Lets the engine finish what it holds (it claims nothing new), then stops it. */
async function drain(host: WithdrawHost, status: HTMLElement): Promise<void> {
  const tab = host.engine() ?? (await host.startDraining());
  for (;;) {
    const held = heldBy(tab.engine);
    const { locked } = await readProvider(tab.engine.contracts.registry, { provider: tab.engine.address });
    if (holdsNothing(held) && locked === 0n) break;
    show(status, "waiting", describeHeld(held, locked));
    status.dataset.heldJobs = held.jobs.map((j) => j.jobId).join(",");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  show(status, "stopping", "nothing held: stopping the engine…");
  renderEngine(tab); // the final state of its jobs stays on the page
  await tab.engine.stop("withdrawing");
  host.stopped();
}

function describePayout(p: Payout, to: string | undefined): string {
  const where = to ? `sent to ${to}` : "kept by the working key (no wallet funded it)";
  if (p.unbonding > 0n) {
    const at = new Date(p.unbondingReadyAt * 1000);
    const minutes = Math.max(0, Math.ceil((p.unbondingReadyAt - p.chainNow) / 60));
    return (
      `${tokens(p.unbonding)} tokens of stake are unbonding: withdrawable from ${at.toISOString()} (chain time, in about ` +
      `${minutes} min). Earnings so far ${where}. Press "Finish withdrawal" then; keep this browser profile until ` +
      `then: the key that can withdraw them is here. The working key holds ${tokens(p.tokens)} tokens and ` +
      `${tokens(p.eth)} ETH (gas for that transaction).`
    );
  }
  return `done: stake and earnings ${where}. The working key holds ${tokens(p.tokens)} tokens and ${tokens(p.eth)} ETH.`;
}

let running = false;

/** Runs (or resumes) the withdrawal; shows each step, and on failure what failed and that retrying is safe. */
export async function runWithdrawal(host: WithdrawHost): Promise<void> {
  if (running) return;
  running = true;
  const { chainId } = host.settings;
  const me = host.wallet.address;
  const status = $("#withdraw-status");
  const button = $<HTMLButtonElement>("#withdraw");
  button.disabled = true;
  let done = false;
  try {
    if (withdrawPhase(chainId, me) !== "stopped") {
      setWithdrawPhase(chainId, me, "draining");
      await drain(host, status);
      setWithdrawPhase(chainId, me, "stopped");
    }
    const to = ownerOf(chainId, me);
    const payout = await withdrawAll(host.settings, host.wallet, to, (step, detail) => {
      log(`withdrawal: ${step} ${detail}`);
      show(status, "withdrawing", `withdrawing: ${step} (${detail})…`);
    });
    status.dataset.unbonding = payout.unbonding.toString();
    status.dataset.unbondingReadyAt = String(payout.unbondingReadyAt);
    if (payout.unbonding > 0n) {
      show(status, "unbonding", describePayout(payout, to));
      button.textContent = "Finish withdrawal";
    } else {
      show(status, "done", describePayout(payout, to));
      setWithdrawPhase(chainId, me, undefined);
      button.textContent = to ? "Stop and withdraw to wallet" : "Stop and withdraw";
      done = true;
      host.finished();
    }
  } catch (error) {
    log(String((error as Error).stack ?? error));
    show(status, "failed", `withdrawal failed: ${errorText(error)}. Nothing is lost: press the button again to retry.`);
  } finally {
    // Done, there is nothing to withdraw until the key is funded and started again.
    button.disabled = done;
    running = false;
    host.ran();
  }
}
