/**
 * Drives whole job lifecycles against a deployed system and records the gas of every step.
 * Shared by the gas benchmark and the gas-snapshot check.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { getAddress, getBytes, MaxUint256, toQuantity, ZeroHash } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { deploySystem } from "@hashwork/harness/deploy";
import { signPermit } from "@hashwork/sdk/actions";
import { firstWinningElapsed } from "@hashwork/sdk/lottery";
import { commitment, executionProof, isAuditedBySeed, verdictCommitment } from "@hashwork/sdk/results";
import {
  BlockhashRandomness__factory,
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  VerificationCourt__factory,
} from "@hashwork/sdk/typechain";

export const TOKEN = 10n ** 18n;
export const STAKE = 1_000n * TOKEN; // every provider's stake after setup
const MFUEL = 1_000_000n;
const PRICE_PER_MFUEL = TOKEN / 100n; // every provider's offer
const MAX_PRICE_PER_MFUEL = 2n * PRICE_PER_MFUEL; // every job's ceiling unless a plan sets another
const MAX_FUEL = 100n * MFUEL;
const FUEL_USED = 40n * MFUEL;
// A day: long enough that every provider of a 1,000-provider market becomes eligible before the claim deadline (by
// then the eligible share has widened 1 + 86,400 s / 60 s = 1,441-fold, past 1,000 / k), so a draw restricted to a few
// chosen candidates always has a winner. The deadlines sit in slots that posting writes anyway: the length costs no gas.
const CLAIM_WINDOW = 24n * 3_600n;

/** One measured transaction; `note` says who sent it when that matters (e.g. which kind of winner claimed). */
export type Step = { step: string; gas: bigint; hash: string; note?: string };

/** Raw JSON-RPC through the connection: no gas estimation, nonce lookup or receipt polling per call. */
type Rpc = (method: string, params?: unknown[]) => Promise<unknown>;

const BATCH = 1_000; // accounts whose setup requests are in flight at once

/** Distinct addresses for impersonated accounts. */
export const address = (n: number) => getAddress(`0x${n.toString(16).padStart(40, "0")}`);

/**
 * The benchmark's market recycles the record of the job just before (the production default is 65,536: job n reuses
 * job n - 65,536's storage). What a recycled record costs does not depend on the ring's size; the size decides only
 * from which job on records are recycled, and a small ring makes that the first job after the warm-up rather than the
 * 65,537th. A k = 3 job here always recycles a k = 1 job's record, the dearer case (two of its replica slots are new).
 */
export const BENCH_RECORD_RING = 1n;

/**
 * Deploys the system and registers `providerCount` staked providers. Every provider is a distinct impersonated
 * address that approves, registers and stakes through its own real transactions. To make 10,000 of them take
 * seconds rather than minutes, the setup sends raw `eth_sendTransaction` requests with explicit gas and nonces
 * (no estimation or nonce lookups) and mines them in full blocks with automine off. The node's cost of queueing
 * a transaction grows with the transactions already pending, steeply so for one sender; so each batch queues
 * at most three per sender and a few thousand in all, and is mined before the next.
 */
export async function setupMarket(conn: NetworkConnection<"generic">, providerCount: number) {
  const { ethers, networkHelpers } = conn;
  const rpc: Rpc = (method, params = []) => conn.provider.request({ method, params });
  // `requester` keeps a standing allowance; `permitRequester` approves nothing and signs a permit per posting;
  // `otherRequester` (a standing allowance too) posts the jobs of the market's other requesters.
  const [deployer, requester, permitRequester, otherRequester] = await ethers.getSigners();
  const { contracts: c } = await deploySystem(conn, { parameters: { recordRing: BENCH_RECORD_RING } });
  const token = HashworkToken__factory.connect(c.HashworkToken!.address, deployer);
  const registry = ProviderRegistry__factory.connect(c.ProviderRegistry!.address, deployer);
  const market = JobMarket__factory.connect(c.JobMarket!.address, deployer);
  const court = VerificationCourt__factory.connect(c.VerificationCourt!.address, deployer);
  const randomness = BlockhashRandomness__factory.connect(c.BlockhashRandomness!.address, deployer);
  const [tokenAddress, registryAddress] = await Promise.all([token.getAddress(), registry.getAddress()]);

  const tx = (from: string, to: string, data: string, gas: number, nonce: number) =>
    rpc("eth_sendTransaction", [{ from, to, data, gas: toQuantity(gas), nonce: toQuantity(nonce) }]);
  const transfer = (to: string, amount: bigint) => token.interface.encodeFunctionData("transfer", [to, amount]);
  const approve = token.interface.encodeFunctionData("approve", [registryAddress, STAKE]);
  const register = registry.interface.encodeFunctionData("register", ["ipfs://provider", 1, PRICE_PER_MFUEL, 0, 64]);
  const stake = registry.interface.encodeFunctionData("stake", [STAKE]);
  /** Sends each item's requests, BATCH items at a time; with `mine`, mines each batch until the mempool is empty. */
  async function batches<T>(items: T[], send: (item: T, index: number) => Promise<unknown>[], mine = true) {
    for (let i = 0; i < items.length; i += BATCH) {
      await Promise.all(items.slice(i, i + BATCH).flatMap((item, j) => send(item, i + j)));
      if (!mine) continue;
      do await rpc("evm_mine");
      while (
        ((await rpc("eth_getBlockByNumber", ["latest", false])) as { transactions: string[] }).transactions.length
      );
    }
  }

  const providers = Array.from({ length: providerCount }, (_, i) => address(0x100000 + i));
  // Tokens fan out through sqrt(n) distributors, each funding sqrt(n) providers (one per batch, nonce = batch).
  const fanout = Math.ceil(Math.sqrt(providerCount));
  const distributors = Array.from({ length: fanout }, (_, i) => address(0x200000 + i));
  const gasMoney = toQuantity(10n ** 20n);
  await batches(
    [...providers, ...distributors],
    (a) => [rpc("hardhat_impersonateAccount", [a]), rpc("hardhat_setBalance", [a, gasMoney])],
    false,
  );
  for (const d of distributors) await token.transfer(d, STAKE * BigInt(fanout)); // automined, one by one
  await rpc("evm_setAutomine", [false]);
  for (let n = 0; n < fanout; n++) {
    const funded = providers.filter((_, i) => i % fanout === n); // distributor k funds provider k * fanout + n
    await batches(funded, (p, k) => [tx(distributors[k], tokenAddress, transfer(p, STAKE), 100_000, n)]);
  }
  await batches(providers, (p) => [
    tx(p, tokenAddress, approve, 100_000, 0),
    tx(p, registryAddress, register, 200_000, 1),
    tx(p, registryAddress, stake, 300_000, 2),
  ]);
  await rpc("evm_setAutomine", [true]);
  // A setup transaction that reverted would silently skew the benchmark.
  const staked = await registry.totalStake();
  const expected = STAKE * BigInt(providerCount);
  if (staked !== expected) throw new Error(`setup: total stake is ${staked}, expected ${expected}`);

  await token.transfer(requester.address, 1_000_000n * TOKEN);
  await token.connect(requester).approve(await market.getAddress(), MaxUint256);
  await token.transfer(permitRequester.address, 1_000_000n * TOKEN);
  await token.transfer(otherRequester.address, 1_000_000n * TOKEN);
  await token.connect(otherRequester).approve(await market.getAddress(), MaxUint256);
  // The court's pool pays auditors; seed it as a deployment would.
  await token.approve(await court.getAddress(), 1_000n * TOKEN);
  await court.fundPool(1_000n * TOKEN);
  // Providers paid by an earlier lifecycle. By default lifecycles draw only others, so every measured payment opens a
  // new claimable slot whatever the number of providers (with 10, repeat winners would otherwise come and go with the
  // wall-clock timestamps that seed the lottery, and move the numbers by ~17k gas per winner).
  const paid = new Set<string>();
  // Winners whose market balance is non-zero (paid and not withdrawn since), and those that withdrew theirs.
  const holding = new Set<string>();
  const withdrew = new Set<string>();
  // Providers whose stake is no longer the setup's STAKE: draws read theirs from the chain.
  const touched = new Set<string>();
  // Providers kept for a scenario's own roles (stake churners, long-history claimers): default draws skip them.
  const reserved = new Set<string>();
  return {
    ethers,
    networkHelpers,
    deployer,
    requester,
    permitRequester,
    otherRequester,
    token,
    registry,
    market,
    court,
    randomness,
    providers,
    paid,
    holding,
    withdrew,
    touched,
    reserved,
  };
}
export type Market = Awaited<ReturnType<typeof setupMarket>>;

export async function measure(
  step: string,
  tx: Promise<{ wait: () => Promise<{ gasUsed: bigint; hash: string } | null> }>,
): Promise<Step> {
  const receipt = (await (await tx).wait())!;
  return { step, gas: receipt.gasUsed, hash: receipt.hash };
}

/** A job as posted: its stakes count as of `postedBlock - 1`. */
export type PostedJob = { jobId: bigint; postedBlock: bigint; postedAt: bigint };

/** Who may take one replica seat of a job, and what happens just before its claim. */
export type Seat = {
  /** Shown beside the seat's claim in the step tables. */
  label?: string;
  /** The seat goes to the earliest lottery winner among these (not seated already). */
  candidates: () => string[];
  /** Runs after the draw, just before this seat's claim: e.g. the claimer topping up its stake. */
  beforeClaim?: (claimer: string, job: PostedJob) => Promise<void>;
};

/** How a lifecycle departs from the flattering default (first-time winners, no stake change after the posting). */
export type Plan = {
  /** Seat i of a k-replica job follows seats[i]; by default every seat takes first-time winners. */
  seats?: Seat[];
  /** Runs right after the posting, before anyone claims: e.g. other providers changing stake. */
  afterPost?: (job: PostedJob) => Promise<void>;
  /** Runs before each claim (index 0 for the first), after the seat's own hook. */
  beforeClaim?: (claimer: string, job: PostedJob, index: number) => Promise<void>;
  /**
   * Replicas claim first and commit in a second transaction, as the provider node does for a job longer than its
   * `jobs.runFirstMaxSec`; by default each runs the job first and its claim commits (the node's way for a short job,
   * which this benchmark's job is: 100 Mfuel is 10 s at the node's default 10 M fuel/s).
   */
  claimFirst?: boolean;
  /** How the requester pays the escrow; see {@link Payment}. */
  payment?: Payment;
  /** Who posts (`wallet` and `balance` payments); by default the market's one requester. */
  requester?: HardhatEthersSigner;
  /** The job's price ceiling, token units per million fuel; by default the benchmark's one price. */
  maxPricePerMfuel?: bigint;
  /** Leave the settlement to the caller (a node settling several finished jobs in one `settleMany`). */
  deferSettle?: boolean;
};

/**
 * How a posting pays its escrow. `wallet` (the default): pulled from the wallet under a standing allowance (the
 * requester's balance in the market is withdrawn first, unmeasured, so that it never pays). `balance`: from the
 * requester's balance in the market, topped up by an unmeasured deposit when short (a repeat requester: deposits and
 * refunds). `permit`: pulled under an EIP-2612 permit of exactly the escrow, `postJobWithPermit` (the CLI's way for a
 * requester whose balance does not cover the job), by a requester that approves nothing.
 */
export type Payment = "wallet" | "balance" | "permit";

export type Claimer = { address: string; seat: number };
export type LifecycleResult = { jobId: bigint; steps: Step[]; audited: boolean; claimers: Claimer[] };

/** The flattering default: providers never paid, unless too few are left (only the 10-provider run gets there). */
function firstTimeWhenPossible(m: Market, count: number, exclude: Set<string>) {
  const open = m.providers.filter((provider) => !m.reserved.has(provider) && !exclude.has(provider));
  const fresh = open.filter((provider) => !m.paid.has(provider));
  return fresh.length >= count + 4 ? fresh : open;
}

type DrawTerms = { jobId: bigint; trigger: bigint; openedAt: bigint; window: bigint; seats: bigint; widening: bigint };

// Most candidates' first win lies beyond a job's first hour: looking there first (one hash for most of them) before the
// whole window keeps a draw over 10,000 providers as cheap as with a one-hour window.
const FIRST_LOOK = 3_600n;

/**
 * One draw's lottery, read from the chain once: `earliest(candidates)` returns the candidate that wins first and the
 * unix time it does (each candidate's time is computed once per draw). Stakes count as of the block before the
 * trigger; a provider whose stake changed since setup is looked up, every other one holds STAKE.
 */
async function lottery(m: Market, o: DrawTerms) {
  const head = BigInt(await m.ethers.provider.getBlockNumber());
  if (head <= o.trigger + 1n) await m.networkHelpers.mine(Number(o.trigger + 2n - head)); // the seed block must exist
  const seed = await m.randomness.seedFor(o.trigger);
  const totalStake = await m.registry.totalStakeAt(o.trigger - 1n);
  const stakes = new Map<string, bigint>();
  const firstWins = new Map<bigint, Map<string, bigint | undefined>>(); // by search limit
  async function winsWithin(provider: string, limit: bigint) {
    const known = firstWins.get(limit) ?? firstWins.set(limit, new Map()).get(limit)!;
    if (!known.has(provider)) {
      if (!stakes.has(provider)) {
        stakes.set(
          provider,
          m.touched.has(provider) ? await m.registry.lotteryStakeAt(provider, o.trigger - 1n) : STAKE,
        );
      }
      const stake = stakes.get(provider)!;
      const input = {
        seed,
        jobId: o.jobId,
        provider,
        stake,
        totalStake,
        replicas: o.seats,
        wideningPeriod: o.widening,
      };
      known.set(provider, firstWinningElapsed(input, limit));
    }
    return known.get(provider);
  }
  return async function earliest(candidates: string[]) {
    for (const limit of o.window > FIRST_LOOK ? [FIRST_LOOK, o.window] : [o.window]) {
      let best: { provider: string; at: bigint } | undefined;
      for (const provider of candidates) {
        const elapsed = await winsWithin(provider, limit);
        if (elapsed !== undefined && (best === undefined || elapsed < best.at)) best = { provider, at: elapsed };
      }
      if (best) return { provider: best.provider, at: o.openedAt + best.at };
    }
    return undefined;
  };
}

export async function at(m: Market, timestamp: bigint) {
  const now = BigInt(await m.networkHelpers.time.latest());
  if (now < timestamp) await m.networkHelpers.time.setNextBlockTimestamp(timestamp);
}

/** Posts a job on the benchmark's terms (a day to claim), paying as `payment` says; returns its gas and the job's id. */
export async function post(
  m: Market,
  replicas: number,
  payment: Payment = "wallet",
  poster?: HardhatEthersSigner,
  maxPricePerMfuel = MAX_PRICE_PER_MFUEL,
) {
  const now = BigInt(await m.networkHelpers.time.latest());
  const claimDeadline = now + CLAIM_WINDOW;
  const request = {
    resourceClass: 0,
    replicas,
    maxFuel: MAX_FUEL,
    maxPricePerMfuel,
    minReputation: 0,
    claimDeadline,
    commitDeadline: claimDeadline + 3_600n,
    bundleHash: m.ethers.id(`bundle-${now}`),
    bundleURI: "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
  };
  const requester = payment === "permit" ? m.permitRequester : (poster ?? m.requester);
  const market = m.market.connect(requester);
  const [escrow] = await m.market.escrowFor(request);
  const held = await m.market.claimable(requester.address);
  if (payment === "balance" && held < escrow) await (await market.deposit(100n * TOKEN)).wait();
  if (payment !== "balance" && held > 0n) await (await market.withdraw()).wait();
  let step: Step;
  if (payment === "permit") {
    const latest = BigInt(await m.networkHelpers.time.latest());
    const p = await signPermit(m.token, requester, await m.market.getAddress(), escrow, latest + 3_600n);
    step = await measure("postJobWithPermit", market.postJobWithPermit(request, p.deadline, p.v, p.r, p.s));
  } else step = await measure("postJob", market.postJob(request));
  return { step, jobId: await m.market.jobCount() };
}

/**
 * One complete job with `replicas` honest providers; returns the gas of each step, whether the protocol audited it
 * (then an honest auditor, drawn by the court's lottery, claims, commits and reveals before settlement) and who
 * claimed which seat. `plan` picks the seats' candidates and the stake changes around the claims.
 */
export async function runLifecycle(m: Market, replicas: number, plan: Plan = {}): Promise<LifecycleResult> {
  const steps: Step[] = [];
  const posted = await post(m, replicas, plan.payment, plan.requester, plan.maxPricePerMfuel);
  steps.push(posted.step);
  const jobId = posted.jobId;
  const job = await m.market.getJob(jobId);
  const postedJob: PostedJob = { jobId, postedBlock: job.postedBlock, postedAt: job.postedAt };
  await plan.afterPost?.(postedJob);
  const { wideningPeriod } = await m.market.parameters();
  const earliest = await lottery(m, {
    jobId,
    trigger: job.postedBlock,
    openedAt: job.postedAt,
    window: job.claimDeadline - job.postedAt,
    seats: BigInt(replicas),
    widening: wideningPeriod,
  });
  // Each seat in turn takes the earliest winner among its candidates; the claims then go in the order of their times.
  const seated = new Set<string>();
  const draws: { provider: string; at: bigint; seat: number }[] = [];
  for (let i = 0; i < replicas; i++) {
    const seat = plan.seats?.[i];
    const candidates = seat ? seat.candidates() : firstTimeWhenPossible(m, replicas, new Set());
    const d = await earliest(candidates.filter((provider) => !seated.has(provider)));
    if (!d) throw new Error(`job ${jobId}: no candidate for seat ${i} (${seat?.label ?? "first-time"}) wins the draw`);
    seated.add(d.provider);
    draws.push({ ...d, seat: i });
  }
  draws.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const output = m.ethers.id(`output-${jobId}`);
  const salt = (s: HardhatEthersSigner) => m.ethers.id(`salt-${jobId}-${s.address}`);
  const signers: HardhatEthersSigner[] = [];
  for (const [index, d] of draws.entries()) {
    const seat = plan.seats?.[d.seat];
    await seat?.beforeClaim?.(d.provider, postedJob);
    await plan.beforeClaim?.(d.provider, postedJob, index);
    await at(m, d.at);
    const signer = await m.ethers.getSigner(d.provider);
    signers.push(signer);
    const c = plan.claimFirst ? ZeroHash : commitment(jobId, signer.address, output, FUEL_USED, salt(signer));
    const claim = await measure("claim", m.market.connect(signer).claim(jobId, c));
    steps.push(seat?.label ? { ...claim, note: seat.label } : claim);
  }
  // signers are in claim order: signer i holds replica slot i.
  for (const [slot, s] of plan.claimFirst ? signers.entries() : []) {
    const c = commitment(jobId, s.address, output, FUEL_USED, salt(s));
    steps.push(await measure("commitResult", m.market.connect(s).commitResult(jobId, slot, c)));
  }
  // The first reveal takes the audit decision (an audited job's decision is taken by the auditor's claim instead, as
  // replicas cannot reveal before the auditor committed). The decision is real block-hash randomness.
  const closed = await m.market.getJob(jobId);
  await m.networkHelpers.mine(2);
  const audited = isAuditedBySeed(await m.randomness.seedFor(closed.commitsClosedBlock), jobId, closed.auditRateBps);
  let auditor: HardhatEthersSigner | undefined;
  if (audited) {
    const court = await m.court.parameters();
    const exclude = new Set(signers.map((s) => s.address));
    const t = closed.commitsClosedAt;
    const earliestAuditor = await lottery(m, {
      jobId,
      trigger: closed.commitsClosedBlock,
      openedAt: t,
      window: (await m.market.parameters()).auditDrawPeriod,
      seats: 1n,
      widening: court.wideningPeriod,
    });
    const a = await earliestAuditor(firstTimeWhenPossible(m, 1, exclude));
    await at(m, a!.at);
    auditor = await m.ethers.getSigner(a!.provider);
    steps.push(await measure("claimVerifier (audit)", m.court.connect(auditor).claimVerifier(jobId)));
    const seed = await m.randomness.seedFor(closed.commitsClosedBlock);
    const proof = executionProof(seed, m.ethers.id(`state-${jobId}`));
    const c = verdictCommitment(jobId, auditor.address, output, FUEL_USED, proof, salt(auditor));
    steps.push(await measure("commitVerdict (audit)", m.court.connect(auditor).commitVerdict(jobId, c)));
    for (const [slot, s] of signers.entries()) {
      const reveal = m.market.connect(s).revealResult(jobId, slot, output, FUEL_USED, salt(s), "ipfs://bafkreiresult");
      steps.push(await measure("revealResult", reveal));
    }
    const reveal = m.court.connect(auditor).revealVerdict(jobId, output, FUEL_USED, proof, salt(auditor), "");
    steps.push(await measure("revealVerdict (audit)", reveal));
  } else if (replicas === 1 && !plan.deferSettle) {
    // The node's way for an unaudited k = 1 job: the answer stays sealed through the challenge window counted from
    // the commitment (the timeline's challengeEndsAt while the audit is undecided), then one transaction reveals it and
    // settles the job.
    await at(m, (await m.market.timeline(jobId)).challengeEndsAt + 1n);
    const s = signers[0]!;
    const reveal = m.market.connect(s).revealAndSettle(jobId, output, FUEL_USED, salt(s), "ipfs://bafkreiresult");
    steps.push(await measure("revealAndSettle", reveal));
  } else {
    // Revealed at once: k >= 2 (the replicas' answers are compared), or a k = 1 job left for a node's settleMany (as
    // when somebody takes its audit decision to see the answer: its replica then reveals, and the window follows).
    for (const [slot, s] of signers.entries()) {
      const reveal = m.market.connect(s).revealResult(jobId, slot, output, FUEL_USED, salt(s), "ipfs://bafkreiresult");
      steps.push(await measure("revealResult", reveal));
    }
  }
  if (!plan.deferSettle && !(replicas === 1 && !audited)) {
    await at(m, (await m.market.timeline(jobId)).challengeEndsAt + 1n);
    steps.push(await measure("settle", m.market.settle(jobId)));
  }
  for (const s of signers) {
    m.paid.add(s.address);
    m.holding.add(s.address); // the market credited its pay
  }
  if (auditor) m.paid.add(auditor.address); // the court pays the auditor: its market balance is unchanged
  return { jobId, steps, audited, claimers: draws.map((d) => ({ address: d.provider, seat: d.seat })) };
}

export const total = (steps: Step[]) => steps.reduce((sum, s) => sum + s.gas, 0n);

/** Where one transaction's gas went, in gas units; the fields add up to its gasUsed. */
export type Breakdown = {
  base: number; // 21,000 per transaction
  calldata: number; // 4 per zero byte, 16 per other byte
  newSlots: [count: number, gas: number]; // storage slots written from zero (20,000 + 2,100 cold access)
  updatedSlots: [count: number, gas: number]; // non-zero slots rewritten (2,900 + 2,100 cold access)
  coldReads: [count: number, gas: number]; // slots only read (2,100 each, the first time)
  token: number; // the token call: its code, storage and events, and the call itself
  calls: number; // calls to the registry and randomness source (2,600 for a cold account, plus ABI)
  events: number; // LOG opcodes outside the token
  execution: number; // everything else: arithmetic, hashing, memory, warm reads and control flow
  /** Every storage slot the transaction touched outside the token, in order of first access. */
  slots: SlotAccess[];
  /** Accesses of slots already touched in the transaction (100 gas each, counted in the slots' gas). */
  warm: { reads: number; rewrites: number };
};

/** One slot's accesses in a transaction: whose storage (under DELEGATECALL, the caller's), and what they cost. */
export type SlotAccess = { storage: string; slot: bigint; gas: number; kind: "new" | "update" | "read" };

type StructLog = { op: string; gas: number; gasCost: number; depth: number; stack?: string[] };

/**
 * Classifies a transaction's gas from the node's opcode trace: storage by slot, in the storage it belongs to (a linked
 * library's accesses are its caller's; a slot that goes from zero to non-zero is a new slot; one rewritten is an
 * update; one only read is a cold read), the token call as one item,
 * other calls' own cost, events, and the rest as execution.
 */
export async function breakdown(conn: NetworkConnection<"generic">, hash: string, token: string) {
  const rpc = (method: string, params: unknown[]) => conn.provider.request({ method, params });
  const tx = (await rpc("eth_getTransactionByHash", [hash])) as { to: string; input: string };
  const receipt = (await rpc("eth_getTransactionReceipt", [hash])) as { gasUsed: string };
  const trace = (await rpc("debug_traceTransaction", [hash, { disableMemory: true, disableStorage: true }])) as {
    structLogs: StructLog[];
  };
  const logs = trace.structLogs;
  const data = getBytes(tx.input);
  const warm = { reads: 0, rewrites: 0 };
  const b: Breakdown = {
    base: 21_000,
    calldata: data.reduce((sum, byte) => sum + (byte === 0 ? 4 : 16), 0),
    newSlots: [0, 0],
    updatedSlots: [0, 0],
    coldReads: [0, 0],
    token: 0,
    calls: 0,
    events: 0,
    execution: 0,
    slots: [],
    warm,
  };
  const top = (stack: string[] | undefined, n: number) => BigInt(stack![stack!.length - 1 - n]);
  const slots = new Map<string, { storage: string; slot: bigint; gas: number; set: boolean; updated: boolean }>();
  const frames: string[] = [tx.to.toLowerCase()]; // the contract executing at each depth
  const storages: string[] = [tx.to.toLowerCase()]; // whose storage it runs in (a library runs in its caller's)
  const tokenAddress = token.toLowerCase();
  for (let i = 0; i < logs.length; i++) {
    const l = logs[i];
    const here = frames[l.depth - 1];
    let cost = l.gasCost;
    if (["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"].includes(l.op)) {
      frames[l.depth] = `0x${top(l.stack, 1).toString(16).padStart(40, "0")}`;
      storages[l.depth] = l.op === "DELEGATECALL" || l.op === "CALLCODE" ? storages[l.depth - 1] : frames[l.depth];
      // A call's own cost: gas gone from the caller between the call and the next opcode at its depth,
      // less what the callee used.
      let j = i + 1;
      while (j < logs.length && logs[j].depth > l.depth) j++;
      const callee = j > i + 1 ? logs[i + 1].gas - (logs[j - 1].gas - logs[j - 1].gasCost) : 0;
      cost = j < logs.length ? l.gas - logs[j].gas - callee : l.gasCost;
    }
    if (here === tokenAddress || (frames[l.depth] === tokenAddress && l.op.endsWith("CALL"))) {
      b.token += cost;
    } else if (l.op === "SLOAD" || l.op === "SSTORE") {
      const storage = storages[l.depth - 1];
      const key = `${storage}:${top(l.stack, 0)}`;
      const slot = slots.get(key) ?? { storage, slot: top(l.stack, 0), gas: 0, set: false, updated: false };
      if (cost === 100) warm[l.op === "SLOAD" ? "reads" : "rewrites"] += 1;
      slot.gas += cost;
      if (l.op === "SSTORE" && cost >= 20_000) slot.set = true;
      else if (l.op === "SSTORE" && cost >= 2_900) slot.updated = true;
      slots.set(key, slot);
    } else if (l.op.startsWith("LOG")) b.events += cost;
    else if (l.op.endsWith("CALL") || l.op === "EXTCODESIZE") b.calls += cost;
    else b.execution += cost;
  }
  for (const slot of slots.values()) {
    const bucket = slot.set ? b.newSlots : slot.updated ? b.updatedSlots : slot.gas >= 2_100 ? b.coldReads : null;
    if (bucket) {
      bucket[0] += 1;
      bucket[1] += slot.gas;
      const kind = slot.set ? "new" : slot.updated ? "update" : "read";
      b.slots.push({ storage: slot.storage, slot: slot.slot, gas: slot.gas, kind });
    } else b.execution += slot.gas; // warm reads of slots an earlier call in this transaction loaded
  }
  const sum =
    b.base +
    b.calldata +
    b.newSlots[1] +
    b.updatedSlots[1] +
    b.coldReads[1] +
    b.token +
    b.calls +
    b.events +
    b.execution;
  // Exact on these paths (they earn no refunds); a gap means the classification above missed something.
  if (sum !== Number(BigInt(receipt.gasUsed))) throw new Error(`breakdown of ${hash}: ${sum} != ${receipt.gasUsed}`);
  return b;
}
