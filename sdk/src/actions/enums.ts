// The contracts' enums, value for value (contracts/interfaces/*.sol). Solidity enums are uint8 on the wire; ethers
// decodes them as bigint, so readers convert with `Number(x) as JobStatus`.

/** `IJobMarket.JobStatus`. */
export enum JobStatus {
  /** No such job: never posted. */
  None = 0,
  /** Claims, commitments, the audit, reveals and the challenge window. */
  Open = 1,
  /** A result won; winners paid. */
  Completed = 2,
  /** No payable result; escrow returned to the requester. */
  Refunded = 3,
  /** Withdrawn by the requester before its seed existed. */
  Cancelled = 4,
  /** The court's verifier panel decides; only the court's `resolve` settles it. */
  Verifying = 5,
  /** Finished, and its record recycled by a later job: `getJob` returns only this status; the job's events (and the
   * subgraph) keep its history. */
  Archived = 6,
}

/** `IJobMarket.AuditState`. */
export enum AuditState {
  /** Commits are not closed, or nobody took the decision yet. */
  Undecided = 0,
  /** Decided: no audit; the replicas' reveals settle the job. */
  NotAudited = 1,
  /** Decided: the court draws an auditor who re-executes the job (by the audit rate, or fail closed). */
  Audited = 2,
}

/** `IJobMarket.Outcome`, carried by `JobSettled`. */
export enum Outcome {
  /** A real result won (by agreement or by the panel's verdict). */
  Completed = 0,
  /** "Input unavailable" won: refund, nobody slashed for it. */
  InputUnavailable = 1,
  /** No result reached a strict majority of the replicas. */
  NoConsensus = 2,
  /** Nobody claimed before the claim deadline (or the seed expired unclaimed). */
  NoClaims = 3,
  /** Every claimer failed to deliver. */
  NoResult = 4,
  /** The panel found a real result no replica revealed: refund and compensation. */
  Overturned = 5,
  /** Verification found no majority: refund, replicas released unpaid (fail closed). */
  NoVerdict = 6,
}

/** `IJobMarket.VerificationReason`, carried by `VerificationStarted`. */
export enum VerificationReason {
  /** Two revealed real results differ (replicas, or a replica and the auditor). */
  Disagreement = 0,
  /** The job was audited and no auditor revealed. */
  AuditUnanswered = 1,
  /** Someone challenged the agreed result with a bond. */
  Challenge = 2,
}

/** `IProviderRegistry.Fault`: why a replica or a verifier was slashed. */
export enum Fault {
  /** No fault. */
  None = 0,
  /** Revealed a result that lost to the agreed result or the panel's verdict. */
  Dissent = 1,
  /** Claimed a slot or a seat and never committed. */
  NoShow = 2,
  /** Committed and never revealed: slashed like a dissent. */
  Withheld = 3,
}

/** `IVerificationCourt.VerificationStatus`. */
export enum VerificationStatus {
  /** Nothing opened for the job in the court. */
  None = 0,
  /** Round 0 (the audit) running or done while the job is Open. */
  Audit = 1,
  /** A panel round is running; the job is Verifying. */
  Panel = 2,
  /** The job settled; everyone judged. */
  Final = 3,
}

/** `IRandomnessSource.SeedStatus`. */
export enum SeedStatus {
  /** The block the seed derives from is not mined yet. */
  NotReady = 0,
  /** Knowable now, not stored yet: the next `fixSeed` stores it. */
  Fixable = 1,
  /** Stored: the same value for every later caller. */
  Fixed = 2,
  /** Never stored and no longer knowable: callers fail closed. */
  Expired = 3,
}
