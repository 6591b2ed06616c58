import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";
import HashworkModule from "../../ignition/modules/Hashwork.js";
import type {
  BlockhashRandomness,
  DisputeCourt,
  HashworkGovernor,
  HashworkTimelock,
  HashworkToken,
  JobMarket,
  ProviderRegistry,
} from "../../sdk/src/typechain/index.js";
import { firstWinningElapsed } from "../../sdk/src/lottery.js";
import { commitment } from "../../sdk/src/results.js";

export const { ethers, ignition, networkHelpers } = await network.getOrCreate();

export const TOKEN = 10n ** 18n;
export const DAY = 24n * 3600n;

/** Deploys the system with the devnet defaults (one Ignition module for tests, scripts and the devnet). */
export async function deploySystem() {
  const signers = await ethers.getSigners();
  // Ignition prices each transaction at twice the latest block's base fee plus a priority fee. Coverage runs deploy
  // far heavier code, and after `hardhat_mine` the chain's blocks can be small, so each deployment block can triple
  // the base fee and a later transaction of the same deployment meets a next-block base fee above its price
  // ("maxFeePerGas too low for the next block"). Starting the deployment from a 1-wei base fee keeps every
  // deployment block's base fee far below the priority fee, whatever the growth.
  await networkHelpers.setNextBlockBaseFeePerGas(1n);
  const { token, registry, market, randomness, court, timelock, governor } = await ignition.deploy(HashworkModule);
  // The Timelock owns the market and the registry and is the treasury. Unit tests act as it directly (an
  // impersonated account); test/mocha/governance/ drives the real proposal path.
  const owner = await impersonate(await timelock.getAddress());
  return {
    token: token as unknown as HashworkToken,
    registry: registry as unknown as ProviderRegistry,
    market: market as unknown as JobMarket,
    randomness: randomness as unknown as BlockhashRandomness,
    court: court as unknown as DisputeCourt,
    timelock: timelock as unknown as HashworkTimelock,
    governor: governor as unknown as HashworkGovernor,
    deployer: signers[0],
    owner,
    treasury: owner,
    requester: signers[1],
    other: signers[2],
    providers: signers.slice(3, 10),
  };
}
export type System = Awaited<ReturnType<typeof deploySystem>>;

/** A signer for `address` (a contract, e.g. the Timelock), funded with ETH for gas. */
export async function impersonate(address: string): Promise<HardhatEthersSigner> {
  await networkHelpers.impersonateAccount(address);
  await networkHelpers.setBalance(address, 10n ** 20n);
  return await ethers.getSigner(address);
}

/** What the helpers below need of a deployment; the mock-token system of helpers/mockToken.ts fits it too. */
export interface SystemLike {
  token: {
    connect(runner: HardhatEthersSigner): {
      transfer(to: string, value: bigint): Promise<unknown>;
      approve(spender: string, value: bigint): Promise<unknown>;
    };
    balanceOf(account: string): Promise<bigint>;
  };
  registry: ProviderRegistry;
  market: JobMarket;
  randomness: BlockhashRandomness;
  deployer: HardhatEthersSigner;
  requester: HardhatEthersSigner;
}

/** Funds `account` with tokens and approves `spender` for all of them. */
export async function fund(sys: SystemLike, account: HardhatEthersSigner, amount: bigint, spender?: string) {
  await sys.token.connect(sys.deployer).transfer(account.address, amount);
  if (spender) await sys.token.connect(account).approve(spender, amount);
}

export interface ProviderOptions {
  classes?: number;
  price?: bigint;
  capacity?: number;
  stake?: bigint;
}

/** Registers and stakes a provider. */
export async function addProvider(sys: SystemLike, p: HardhatEthersSigner, o: ProviderOptions = {}) {
  const stake = o.stake ?? 1_000n * TOKEN;
  await fund(sys, p, stake, await sys.registry.getAddress());
  await sys.registry
    .connect(p)
    .register(`ipfs://provider/${p.address}`, o.classes ?? 1, o.price ?? TOKEN, o.capacity ?? 4);
  await sys.registry.connect(p).stake(stake);
}

export interface JobOptions {
  replicas?: number;
  maxPrice?: bigint;
  resourceClass?: number;
  minReputation?: number;
  claimWindow?: bigint;
  commitWindow?: bigint;
  revealWindow?: bigint;
  bundleHash?: string;
}

/** A job request with deadlines relative to the latest block. */
export async function jobRequest(o: JobOptions = {}) {
  const now = BigInt(await networkHelpers.time.latest());
  const replicas = o.replicas ?? 1;
  const claimDeadline = now + (o.claimWindow ?? 600n);
  const commitDeadline = claimDeadline + (o.commitWindow ?? 600n);
  return {
    resourceClass: o.resourceClass ?? 0,
    replicas,
    maxPrice: o.maxPrice ?? 2n * TOKEN,
    minReputation: o.minReputation ?? 0,
    claimDeadline,
    commitDeadline,
    revealDeadline: replicas === 1 ? 0n : commitDeadline + (o.revealWindow ?? 600n),
    bundleHash: o.bundleHash ?? ethers.id("bundle"),
    bundleURI: "ipfs://bafybundle",
  };
}

/** Posts a job from `sys.requester` (funding it) and returns its id. */
export async function postJob(sys: SystemLike, o: JobOptions = {}) {
  const req = await jobRequest(o);
  const escrow = BigInt(req.replicas) * req.maxPrice;
  await fund(sys, sys.requester, escrow, await sys.market.getAddress());
  await sys.market.connect(sys.requester).postJob(req);
  return await sys.market.jobCount();
}

/**
 * When each of `candidates` first wins the lottery for `jobId` (seconds after posting), earliest first; candidates
 * that never win before the claim deadline are left out. Mines the seed block first if needed.
 */
export async function drawSchedule(sys: SystemLike, jobId: bigint, candidates: HardhatEthersSigner[]) {
  const job = await sys.market.getJob(jobId);
  if ((await ethers.provider.getBlockNumber()) <= Number(job.postedBlock) + 1) await networkHelpers.mine(2);
  const seed = await sys.randomness.seedFor(job.postedBlock);
  const params = await sys.market.parameters();
  const total = await sys.registry.totalStakeAt(job.postedBlock);
  const draws: { signer: HardhatEthersSigner; at: bigint }[] = [];
  for (const signer of candidates) {
    const stake = await sys.registry.stakeAt(signer.address, job.postedBlock);
    const at = firstWinningElapsed(
      {
        seed,
        jobId,
        provider: signer.address,
        stake,
        totalStake: total,
        replicas: job.replicas,
        wideningPeriod: params.wideningPeriod,
      },
      job.claimDeadline - job.postedAt,
    );
    if (at !== undefined) draws.push({ signer, at });
  }
  draws.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return draws;
}

/** Sets the next block's timestamp to `postedAt + at` unless the chain is already past it. */
export async function advanceToDraw(sys: SystemLike, jobId: bigint, at: bigint) {
  const { postedAt } = await sys.market.getJob(jobId);
  const now = BigInt(await networkHelpers.time.latest());
  if (now < postedAt + at) await networkHelpers.time.setNextBlockTimestamp(postedAt + at);
}

/**
 * Advances time until each of `candidates` (in order) can win the lottery for `jobId`, claiming for the first
 * `count` that do. Returns the claimers. Mirrors what a provider node does: compute the draw off-chain, claim on-chain.
 */
export async function claimSlots(sys: SystemLike, jobId: bigint, candidates: HardhatEthersSigner[], count: number) {
  const draws = await drawSchedule(sys, jobId, candidates);
  const claimers: HardhatEthersSigner[] = [];
  for (const { signer, at } of draws.slice(0, count)) {
    await advanceToDraw(sys, jobId, at);
    await sys.market.connect(signer).claim(jobId);
    claimers.push(signer);
  }
  if (claimers.length < count) throw new Error(`only ${claimers.length} of ${count} candidates can be drawn`);
  return claimers;
}

// ---------------------------------------------------------------------------------------------------------------
// Shared constants, fixtures and assertions of the mocha suite.

/** Basis points denominator used by every *Bps parameter. */
export const BPS = 10_000n;

/** `IJobMarket.JobStatus` */
export const JobStatus = { None: 0n, Open: 1n, Completed: 2n, Refunded: 3n, Cancelled: 4n, Disputed: 5n } as const;
/** `IJobMarket.Outcome` */
export const Outcome = {
  Completed: 0n,
  InputUnavailable: 1n,
  NoConsensus: 2n,
  NoClaims: 3n,
  NoResult: 4n,
  Overturned: 5n,
} as const;
/** `IProviderRegistry.Fault` */
export const Fault = { None: 0n, Dissent: 1n, NoShow: 2n } as const;

/** A parameter name as the contracts encode it in events and errors (`bytes32("feeBps")`). */
export const name32 = (name: string) => ethers.encodeBytes32String(name);

/** `x * bps / 10_000`, rounded down like the contracts. */
export const bps = (x: bigint, b: bigint) => (x * b) / BPS;

/** A deterministic per-provider salt for commit–reveal. */
export const saltOf = (p: HardhatEthersSigner, tag = "") => ethers.id(`salt:${p.address}:${tag}`);

/** The deployed system with all seven providers registered (class 0, price 1 token, capacity 4, 1,000 staked). */
export async function providersFixture() {
  const sys = await deploySystem();
  for (const p of sys.providers) await addProvider(sys, p);
  return sys;
}

/** `providersFixture` plus an open k = 1 job (max price 2 tokens) posted by `sys.requester`. */
export async function openJobFixture() {
  const sys = await providersFixture();
  const jobId = await postJob(sys);
  return { ...sys, jobId };
}

/** `providersFixture` plus an open k = 3 job (max price 2 tokens per replica) posted by `sys.requester`. */
export async function openJob3Fixture() {
  const sys = await providersFixture();
  const jobId = await postJob(sys, { replicas: 3 });
  return { ...sys, jobId };
}

/** `openJobFixture` with the slot claimed. */
export async function claimedJobFixture() {
  const sys = await openJobFixture();
  const [claimer] = await claimSlots(sys, sys.jobId, sys.providers, 1);
  return { ...sys, claimer };
}

/** `openJob3Fixture` with all three slots claimed. */
export async function claimedJob3Fixture() {
  const sys = await openJob3Fixture();
  const claimers = await claimSlots(sys, sys.jobId, sys.providers, 3);
  return { ...sys, claimers };
}

/** Commits `hashes[i]` for `claimers[i]` with `saltOf(claimers[i])`. */
export async function commitAll(sys: SystemLike, jobId: bigint, claimers: HardhatEthersSigner[], hashes: string[]) {
  for (const [i, p] of claimers.entries()) {
    await sys.market.connect(p).commitResult(jobId, commitment(jobId, p.address, hashes[i], saltOf(p)));
  }
}

/** Reveals what `commitAll` committed. */
export async function revealAll(sys: SystemLike, jobId: bigint, claimers: HardhatEthersSigner[], hashes: string[]) {
  for (const [i, p] of claimers.entries()) {
    await sys.market.connect(p).revealResult(jobId, hashes[i], saltOf(p), `ipfs://out/${i}`);
  }
}

/** Moves the chain so that the next transaction is mined at `timestamp` (unix seconds). */
export async function atNextBlock(timestamp: bigint) {
  await networkHelpers.time.setNextBlockTimestamp(timestamp);
}

/** Plain-object copy of the market parameters, ready to be modified and passed to `setParameters`. */
export async function currentParameters(market: JobMarket): Promise<Params> {
  const p = await market.parameters();
  return {
    feeBps: p.feeBps,
    collateralBps: p.collateralBps,
    minCollateral: p.minCollateral,
    minPrice: p.minPrice,
    dissentSlashBps: p.dissentSlashBps,
    noShowSlashBps: p.noShowSlashBps,
    requesterShareBps: p.requesterShareBps,
    honestShareBps: p.honestShareBps,
    challengeWindow: p.challengeWindow,
    wideningPeriod: p.wideningPeriod,
  };
}
export interface Params {
  feeBps: bigint;
  collateralBps: bigint;
  minCollateral: bigint;
  minPrice: bigint;
  dissentSlashBps: bigint;
  noShowSlashBps: bigint;
  requesterShareBps: bigint;
  honestShareBps: bigint;
  challengeWindow: bigint;
  wideningPeriod: bigint;
}

/**
 * The expected accounting of one settlement, computed from the parameters exactly as `JobMarket._settle` does.
 * `winnerPrices` are the prices of the slots that delivered the winning hash.
 */
export function expectedSettlement(o: {
  params: Params;
  feeBps: bigint; // the job's fee, fixed at posting
  collateral: bigint; // per slot, fixed at posting
  escrow: bigint; // replicas * maxPrice
  winnerPrices: bigint[];
  paid: boolean; // a real result won (false for InputUnavailable and no-majority outcomes)
  dissenters: number;
  noShows: number;
}) {
  const dissentSlash = bps(o.collateral, o.params.dissentSlashBps);
  const noShowSlash = bps(o.collateral, o.params.noShowSlashBps);
  const slashed = dissentSlash * BigInt(o.dissenters) + noShowSlash * BigInt(o.noShows);
  const compensation = bps(slashed, o.params.requesterShareBps);
  const winners = BigInt(o.winnerPrices.length);
  const bonus = winners === 0n ? 0n : bps(slashed, o.params.honestShareBps) / winners;
  const fees = o.paid ? o.winnerPrices.map((price) => bps(price, o.feeBps)) : o.winnerPrices.map(() => 0n);
  const payments = o.paid ? o.winnerPrices.map((price, i) => price - fees[i]) : o.winnerPrices.map(() => 0n);
  const paidTotal = o.paid ? o.winnerPrices.reduce((a, b) => a + b, 0n) : 0n;
  const feeTotal = fees.reduce((a, b) => a + b, 0n);
  const refund = o.escrow - paidTotal;
  return {
    dissentSlash,
    noShowSlash,
    slashed,
    compensation,
    bonus,
    fees,
    payments,
    paid: paidTotal,
    feeTotal,
    refund,
    requester: refund + compensation,
    treasury: feeTotal + slashed - compensation - bonus * winners,
  };
}

/** `registry.provider(account)`; typechain hides the method because ethers reserves the name. */
export async function providerOf(registry: ProviderRegistry, account: string | { address: string }) {
  return await registry.getFunction("provider")(typeof account === "string" ? account : account.address);
}

/** Every address the suite may credit: all signers plus the treasury and any `extra` contracts. */
async function touchedAccounts(market: JobMarket, extra: string[]) {
  const signers = await ethers.getSigners();
  return [...new Set([...signers.map((s) => s.address), await market.treasury(), ...extra])];
}

/**
 * Conservation: the market holds exactly the escrow of its open (and disputed) jobs plus every claimable balance
 * (the treasury's included), the registry exactly the stake plus unbonding of every provider, and the dispute
 * court (when given) exactly the bonds of its open disputes plus its claimable balances.
 */
export async function expectConservation(
  s: {
    token: { balanceOf(a: string): Promise<bigint> };
    market: JobMarket;
    registry: ProviderRegistry;
    court?: DisputeCourt;
  },
  extra: string[] = [],
) {
  const accounts = await touchedAccounts(s.market, extra);
  let escrow = 0n;
  const jobs = await s.market.jobCount();
  for (let id = 1n; id <= jobs; id++) {
    const job = await s.market.getJob(id);
    if (job.status === JobStatus.Open || job.status === JobStatus.Disputed) escrow += job.replicas * job.maxPrice;
  }
  if (s.court) {
    let bonds = 0n;
    let owed = 0n;
    for (let id = 1n; id <= jobs; id++) {
      const d = await s.court.getDispute(id);
      if (d.status === 1n) bonds += d.bond;
    }
    for (const a of accounts) owed += await s.court.claimable(a);
    expect(await s.token.balanceOf(await s.court.getAddress()), "court balance").to.equal(bonds + owed);
  }
  let claimable = 0n;
  let stakes = 0n;
  let bonded = 0n;
  for (const a of accounts) {
    claimable += await s.market.claimable(a);
    const p = await providerOf(s.registry, a);
    stakes += p.stake;
    bonded += p.stake + p.unbonding;
    expect(p.locked, `locked <= stake for ${a}`).to.be.at.most(p.stake);
  }
  expect(await s.token.balanceOf(await s.market.getAddress()), "market balance").to.equal(escrow + claimable);
  expect(await s.token.balanceOf(await s.registry.getAddress()), "registry balance").to.equal(bonded);
  expect(await s.registry.totalStake(), "total stake").to.equal(stakes);
}
