// Handlers of DisputeCourt events: disputes of k = 1 results, verifier slots, verdicts, the court's claimable
// balances and parameters. Events only — never a contract call.
//
// Who counts what (nothing twice): the registry's ProviderSlashed (emitted for the court's slashes too) moves the
// stake, releases the slashed slot's collateral and counts the fault, the provider's slashed amount and the
// period's slashes (src/providerRegistry.ts). These handlers count the court's side: verifier slots (their
// collateral is locked here on VerifierDrawn and released on VerifierReleased, since the registry emits nothing
// for either), the dispute's amounts, the court's money (openBonds + courtClaimable = the court's token balance)
// and the dispute statistics. The market's side of the job (refund, settlement) follows from its JobSettled.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import {
  DisputeOpened as DisputeOpenedEvent,
  DisputeResolved as DisputeResolvedEvent,
  ParameterUpdated as ParameterUpdatedEvent,
  VerdictCommitted as VerdictCommittedEvent,
  VerdictRevealed as VerdictRevealedEvent,
  VerifierDrawn as VerifierDrawnEvent,
  VerifierReleased as VerifierReleasedEvent,
  VerifierSlashed as VerifierSlashedEvent,
  Withdrawn as WithdrawnEvent,
} from "../generated/DisputeCourt/DisputeCourt";
import { Dispute, DisputeVerifier, VerifierReleased, VerifierSlashed, Withdrawn } from "../generated/schema";
import {
  ASSIGNMENT_SLASHED_DISSENT,
  BALANCE_DISPUTE_COURT,
  DISPUTE_OPEN,
  DISPUTE_RESOLVED,
  FAULT_DISSENT,
  SOURCE_DISPUTE_COURT,
  VERDICT_INCONCLUSIVE,
  VERDICT_OVERTURNED,
  VERDICT_UPHELD,
  VERIFIER_DISSENT,
  VERIFIER_MAJORITY,
  VERIFIER_NO_SHOW,
  VERIFIER_PENDING,
  VERIFIER_RELEASED,
  ZERO_BI,
  faultName,
  verdictName,
} from "./helpers/constants";
import { disputeVerifierId, loadDispute, loadDisputeVerifier } from "./helpers/dispute";
import { eventId, isZero, recordParameterUpdate } from "./helpers/events";
import { findAssignment, jobIdString, loadJob } from "./helpers/job";
import { createOrLoadProvider, moveCollateral, saveProvider } from "./helpers/provider";
import {
  countActiveProvider,
  countDisputeOpened,
  countDisputeResolved,
  countVerifierDrawn,
  openStats,
  saveStats,
} from "./helpers/stats";

export function handleDisputeOpened(event: DisputeOpenedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.court = event.address;
  const ts = event.block.timestamp;

  const dispute = new Dispute(jobIdString(p.jobId));
  dispute.jobId = p.jobId;
  dispute.job = dispute.id;
  dispute.challenger = p.challenger;
  dispute.provider = p.provider;
  dispute.requester = p.requester;
  dispute.resultHash = p.resultHash;
  dispute.bond = p.bond;
  dispute.collateral = p.collateral;
  dispute.verifierCount = p.verifiers;
  dispute.openedBlock = p.openedBlock;
  dispute.drawDeadline = p.drawDeadline;
  dispute.commitDeadline = p.commitDeadline;
  dispute.revealDeadline = p.revealDeadline;
  dispute.status = DISPUTE_OPEN;
  dispute.drawn = 0;
  dispute.committed = 0;
  dispute.revealed = 0;
  dispute.majorityCount = 0;
  dispute.providerSlashed = ZERO_BI;
  dispute.verifiersSlashed = ZERO_BI;
  dispute.compensation = ZERO_BI;
  dispute.challengerPaid = ZERO_BI;
  dispute.providerPaid = ZERO_BI;
  dispute.verifierPayment = ZERO_BI;
  dispute.verifierPayments = ZERO_BI;
  dispute.treasuryPaid = ZERO_BI;
  dispute.openedAt = ts;
  dispute.openedTx = event.transaction.hash;
  dispute.save();

  // The market's JobDisputed (same transaction, earlier) already marked the job; this keeps the link even if
  // only the court's events are indexed from some block on.
  const job = loadJob(p.jobId, "DisputeOpened");
  if (job != null && job.dispute === null) {
    job.disputed = true;
    job.dispute = dispute.id;
    job.disputedAt = ts;
    job.save();
  }

  const provider = createOrLoadProvider(p.provider);
  provider.disputed = provider.disputed + 1;
  saveProvider(provider, ts);

  protocol.disputesOpened = protocol.disputesOpened + 1;
  protocol.disputesOpen = protocol.disputesOpen + 1;
  protocol.cumulativeBonds = protocol.cumulativeBonds.plus(p.bond);
  protocol.openBonds = protocol.openBonds.plus(p.bond);
  countDisputeOpened(stats, p.bond);
  saveStats(stats, event);
}

/** A verifier won the lottery and took a slot; the registry locked its collateral (without an event of its own). */
export function handleVerifierDrawn(event: VerifierDrawnEvent): void {
  const p = event.params;
  const dispute = loadDispute(p.jobId, "VerifierDrawn");
  if (dispute == null) return;
  const stats = openStats(event);
  const ts = event.block.timestamp;

  const slot = new DisputeVerifier(disputeVerifierId(dispute.id, p.verifier));
  slot.dispute = dispute.id;
  slot.verifier = p.verifier;
  slot.slot = p.slot;
  slot.collateral = p.collateral;
  slot.drawnAt = ts;
  slot.drawnAtBlock = event.block.number;
  slot.drawTx = event.transaction.hash;
  slot.outcome = VERIFIER_PENDING;
  slot.payment = ZERO_BI;
  slot.slashed = ZERO_BI;
  slot.save();

  if (dispute.firstDrawAt === null) dispute.firstDrawAt = ts;
  dispute.lastDrawAt = ts;
  dispute.drawn = dispute.drawn + 1;
  dispute.save();

  const provider = createOrLoadProvider(p.verifier);
  moveCollateral(stats.protocol, provider, p.collateral, true);
  provider.verifications = provider.verifications + 1;
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);

  stats.protocol.verifiersDrawn = stats.protocol.verifiersDrawn + 1;
  countVerifierDrawn(stats);
  saveStats(stats, event);
}

export function handleVerdictCommitted(event: VerdictCommittedEvent): void {
  const p = event.params;
  const dispute = loadDispute(p.jobId, "VerdictCommitted");
  if (dispute == null) return;
  const slot = loadDisputeVerifier(dispute, p.verifier, "VerdictCommitted");
  if (slot == null) return;
  const ts = event.block.timestamp;
  slot.committedAt = ts;
  slot.commitment = p.commitment;
  slot.save();
  dispute.committed = dispute.committed + 1;
  dispute.lastCommitAt = ts;
  dispute.save();
}

export function handleVerdictRevealed(event: VerdictRevealedEvent): void {
  const p = event.params;
  const dispute = loadDispute(p.jobId, "VerdictRevealed");
  if (dispute == null) return;
  const slot = loadDisputeVerifier(dispute, p.verifier, "VerdictRevealed");
  if (slot == null) return;
  const ts = event.block.timestamp;
  slot.revealedAt = ts;
  slot.resultHash = p.resultHash;
  slot.resultURI = p.resultURI.length > 0 ? p.resultURI : null;
  slot.save();
  dispute.revealed = dispute.revealed + 1;
  dispute.lastRevealAt = ts;
  dispute.save();

  const stats = openStats(event);
  const provider = createOrLoadProvider(p.verifier);
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);
  saveStats(stats, event);
}

/**
 * The court's side of a verifier slash: the slot's outcome and the verifier counters. The stake, the collateral
 * release, the fault counters and the period's slashes follow from the registry's ProviderSlashed, next.
 */
export function handleVerifierSlashed(event: VerifierSlashedEvent): void {
  const p = event.params;
  const dispute = loadDispute(p.jobId, "VerifierSlashed");
  if (dispute == null) return;
  const slot = loadDisputeVerifier(dispute, p.verifier, "VerifierSlashed");
  if (slot == null) return;
  const ts = event.block.timestamp;
  const dissent = p.reason == FAULT_DISSENT;
  slot.outcome = dissent ? VERIFIER_DISSENT : VERIFIER_NO_SHOW;
  slot.slashed = p.amount;
  slot.settledAt = ts;
  slot.save();

  const stats = openStats(event);
  const protocol = stats.protocol;
  const provider = createOrLoadProvider(p.verifier);
  if (dissent) provider.verificationsDissent = provider.verificationsDissent + 1;
  else provider.verificationsNoShow = provider.verificationsNoShow + 1;
  provider.verifierSlashedAmount = provider.verifierSlashedAmount.plus(p.amount);
  saveProvider(provider, ts);

  const slashed = new VerifierSlashed(eventId(event));
  slashed.dispute = dispute.id;
  slashed.verifier = p.verifier;
  slashed.reason = faultName(p.reason);
  slashed.amount = p.amount;
  slashed.blockNumber = event.block.number;
  slashed.timestamp = ts;
  slashed.transactionHash = event.transaction.hash;
  slashed.save();

  if (dissent) protocol.verifierDissents = protocol.verifierDissents + 1;
  else protocol.verifierNoShows = protocol.verifierNoShows + 1;
  saveStats(stats, event);
}

/**
 * A verifier's collateral went back: with its payment and a completion (majority of a deciding verdict), or
 * unpaid (a revealer of an inconclusive dispute). The registry releases without an event, so the collateral
 * is released here. The payment is part of DisputeResolved's credits, counted in courtClaimable there.
 */
export function handleVerifierReleased(event: VerifierReleasedEvent): void {
  const p = event.params;
  const dispute = loadDispute(p.jobId, "VerifierReleased");
  if (dispute == null) return;
  const slot = loadDisputeVerifier(dispute, p.verifier, "VerifierReleased");
  if (slot == null) return;
  const ts = event.block.timestamp;
  slot.outcome = p.majority ? VERIFIER_MAJORITY : VERIFIER_RELEASED;
  slot.payment = p.payment;
  slot.settledAt = ts;
  slot.save();
  if (p.majority) {
    dispute.majorityCount = dispute.majorityCount + 1;
    dispute.save();
  }

  const stats = openStats(event);
  const protocol = stats.protocol;
  const provider = createOrLoadProvider(p.verifier);
  moveCollateral(protocol, provider, slot.collateral, false);
  if (p.majority) {
    provider.completed = provider.completed + 1; // the registry counts it as a completed assignment
    provider.consecutiveFaults = 0;
    provider.verificationsMajority = provider.verificationsMajority + 1;
    provider.verifierEarnings = provider.verifierEarnings.plus(p.payment);
    provider.courtEarnings = provider.courtEarnings.plus(p.payment);
    protocol.verifierMajorities = protocol.verifierMajorities + 1;
  } else {
    provider.verificationsReleased = provider.verificationsReleased + 1;
    protocol.verifiersReleased = protocol.verifiersReleased + 1;
  }
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);

  const released = new VerifierReleased(eventId(event));
  released.dispute = dispute.id;
  released.verifier = p.verifier;
  released.majority = p.majority;
  released.payment = p.payment;
  released.blockNumber = event.block.number;
  released.timestamp = ts;
  released.transactionHash = event.transaction.hash;
  released.save();
  saveStats(stats, event);
}

/**
 * Final accounting. Every token the court received for the dispute (bond + provider slash + verifier slashes) is
 * credited exactly once: the bond leaves openBonds, and everything enters courtClaimable. The market's
 * JobSettled follows in the same transaction (OVERTURNED: the escrow refund; otherwise the usual settlement).
 */
export function handleDisputeResolved(event: DisputeResolvedEvent): void {
  const p = event.params;
  const dispute = loadDispute(p.jobId, "DisputeResolved");
  if (dispute == null) return;
  const stats = openStats(event);
  const protocol = stats.protocol;
  const ts = event.block.timestamp;
  const verdict = p.verdict;
  const verifierPayments = p.verifierPayment.times(BigInt.fromI32(dispute.majorityCount));

  dispute.status = DISPUTE_RESOLVED;
  dispute.verdict = verdictName(verdict);
  dispute.majorityHash = isZero(p.majorityHash) ? null : (p.majorityHash as Bytes);
  dispute.providerSlashed = p.providerSlashed;
  dispute.verifiersSlashed = p.verifiersSlashed;
  dispute.compensation = p.compensation;
  dispute.challengerPaid = p.challengerPaid;
  dispute.providerPaid = p.providerPaid;
  dispute.verifierPayment = p.verifierPayment;
  dispute.verifierPayments = verifierPayments;
  dispute.treasuryPaid = p.treasuryPaid;
  dispute.resolvedAt = ts;
  dispute.resolvedAtBlock = event.block.number;
  dispute.resolvedTx = event.transaction.hash;
  dispute.save();

  const provider = createOrLoadProvider(p.provider);
  if (verdict == VERDICT_UPHELD) provider.upheld = provider.upheld + 1;
  else if (verdict == VERDICT_OVERTURNED) provider.overturned = provider.overturned + 1;
  provider.bondEarnings = provider.bondEarnings.plus(p.providerPaid);
  provider.courtEarnings = provider.courtEarnings.plus(p.providerPaid);
  saveProvider(provider, ts);

  if (verdict == VERDICT_OVERTURNED) {
    // The market emits no AssignmentSlashed for it: the court slashed the provider's slot (ProviderSlashed, earlier).
    const job = loadJob(p.jobId, "DisputeResolved");
    const assignment = job != null ? findAssignment(job, p.provider, "DisputeResolved") : null;
    if (assignment != null) {
      assignment.outcome = ASSIGNMENT_SLASHED_DISSENT;
      assignment.slashed = p.providerSlashed;
      assignment.settledAt = ts;
      assignment.save();
    }
  }

  const slashed = p.providerSlashed.plus(p.verifiersSlashed);
  const credited = p.compensation
    .plus(p.challengerPaid)
    .plus(p.providerPaid)
    .plus(verifierPayments)
    .plus(p.treasuryPaid); // = bond + slashed
  protocol.disputesOpen = protocol.disputesOpen - 1;
  protocol.disputesResolved = protocol.disputesResolved + 1;
  if (verdict == VERDICT_UPHELD) protocol.disputesUpheld = protocol.disputesUpheld + 1;
  else if (verdict == VERDICT_OVERTURNED) protocol.disputesOverturned = protocol.disputesOverturned + 1;
  else if (verdict == VERDICT_INCONCLUSIVE) protocol.disputesInconclusive = protocol.disputesInconclusive + 1;
  protocol.openBonds = protocol.openBonds.minus(dispute.bond);
  protocol.cumulativeDisputeSlashed = protocol.cumulativeDisputeSlashed.plus(slashed);
  protocol.cumulativeOverturnSlashed = protocol.cumulativeOverturnSlashed.plus(p.providerSlashed);
  protocol.cumulativeVerifierSlashed = protocol.cumulativeVerifierSlashed.plus(p.verifiersSlashed);
  protocol.cumulativeDisputeCompensation = protocol.cumulativeDisputeCompensation.plus(p.compensation);
  protocol.cumulativeChallengerPaid = protocol.cumulativeChallengerPaid.plus(p.challengerPaid);
  protocol.cumulativeBondToProviders = protocol.cumulativeBondToProviders.plus(p.providerPaid);
  protocol.cumulativeVerifierPayments = protocol.cumulativeVerifierPayments.plus(verifierPayments);
  protocol.cumulativeCourtTreasuryRevenue = protocol.cumulativeCourtTreasuryRevenue.plus(p.treasuryPaid);
  protocol.courtClaimable = protocol.courtClaimable.plus(credited);
  countDisputeResolved(stats, verdict, slashed);
  saveStats(stats, event);
}

export function handleWithdrawn(event: WithdrawnEvent): void {
  const stats = openStats(event);
  stats.protocol.court = event.address;
  const withdrawn = new Withdrawn(eventId(event));
  withdrawn.source = BALANCE_DISPUTE_COURT;
  withdrawn.contract = event.address;
  withdrawn.account = event.params.account;
  withdrawn.amount = event.params.amount;
  withdrawn.blockNumber = event.block.number;
  withdrawn.timestamp = event.block.timestamp;
  withdrawn.transactionHash = event.transaction.hash;
  withdrawn.save();
  stats.protocol.courtClaimable = stats.protocol.courtClaimable.minus(event.params.amount);
  stats.protocol.cumulativeCourtWithdrawn = stats.protocol.cumulativeCourtWithdrawn.plus(event.params.amount);
  saveStats(stats, event);
}

/** The court's parameters; two share a name with the market's and are stored under their own field. */
export function handleParameterUpdated(event: ParameterUpdatedEvent): void {
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.court = event.address;
  const p = event.params;
  const value = p.newValue;
  const name = recordParameterUpdate(event, SOURCE_DISPUTE_COURT, p.parameter, p.oldValue, value);
  if (name == "bondBps") protocol.bondBps = value.toI32();
  else if (name == "minBond") protocol.minBond = value;
  else if (name == "verifiers") protocol.verifiersPerDispute = value.toI32();
  else if (name == "providerSlashBps") protocol.providerSlashBps = value.toI32();
  else if (name == "verifierSlashBps") protocol.verifierSlashBps = value.toI32();
  else if (name == "requesterShareBps") protocol.disputeRequesterShareBps = value.toI32();
  else if (name == "challengerShareBps") protocol.challengerShareBps = value.toI32();
  else if (name == "verifierShareBps") protocol.verifierShareBps = value.toI32();
  else if (name == "drawPeriod") protocol.drawPeriod = value.toI32();
  else if (name == "commitPeriod") protocol.commitPeriod = value.toI32();
  else if (name == "revealPeriod") protocol.revealPeriod = value.toI32();
  else if (name == "wideningPeriod") protocol.verifierWideningPeriod = value.toI32();
  saveStats(stats, event);
}
