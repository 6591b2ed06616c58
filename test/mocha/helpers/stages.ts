import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { INPUT_UNAVAILABLE, isAuditedBySeed } from "@hashwork/sdk/results";
import {
  addProvider,
  answer,
  claimAuditor,
  claimSlots,
  commitAll,
  commitVerdicts,
  deploySystem,
  ethers,
  forceAudit,
  fund,
  networkFixture,
  networkHelpers,
  postJob,
  providersFixture,
  revealAll,
  revealVerdicts,
  type Answer,
  type JobOptions,
  type System,
  type SystemLike,
} from "../fixture.js";

/**
 * Jobs brought to a given stage of their life, for the unit tests of the step after it. Each `*Fixture` is a
 * zero-argument function for `loadFixture`; the `to*` functions take a system and can be chained inside a test.
 * Every provider answers `right` unless told otherwise; audit decisions are forced (see fixture.forceAudit).
 */

export const right = answer("right");
export const wrong = answer("wrong");
/** "Input unavailable", as a replica or a verifier reveals it: no output, no fuel, no work to prove. */
export const unavailable: Answer = { output: INPUT_UNAVAILABLE, fuel: 0n, state: ethers.ZeroHash };
export const ZERO_ADDRESS = ethers.ZeroAddress;

/** Posts a job, claims every slot from `sys.providers` and commits `answers` (one per slot). Commits close. */
export async function toCommitted(sys: System, answers: Answer[] = [right], o: JobOptions = {}) {
  const jobId = await postJob(sys, { ...o, replicas: answers.length });
  const claimers = await claimSlots(sys, jobId, sys.providers, answers.length);
  await commitAll(sys, jobId, claimers, answers);
  return { jobId, claimers };
}

/** `toCommitted`, decided not audited, every slot revealed: the job is in its challenge window (or settles). */
export async function toRevealed(sys: System, answers: Answer[] = [right], o: JobOptions = {}) {
  const job = await toCommitted(sys, answers, o);
  await forceAudit(sys, job.jobId, false);
  await revealAll(sys, job.jobId, job.claimers, answers);
  return job;
}

/** `toCommitted`, decided audited (no auditor drawn yet). */
export async function toAudited(sys: System, answers: Answer[] = [right], o: JobOptions = {}) {
  const job = await toCommitted(sys, answers, o);
  await forceAudit(sys, job.jobId, true);
  return job;
}

/** `toAudited`, the auditor drawn from `sys.verifiers` and committed to `audit`; nobody revealed yet. */
export async function toAuditCommitted(sys: System, answers: Answer[] = [right], audit: Answer = right) {
  const job = await toAudited(sys, answers);
  const auditor = await claimAuditor(sys, job.jobId, sys.verifiers);
  await commitVerdicts(sys, job.jobId, [auditor], [audit]);
  return { ...job, auditor };
}

/**
 * A k = 1 audited job whose provider revealed `wrong` and whose auditor revealed `right`: settling sent it to the
 * court, round 1 (a panel) is open. Nobody challenged.
 */
export async function toPanel(sys: System) {
  const job = await toAuditCommitted(sys, [wrong], right);
  await revealAll(sys, job.jobId, job.claimers, [wrong]);
  await revealVerdicts(sys, job.jobId, [job.auditor], [right]);
  await sys.market.settle(job.jobId);
  return job;
}

/**
 * A k = 1 unaudited job whose provider revealed `wrong`, challenged by `challenger` (default: the requester) with
 * the bond: round 1 is open.
 */
export async function toChallenged(sys: System, challenger?: HardhatEthersSigner) {
  const job = await toRevealed(sys, [wrong]);
  const who = challenger ?? sys.requester;
  const { budget } = await sys.market.getJob(job.jobId);
  const bond = await sys.court.bondFor(budget);
  await fund(sys, who, bond, await sys.court.getAddress());
  await sys.court.connect(who).challenge(job.jobId);
  return { ...job, challenger: who, bond };
}

/** Providers only: a k = 1 job claimed and committed (`right`), audit undecided. */
export async function committedJobFixture() {
  const sys = await providersFixture();
  return { ...sys, ...(await toCommitted(sys)) };
}

/** Providers only: a k = 1 job revealed (`right`), not audited, in its challenge window. */
export async function revealedJobFixture() {
  const sys = await providersFixture();
  return { ...sys, ...(await toRevealed(sys)) };
}

/** Providers and verifiers: a k = 1 job committed (`right`) and audited, no auditor yet. */
export async function auditedJobFixture() {
  const sys = await networkFixture();
  return { ...sys, ...(await toAudited(sys)) };
}

/** Providers and verifiers: a k = 1 audited job, its auditor committed (`right`), nobody revealed. */
export async function auditCommittedFixture() {
  const sys = await networkFixture();
  return { ...sys, ...(await toAuditCommitted(sys)) };
}

/** Providers and verifiers: see `toPanel`. */
export async function panelFixture() {
  const sys = await networkFixture();
  return { ...sys, ...(await toPanel(sys)) };
}

/** Providers and verifiers: see `toChallenged` (the requester challenges). */
export async function challengedFixture() {
  const sys = await networkFixture();
  return { ...sys, ...(await toChallenged(sys)) };
}

/** Sets the next block's timestamp to `t` and mines an empty block there. */
export async function mineAt(t: bigint) {
  await networkHelpers.time.increaseTo(t);
}

/**
 * Stores a seed for the audit draw of `jobId` (commits closed by a full job) that makes it `audited` or not, without
 * taking the decision (fixture.forceAudit also decides). Mines the seed block if needed, so the decision can follow.
 */
export async function setAuditSeed(sys: SystemLike, jobId: bigint, audited: boolean) {
  const job = await sys.market.getJob(jobId);
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
  return seed;
}

/** Providers only: a k = 1 job committed (`right`), decided not audited, nobody revealed. */
export async function decidedJobFixture() {
  const sys = await providersFixture();
  const job = await toCommitted(sys);
  await forceAudit(sys, job.jobId, false);
  return { ...sys, ...job };
}

/**
 * The first of `candidates` drawn for the current verification round of `jobId`, advancing time 5 s at a time as the
 * lottery widens (at most `limit` seconds). Claims nothing.
 */
export async function nextDrawn(sys: SystemLike, jobId: bigint, candidates: HardhatEthersSigner[], limit = 2_000) {
  for (let waited = 0; waited <= limit; waited += 5) {
    for (const c of candidates) if (await sys.court.isDrawn(jobId, c.address)) return c;
    await networkHelpers.time.increase(5);
  }
  throw new Error("no candidate is drawn");
}

/** Stake of every provider and verifier in `richFixture`: enough collateral for jobs of a 1,500-token budget. */
export const RICH_STAKE = 30_000n * 10n ** 18n;

/**
 * The deployed system with the seven providers and seven verifiers staked `RICH_STAKE` each, for jobs whose budget
 * is a sizeable part of the court's pool (the pool is seeded with 1,000 tokens).
 */
export async function richFixture() {
  const sys = await deploySystem();
  for (const p of [...sys.providers, ...sys.verifiers]) await addProvider(sys, p, { stake: RICH_STAKE });
  return sys;
}
