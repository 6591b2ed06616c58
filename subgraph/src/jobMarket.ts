// Handlers of JobMarket events: jobs, replica slots, commit–reveal, the audit decision, settlement, pull payments
// (deposits, escrow paid from balances, withdrawals), market parameters. Events only — never a contract call.
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  AssignmentReleased as AssignmentReleasedEvent,
  AssignmentSlashed as AssignmentSlashedEvent,
  AuditDecided as AuditDecidedEvent,
  CommitsClosed as CommitsClosedEvent,
  Deposited as DepositedEvent,
  GuardianUpdated as GuardianUpdatedEvent,
  JobCancelled as JobCancelledEvent,
  JobClaimed as JobClaimedEvent,
  JobPosted as JobPostedEvent,
  JobSettled as JobSettledEvent,
  MarketPaused as MarketPausedEvent,
  MarketUnpaused as MarketUnpausedEvent,
  ParameterUpdated as ParameterUpdatedEvent,
  ProviderPaid as ProviderPaidEvent,
  ResultCommitted as ResultCommittedEvent,
  ResultRevealed as ResultRevealedEvent,
  TreasuryUpdated as TreasuryUpdatedEvent,
  VerificationStarted as VerificationStartedEvent,
  Withdrawn as WithdrawnEvent,
} from "../generated/JobMarket/JobMarket";
import {
  Assignment,
  Deposited,
  FeeCollected,
  Job,
  PauseChanged,
  Provider,
  Protocol,
  ProviderPaid,
  Refunded,
  RoleUpdated,
  Verification,
  VerificationRound,
} from "../generated/schema";
import {
  ASSIGNMENT_PAID,
  ASSIGNMENT_PENDING,
  ASSIGNMENT_RELEASED,
  ASSIGNMENT_SLASHED,
  AUDIT_AUDITED,
  AUDIT_NOT_AUDITED,
  AUDIT_UNDECIDED,
  FUEL_UNIT,
  JOB_CANCELLED,
  JOB_COMPLETED,
  JOB_OPEN,
  JOB_REFUNDED,
  JOB_VERIFYING,
  MIN_EXECUTION_TIME,
  OUTCOME_COMPLETED,
  OUTCOME_NO_VERDICT,
  OUTCOME_OVERTURNED,
  SOURCE_JOB_MARKET,
  VERIFICATION_PANEL,
  ZERO_BI,
  faultName,
  isFailure,
  outcomeCounter,
  outcomeName,
  reasonName,
  verdictOutcomeOf,
} from "./helpers/constants";
import { eventId, recordParameterUpdate, recordWithdrawal } from "./helpers/events";
import { assignmentId, closeRevealsIfDone, findAssignment, loadJob, updateChallengeEnd } from "./helpers/job";
import {
  createOrLoadProvider,
  createOrLoadProviderDay,
  moveCollateral,
  saveProvider,
  saveProviderDay,
} from "./helpers/provider";
import { INPUT_UNAVAILABLE, isZero, revealedResult } from "./helpers/results";
import { add, addAmount, countActiveProvider, countClaimPrice, openStats, saveStats } from "./helpers/stats";
import { createOrLoadVerification, roundId } from "./helpers/verification";

/** The market's parameters: [ParameterUpdated name, Protocol field, type]. */
const MARKET_PARAMETERS: string[][] = [
  ["feeBps", "feeBps", "Int"],
  ["auditFeeBps", "auditFeeBps", "Int"],
  ["auditRateBps", "auditRateBps", "Int"],
  ["collateralBps", "collateralBps", "Int"],
  ["minFee", "minFee", "BigInt"],
  ["minCollateral", "minCollateral", "BigInt"],
  ["minBudget", "minBudget", "BigInt"],
  ["dissentSlashBps", "dissentSlashBps", "Int"],
  ["noShowSlashBps", "noShowSlashBps", "Int"],
  ["requesterShareBps", "requesterShareBps", "Int"],
  ["honestShareBps", "honestShareBps", "Int"],
  ["challengerShareBps", "challengerShareBps", "Int"],
  ["revealPeriod", "revealPeriod", "Int"],
  ["challengeWindow", "challengeWindow", "Int"],
  ["auditDrawPeriod", "auditDrawPeriod", "Int"],
  ["wideningPeriod", "wideningPeriod", "Int"],
  ["guardianPauseDuration", "guardianPauseDuration", "Int"],
  ["fuelPerSecond", "fuelPerSecond", "BigInt"],
];

export function handleJobPosted(event: JobPostedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.market = event.address;
  const escrow = p.budget.times(BigInt.fromI32(p.replicas)).plus(p.fee).plus(p.auditFee);

  const job = new Job(p.jobId.toString());
  job.jobId = p.jobId;
  job.requester = p.requester;
  job.resourceClass = p.resourceClass;
  job.replicas = p.replicas;
  job.maxFuel = p.maxFuel;
  job.maxPricePerMfuel = p.maxPricePerMfuel;
  job.budget = p.budget;
  job.collateral = p.collateral;
  job.minReputation = p.minReputation;
  job.fee = p.fee;
  job.auditFee = p.auditFee;
  job.auditRateBps = p.auditRateBps;
  job.escrow = escrow;
  job.escrowFromBalance = p.escrowFromBalance;
  job.status = JOB_OPEN;
  job.bundleHash = p.bundleHash;
  job.bundleURI = p.bundleURI;
  job.claimDeadline = p.claimDeadline;
  job.commitDeadline = p.commitDeadline;
  // The job's phases are fixed at posting with the parameters then in force (JobMarket._postJob).
  const fuelPerSecond = protocol.fuelPerSecond;
  if (fuelPerSecond !== null && !fuelPerSecond.isZero()) {
    const seconds = p.maxFuel.plus(fuelPerSecond).minus(BigInt.fromI32(1)).div(fuelPerSecond);
    job.executionTime = MIN_EXECUTION_TIME.plus(seconds);
  }
  // An Int parameter reads 0 until known; the real window is at least a minute.
  if (protocol.challengeWindow > 0) job.challengeWindow = BigInt.fromI32(protocol.challengeWindow);
  job.audit = AUDIT_UNDECIDED;
  job.postedAt = event.block.timestamp;
  job.postedAtBlock = event.block.number;
  job.postedTx = event.transaction.hash;
  job.claimed = 0;
  job.committed = 0;
  job.revealed = 0;
  job.fuelBilled = ZERO_BI;
  job.paid = ZERO_BI;
  job.feeCharged = ZERO_BI;
  job.auditFeeCharged = ZERO_BI;
  job.refund = ZERO_BI;
  job.compensation = ZERO_BI;
  job.slashed = ZERO_BI;
  job.bonuses = ZERO_BI;
  job.courtCredit = ZERO_BI;
  job.save();

  protocol.openJobs = protocol.openJobs + 1;
  protocol.openEscrow = protocol.openEscrow.plus(escrow);
  add(stats, "JobsPosted");
  addAmount(stats, "EscrowPosted", escrow);
  if (p.escrowFromBalance) {
    // The tokens were already in the market: they move from the requester's claimable balance to the open escrow.
    changeClaimable(protocol, p.requester, escrow.neg());
    addAmount(stats, "EscrowFromBalance", escrow);
  }
  saveStats(stats, event);
}

export function handleJobClaimed(event: JobClaimedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "JobClaimed");
  if (job == null) return;
  const stats = openStats(event);
  const ts = event.block.timestamp;

  const assignment = new Assignment(assignmentId(job.id, p.slot));
  assignment.job = job.id;
  assignment.provider = p.provider;
  assignment.slot = p.slot;
  assignment.pricePerMfuel = p.pricePerMfuel;
  assignment.minMfuel = p.minMfuel;
  assignment.collateral = p.collateral;
  assignment.claimedAt = ts;
  assignment.claimTx = event.transaction.hash;
  assignment.inputUnavailable = false;
  assignment.outcome = ASSIGNMENT_PENDING;
  assignment.fault = "NONE";
  assignment.payment = ZERO_BI;
  assignment.bonus = ZERO_BI;
  assignment.fuelBilled = ZERO_BI;
  assignment.slashed = ZERO_BI;
  // A claim that committed (claim(jobId, commitment)) emits no ResultCommitted: its JobClaimed carries the commitment.
  if (!isZero(p.commitment)) recordCommitment(job, assignment, p.commitment, ts);
  assignment.save();

  job.claimed = job.claimed + 1;
  if (job.firstClaimAt === null) job.firstClaimAt = ts;
  job.lastClaimAt = ts;
  job.save();

  const provider = createOrLoadProvider(p.provider);
  moveCollateral(stats.protocol, provider, p.collateral, true);
  provider.jobsClaimed = provider.jobsClaimed + 1;
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);
  const day = createOrLoadProviderDay(provider, ts);
  day.claims = day.claims + 1;
  saveProviderDay(day, provider);

  add(stats, "Claims");
  countClaimPrice(stats, p.pricePerMfuel);
  saveStats(stats, event);
}

export function handleResultCommitted(event: ResultCommittedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "ResultCommitted");
  if (job == null) return;
  const assignment = findAssignment(job, p.provider, "ResultCommitted");
  if (assignment == null) return;
  recordCommitment(job, assignment, p.commitment, event.block.timestamp);
  assignment.save();
  job.save();
  touchActive(event, p.provider);
}

/**
 * Records a slot's commitment: from its ResultCommitted, or from its JobClaimed when the claim committed as well (then
 * no ResultCommitted follows). The chain takes one commitment per slot, so each is counted once. The caller saves both.
 */
function recordCommitment(job: Job, assignment: Assignment, commitment: Bytes, timestamp: BigInt): void {
  assignment.committedAt = timestamp;
  assignment.commitment = commitment;
  job.committed = job.committed + 1;
  job.lastCommitAt = timestamp;
}

export function handleCommitsClosed(event: CommitsClosedEvent): void {
  const job = loadJob(event.params.jobId, "CommitsClosed");
  if (job == null) return;
  job.commitsClosedAt = event.block.timestamp;
  job.save();
}

export function handleAuditDecided(event: AuditDecidedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "AuditDecided");
  if (job == null) return;
  const ts = event.block.timestamp;
  job.audit = p.audited ? AUDIT_AUDITED : AUDIT_NOT_AUDITED;
  job.auditDecidedAt = ts;
  job.auditSeedBlock = p.seedBlock;
  // A job whose commits closed at the deadline (or whose seed expired) reopens the audit now: its seed block is
  // this block (JobMarket._decideAudit).
  if (job.commitsClosedAt === null || p.seedBlock.equals(event.block.number)) job.commitsClosedAt = ts;
  if (p.audited) {
    job.auditDrawEndsAt = p.auditDrawEndsAt;
    job.auditCommitEndsAt = p.auditCommitEndsAt;
  }
  job.revealEndsAt = p.revealEndsAt;
  updateChallengeEnd(job);
  job.save();

  const stats = openStats(event);
  add(stats, "AuditsDecided");
  if (p.audited) add(stats, "AuditsAudited");
  saveStats(stats, event);
}

export function handleResultRevealed(event: ResultRevealedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "ResultRevealed");
  if (job == null) return;
  const assignment = findAssignment(job, p.provider, "ResultRevealed");
  if (assignment == null) return;
  const ts = event.block.timestamp;
  assignment.revealedAt = ts;
  assignment.outputHash = p.outputHash;
  assignment.fuelUsed = p.fuelUsed;
  assignment.inputUnavailable = p.outputHash.equals(INPUT_UNAVAILABLE);
  assignment.result = revealedResult(p.outputHash, p.fuelUsed);
  assignment.resultURI = p.resultURI.length > 0 ? p.resultURI : null;
  assignment.save();

  job.revealed = job.revealed + 1;
  job.lastRevealAt = ts;
  const audit = VerificationRound.load(roundId(job.id, 0));
  closeRevealsIfDone(job, audit != null && audit.revealed > 0, ts);
  job.save();

  const provider = touchActive(event, p.provider);
  const day = createOrLoadProviderDay(provider, ts);
  day.deliveries = day.deliveries + 1;
  saveProviderDay(day, provider);
}

export function handleJobCancelled(event: JobCancelledEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "JobCancelled");
  if (job == null) return;
  job.status = JOB_CANCELLED;
  job.refund = p.refund;
  stampSettled(job, event);
  job.save();

  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.openJobs = protocol.openJobs - 1;
  protocol.openEscrow = protocol.openEscrow.minus(job.escrow);
  protocol.totalClaimable = protocol.totalClaimable.plus(p.refund);
  add(stats, "JobsCancelled");
  addAmount(stats, "Refunded", p.refund);
  saveStats(stats, event);
  recordRefund(event, job, "CANCELLED", p.refund, ZERO_BI);
}

export function handleVerificationStarted(event: VerificationStartedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "VerificationStarted");
  if (job == null) return;
  job.status = JOB_VERIFYING;
  job.verificationStartedAt = event.block.timestamp;
  const v = createOrLoadVerification(job, event);
  v.audited = job.audit == AUDIT_AUDITED;
  v.reason = reasonName(p.reason);
  v.status = VERIFICATION_PANEL;
  if (!isZero(p.agreed)) v.agreed = p.agreed;
  v.save();
  job.save();

  const stats = openStats(event);
  stats.protocol.openJobs = stats.protocol.openJobs - 1;
  stats.protocol.verifyingJobs = stats.protocol.verifyingJobs + 1;
  add(stats, "PanelsStarted");
  if (p.reason == 0) add(stats, "Disagreements");
  else if (p.reason == 1) add(stats, "UnansweredAudits");
  saveStats(stats, event);
}

export function handleProviderPaid(event: ProviderPaidEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "ProviderPaid");
  if (job == null) return;
  const assignment = findAssignment(job, p.provider, "ProviderPaid");
  if (assignment == null) return;
  const ts = event.block.timestamp;
  // Only the replicas of a real winning result are paid (Settlement._payWinners): billed its fuel, at least its
  // minimum, at its own price, capped by the budget.
  let billed = assignment.minMfuel.times(FUEL_UNIT);
  const fuel = assignment.fuelUsed;
  if (fuel !== null && fuel.gt(billed)) billed = fuel;
  assignment.outcome = ASSIGNMENT_PAID;
  assignment.payment = p.payment;
  assignment.bonus = p.bonus;
  assignment.fuelBilled = billed;
  assignment.settledAt = ts;
  assignment.save();
  job.bonuses = job.bonuses.plus(p.bonus);
  job.fuelBilled = job.fuelBilled.plus(billed);
  job.save();

  const stats = openStats(event);
  const provider = createOrLoadProvider(p.provider);
  moveCollateral(stats.protocol, provider, job.collateral, false);
  const amount = p.payment.plus(p.bonus);
  provider.earnings = provider.earnings.plus(amount);
  provider.paymentEarnings = provider.paymentEarnings.plus(p.payment);
  provider.bonusEarnings = provider.bonusEarnings.plus(p.bonus);
  provider.fuelBilled = provider.fuelBilled.plus(billed);
  provider.completed = provider.completed + 1;
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);
  const day = createOrLoadProviderDay(provider, ts);
  day.earnings = day.earnings.plus(amount);
  day.completed = day.completed + 1;
  saveProviderDay(day, provider);

  const paid = new ProviderPaid(eventId(event));
  paid.job = job.id;
  paid.provider = p.provider;
  paid.payment = p.payment;
  paid.bonus = p.bonus;
  paid.amount = amount;
  paid.fuelBilled = billed;
  paid.blockNumber = event.block.number;
  paid.timestamp = ts;
  paid.transactionHash = event.transaction.hash;
  paid.save();

  add(stats, "AssignmentsPaid");
  addAmount(stats, "Bonuses", p.bonus);
  addAmount(stats, "FuelBilled", billed);
  saveStats(stats, event);
}

export function handleAssignmentSlashed(event: AssignmentSlashedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "AssignmentSlashed");
  if (job == null) return;
  const assignment = findAssignment(job, p.provider, "AssignmentSlashed");
  if (assignment == null) return;
  assignment.outcome = ASSIGNMENT_SLASHED;
  assignment.fault = faultName(p.reason);
  assignment.slashed = p.amount;
  assignment.settledAt = event.block.timestamp;
  assignment.save();
  // The registry's ProviderSlashed (next) moves the stake and counts the fault; here the slot's collateral is freed.
  const stats = openStats(event);
  const provider = createOrLoadProvider(p.provider);
  moveCollateral(stats.protocol, provider, assignment.collateral, false);
  saveProvider(provider, event.block.timestamp);
  add(stats, "AssignmentsSlashed");
  addAmount(stats, "MarketSlashed", p.amount);
  saveStats(stats, event);
}

export function handleAssignmentReleased(event: AssignmentReleasedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "AssignmentReleased");
  if (job == null) return;
  const assignment = findAssignment(job, p.provider, "AssignmentReleased");
  if (assignment == null) return;
  assignment.outcome = ASSIGNMENT_RELEASED;
  assignment.settledAt = event.block.timestamp;
  assignment.save();
  const stats = openStats(event);
  const provider = createOrLoadProvider(p.provider);
  moveCollateral(stats.protocol, provider, p.collateral, false);
  provider.released = provider.released + 1;
  saveProvider(provider, event.block.timestamp);
  add(stats, "AssignmentsReleased");
  saveStats(stats, event);
}

/**
 * A k = 1 job revealed and settled in one transaction (JobMarket.revealAndSettle: its audit decided, its answer revealed
 * and its payment made at once) waited out its challenge window sealed, counted from its commitment: the market records
 * its reveals as closed when commits closed, and so do we. (Revealing takes the decision too, but a payment cannot
 * follow in the same block: the window runs after that reveal.)
 */
function sealedThroughWindow(job: Job, ts: BigInt): void {
  const decided = job.auditDecidedAt;
  const revealed = job.revealsClosedAt;
  const closed = job.commitsClosedAt;
  if (job.replicas != 1 || decided === null || revealed === null || closed === null) return;
  if (!(decided as BigInt).equals(ts) || !(revealed as BigInt).equals(ts)) return;
  job.revealsClosedAt = closed;
  updateChallengeEnd(job);
}

export function handleJobSettled(event: JobSettledEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "JobSettled");
  if (job == null) return;
  const verifying = job.status == JOB_VERIFYING;
  const completed = p.outcome == OUTCOME_COMPLETED;
  sealedThroughWindow(job, event.block.timestamp);
  job.status = completed ? JOB_COMPLETED : JOB_REFUNDED;
  job.outcome = outcomeName(p.outcome);
  job.fuelUsed = p.fuelUsed;
  job.paid = p.paid;
  job.feeCharged = p.fee;
  job.auditFeeCharged = p.auditFee;
  job.refund = p.refund;
  job.compensation = p.compensation;
  job.slashed = p.slashed;
  // What settlement credited the court's pool, as the event states it: the audit fee and the slashed tokens paid to
  // nobody else.
  job.courtCredit = p.toCourt;
  const slashRemainder = p.toCourt.minus(p.auditFee);
  if (!isZero(p.result)) {
    job.result = p.result;
    setWinningOutput(job, p.result);
  }
  stampSettled(job, event);
  job.save();

  const stats = openStats(event);
  const protocol = stats.protocol;
  if (verifying) protocol.verifyingJobs = protocol.verifyingJobs - 1;
  else protocol.openJobs = protocol.openJobs - 1;
  protocol.openEscrow = protocol.openEscrow.minus(job.escrow);
  // Every escrowed token and every slashed one is credited to somebody in the market (the court included).
  protocol.totalClaimable = protocol.totalClaimable.plus(job.escrow).plus(p.slashed);
  protocol.courtMarketClaimable = protocol.courtMarketClaimable.plus(job.courtCredit);
  protocol.pool = protocol.pool.plus(job.courtCredit);

  if (completed) add(stats, "JobsCompleted");
  else {
    add(stats, "JobsRefunded");
    add(stats, outcomeCounter(p.outcome));
  }
  if (isFailure(p.outcome)) add(stats, "JobsFailed");
  addAmount(stats, "Volume", p.paid);
  addAmount(stats, "Fees", p.fee);
  addAmount(stats, "AuditFees", p.auditFee);
  addAmount(stats, "PoolFundedByAuditFees", p.auditFee);
  addAmount(stats, "PoolFundedBySlashes", slashRemainder);
  addAmount(stats, "Refunded", p.refund);
  addAmount(stats, "Compensation", p.compensation);
  if (completed) addAmount(stats, "FuelUsed", p.fuelUsed);
  if (job.audit == AUDIT_AUDITED) {
    if (completed) add(stats, "AuditsUpheld");
    else if (p.outcome == OUTCOME_OVERTURNED) add(stats, "AuditsOverturned");
    else if (p.outcome == OUTCOME_NO_VERDICT) add(stats, "AuditsNoVerdict");
  }
  if (verifying) {
    if (completed) add(stats, "VerificationsUpheld");
    else if (p.outcome == OUTCOME_OVERTURNED) add(stats, "VerificationsOverturned");
    else if (p.outcome == OUTCOME_NO_VERDICT) add(stats, "VerificationsNoVerdict");
  }
  saveStats(stats, event);

  const verificationId = job.verification;
  if (verificationId !== null) {
    const v = createOrLoadVerification(job, event);
    v.outcome = job.outcome;
    v.verdictOutcome = verdictOutcomeOf(p.outcome);
    v.save();
  }
  recordRefund(event, job, outcomeName(p.outcome), p.refund, p.compensation);
  if (!p.fee.isZero()) {
    const fee = new FeeCollected(eventId(event));
    fee.job = job.id;
    fee.treasury = protocol.treasury;
    fee.amount = p.fee;
    fee.blockNumber = event.block.number;
    fee.timestamp = event.block.timestamp;
    fee.transactionHash = event.transaction.hash;
    fee.save();
  }
}

/** The output hash and URI of the winning result: from the first replica that revealed it, else a panel seat. */
function setWinningOutput(job: Job, result: Bytes): void {
  for (let slot = 0; slot < job.claimed; slot++) {
    const a = Assignment.load(assignmentId(job.id, slot));
    if (a == null || a.result === null || !(a.result as Bytes).equals(result)) continue;
    job.outputHash = a.outputHash;
    job.resultURI = a.resultURI;
    return;
  }
  const v = job.verification;
  if (v === null) return;
  const verification = Verification.load(v);
  if (verification == null) return;
  const seats = verification.seats.load();
  for (let i = 0; i < seats.length; i++) {
    const seat = seats[i];
    if (seat.result === null || !(seat.result as Bytes).equals(result)) continue;
    job.outputHash = seat.outputHash;
    job.resultURI = seat.resultURI;
    return;
  }
}

export function handleWithdrawn(event: WithdrawnEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.market = event.address;
  // The court collects its market balance (audit fees, slash remainders) when it pays out.
  changeClaimable(protocol, p.account, p.amount.neg());
  addAmount(stats, "MarketWithdrawn", p.amount);
  saveStats(stats, event);
  recordWithdrawal(event, SOURCE_JOB_MARKET, p.account, p.amount);
}

/** Tokens pulled from the account's wallet into its claimable balance in the market. */
export function handleDeposited(event: DepositedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.market = event.address;
  changeClaimable(protocol, p.account, p.amount);
  addAmount(stats, "Deposited", p.amount);
  saveStats(stats, event);

  const d = new Deposited(eventId(event));
  d.contract = event.address;
  d.account = p.account;
  d.amount = p.amount;
  d.blockNumber = event.block.number;
  d.timestamp = event.block.timestamp;
  d.transactionHash = event.transaction.hash;
  d.save();
}

/** Moves the market's claimable total by `delta` for `account`, and the court's share of it when the account is the court. */
function changeClaimable(protocol: Protocol, account: Bytes, delta: BigInt): void {
  protocol.totalClaimable = protocol.totalClaimable.plus(delta);
  const court = protocol.court;
  if (court !== null && account.equals(court)) {
    protocol.courtMarketClaimable = protocol.courtMarketClaimable.plus(delta);
  }
}

export function handleParameterUpdated(event: ParameterUpdatedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  stats.protocol.market = event.address;
  recordParameterUpdate(
    event,
    SOURCE_JOB_MARKET,
    p.parameter,
    p.oldValue,
    p.newValue,
    stats.protocol,
    MARKET_PARAMETERS,
  );
  saveStats(stats, event);
}

export function handleTreasuryUpdated(event: TreasuryUpdatedEvent): void {
  const stats = openStats(event);
  stats.protocol.market = event.address;
  stats.protocol.treasury = event.params.newTreasury;
  saveStats(stats, event);
  recordRole(event, "treasury", event.params.oldTreasury, event.params.newTreasury);
}

export function handleGuardianUpdated(event: GuardianUpdatedEvent): void {
  const stats = openStats(event);
  stats.protocol.market = event.address;
  const guardian = event.params.newGuardian;
  stats.protocol.guardian = isZero(guardian) ? null : guardian;
  saveStats(stats, event);
  recordRole(event, "guardian", event.params.oldGuardian, guardian);
}

export function handleMarketPaused(event: MarketPausedEvent): void {
  const stats = openStats(event);
  stats.protocol.paused = true;
  stats.protocol.pausedUntil = event.params.until;
  saveStats(stats, event);
  recordPause(event, true, event.params.by, event.params.until);
}

export function handleMarketUnpaused(event: MarketUnpausedEvent): void {
  const stats = openStats(event);
  stats.protocol.paused = false;
  stats.protocol.pausedUntil = ZERO_BI;
  saveStats(stats, event);
  recordPause(event, false, event.params.by, null);
}

// ------------------------------------------------------------------------------------------ records

/** Counts a commit or reveal as the provider's activity of the day and hour. */
function touchActive(event: ethereum.Event, address: Bytes): Provider {
  const stats = openStats(event);
  const provider = createOrLoadProvider(address);
  countActiveProvider(stats, provider);
  saveProvider(provider, event.block.timestamp);
  saveStats(stats, event);
  return provider;
}

function stampSettled(job: Job, event: ethereum.Event): void {
  job.settledAt = event.block.timestamp;
  job.settledAtBlock = event.block.number;
  job.settledTx = event.transaction.hash;
}

function recordRefund(event: ethereum.Event, job: Job, reason: string, refund: BigInt, compensation: BigInt): void {
  const amount = refund.plus(compensation);
  if (amount.isZero()) return;
  const r = new Refunded(eventId(event));
  r.job = job.id;
  r.requester = job.requester;
  r.reason = reason;
  r.refund = refund;
  r.compensation = compensation;
  r.amount = amount;
  r.blockNumber = event.block.number;
  r.timestamp = event.block.timestamp;
  r.transactionHash = event.transaction.hash;
  r.save();
}

function recordRole(event: ethereum.Event, role: string, oldAccount: Bytes, newAccount: Bytes): void {
  const r = new RoleUpdated(eventId(event));
  r.role = role;
  r.oldAccount = oldAccount;
  r.newAccount = newAccount;
  r.blockNumber = event.block.number;
  r.timestamp = event.block.timestamp;
  r.transactionHash = event.transaction.hash;
  r.save();
}

function recordPause(event: ethereum.Event, paused: boolean, by: Bytes, until: BigInt | null): void {
  const change = new PauseChanged(eventId(event));
  change.paused = paused;
  change.until = until;
  change.by = by;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}
