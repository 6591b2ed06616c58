// Handlers of VerificationCourt events: audits (round 0), panels, challenges, verifier pay and slashes, the pool,
// court parameters. Events only — never a contract call.
//
// The court's money: pool + reserved + openBonds + courtClaimable = the court's tokens + its claimable balance in
// the market (Protocol.courtMarketClaimable, credited by JobSettled). Draws move a budget from the pool to reserved; a
// revealing verifier's pay (its fuel at the job's price) becomes claimable and the rest of the reservation goes back
// to the pool, as a missing verifier's whole reservation does; slashed verifier
// collateral, forfeited bonds and fundPool add to the pool; a winning challenger's reward comes out of it.
import { Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  ChallengeOpened as ChallengeOpenedEvent,
  ChallengeSettled as ChallengeSettledEvent,
  ParameterUpdated as ParameterUpdatedEvent,
  PoolFunded as PoolFundedEvent,
  ReplicaCompensated as ReplicaCompensatedEvent,
  RoundClosed as RoundClosedEvent,
  RoundOpened as RoundOpenedEvent,
  VerdictCommitted as VerdictCommittedEvent,
  VerdictRevealed as VerdictRevealedEvent,
  VerificationFinalized as VerificationFinalizedEvent,
  VerifierDrawn as VerifierDrawnEvent,
  VerifierPaid as VerifierPaidEvent,
  VerifierSlashed as VerifierSlashedEvent,
  Withdrawn as WithdrawnEvent,
} from "../generated/VerificationCourt/VerificationCourt";
import { PoolFunded, VerificationRound, VerifierPaid, VerifierSeat } from "../generated/schema";
import {
  CHALLENGE_LOST,
  CHALLENGE_OPEN,
  CHALLENGE_UNDECIDED,
  CHALLENGE_WON,
  FAULT_DISSENT,
  FAULT_NO_SHOW,
  JOB_OPEN,
  SEAT_DISSENT,
  SEAT_NO_SHOW,
  SEAT_PAID,
  SEAT_PENDING,
  SEAT_UPHELD,
  SEAT_WITHHELD,
  SOURCE_VERIFICATION_COURT,
  VERIFICATION_AUDIT,
  VERIFICATION_FINAL,
  VERIFICATION_PANEL,
  ZERO_BI,
} from "./helpers/constants";
import { eventId, recordParameterUpdate, recordWithdrawal } from "./helpers/events";
import { closeRevealsIfDone, loadJob } from "./helpers/job";
import {
  createOrLoadProvider,
  createOrLoadProviderDay,
  moveCollateral,
  saveProvider,
  saveProviderDay,
} from "./helpers/provider";
import { isZero, revealedResult } from "./helpers/results";
import { add, addAmount, countActiveProvider, openStats, saveStats } from "./helpers/stats";
import {
  createOrLoadVerification,
  loadRound,
  loadSeat,
  loadVerification,
  roundId,
  seatId,
} from "./helpers/verification";

const COURT_PARAMETERS: string[][] = [
  ["panelSize", "panelSize", "Int"],
  ["maxRounds", "maxRounds", "Int"],
  ["bondBps", "bondBps", "Int"],
  ["minBond", "minBond", "BigInt"],
  ["verifierSlashBps", "verifierSlashBps", "Int"],
  ["drawPeriod", "drawPeriod", "Int"],
  ["revealPeriod", "courtRevealPeriod", "Int"],
  ["wideningPeriod", "courtWideningPeriod", "Int"],
];

export function handleRoundOpened(event: RoundOpenedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "RoundOpened");
  if (job == null) return;
  const v = createOrLoadVerification(job, event);
  v.round = p.round;
  if (p.round == 0) {
    v.audited = true;
    v.status = VERIFICATION_AUDIT;
  } else {
    v.status = VERIFICATION_PANEL;
    v.panelRounds = v.panelRounds + 1;
  }
  v.save();
  job.save();

  const round = new VerificationRound(roundId(job.id, p.round));
  round.verification = v.id;
  round.round = p.round;
  round.seats = p.seats;
  round.openedBlock = p.openedBlock;
  round.openedAt = event.block.timestamp;
  round.drawEndsAt = p.drawEndsAt;
  round.commitEndsAt = p.commitEndsAt;
  round.revealEndsAt = p.revealEndsAt;
  round.drawn = 0;
  round.committed = 0;
  round.revealed = 0;
  round.closed = false;
  round.save();

  const stats = openStats(event);
  stats.protocol.court = event.address;
  if (p.round > 0) add(stats, "PanelRoundsOpened");
  saveStats(stats, event);
}

export function handleChallengeOpened(event: ChallengeOpenedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "ChallengeOpened");
  if (job == null) return;
  const v = createOrLoadVerification(job, event);
  v.challenger = p.challenger;
  v.bond = p.bond;
  v.challengeStatus = CHALLENGE_OPEN;
  v.challengedAt = event.block.timestamp;
  if (!isZero(p.agreed)) v.agreed = p.agreed;
  v.save();
  job.save();

  const stats = openStats(event);
  stats.protocol.openBonds = stats.protocol.openBonds.plus(p.bond);
  stats.protocol.openChallenges = stats.protocol.openChallenges + 1;
  add(stats, "ChallengesOpened");
  addAmount(stats, "Bonds", p.bond);
  saveStats(stats, event);
}

export function handleVerifierDrawn(event: VerifierDrawnEvent): void {
  const p = event.params;
  const v = loadVerification(p.jobId, "VerifierDrawn");
  const round = loadRound(p.jobId, p.round, "VerifierDrawn");
  if (v == null || round == null) return;
  const ts = event.block.timestamp;
  const seat = new VerifierSeat(seatId(v.id, p.verifier));
  seat.verification = v.id;
  seat.round = round.id;
  seat.roundIndex = p.round;
  seat.seat = p.seat;
  seat.verifier = p.verifier;
  seat.collateral = p.collateral;
  seat.pay = p.pay;
  seat.drawnAt = ts;
  seat.drawTx = event.transaction.hash;
  seat.outcome = SEAT_PENDING;
  seat.payment = ZERO_BI;
  seat.slashed = ZERO_BI;
  seat.save();
  round.drawn = round.drawn + 1;
  round.save();
  v.verifiersDrawn = v.verifiersDrawn + 1;
  v.save();

  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.pool = protocol.pool.minus(p.pay);
  protocol.reserved = protocol.reserved.plus(p.pay);
  const provider = createOrLoadProvider(p.verifier);
  moveCollateral(protocol, provider, p.collateral, true);
  provider.verifications = provider.verifications + 1;
  if (p.round == 0) provider.audits = provider.audits + 1;
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);
  const day = createOrLoadProviderDay(provider, ts);
  day.verifications = day.verifications + 1;
  saveProviderDay(day, provider);
  add(stats, "VerifiersDrawn");
  if (p.round == 0) add(stats, "AuditorsDrawn");
  saveStats(stats, event);
}

export function handleVerdictCommitted(event: VerdictCommittedEvent): void {
  const p = event.params;
  const seat = loadSeat(p.jobId, p.verifier, "VerdictCommitted");
  const round = loadRound(p.jobId, p.round, "VerdictCommitted");
  if (seat == null || round == null) return;
  seat.committedAt = event.block.timestamp;
  seat.commitment = p.commitment;
  seat.save();
  round.committed = round.committed + 1;
  round.save();
  touchActive(event, p.verifier);
}

export function handleVerdictRevealed(event: VerdictRevealedEvent): void {
  const p = event.params;
  const seat = loadSeat(p.jobId, p.verifier, "VerdictRevealed");
  const round = loadRound(p.jobId, p.round, "VerdictRevealed");
  if (seat == null || round == null) return;
  const ts = event.block.timestamp;
  seat.revealedAt = ts;
  seat.outputHash = p.outputHash;
  seat.fuelUsed = p.fuelUsed;
  seat.result = revealedResult(p.outputHash, p.fuelUsed);
  seat.proof = p.proof;
  seat.resultURI = p.resultURI.length > 0 ? p.resultURI : null;
  seat.save();
  round.revealed = round.revealed + 1;
  round.save();
  if (p.round == 0) {
    // The auditor's reveal may be the last one the job waits for (JobMarket.noteAuditRevealed).
    const job = loadJob(p.jobId, "VerdictRevealed");
    if (job != null && job.status == JOB_OPEN) {
      closeRevealsIfDone(job, true, ts);
      job.save();
    }
  }
  touchActive(event, p.verifier);
}

export function handleRoundClosed(event: RoundClosedEvent): void {
  const p = event.params;
  const round = loadRound(p.jobId, p.round, "RoundClosed");
  if (round == null) return;
  round.closed = true;
  round.closedAt = event.block.timestamp;
  if (!isZero(p.majority)) {
    round.majority = p.majority;
    round.majorityFuel = p.fuelUsed;
  }
  round.save();
  if (isZero(p.majority)) {
    const stats = openStats(event);
    add(stats, "PanelRoundsNoMajority");
    saveStats(stats, event);
  }
}

export function handleVerifierPaid(event: VerifierPaidEvent): void {
  const p = event.params;
  const v = loadVerification(p.jobId, "VerifierPaid");
  const seat = loadSeat(p.jobId, p.verifier, "VerifierPaid");
  if (v == null || seat == null) return;
  const ts = event.block.timestamp;
  seat.payment = p.pay;
  seat.outcome = p.upheld ? SEAT_UPHELD : SEAT_PAID; // DISSENT if a VerifierSlashed follows
  seat.judgedAt = ts;
  seat.save();
  v.verifierPay = v.verifierPay.plus(p.pay);
  v.save();

  const stats = openStats(event);
  const protocol = stats.protocol;
  // The draw reserved one budget (seat.pay); the verifier is paid its fuel at the job's price and the rest of the
  // reservation goes back to the pool.
  protocol.reserved = protocol.reserved.minus(seat.pay);
  protocol.pool = protocol.pool.plus(seat.pay.minus(p.pay));
  protocol.courtClaimable = protocol.courtClaimable.plus(p.pay);
  // A paid verifier's collateral is released now, or slashed by the Dissent slash that follows (which then frees
  // nothing more): either way the registry unlocks it once.
  const provider = createOrLoadProvider(p.verifier);
  moveCollateral(protocol, provider, seat.collateral, false);
  provider.verifierEarnings = provider.verifierEarnings.plus(p.pay);
  provider.verificationsPaid = provider.verificationsPaid + 1;
  if (p.upheld) {
    provider.verificationsUpheld = provider.verificationsUpheld + 1;
    provider.completed = provider.completed + 1; // releaseCollateral(…, completed = upheld)
  }
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);
  const day = createOrLoadProviderDay(provider, ts);
  day.verifierEarnings = day.verifierEarnings.plus(p.pay);
  if (p.upheld) day.completed = day.completed + 1;
  saveProviderDay(day, provider);

  const paid = new VerifierPaid(eventId(event));
  paid.job = v.id;
  paid.verifier = p.verifier;
  paid.seat = seat.id;
  paid.round = p.round;
  paid.pay = p.pay;
  paid.upheld = p.upheld;
  paid.blockNumber = event.block.number;
  paid.timestamp = ts;
  paid.transactionHash = event.transaction.hash;
  paid.save();

  add(stats, "VerifiersPaid");
  addAmount(stats, "VerifierPay", p.pay);
  addAmount(stats, "PoolPayouts", p.pay);
  saveStats(stats, event);
}

export function handleVerifierSlashed(event: VerifierSlashedEvent): void {
  const p = event.params;
  const v = loadVerification(p.jobId, "VerifierSlashed");
  const seat = loadSeat(p.jobId, p.verifier, "VerifierSlashed");
  if (v == null || seat == null) return;
  const ts = event.block.timestamp;
  const dissent = p.reason == FAULT_DISSENT;
  seat.slashed = p.amount;
  seat.outcome = dissent ? SEAT_DISSENT : p.reason == FAULT_NO_SHOW ? SEAT_NO_SHOW : SEAT_WITHHELD;
  seat.judgedAt = ts;
  seat.save();
  v.verifierSlashed = v.verifierSlashed.plus(p.amount);
  v.save();

  const stats = openStats(event);
  const protocol = stats.protocol;
  const provider = createOrLoadProvider(p.verifier);
  if (dissent) provider.verificationsDissent = provider.verificationsDissent + 1;
  else {
    // Never revealed: unpaid, its reserved pay returns to the pool; the slash frees its collateral.
    provider.verificationsMissed = provider.verificationsMissed + 1;
    moveCollateral(protocol, provider, seat.collateral, false);
    protocol.reserved = protocol.reserved.minus(seat.pay);
    protocol.pool = protocol.pool.plus(seat.pay);
  }
  provider.verifierSlashedAmount = provider.verifierSlashedAmount.plus(p.amount);
  saveProvider(provider, ts);
  // The registry sends a verifier's slashed collateral to the court: it joins the pool.
  protocol.pool = protocol.pool.plus(p.amount);
  add(stats, "VerifierSlashes");
  addAmount(stats, "VerifierSlashed", p.amount);
  addAmount(stats, "PoolFundedByVerifierSlashes", p.amount);
  saveStats(stats, event);
}

export function handleChallengeSettled(event: ChallengeSettledEvent): void {
  const p = event.params;
  const v = loadVerification(p.jobId, "ChallengeSettled");
  if (v == null) return;
  // Without a verdict the bond first paid the challenged replicas (ReplicaCompensated, just before): nothing forfeited.
  const forfeited = v.bond.minus(p.bondReturned).minus(v.replicaCompensation);
  v.challengeStatus = p.won ? CHALLENGE_WON : forfeited.isZero() ? CHALLENGE_UNDECIDED : CHALLENGE_LOST;
  v.bondReturned = p.bondReturned;
  v.challengerReward = p.reward;
  v.save();

  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.openBonds = protocol.openBonds.minus(v.bond);
  protocol.openChallenges = protocol.openChallenges - 1;
  protocol.courtClaimable = protocol.courtClaimable.plus(p.bondReturned).plus(p.reward);
  protocol.pool = protocol.pool.plus(forfeited).minus(p.reward);
  if (p.won) add(stats, "ChallengesWon");
  else if (forfeited.isZero()) add(stats, "ChallengesUndecided");
  else add(stats, "ChallengesLost");
  addAmount(stats, "ChallengerRewards", p.reward);
  addAmount(stats, "PoolPayouts", p.reward);
  addAmount(stats, "PoolFundedByBonds", forfeited);
  saveStats(stats, event);
}

/** An undecided challenge's bond paid a replica of the challenged result (court claimable, a replica's earnings). */
export function handleReplicaCompensated(event: ReplicaCompensatedEvent): void {
  const p = event.params;
  const v = loadVerification(p.jobId, "ReplicaCompensated");
  if (v == null) return;
  v.replicaCompensation = v.replicaCompensation.plus(p.amount);
  v.save();
  const stats = openStats(event);
  stats.protocol.courtClaimable = stats.protocol.courtClaimable.plus(p.amount);
  const provider = createOrLoadProvider(p.provider);
  provider.earnings = provider.earnings.plus(p.amount);
  saveProvider(provider, event.block.timestamp);
  const day = createOrLoadProviderDay(provider, event.block.timestamp);
  day.earnings = day.earnings.plus(p.amount);
  day.save();
  saveStats(stats, event);
}

export function handleVerificationFinalized(event: VerificationFinalizedEvent): void {
  const p = event.params;
  const v = loadVerification(p.jobId, "VerificationFinalized");
  if (v == null) return;
  v.status = VERIFICATION_FINAL;
  if (!isZero(p.verdict)) v.verdict = p.verdict;
  v.finalizedAt = event.block.timestamp;
  v.finalizedTx = event.transaction.hash;
  v.save();
  // The audit round has no RoundClosed: it is judged against the verdict when the verification ends.
  const audit = VerificationRound.load(roundId(v.id, 0));
  if (audit != null && !audit.closed) {
    audit.closed = true;
    audit.closedAt = event.block.timestamp;
    if (!isZero(p.verdict)) audit.majority = p.verdict;
    audit.save();
  }
}

export function handlePoolFunded(event: PoolFundedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  stats.protocol.court = event.address;
  stats.protocol.pool = stats.protocol.pool.plus(p.amount);
  addAmount(stats, "PoolFundedDirectly", p.amount);
  saveStats(stats, event);
  const funded = new PoolFunded(eventId(event));
  funded.from = p.from;
  funded.amount = p.amount;
  funded.blockNumber = event.block.number;
  funded.timestamp = event.block.timestamp;
  funded.transactionHash = event.transaction.hash;
  funded.save();
}

export function handleWithdrawn(event: WithdrawnEvent): void {
  const p = event.params;
  const stats = openStats(event);
  stats.protocol.court = event.address;
  stats.protocol.courtClaimable = stats.protocol.courtClaimable.minus(p.amount);
  addAmount(stats, "CourtWithdrawn", p.amount);
  saveStats(stats, event);
  recordWithdrawal(event, SOURCE_VERIFICATION_COURT, p.account, p.amount);
}

export function handleParameterUpdated(event: ParameterUpdatedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  stats.protocol.court = event.address;
  recordParameterUpdate(
    event,
    SOURCE_VERIFICATION_COURT,
    p.parameter,
    p.oldValue,
    p.newValue,
    stats.protocol,
    COURT_PARAMETERS,
  );
  saveStats(stats, event);
}

/** Counts a verifier's commit or reveal as its activity of the day and hour. */
function touchActive(event: ethereum.Event, address: Bytes): void {
  const stats = openStats(event);
  const provider = createOrLoadProvider(address);
  countActiveProvider(stats, provider);
  saveProvider(provider, event.block.timestamp);
  saveStats(stats, event);
}
