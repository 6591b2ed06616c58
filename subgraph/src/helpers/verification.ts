import { BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import { Job, Verification, VerificationRound, VerifierSeat } from "../../generated/schema";
import { VERIFICATION_AUDIT, ZERO_BI } from "./constants";

export function roundId(jobId: string, round: i32): string {
  return jobId + "-" + round.toString();
}

/** A verifier verifies a job at most once (the court excludes earlier verifiers), so job × verifier names a seat. */
export function seatId(jobId: string, verifier: Bytes): string {
  return jobId + "-" + verifier.toHexString();
}

/** The job's verification, created (status AUDIT) on first use and linked from the job. */
export function createOrLoadVerification(job: Job, event: ethereum.Event): Verification {
  let v = Verification.load(job.id);
  if (v != null) return v;
  v = new Verification(job.id);
  v.jobId = job.jobId;
  v.job = job.id;
  v.audited = false;
  v.status = VERIFICATION_AUDIT;
  v.round = 0;
  v.panelRounds = 0;
  v.bond = ZERO_BI;
  v.bondReturned = ZERO_BI;
  v.challengerReward = ZERO_BI;
  v.replicaCompensation = ZERO_BI;
  v.verifiersDrawn = 0;
  v.verifierPay = ZERO_BI;
  v.verifierSlashed = ZERO_BI;
  v.startedAt = event.block.timestamp;
  job.verification = v.id;
  return v;
}

export function loadVerification(jobId: BigInt, handler: string): Verification | null {
  const v = Verification.load(jobId.toString());
  if (v == null) log.error("{}: job {} has no verification (RoundOpened not indexed?)", [handler, jobId.toString()]);
  return v;
}

export function loadSeat(jobId: BigInt, verifier: Bytes, handler: string): VerifierSeat | null {
  const seat = VerifierSeat.load(seatId(jobId.toString(), verifier));
  if (seat == null) log.error("{}: {} holds no seat on job {}", [handler, verifier.toHexString(), jobId.toString()]);
  return seat;
}

export function loadRound(jobId: BigInt, round: i32, handler: string): VerificationRound | null {
  const r = VerificationRound.load(roundId(jobId.toString(), round));
  if (r == null) log.error("{}: job {} has no round {}", [handler, jobId.toString(), round.toString()]);
  return r;
}
