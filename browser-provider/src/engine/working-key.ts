import { Wallet } from "ethers";

const KEY = "hashwork.tab.workingKey";
/** Where the first pages kept the same key (a devnet burner): read once and moved, so its stake is not orphaned. */
const LEGACY_KEY = "hashwork.devnet.burnerKey";

/**
 * The tab's working key: made in the page and kept in this browser's localStorage, in the clear, because the engine
 * signs each claim, commit and reveal itself and saves the signed bytes before broadcasting them (a wallet extension
 * would prompt for each and cannot sign without sending). On a devnet without a wallet it is a burner the devnet funds;
 * with a connected wallet, the wallet funds it and gets everything back on withdrawal. Anyone with this browser
 * profile can use it, and losing the profile loses it and whatever it holds: withdraw first.
 */
export function workingKey(): Wallet {
  let key = localStorage.getItem(KEY) ?? localStorage.getItem(LEGACY_KEY);
  if (key === null) key = Wallet.createRandom().privateKey;
  localStorage.setItem(KEY, key);
  localStorage.removeItem(LEGACY_KEY);
  return new Wallet(key);
}

const scoped = (what: string, chainId: number, workingAddress: string) =>
  `hashwork.tab.${what}.${chainId}.${workingAddress.toLowerCase()}`;

/** The wallet that funded the working key on this chain (where withdrawals go), if one did. */
export function ownerOf(chainId: number, workingAddress: string): string | undefined {
  return localStorage.getItem(scoped("owner", chainId, workingAddress)) ?? undefined;
}

export function setOwner(chainId: number, workingAddress: string, owner: string): void {
  localStorage.setItem(scoped("owner", chainId, workingAddress), owner);
}

/**
 * A withdrawal asked for and not finished: `draining` while the engine finishes what it holds (claiming stopped),
 * `stopped` once the engine stopped holding nothing (the rest are chain steps, or the unbonding delay). The page then
 * neither claims nor restakes after a reload, and resumes the withdrawal where it stood (each step reads the chain
 * first, so none runs twice).
 */
export type WithdrawPhase = "draining" | "stopped";

export function withdrawPhase(chainId: number, workingAddress: string): WithdrawPhase | undefined {
  return (localStorage.getItem(scoped("withdrawing", chainId, workingAddress)) as WithdrawPhase | null) ?? undefined;
}

export function setWithdrawPhase(chainId: number, workingAddress: string, phase: WithdrawPhase | undefined): void {
  const key = scoped("withdrawing", chainId, workingAddress);
  if (phase) localStorage.setItem(key, phase);
  else localStorage.removeItem(key);
}

/** The fuel per second the tab last measured: a reload that only finishes held jobs (claims nothing) reuses it. */
export function lastFuelRate(): number | undefined {
  const rate = Number(localStorage.getItem("hashwork.tab.fuelPerSecond"));
  return rate > 0 ? rate : undefined;
}

export function setLastFuelRate(rate: number): void {
  localStorage.setItem("hashwork.tab.fuelPerSecond", String(rate));
}
