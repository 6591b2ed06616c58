import { ZeroHash } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";
import { deploySystem as deploy } from "@hashwork/harness/deploy";
import {
  BlockhashRandomness__factory,
  HashworkGovernor__factory,
  HashworkTimelock__factory,
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  VerificationCourt__factory,
  type BlockhashRandomness,
  type JobMarket,
  type ProviderRegistry,
  type VerificationCourt,
} from "@hashwork/sdk/typechain";
import { firstWinningElapsed } from "@hashwork/sdk/lottery";
import {
  AUDIT_DOMAIN,
  commitment,
  executionProof,
  isAuditedBySeed,
  resultOf,
  verdictCommitment,
} from "@hashwork/sdk/results";

export const connection = await network.getOrCreate();
export const { ethers, ignition } = connection;

/**
 * The chain's helpers, with `loadFixture` restoring the fixture's clock too. A snapshot restores blocks and state but
 * not time: the next block takes the wall clock, so a test run minutes after the fixture was first taken would post
 * a job whose deadlines, computed from the latest block's time, already lie minutes in its past; its lottery would
 * then widen less before the claim deadline, and a draw that needs a winner would fail at random, more often the
 * longer the suite has run. Restoring the fixture's time makes each test start where the fixture left off.
 */
export const networkHelpers: typeof connection.networkHelpers = new Proxy(connection.networkHelpers, {
  get(helpers, key) {
    if (key === "loadFixture") return loadFixtureAtItsTime;
    const value: unknown = Reflect.get(helpers, key, helpers);
    return typeof value === "function" ? value.bind(helpers) : value; // its methods use private fields
  },
});
async function loadFixtureAtItsTime<T>(fixture: () => Promise<T>): Promise<T> {
  const helpers = connection.networkHelpers;
  const loaded = await helpers.loadFixture(fixture);
  await helpers.time.setNextBlockTimestamp((await helpers.time.latest()) + 1);
  return loaded;
}

export const TOKEN = 10n ** 18n;
export const DAY = 24n * 3600n;
/** Prices are per million fuel. */
export const MFUEL = 1_000_000n;
/** The court's pool the fixture seeds, so audits and panels can pay verifiers from the first job on. */
export const POOL_SEED = 1_000n * TOKEN;

/** Deploys the system with the Ignition defaults (one module for tests, scripts and the devnet) and seeds the pool. */
export async function deploySystem() {
  return deploySystemWith({});
}

/**
 * `deploySystem` with Ignition parameters of the market that tests vary (e.g. a small ring of job records). The
 * randomness source is deployed not `readableInline` unless `inlineSeeds`: tests plant audit seeds in it (forceAudit,
 * as a biasing proposer would), which a market reading live seeds with BLOCKHASH would not see. The Solidity suites,
 * test/mocha/adversarial/Seeds.test.ts and every deployment outside the tests read seeds inline.
 */
export async function deploySystemWith(o: { recordRing?: bigint; inlineSeeds?: boolean }) {
  const signers = await ethers.getSigners();
  // Ignition prices each transaction at twice the latest block's base fee plus a priority fee. Coverage runs deploy
  // far heavier code, and after `hardhat_mine` the chain's blocks can be small, so each deployment block can triple
  // the base fee and a later transaction of the same deployment meets a next-block base fee above its price
  // ("maxFeePerGas too low for the next block"). Starting the deployment from a 1-wei base fee keeps every
  // deployment block's base fee far below the priority fee, whatever the growth.
  await networkHelpers.setNextBlockBaseFeePerGas(1n);
  const { contracts: c } = await deploy(connection, {
    parameters: {
      inlineSeeds: o.inlineSeeds ?? false,
      ...(o.recordRing === undefined ? {} : { recordRing: o.recordRing }),
    },
    poolFunding: POOL_SEED,
  });
  const deployer = signers[0]!;
  // The Timelock owns the market, the registry and the court and is the treasury. Unit tests act as it directly (an
  // impersonated account); test/mocha/governance/ drives the real proposal path.
  const owner = await impersonate(c.HashworkTimelock!.address);
  return {
    token: HashworkToken__factory.connect(c.HashworkToken!.address, deployer),
    registry: ProviderRegistry__factory.connect(c.ProviderRegistry!.address, deployer),
    market: JobMarket__factory.connect(c.JobMarket!.address, deployer),
    randomness: BlockhashRandomness__factory.connect(c.BlockhashRandomness!.address, deployer),
    court: VerificationCourt__factory.connect(c.VerificationCourt!.address, deployer),
    timelock: HashworkTimelock__factory.connect(c.HashworkTimelock!.address, deployer),
    governor: HashworkGovernor__factory.connect(c.HashworkGovernor!.address, deployer),
    deployer,
    owner,
    treasury: owner,
    requester: signers[1]!,
    other: signers[2]!,
    providers: signers.slice(3, 10),
    verifiers: signers.slice(10, 17),
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
  court: VerificationCourt;
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
  /** token units per million fuel; default 0.01 token */
  pricePerMfuel?: bigint;
  /** million fuel billed at least per job; default 0 */
  minMfuel?: number;
  capacity?: number;
  stake?: bigint;
}

/** Registers and stakes a provider. */
export async function addProvider(sys: SystemLike, p: HardhatEthersSigner, o: ProviderOptions = {}) {
  const stake = o.stake ?? 1_000n * TOKEN;
  await fund(sys, p, stake, await sys.registry.getAddress());
  await sys.registry
    .connect(p)
    .register(
      `ipfs://provider/${p.address}`,
      o.classes ?? 1,
      o.pricePerMfuel ?? TOKEN / 100n,
      o.minMfuel ?? 0,
      o.capacity ?? 4,
    );
  await sys.registry.connect(p).stake(stake);
}

export interface JobOptions {
  replicas?: number;
  /** fuel limit; default 100 million */
  maxFuel?: bigint;
  /** token units per million fuel; default 0.02 token, so one replica's budget is 2 tokens */
  maxPricePerMfuel?: bigint;
  resourceClass?: number;
  minReputation?: number;
  claimWindow?: bigint;
  commitWindow?: bigint;
  bundleHash?: string;
}

/**
 * A job request with deadlines relative to the latest block. The default claim window, 15 minutes, lets the draw widen
 * to every provider of the fixtures before the claim deadline (fourteen equal stakes and a 60 s widening period: each
 * is eligible after 780 s), so a test whose draw needs winners never fails by chance.
 */
export async function jobRequest(o: JobOptions = {}) {
  const now = BigInt(await networkHelpers.time.latest());
  const claimDeadline = now + (o.claimWindow ?? 900n);
  const commitDeadline = claimDeadline + (o.commitWindow ?? 600n);
  return {
    resourceClass: o.resourceClass ?? 0,
    replicas: o.replicas ?? 1,
    maxFuel: o.maxFuel ?? 100n * MFUEL,
    maxPricePerMfuel: o.maxPricePerMfuel ?? (2n * TOKEN) / 100n,
    minReputation: o.minReputation ?? 0,
    claimDeadline,
    commitDeadline,
    bundleHash: o.bundleHash ?? ethers.id("bundle"),
    bundleURI: "ipfs://bafybundle",
  };
}
export type JobRequest = Awaited<ReturnType<typeof jobRequest>>;

/** Posts a job from `sys.requester` (funding exactly its escrow) and returns its id. */
export async function postJob(sys: SystemLike, o: JobOptions = {}) {
  const req = await jobRequest(o);
  const [escrow] = await sys.market.escrowFor(req);
  await fund(sys, sys.requester, escrow, await sys.market.getAddress());
  await sys.market.connect(sys.requester).postJob(req);
  return await sys.market.jobCount();
}

/**
 * When each of `candidates` first wins the lottery for `jobId` (seconds after posting), earliest first; candidates
 * that never win before the claim deadline are left out. Mines the seed block first if needed. Stake counts as of the
 * block before the posting block.
 */
export async function drawSchedule(sys: SystemLike, jobId: bigint, candidates: HardhatEthersSigner[]) {
  const job = await sys.market.getJob(jobId);
  if ((await ethers.provider.getBlockNumber()) <= Number(job.postedBlock) + 1) await networkHelpers.mine(2);
  const seed = await sys.market.drawSeed(jobId); // kept by the market once a slot is claimed
  const stakeBlock = job.postedBlock - 1n;
  const total = await sys.registry.totalStakeAt(stakeBlock);
  const draws: { signer: HardhatEthersSigner; at: bigint }[] = [];
  for (const signer of candidates) {
    const stake = await sys.registry.lotteryStakeAt(signer.address, stakeBlock);
    const at = firstWinningElapsed(
      {
        seed,
        jobId,
        provider: signer.address,
        stake,
        totalStake: total,
        replicas: job.replicas,
        wideningPeriod: job.wideningPeriod, // fixed at posting, whatever governance set since
      },
      job.claimDeadline - job.postedAt,
    );
    if (at !== undefined) draws.push({ signer, at });
  }
  draws.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return draws;
}

/** Sets the next block's timestamp to `start + at` unless the chain is already past it. */
export async function advanceTo(start: bigint, at: bigint) {
  const now = BigInt(await networkHelpers.time.latest());
  if (now < start + at) await networkHelpers.time.setNextBlockTimestamp(start + at);
}

/**
 * Advances time until each of `candidates` (in order) can win the lottery for `jobId`, claiming for the first
 * `count` that do. Returns the claimers. Mirrors what a provider node does: compute the draw off-chain, claim on-chain.
 */
export async function claimSlots(sys: SystemLike, jobId: bigint, candidates: HardhatEthersSigner[], count: number) {
  const draws = await drawSchedule(sys, jobId, candidates);
  const { postedAt } = await sys.market.getJob(jobId);
  const claimers: HardhatEthersSigner[] = [];
  for (const { signer, at } of draws.slice(0, count)) {
    await advanceTo(postedAt, at);
    await sys.market.connect(signer).claim(jobId, ZeroHash);
    claimers.push(signer);
  }
  if (claimers.length < count) throw new Error(`only ${claimers.length} of ${count} candidates can be drawn`);
  return claimers;
}

// ---------------------------------------------------------------------------------------------------------------
// Results, commit–reveal and the audit.

/** An answer: the output hash, the fuel used, and the digest of the final state (a verifier's proof of execution). */
export interface Answer {
  output: string; // keccak256 of the output bytes
  fuel: bigint;
  state: string; // what executing leaves behind and nobody publishes; copying an answer does not give it
}
/** A distinct answer per `tag` (e.g. "right", "wrong"), with `fuel` (default 40 million). */
export const answer = (tag: string, fuel = 40n * MFUEL): Answer => ({
  output: ethers.id(`output:${tag}`),
  fuel,
  state: ethers.id(`state:${tag}`),
});
/** The same output and fuel as `a` without having executed: a made-up final state. */
export const copied = (a: Answer, tag = "copy"): Answer => ({ ...a, state: ethers.id(`made-up:${tag}`) });
/** The on-chain result word of an answer. */
export const resultWord = (a: Answer) => resultOf(a.output, a.fuel);

/** A deterministic per-account salt for commit–reveal. */
export const saltOf = (p: HardhatEthersSigner, tag = "") => ethers.id(`salt:${p.address}:${tag}`);

/**
 * `account`'s replica slot on the job (its `JobClaimed`'s `slot`), which `commitResult` and `revealResult` take; 255 (no
 * slot) when it holds none, so a call by a non-replica reverts as it should.
 */
export async function slotIndex(market: JobMarket, jobId: bigint, account: { address: string }): Promise<number> {
  const slots = await market.getAssignments(jobId);
  const i = slots.findIndex((a) => a.provider === account.address);
  return i < 0 ? 255 : i;
}

/** Commits `answers[i]` for `claimers[i]` with `saltOf(claimers[i])`. */
export async function commitAll(sys: SystemLike, jobId: bigint, claimers: HardhatEthersSigner[], answers: Answer[]) {
  for (const [i, p] of claimers.entries()) {
    const a = answers[i]!;
    await sys.market
      .connect(p)
      .commitResult(
        jobId,
        await slotIndex(sys.market, jobId, p),
        commitment(jobId, p.address, a.output, a.fuel, saltOf(p)),
      );
  }
}

/** Reveals what `commitAll` committed. */
export async function revealAll(sys: SystemLike, jobId: bigint, claimers: HardhatEthersSigner[], answers: Answer[]) {
  for (const [i, p] of claimers.entries()) {
    await (await revealAs(sys, jobId, p, answers[i]!, { uri: `ipfs://out/${i}` })).wait();
  }
}

/**
 * `p`'s `revealResult` of `answer` on `jobId` through its own slot (looked up, as a client does), with `saltOf(p)` and
 * no URI unless given: the transaction, for `expect(...)` to check.
 */
export async function revealAs(
  sys: SystemLike,
  jobId: bigint,
  p: HardhatEthersSigner,
  answer: Pick<Answer, "output" | "fuel">,
  options: { salt?: string; uri?: string } = {},
) {
  const slot = await slotIndex(sys.market, jobId, p);
  return sys.market
    .connect(p)
    .revealResult(jobId, slot, answer.output, answer.fuel, options.salt ?? saltOf(p), options.uri ?? "");
}

/**
 * Fixes the audit seed of `jobId` (whose commits closed in a full job) so that the job is `audited` or not, as a
 * block proposer could bias it: writes a chosen seed into the randomness source's storage before anyone fixes it.
 * Tests use it to reach each branch deterministically; the decision logic itself is the contract's.
 */
export async function forceAudit(sys: SystemLike, jobId: bigint, audited: boolean) {
  const job = await sys.market.getJob(jobId);
  if (job.commitsClosedAt === 0n) throw new Error("commits are not closed by a full job");
  let seed = "";
  for (let i = 0; ; i++) {
    seed = ethers.id(`audit-seed:${jobId}:${i}`);
    if (isAuditedBySeed(seed, jobId, job.auditRateBps) === audited) break;
  }
  // BlockhashRandomness keeps `mapping(uint256 triggerBlock => bytes32 seed)` in slot 0.
  const slot = ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [job.commitsClosedBlock, 0]),
  );
  await networkHelpers.setStorageAt(await sys.randomness.getAddress(), slot, seed);
  if ((await ethers.provider.getBlockNumber()) <= Number(job.commitsClosedBlock) + 1) await networkHelpers.mine(2);
  await sys.market.decideAudit(jobId);
}
export { AUDIT_DOMAIN };

/**
 * Draws the auditor of an audited job from `candidates` (the first one the lottery admits), advancing time as needed.
 */
export async function claimAuditor(sys: SystemLike, jobId: bigint, candidates: HardhatEthersSigner[]) {
  return (await claimSeats(sys, jobId, candidates, 1))[0]!;
}

/**
 * Takes `count` seats of the current verification round of `jobId` for the earliest-drawn `candidates`, advancing
 * time as the lottery widens. Returns the verifiers in seat order.
 */
export async function claimSeats(sys: SystemLike, jobId: bigint, candidates: HardhatEthersSigner[], count: number) {
  const taken: HardhatEthersSigner[] = [];
  const remaining = [...candidates];
  for (let step = 0; step < 2_000 && taken.length < count; step++) {
    let claimed = false;
    for (const c of [...remaining]) {
      if (!(await sys.court.isDrawn(jobId, c.address))) continue;
      await sys.court.connect(c).claimVerifier(jobId);
      taken.push(c);
      remaining.splice(remaining.indexOf(c), 1);
      claimed = true;
      if (taken.length === count) break;
    }
    if (!claimed) await networkHelpers.time.increase(5);
  }
  if (taken.length < count) throw new Error(`only ${taken.length} of ${count} verifiers could be drawn`);
  return taken;
}

/** A verifier's proof of execution of `a` in the current round of `jobId`. */
export async function proofFor(sys: SystemLike, jobId: bigint, a: Answer) {
  const v = await sys.court.getVerification(jobId);
  const round = await sys.court.getRound(jobId, v.round);
  return executionProof(await sys.randomness.seedFor(round.openedBlock), a.state);
}

/** Commits `answers[i]` (with its proof of execution) for verifier `verifiers[i]` in the current round. */
export async function commitVerdicts(
  sys: SystemLike,
  jobId: bigint,
  verifiers: HardhatEthersSigner[],
  answers: Answer[],
) {
  for (const [i, v] of verifiers.entries()) {
    const a = answers[i]!;
    const proof = await proofFor(sys, jobId, a);
    await sys.court
      .connect(v)
      .commitVerdict(jobId, verdictCommitment(jobId, v.address, a.output, a.fuel, proof, saltOf(v)));
  }
}

/** Reveals what `commitVerdicts` committed. */
export async function revealVerdicts(
  sys: SystemLike,
  jobId: bigint,
  verifiers: HardhatEthersSigner[],
  answers: Answer[],
) {
  for (const [i, v] of verifiers.entries()) {
    const a = answers[i]!;
    const proof = await proofFor(sys, jobId, a);
    await sys.court.connect(v).revealVerdict(jobId, a.output, a.fuel, proof, saltOf(v), `ipfs://verdict/${i}`);
  }
}

/** Moves the chain past the job's challenge window (reveals closed). */
export async function passChallengeWindow(sys: SystemLike, jobId: bigint) {
  const t = await sys.market.timeline(jobId);
  const now = BigInt(await networkHelpers.time.latest());
  if (now <= t.challengeEndsAt) await networkHelpers.time.increaseTo(t.challengeEndsAt + 1n);
}

// ---------------------------------------------------------------------------------------------------------------
// Shared constants, fixtures and assertions of the mocha suite.

/** Basis points denominator used by every *Bps parameter. */
export const BPS = 10_000n;

/** `IJobMarket.JobStatus` */
export const JobStatus = {
  None: 0n,
  Open: 1n,
  Completed: 2n,
  Refunded: 3n,
  Cancelled: 4n,
  Verifying: 5n,
  Archived: 6n,
} as const;
/** `IJobMarket.AuditState` */
export const AuditState = { Undecided: 0n, NotAudited: 1n, Audited: 2n } as const;
/** `IJobMarket.Outcome` */
export const Outcome = {
  Completed: 0n,
  InputUnavailable: 1n,
  NoConsensus: 2n,
  NoClaims: 3n,
  NoResult: 4n,
  Overturned: 5n,
  NoVerdict: 6n,
} as const;
/**
 * `JobSettled`'s arguments for a job nobody claimed: the whole escrow (fee and audit fee included) back to the
 * requester, nothing to anyone else.
 */
export function noClaimsSettlement(jobId: bigint, requester: string, escrow: bigint) {
  return [jobId, requester, Outcome.NoClaims, ethers.ZeroHash, 0n, 0n, 0n, 0n, escrow, 0n, 0n, 0n] as const;
}
/** `IJobMarket.VerificationReason` */
export const VerificationReason = { Disagreement: 0n, AuditUnanswered: 1n, Challenge: 2n } as const;
/** `IVerificationCourt.VerificationStatus` */
export const VerificationStatus = { None: 0n, Audit: 1n, Panel: 2n, Final: 3n } as const;
/** `IProviderRegistry.Fault` */
export const Fault = { None: 0n, Dissent: 1n, NoShow: 2n, Withheld: 3n } as const;

/** A parameter name as the contracts encode it in events and errors (`bytes32("feeBps")`). */
export const name32 = (name: string) => ethers.encodeBytes32String(name);

/** `x * bps / 10_000`, rounded down like the contracts. */
export const bps = (x: bigint, b: bigint) => (x * b) / BPS;

/** What a verifier who revealed `fuel` is paid: its fuel at the job's max price per million fuel. */
export const verifierPay = (fuel: bigint, maxPricePerMfuel: bigint) => (fuel * maxPricePerMfuel) / MFUEL;

/** The audit fee a settled job keeps: auditFeeBps of its fuel (the whole budget without a result) at its own price. */
export const auditFeeKept = (fuel: bigint, maxPricePerMfuel: bigint, auditFeeBps: bigint) =>
  (((fuel * maxPricePerMfuel) / MFUEL) * auditFeeBps) / 10_000n;

/** What a replica is paid: `max(fuel, minMfuel·1e6)·price/1e6`, capped by the budget. */
export const paymentFor = (fuel: bigint, pricePerMfuel: bigint, budget: bigint, minMfuel = 0n) => {
  const billed = fuel > minMfuel * MFUEL ? fuel : minMfuel * MFUEL;
  const payment = (billed * pricePerMfuel) / MFUEL;
  return payment > budget ? budget : payment;
};

/** The deployed system with all seven providers registered (class 0, 0.01 token per Mfuel, capacity 4, 1,000 staked). */
export async function providersFixture() {
  const sys = await deploySystem();
  for (const p of sys.providers) await addProvider(sys, p);
  return sys;
}

/** `providersFixture` plus the seven verifier accounts registered and staked the same way (they are providers too). */
export async function networkFixture() {
  const sys = await providersFixture();
  for (const v of sys.verifiers) await addProvider(sys, v);
  return sys;
}

/** `providersFixture` plus an open k = 1 job (budget 2 tokens) posted by `sys.requester`. */
export async function openJobFixture() {
  const sys = await providersFixture();
  const jobId = await postJob(sys);
  return { ...sys, jobId };
}

/** `providersFixture` plus an open k = 3 job (budget 2 tokens per replica) posted by `sys.requester`. */
export async function openJob3Fixture() {
  const sys = await providersFixture();
  const jobId = await postJob(sys, { replicas: 3 });
  return { ...sys, jobId };
}

/** `openJobFixture` with the slot claimed. */
export async function claimedJobFixture() {
  const sys = await openJobFixture();
  const [claimer] = await claimSlots(sys, sys.jobId, sys.providers, 1);
  return { ...sys, claimer: claimer! };
}

/** `openJob3Fixture` with all three slots claimed. */
export async function claimedJob3Fixture() {
  const sys = await openJob3Fixture();
  const claimers = await claimSlots(sys, sys.jobId, sys.providers, 3);
  return { ...sys, claimers };
}

/** Moves the chain so that the next transaction is mined at `timestamp` (unix seconds). */
export async function atNextBlock(timestamp: bigint) {
  await networkHelpers.time.setNextBlockTimestamp(timestamp);
}

/** Plain-object copy of the market parameters, ready to be modified and passed to `setParameters`. */
export async function currentParameters(market: JobMarket) {
  const p = await market.parameters();
  return {
    feeBps: p.feeBps,
    auditFeeBps: p.auditFeeBps,
    auditRateBps: p.auditRateBps,
    collateralBps: p.collateralBps,
    minFee: p.minFee,
    minCollateral: p.minCollateral,
    minBudget: p.minBudget,
    dissentSlashBps: p.dissentSlashBps,
    noShowSlashBps: p.noShowSlashBps,
    requesterShareBps: p.requesterShareBps,
    honestShareBps: p.honestShareBps,
    challengerShareBps: p.challengerShareBps,
    revealPeriod: p.revealPeriod,
    challengeWindow: p.challengeWindow,
    auditDrawPeriod: p.auditDrawPeriod,
    wideningPeriod: p.wideningPeriod,
    guardianPauseDuration: p.guardianPauseDuration,
    fuelPerSecond: p.fuelPerSecond,
  };
}
export type Params = Awaited<ReturnType<typeof currentParameters>>;

/** Plain-object copy of the court parameters. */
export async function currentCourtParameters(court: VerificationCourt) {
  const p = await court.parameters();
  return {
    panelSize: p.panelSize,
    maxRounds: p.maxRounds,
    bondBps: p.bondBps,
    minBond: p.minBond,
    verifierSlashBps: p.verifierSlashBps,
    drawPeriod: p.drawPeriod,
    revealPeriod: p.revealPeriod,
    wideningPeriod: p.wideningPeriod,
  };
}
export type CourtParams = Awaited<ReturnType<typeof currentCourtParameters>>;

/** `registry.provider(account)`; typechain hides the method because ethers reserves the name. */
export async function providerOf(registry: ProviderRegistry, account: string | { address: string }) {
  return await registry.getFunction("provider")(typeof account === "string" ? account : account.address);
}

/** Every address the suite may credit: all signers plus the treasury, the court and any `extra` contracts. */
async function touchedAccounts(s: { market: JobMarket; court: VerificationCourt }, extra: string[]) {
  const signers = await ethers.getSigners();
  return [
    ...new Set([...signers.map((x) => x.address), await s.market.treasury(), await s.court.getAddress(), ...extra]),
  ];
}

/**
 * Conservation: the market holds exactly the escrow of its open (and verifying) jobs plus every claimable balance
 * (the treasury's and the court's included); the registry exactly the stake plus unbonding of every provider; the
 * court's tokens, here and in the market, exactly its pool, reserved verifier pay, open bonds and claimable balances.
 */
export async function expectConservation(
  s: {
    token: { balanceOf(a: string): Promise<bigint> };
    market: JobMarket;
    registry: ProviderRegistry;
    court: VerificationCourt;
  },
  extra: string[] = [],
) {
  const accounts = await touchedAccounts(s, extra);
  let escrow = 0n;
  let bonds = 0n;
  const jobs = await s.market.jobCount();
  for (let id = 1n; id <= jobs; id++) {
    const job = await s.market.getJob(id);
    if (job.status === JobStatus.Open || job.status === JobStatus.Verifying) {
      escrow += job.replicas * job.budget + job.fee + job.auditFee;
    }
    const v = await s.court.getVerification(id);
    if (v.status !== VerificationStatus.Final) bonds += v.bond;
  }
  let marketClaimable = 0n;
  let courtClaimable = 0n;
  let stakes = 0n;
  let bonded = 0n;
  for (const a of accounts) {
    marketClaimable += await s.market.claimable(a);
    courtClaimable += await s.court.claimable(a);
    const p = await providerOf(s.registry, a);
    stakes += p.stake;
    bonded += p.stake + p.unbonding;
    expect(p.locked, `locked <= stake for ${a}`).to.be.at.most(p.stake);
  }
  const courtAddress = await s.court.getAddress();
  expect(await s.token.balanceOf(await s.market.getAddress()), "market balance").to.equal(escrow + marketClaimable);
  const courtHoldings = (await s.token.balanceOf(courtAddress)) + (await s.market.claimable(courtAddress));
  expect(courtHoldings, "court holdings").to.equal(
    (await s.court.pool()) + (await s.court.reserved()) + bonds + courtClaimable,
  );
  expect(await s.token.balanceOf(await s.registry.getAddress()), "registry balance").to.equal(bonded);
  expect(await s.registry.totalStake(), "total stake").to.equal(stakes);
}
