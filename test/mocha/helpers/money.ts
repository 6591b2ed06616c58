import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { BPS, auditFeeKept, paymentFor, providerOf, type SystemLike } from "../fixture.js";

/**
 * Exact money of a settlement, computed from the job and the parameters the way `Settlement.finalize` and the
 * court do it, so scenarios can assert every balance to the wei. Attack profits are measured with `worth`.
 */

/** The market parameters a settlement reads. */
export interface SettlementParams {
  auditFeeBps: bigint;
  dissentSlashBps: bigint;
  noShowSlashBps: bigint;
  requesterShareBps: bigint;
  honestShareBps: bigint;
  challengerShareBps: bigint;
}

/** The job fields a settlement reads (a `getJob` result fits). */
export interface JobMoney {
  replicas: bigint;
  maxFuel: bigint;
  maxPricePerMfuel: bigint;
  budget: bigint;
  collateral: bigint;
  fee: bigint;
  auditFee: bigint;
  committedMask: bigint;
}

export interface SettlementCase {
  job: JobMoney;
  params: SettlementParams;
  /**
   * the fuel of the real result that won (agreement or verdict; undefined when none did: the audit fee is then kept on
   * the whole fuel limit), and each paid winner's offer, in slot order
   */
  fuel?: bigint;
  winners?: { pricePerMfuel: bigint; minMfuel?: bigint }[];
  /** whether a real result won and is paid (Completed) */
  completed: boolean;
  /** replicas slashed dissentSlashBps (Dissent or Withheld) and noShowSlashBps (NoShow) */
  dissenters?: number;
  noShows?: number;
  /** the court settled it (a challenger may be owed its share, at most its `bond`) */
  verified?: boolean;
  bond?: bigint;
}

/** What `Settlement.finalize` credits. */
export function expectedSettlement(c: SettlementCase) {
  const { job, params } = c;
  const dissentSlash = (job.collateral * params.dissentSlashBps) / BPS;
  const noShowSlash = (job.collateral * params.noShowSlashBps) / BPS;
  const slashed = BigInt(c.dissenters ?? 0) * dissentSlash + BigInt(c.noShows ?? 0) * noShowSlash;
  const winners = c.winners ?? [];
  // The requester is made whole, never enriched: at most what it escrowed for replicas.
  const uncapped = (slashed * params.requesterShareBps) / BPS;
  const compensation = uncapped > job.replicas * job.budget ? job.replicas * job.budget : uncapped;
  const bonus = winners.length === 0 ? 0n : (slashed * params.honestShareBps) / BPS / BigInt(winners.length);
  // The market's reward; the court pays a winning challenger at most its bond of it.
  const reward = c.verified ? (slashed * params.challengerShareBps) / BPS : 0n;
  const challengerReward = c.bond !== undefined && reward > c.bond ? c.bond : reward;
  const payments = winners.map((w) =>
    c.completed ? paymentFor(c.fuel ?? 0n, w.pricePerMfuel, job.budget, w.minMfuel ?? 0n) : 0n,
  );
  const paid = payments.reduce((a, b) => a + b, 0n);
  // Kept on the fuel used at the job's price (the whole limit without a real result), once anything was committed.
  const auditFee =
    job.committedMask !== 0n ? auditFeeKept(c.fuel ?? job.maxFuel, job.maxPricePerMfuel, params.auditFeeBps) : 0n;
  const fee = c.completed ? job.fee : 0n;
  const escrow = job.replicas * job.budget + job.fee + job.auditFee;
  const refund = escrow - paid - fee - auditFee;
  const toCourt = auditFee + slashed - compensation - bonus * BigInt(winners.length);
  return {
    dissentSlash,
    noShowSlash,
    slashed,
    compensation,
    bonus,
    reward,
    challengerReward,
    payments,
    paid,
    fee,
    auditFee,
    refund,
    requester: refund + compensation,
    toCourt,
  };
}

/**
 * Every token `account` holds or is owed by the protocol: its wallet, its stake and unbonding in the registry, and
 * its claimable balances in the market and the court. An attack pays only if the attacker's worth grows.
 */
export async function worth(sys: SystemLike, account: string | { address: string }) {
  const a = typeof account === "string" ? account : account.address;
  const p = await providerOf(sys.registry, a);
  return (
    (await sys.token.balanceOf(a)) +
    p.stake +
    p.unbonding +
    (await sys.market.claimable(a)) +
    (await sys.court.claimable(a))
  );
}

/** `worth` of several accounts at once. */
export async function worths(sys: SystemLike, accounts: (string | { address: string })[]) {
  return await Promise.all(accounts.map((a) => worth(sys, a)));
}

/**
 * Each account withdraws its market (or, with `from: "court"`, court) balance, which must be exactly its amount: the
 * account's wallet grows and the contract's balance shrinks by it.
 */
export async function withdrawExactly(
  sys: SystemLike,
  entries: [HardhatEthersSigner, bigint][],
  from: "market" | "court" = "market",
) {
  const contract = from === "market" ? sys.market : sys.court;
  const address = await contract.getAddress();
  for (const [who, amount] of entries) {
    expect(await contract.claimable(who.address), `${from} claimable of ${who.address}`).to.equal(amount);
    const [wallet, held] = [await sys.token.balanceOf(who.address), await sys.token.balanceOf(address)];
    await contract.connect(who).withdraw();
    expect((await sys.token.balanceOf(who.address)) - wallet).to.equal(amount);
    // The court may first collect its own income from the market, so only the market's drop is exact.
    if (from === "market") expect(held - (await sys.token.balanceOf(address))).to.equal(amount);
  }
}

/** An event's named arguments as a plain object (ethers' `Result.toObject`, which typechain's types leave out). */
export function eventArgs(event: { args: unknown } | undefined): Record<string, unknown> {
  if (!event) throw new Error("no such event");
  return (event.args as { toObject(): Record<string, unknown> }).toObject();
}
