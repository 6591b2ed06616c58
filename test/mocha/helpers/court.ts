import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { verdictCommitment } from "@hashwork/sdk/results";
import {
  type Answer,
  type SystemLike,
  claimSeats,
  commitAll,
  forceAudit,
  fund,
  networkHelpers,
  proofFor,
  revealAll,
  saltOf,
} from "../fixture.js";

/**
 * Driving the VerificationCourt in scenarios: challenges, panels in which some verifiers stay silent, and results
 * delivered with a chosen audit decision. (The fixture's claimSeats / commitVerdicts / revealVerdicts do the
 * common case; these add silence and the challenger's bond.) A verifier's answer carries its proof of execution
 * (`proofFor`: the round's seed and the answer's final state); a `copied` answer has a made-up state, so its ballot
 * differs from an executing verifier's even when its output and fuel are right.
 */

/** Commits `answers` for `claimers`, fixes the audit decision to `audited`, and reveals unless audited. */
export async function deliver(
  sys: SystemLike,
  jobId: bigint,
  claimers: HardhatEthersSigner[],
  answers: Answer[],
  audited = false,
) {
  await commitAll(sys, jobId, claimers, answers);
  await forceAudit(sys, jobId, audited);
  if (!audited) await revealAll(sys, jobId, claimers, answers);
}

/** Funds `challenger` with exactly the bond, approves the court and challenges `jobId`; returns the bond. */
export async function challengeAs(sys: SystemLike, challenger: HardhatEthersSigner, jobId: bigint) {
  const { budget } = await sys.market.getJob(jobId);
  const bond = await sys.court.bondFor(budget);
  await fund(sys, challenger, bond, await sys.court.getAddress());
  await sys.court.connect(challenger).challenge(jobId);
  return bond;
}

/** Commits `answers[i]` for `verifiers[i]` in the current round; `undefined` stays silent. */
export async function commitSome(
  sys: SystemLike,
  jobId: bigint,
  verifiers: HardhatEthersSigner[],
  answers: (Answer | undefined)[],
) {
  for (const [i, v] of verifiers.entries()) {
    const a = answers[i];
    if (!a) continue;
    const proof = await proofFor(sys, jobId, a);
    await sys.court
      .connect(v)
      .commitVerdict(jobId, verdictCommitment(jobId, v.address, a.output, a.fuel, proof, saltOf(v)));
  }
}

/** Reveals what `commitSome` committed; `undefined` stays silent. */
export async function revealSome(
  sys: SystemLike,
  jobId: bigint,
  verifiers: HardhatEthersSigner[],
  answers: (Answer | undefined)[],
) {
  for (const [i, v] of verifiers.entries()) {
    const a = answers[i];
    if (!a) continue;
    const proof = await proofFor(sys, jobId, a);
    await sys.court.connect(v).revealVerdict(jobId, a.output, a.fuel, proof, saltOf(v), `ipfs://verdict/${i}`);
  }
}

/**
 * Draws one seat per answer from `candidates` for the current round, commits and reveals (`undefined`: drawn but
 * silent), and resolves once the round allows it (after its reveal deadline if someone stayed silent). Returns the
 * panel in seat order.
 */
export async function runPanel(
  sys: SystemLike,
  jobId: bigint,
  candidates: HardhatEthersSigner[],
  answers: (Answer | undefined)[],
) {
  const panel = await claimSeats(sys, jobId, candidates, answers.length);
  await commitSome(sys, jobId, panel, answers);
  const { round } = await sys.court.getVerification(jobId);
  if (answers.includes(undefined)) await pastRound(sys, jobId, "commitEndsAt");
  await revealSome(sys, jobId, panel, answers);
  if (answers.includes(undefined)) await pastRound(sys, jobId, "revealEndsAt");
  await sys.court.resolve(jobId);
  return { panel, round };
}

/** Moves the chain one second past the current round's `deadline`. */
export async function pastRound(
  sys: SystemLike,
  jobId: bigint,
  deadline: "drawEndsAt" | "commitEndsAt" | "revealEndsAt",
) {
  const { round } = await sys.court.getVerification(jobId);
  const r = await sys.court.getRound(jobId, round);
  const now = BigInt(await networkHelpers.time.latest());
  if (now <= r[deadline]) await networkHelpers.time.increaseTo(r[deadline] + 1n);
}

/** Resolves the current round after its deadlines with nobody drawn (a round nobody serves). */
export async function abandonRound(sys: SystemLike, jobId: bigint) {
  await pastRound(sys, jobId, "revealEndsAt");
  return sys.court.resolve(jobId);
}

/**
 * Challenges each of `jobIds` (agreed results in their challenge windows) as `challenger`, then seats verifiers from
 * `candidates` on each panel in turn, one at a time, until the panel is full or the court's free pool cannot pay one
 * more verifier of the job's budget. Verifications running side by side share the pool, whatever it could verify when
 * each job was posted. Returns the seated verifiers, per job.
 */
export async function reservePool(
  sys: SystemLike,
  jobIds: bigint[],
  challenger: HardhatEthersSigner,
  candidates: HardhatEthersSigner[],
) {
  for (const jobId of jobIds) await challengeAs(sys, challenger, jobId);
  const { panelSize } = await sys.court.parameters();
  const seated: HardhatEthersSigner[][] = [];
  for (const jobId of jobIds) {
    const { budget } = await sys.market.getJob(jobId);
    const seats: HardhatEthersSigner[] = [];
    while (seats.length < panelSize && (await sys.court.pool()) >= budget) {
      const free = candidates.filter((c) => !seats.includes(c));
      seats.push(...(await claimSeats(sys, jobId, free, 1)));
    }
    seated.push(seats);
  }
  return seated;
}
