// Handlers of JobMarket events: jobs, assignments, settlement, claimable balances, market parameters.
// Events only — never a contract call.
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  AssignmentReleased as AssignmentReleasedEvent,
  AssignmentSlashed as AssignmentSlashedEvent,
  JobCancelled as JobCancelledEvent,
  JobClaimed as JobClaimedEvent,
  JobDisputed as JobDisputedEvent,
  JobPosted as JobPostedEvent,
  JobSettled as JobSettledEvent,
  MarketPaused as MarketPausedEvent,
  MarketUnpaused as MarketUnpausedEvent,
  ParameterUpdated as ParameterUpdatedEvent,
  ProviderPaid as ProviderPaidEvent,
  ResultCommitted as ResultCommittedEvent,
  ResultRevealed as ResultRevealedEvent,
  ResultSubmitted as ResultSubmittedEvent,
  TreasuryUpdated as TreasuryUpdatedEvent,
  Withdrawn as WithdrawnEvent,
} from "../generated/JobMarket/JobMarket";
import {
  Assignment,
  FeeCollected,
  Job,
  PauseChanged,
  Protocol,
  ProviderPaid,
  Refunded,
  TreasuryUpdated,
  Withdrawn,
} from "../generated/schema";
import {
  ASSIGNMENT_PAID,
  ASSIGNMENT_PENDING,
  ASSIGNMENT_RELEASED,
  ASSIGNMENT_SLASHED_DISSENT,
  ASSIGNMENT_SLASHED_NO_SHOW,
  JOB_CANCELLED,
  JOB_COMPLETED,
  JOB_DISPUTED,
  JOB_OPEN,
  JOB_REFUNDED,
  OUTCOME_COMPLETED,
  OUTCOME_INPUT_UNAVAILABLE,
  OUTCOME_NO_CLAIMS,
  OUTCOME_NO_CONSENSUS,
  OUTCOME_NO_RESULT,
  OUTCOME_OVERTURNED,
  BALANCE_JOB_MARKET,
  SOURCE_JOB_MARKET,
  ZERO_BI,
  outcomeName,
} from "./helpers/constants";
import { eventId, isZero, recordParameterUpdate } from "./helpers/events";
import { assignmentId, findAssignment, jobIdString, loadJob } from "./helpers/job";
import {
  createOrLoadProvider,
  createOrLoadProviderDay,
  moveCollateral,
  saveProvider,
  saveProviderDay,
} from "./helpers/provider";
import {
  Stats,
  countActiveProvider,
  countBonus,
  countCancelled,
  countClaim,
  countJobPosted,
  countSettled,
  isFailure,
  openStats,
  saveStats,
} from "./helpers/stats";

export function handleJobPosted(event: JobPostedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.market = event.address;
  protocol.feeBps = p.feeBps; // the fee in force at posting: the current parameter

  const escrow = p.maxPrice.times(BigInt.fromI32(p.replicas));
  const job = new Job(jobIdString(p.jobId));
  job.jobId = p.jobId;
  job.requester = p.requester;
  job.resourceClass = p.resourceClass;
  job.replicas = p.replicas;
  job.maxPrice = p.maxPrice;
  job.collateral = p.collateral;
  job.minReputation = p.minReputation; // uint32: may exceed an Int
  job.feeBps = p.feeBps;
  job.escrow = escrow;
  job.status = JOB_OPEN;
  job.bundleHash = p.bundleHash;
  job.bundleURI = p.bundleURI;
  job.claimDeadline = p.claimDeadline;
  job.commitDeadline = p.commitDeadline;
  job.revealDeadline = p.revealDeadline.isZero() ? null : p.revealDeadline;
  job.disputed = false;
  job.postedAt = event.block.timestamp;
  job.postedAtBlock = event.block.number;
  job.postedTx = event.transaction.hash;
  job.claimed = 0;
  job.committed = 0;
  job.revealed = 0;
  job.paid = ZERO_BI;
  job.fees = ZERO_BI;
  job.refund = ZERO_BI;
  job.compensation = ZERO_BI;
  job.slashed = ZERO_BI;
  job.bonuses = ZERO_BI;
  job.treasuryRevenue = ZERO_BI;
  job.save();

  protocol.jobsPosted = protocol.jobsPosted + 1;
  protocol.jobsOpen = protocol.jobsOpen + 1;
  protocol.cumulativeEscrow = protocol.cumulativeEscrow.plus(escrow);
  protocol.openEscrow = protocol.openEscrow.plus(escrow);
  countJobPosted(stats, escrow);
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
  assignment.price = p.price;
  assignment.collateral = p.collateral;
  assignment.claimedAt = ts;
  assignment.claimedAtBlock = event.block.number;
  assignment.claimTx = event.transaction.hash;
  assignment.outcome = ASSIGNMENT_PENDING;
  assignment.payment = ZERO_BI;
  assignment.fee = ZERO_BI;
  assignment.bonus = ZERO_BI;
  assignment.slashed = ZERO_BI;
  assignment.save();

  if (job.firstClaimAt === null) job.firstClaimAt = ts;
  job.lastClaimAt = ts;
  job.claimed = job.claimed + 1;
  job.save();

  const provider = createOrLoadProvider(p.provider);
  moveCollateral(stats.protocol, provider, p.collateral, true);
  provider.jobsClaimed = provider.jobsClaimed + 1;
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);
  const day = createOrLoadProviderDay(provider, ts);
  day.claims = day.claims + 1;
  saveProviderDay(day, provider);

  stats.protocol.assignmentsClaimed = stats.protocol.assignmentsClaimed + 1;
  countClaim(stats, p.price);
  saveStats(stats, event);
}

/** k = 1: the only claimer posts its result hash; it counts as both commit and reveal. */
export function handleResultSubmitted(event: ResultSubmittedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "ResultSubmitted");
  if (job == null) return;
  const assignment = findAssignment(job, p.provider, "ResultSubmitted");
  if (assignment == null) return;
  const ts = event.block.timestamp;
  assignment.committedAt = ts;
  assignment.revealedAt = ts;
  assignment.resultHash = p.resultHash;
  assignment.resultURI = p.resultURI;
  assignment.save();

  job.committed = job.committed + 1;
  job.revealed = job.revealed + 1;
  job.lastCommitAt = ts;
  job.lastRevealAt = ts;
  job.challengeEndsAt = p.challengeEndsAt;
  job.save();
  recordDelivery(p.provider, ts, openStats(event), event);
}

export function handleResultCommitted(event: ResultCommittedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "ResultCommitted");
  if (job == null) return;
  const assignment = findAssignment(job, p.provider, "ResultCommitted");
  if (assignment == null) return;
  const ts = event.block.timestamp;
  assignment.committedAt = ts;
  assignment.commitment = p.commitment;
  assignment.save();

  job.committed = job.committed + 1;
  job.lastCommitAt = ts;
  job.save();

  const stats = openStats(event);
  const provider = createOrLoadProvider(p.provider);
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);
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
  assignment.resultHash = p.resultHash;
  assignment.resultURI = p.resultURI;
  assignment.save();

  job.revealed = job.revealed + 1;
  job.lastRevealAt = ts;
  job.save();
  recordDelivery(p.provider, ts, openStats(event), event);
}

/** A provider delivered a result (k = 1 submission or k ≥ 2 reveal). */
function recordDelivery(address: Bytes, ts: BigInt, stats: Stats, event: ethereum.Event): void {
  const provider = createOrLoadProvider(address);
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);
  const day = createOrLoadProviderDay(provider, ts);
  day.deliveries = day.deliveries + 1;
  saveProviderDay(day, provider);
  saveStats(stats, event);
}

export function handleJobCancelled(event: JobCancelledEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "JobCancelled");
  if (job == null) return;
  const stats = openStats(event);
  const protocol = stats.protocol;
  job.status = JOB_CANCELLED;
  job.refund = p.refund;
  markClosed(job, event.block.timestamp, event.block.number, event.transaction.hash);
  job.save();

  const refund = new Refunded(eventId(event));
  refund.job = job.id;
  refund.requester = p.requester;
  refund.reason = JOB_CANCELLED;
  refund.refund = p.refund;
  refund.compensation = ZERO_BI;
  refund.amount = p.refund;
  refund.blockNumber = event.block.number;
  refund.timestamp = event.block.timestamp;
  refund.transactionHash = event.transaction.hash;
  refund.save();

  protocol.jobsOpen = protocol.jobsOpen - 1;
  protocol.jobsCancelled = protocol.jobsCancelled + 1;
  protocol.openEscrow = protocol.openEscrow.minus(job.escrow);
  protocol.cumulativeRefunded = protocol.cumulativeRefunded.plus(p.refund);
  protocol.totalClaimable = protocol.totalClaimable.plus(p.refund);
  countCancelled(stats, p.refund);
  saveStats(stats, event);
}

/**
 * A winner was credited. `payment + fee` is its price when a real result won (the registry counts a
 * completion and releases the collateral); both are 0 when "input unavailable" won (released, bonus only).
 */
export function handleProviderPaid(event: ProviderPaidEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "ProviderPaid");
  if (job == null) return;
  const assignment = findAssignment(job, p.provider, "ProviderPaid");
  if (assignment == null) return;
  const stats = openStats(event);
  const protocol = stats.protocol;
  const ts = event.block.timestamp;
  const earned = p.payment.plus(p.bonus);
  const completed = !p.payment.plus(p.fee).isZero();

  assignment.outcome = completed ? ASSIGNMENT_PAID : ASSIGNMENT_RELEASED;
  assignment.payment = p.payment;
  assignment.fee = p.fee;
  assignment.bonus = p.bonus;
  assignment.settledAt = ts;
  assignment.save();

  job.bonuses = job.bonuses.plus(p.bonus);
  job.save();

  const provider = createOrLoadProvider(p.provider);
  moveCollateral(protocol, provider, job.collateral, false);
  if (completed) {
    provider.completed = provider.completed + 1;
    provider.consecutiveFaults = 0;
    protocol.assignmentsPaid = protocol.assignmentsPaid + 1;
  } else {
    provider.released = provider.released + 1;
    protocol.assignmentsReleased = protocol.assignmentsReleased + 1;
  }
  provider.earnings = provider.earnings.plus(earned);
  provider.paymentEarnings = provider.paymentEarnings.plus(p.payment);
  provider.bonusEarnings = provider.bonusEarnings.plus(p.bonus);
  provider.feesPaid = provider.feesPaid.plus(p.fee);
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);
  const day = createOrLoadProviderDay(provider, ts);
  if (completed) day.completed = day.completed + 1;
  day.earnings = day.earnings.plus(earned);
  day.feesPaid = day.feesPaid.plus(p.fee);
  saveProviderDay(day, provider);

  const paid = new ProviderPaid(eventId(event));
  paid.job = job.id;
  paid.provider = p.provider;
  paid.payment = p.payment;
  paid.fee = p.fee;
  paid.bonus = p.bonus;
  paid.amount = earned;
  paid.blockNumber = event.block.number;
  paid.timestamp = ts;
  paid.transactionHash = event.transaction.hash;
  paid.save();

  protocol.cumulativeProviderEarnings = protocol.cumulativeProviderEarnings.plus(earned);
  protocol.cumulativeBonuses = protocol.cumulativeBonuses.plus(p.bonus);
  protocol.totalClaimable = protocol.totalClaimable.plus(earned);
  countBonus(stats, p.bonus);
  saveStats(stats, event);
}

/**
 * The market's side of a slash: the assignment's outcome. The provider's stake, counters and the market
 * statistics follow from the registry's ProviderSlashed, emitted in the same transaction.
 */
export function handleAssignmentSlashed(event: AssignmentSlashedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "AssignmentSlashed");
  if (job == null) return;
  const assignment = findAssignment(job, p.provider, "AssignmentSlashed");
  if (assignment == null) return;
  assignment.outcome = p.reason == 1 ? ASSIGNMENT_SLASHED_DISSENT : ASSIGNMENT_SLASHED_NO_SHOW;
  assignment.slashed = p.amount;
  assignment.settledAt = event.block.timestamp;
  assignment.save();
}

/** No majority: the claimer's collateral goes back without payment or slash (nobody to blame). */
export function handleAssignmentReleased(event: AssignmentReleasedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "AssignmentReleased");
  if (job == null) return;
  const assignment = findAssignment(job, p.provider, "AssignmentReleased");
  if (assignment == null) return;
  const ts = event.block.timestamp;
  assignment.outcome = ASSIGNMENT_RELEASED;
  assignment.settledAt = ts;
  assignment.save();
  const stats = openStats(event);
  const protocol = stats.protocol;
  const provider = createOrLoadProvider(p.provider);
  moveCollateral(protocol, provider, p.collateral, false);
  provider.released = provider.released + 1;
  saveProvider(provider, ts);
  saveProviderDay(createOrLoadProviderDay(provider, ts), provider);
  protocol.assignmentsReleased = protocol.assignmentsReleased + 1;
  saveStats(stats, event);
}

/**
 * k = 1: the court took the job over. It stays open (escrow in the market, counted in jobsOpen) until the court's
 * resolution settles it; DisputeCourt.DisputeOpened, in the same transaction, creates the Dispute.
 */
export function handleJobDisputed(event: JobDisputedEvent): void {
  const job = loadJob(event.params.jobId, "JobDisputed");
  if (job == null) return;
  job.status = JOB_DISPUTED;
  job.disputed = true;
  job.dispute = job.id;
  job.disputedAt = event.block.timestamp;
  job.save();
}

export function handleJobSettled(event: JobSettledEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "JobSettled");
  if (job == null) return;
  const stats = openStats(event);
  const protocol = stats.protocol;
  const ts = event.block.timestamp;
  const outcome = p.outcome;
  const winner = p.resultHash;
  const hasWinner = !isZero(winner);

  let resultURI: string | null = null;
  // The winning result's URI, from the first slot that delivered the winning hash.
  for (let slot = 0; slot < job.claimed && hasWinner && resultURI === null; slot++) {
    const assignment = Assignment.load(assignmentId(job.id, slot));
    if (assignment == null) continue;
    const delivered = assignment.resultHash;
    if (delivered !== null && delivered.equals(winner)) resultURI = assignment.resultURI;
  }

  // The treasury takes the fees, its share of slashes and the rounding dust of the bonus split.
  const treasuryRevenue = p.fees.plus(p.slashed).minus(p.compensation).minus(job.bonuses);
  job.status = outcome == OUTCOME_COMPLETED ? JOB_COMPLETED : JOB_REFUNDED;
  job.outcome = outcomeName(outcome);
  job.resultHash = hasWinner ? winner : null;
  job.resultURI = resultURI;
  job.paid = p.paid;
  job.fees = p.fees;
  job.refund = p.refund;
  job.compensation = p.compensation;
  job.slashed = p.slashed;
  job.treasuryRevenue = treasuryRevenue;
  markClosed(job, ts, event.block.number, event.transaction.hash);
  job.save();

  const credited = p.refund.plus(p.compensation);
  if (!credited.isZero()) {
    const refund = new Refunded(eventId(event));
    refund.job = job.id;
    refund.requester = p.requester;
    refund.reason = outcomeName(outcome);
    refund.refund = p.refund;
    refund.compensation = p.compensation;
    refund.amount = credited;
    refund.blockNumber = event.block.number;
    refund.timestamp = ts;
    refund.transactionHash = event.transaction.hash;
    refund.save();
  }
  if (!treasuryRevenue.isZero()) {
    const fee = new FeeCollected(eventId(event));
    fee.job = job.id;
    fee.treasury = protocol.treasury;
    fee.fees = p.fees;
    fee.slashShare = treasuryRevenue.minus(p.fees);
    fee.amount = treasuryRevenue;
    fee.blockNumber = event.block.number;
    fee.timestamp = ts;
    fee.transactionHash = event.transaction.hash;
    fee.save();
  }

  countOutcome(protocol, outcome);
  protocol.jobsOpen = protocol.jobsOpen - 1;
  protocol.openEscrow = protocol.openEscrow.minus(job.escrow);
  protocol.cumulativeVolume = protocol.cumulativeVolume.plus(p.paid);
  protocol.cumulativeFees = protocol.cumulativeFees.plus(p.fees);
  protocol.cumulativeRefunded = protocol.cumulativeRefunded.plus(p.refund);
  protocol.cumulativeCompensation = protocol.cumulativeCompensation.plus(p.compensation);
  protocol.cumulativeTreasuryRevenue = protocol.cumulativeTreasuryRevenue.plus(treasuryRevenue);
  protocol.totalClaimable = protocol.totalClaimable.plus(credited).plus(treasuryRevenue);
  countSettled(stats, outcome, p.paid, p.fees, p.refund, p.compensation);
  saveStats(stats, event);
}

function countOutcome(protocol: Protocol, outcome: i32): void {
  if (outcome == OUTCOME_COMPLETED) protocol.jobsCompleted = protocol.jobsCompleted + 1;
  else protocol.jobsRefunded = protocol.jobsRefunded + 1;
  if (isFailure(outcome)) protocol.jobsFailed = protocol.jobsFailed + 1;
  if (outcome == OUTCOME_INPUT_UNAVAILABLE) protocol.jobsInputUnavailable = protocol.jobsInputUnavailable + 1;
  else if (outcome == OUTCOME_NO_CONSENSUS) protocol.jobsNoConsensus = protocol.jobsNoConsensus + 1;
  else if (outcome == OUTCOME_NO_CLAIMS) protocol.jobsNoClaims = protocol.jobsNoClaims + 1;
  else if (outcome == OUTCOME_NO_RESULT) protocol.jobsNoResult = protocol.jobsNoResult + 1;
  else if (outcome == OUTCOME_OVERTURNED) protocol.jobsOverturned = protocol.jobsOverturned + 1;
}

function markClosed(job: Job, ts: BigInt, block: BigInt, tx: Bytes): void {
  job.settledAt = ts;
  job.settledAtBlock = block;
  job.settledTx = tx;
}

export function handleWithdrawn(event: WithdrawnEvent): void {
  const stats = openStats(event);
  const withdrawn = new Withdrawn(eventId(event));
  withdrawn.source = BALANCE_JOB_MARKET;
  withdrawn.contract = event.address;
  withdrawn.account = event.params.account;
  withdrawn.amount = event.params.amount;
  withdrawn.blockNumber = event.block.number;
  withdrawn.timestamp = event.block.timestamp;
  withdrawn.transactionHash = event.transaction.hash;
  withdrawn.save();
  stats.protocol.totalClaimable = stats.protocol.totalClaimable.minus(event.params.amount);
  stats.protocol.cumulativeWithdrawn = stats.protocol.cumulativeWithdrawn.plus(event.params.amount);
  saveStats(stats, event);
}

export function handleParameterUpdated(event: ParameterUpdatedEvent): void {
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.market = event.address;
  const p = event.params;
  const value = p.newValue;
  const name = recordParameterUpdate(event, SOURCE_JOB_MARKET, p.parameter, p.oldValue, value);
  if (name == "feeBps") protocol.feeBps = value.toI32();
  else if (name == "collateralBps") protocol.collateralBps = value.toI32();
  else if (name == "minCollateral") protocol.minCollateral = value;
  else if (name == "minPrice") protocol.minPrice = value;
  else if (name == "dissentSlashBps") protocol.dissentSlashBps = value.toI32();
  else if (name == "noShowSlashBps") protocol.noShowSlashBps = value.toI32();
  else if (name == "requesterShareBps") protocol.requesterShareBps = value.toI32();
  else if (name == "honestShareBps") protocol.honestShareBps = value.toI32();
  else if (name == "challengeWindow") protocol.challengeWindow = value.toI32();
  else if (name == "wideningPeriod") protocol.wideningPeriod = value.toI32();
  saveStats(stats, event);
}

export function handleTreasuryUpdated(event: TreasuryUpdatedEvent): void {
  const stats = openStats(event);
  stats.protocol.market = event.address;
  stats.protocol.treasury = event.params.newTreasury;
  const update = new TreasuryUpdated(eventId(event));
  update.oldTreasury = event.params.oldTreasury;
  update.newTreasury = event.params.newTreasury;
  update.blockNumber = event.block.number;
  update.timestamp = event.block.timestamp;
  update.transactionHash = event.transaction.hash;
  update.save();
  saveStats(stats, event);
}

export function handleMarketPaused(event: MarketPausedEvent): void {
  recordPause(event.params.by, true, openStats(event), event);
}

export function handleMarketUnpaused(event: MarketUnpausedEvent): void {
  recordPause(event.params.by, false, openStats(event), event);
}

function recordPause(by: Bytes, paused: boolean, stats: Stats, event: ethereum.Event): void {
  stats.protocol.market = event.address;
  stats.protocol.paused = paused;
  const change = new PauseChanged(eventId(event));
  change.paused = paused;
  change.by = by;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
  saveStats(stats, event);
}
