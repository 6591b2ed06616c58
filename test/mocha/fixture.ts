import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";
import HashworkModule from "../../ignition/modules/Hashwork.js";
import type { HashworkToken, JobMarket, ProviderRegistry } from "../../sdk/src/typechain/index.js";
import { firstWinningElapsed } from "../../sdk/src/lottery.js";

export const { ethers, ignition, networkHelpers } = await network.getOrCreate();

export const TOKEN = 10n ** 18n;
export const DAY = 24n * 3600n;

/** Deploys the system with the devnet defaults (one Ignition module for tests, scripts and the devnet). */
export async function deploySystem() {
  const signers = await ethers.getSigners();
  const { token, registry, market, randomness } = await ignition.deploy(HashworkModule);
  return {
    token: token as unknown as HashworkToken,
    registry: registry as unknown as ProviderRegistry,
    market: market as unknown as JobMarket,
    randomness,
    deployer: signers[0],
    treasury: signers[0],
    requester: signers[1],
    other: signers[2],
    providers: signers.slice(3, 10),
  };
}
export type System = Awaited<ReturnType<typeof deploySystem>>;

/** Funds `account` with tokens and approves `spender` for all of them. */
export async function fund(sys: System, account: HardhatEthersSigner, amount: bigint, spender?: string) {
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
export async function addProvider(sys: System, p: HardhatEthersSigner, o: ProviderOptions = {}) {
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
export async function postJob(sys: System, o: JobOptions = {}) {
  const req = await jobRequest(o);
  const escrow = BigInt(req.replicas) * req.maxPrice;
  await fund(sys, sys.requester, escrow, await sys.market.getAddress());
  await sys.market.connect(sys.requester).postJob(req);
  return await sys.market.jobCount();
}

/**
 * Advances time until each of `candidates` (in order) can win the lottery for `jobId`, claiming for the first
 * `count` that do. Returns the claimers. Mirrors what a provider node does: compute the draw off-chain, claim on-chain.
 */
export async function claimSlots(sys: System, jobId: bigint, candidates: HardhatEthersSigner[], count: number) {
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
  const claimers: HardhatEthersSigner[] = [];
  for (const { signer, at } of draws.slice(0, count)) {
    const now = BigInt(await networkHelpers.time.latest());
    if (now < job.postedAt + at) await networkHelpers.time.setNextBlockTimestamp(job.postedAt + at);
    await sys.market.connect(signer).claim(jobId);
    claimers.push(signer);
  }
  if (claimers.length < count) throw new Error(`only ${claimers.length} of ${count} candidates can be drawn`);
  return claimers;
}
