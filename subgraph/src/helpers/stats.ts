import { BigInt, ethereum } from "@graphprotocol/graph-ts";
import { MarketDayData, MarketDayPriceBucket, MarketHourData, Protocol, Provider } from "../../generated/schema";
import {
  OUTCOME_COMPLETED,
  OUTCOME_INPUT_UNAVAILABLE,
  OUTCOME_NO_CLAIMS,
  OUTCOME_NO_CONSENSUS,
  OUTCOME_NO_RESULT,
  OUTCOME_OVERTURNED,
  SECONDS_PER_DAY,
  SECONDS_PER_HOUR,
  VERDICT_OVERTURNED,
  VERDICT_UPHELD,
  ZERO_BI,
} from "./constants";
import { bucketHigh, bucketLow, histogramAdd, histogramMedian, priceBucket } from "./prices";
import { createOrLoadProtocol, touchProtocol } from "./protocol";

/**
 * What one handler changes besides its own entities: the protocol totals and the market statistics of the
 * event's day and hour. Every handler opens one, changes it, and closes it with {@link saveStats}, so the
 * snapshot fields of the day and hour always hold the values after the period's last event.
 */
export class Stats {
  constructor(
    public protocol: Protocol,
    public day: MarketDayData,
    public hour: MarketHourData,
  ) {}
}

export function dayIdOf(timestamp: BigInt): i32 {
  return (timestamp.toI64() / SECONDS_PER_DAY) as i32;
}

export function hourIdOf(timestamp: BigInt): i32 {
  return (timestamp.toI64() / SECONDS_PER_HOUR) as i32;
}

export function openStats(event: ethereum.Event): Stats {
  return new Stats(
    createOrLoadProtocol(),
    createOrLoadMarketDay(event.block.timestamp),
    createOrLoadMarketHour(event.block.timestamp),
  );
}

/** Stamps the protocol, copies its snapshot fields into the day and hour, and saves all three. */
export function saveStats(stats: Stats, event: ethereum.Event): void {
  touchProtocol(stats.protocol, event);
  snapshot<MarketDayData>(stats.day, stats.protocol);
  snapshot<MarketHourData>(stats.hour, stats.protocol);
  stats.protocol.save();
  stats.day.save();
  stats.hour.save();
}

export function createOrLoadMarketDay(timestamp: BigInt): MarketDayData {
  const dayId = dayIdOf(timestamp);
  const id = dayId.toString();
  let day = MarketDayData.load(id);
  if (day == null) {
    day = new MarketDayData(id);
    day.dayId = dayId;
    day.date = dayId * SECONDS_PER_DAY;
    initPeriod<MarketDayData>(day);
  }
  return day;
}

export function createOrLoadMarketHour(timestamp: BigInt): MarketHourData {
  const hourId = hourIdOf(timestamp);
  const id = hourId.toString();
  let hour = MarketHourData.load(id);
  if (hour == null) {
    hour = new MarketHourData(id);
    hour.hourId = hourId;
    hour.date = hourId * SECONDS_PER_HOUR;
    initPeriod<MarketHourData>(hour);
  }
  return hour;
}

// ------------------------------------------------------------------------------------------ counting

export function countJobPosted(stats: Stats, escrow: BigInt): void {
  jobPosted<MarketDayData>(stats.day, escrow);
  jobPosted<MarketHourData>(stats.hour, escrow);
}

/** A replica slot was claimed at `price`: counts the claim and adds the price to the mean and histogram. */
export function countClaim(stats: Stats, price: BigInt): void {
  const bucket = priceBucket(price);
  claim<MarketDayData>(stats.day, price, bucket);
  claim<MarketHourData>(stats.hour, price, bucket);
  if (bucket < 0) return;
  const id = stats.day.id + "-" + bucket.toString();
  let entry = MarketDayPriceBucket.load(id);
  if (entry == null) {
    entry = new MarketDayPriceBucket(id);
    entry.day = stats.day.id;
    entry.bucket = bucket;
    entry.low = bucketLow(bucket);
    entry.high = bucketHigh(bucket);
    entry.count = 0;
  }
  entry.count = entry.count + 1;
  entry.save();
}

export function countCancelled(stats: Stats, refund: BigInt): void {
  cancelled<MarketDayData>(stats.day, refund);
  cancelled<MarketHourData>(stats.hour, refund);
}

export function countSettled(
  stats: Stats,
  outcome: i32,
  paid: BigInt,
  fees: BigInt,
  refund: BigInt,
  compensation: BigInt,
): void {
  settled<MarketDayData>(stats.day, outcome, paid, fees, refund, compensation);
  settled<MarketHourData>(stats.hour, outcome, paid, fees, refund, compensation);
}

export function countBonus(stats: Stats, bonus: BigInt): void {
  stats.day.bonuses = stats.day.bonuses.plus(bonus);
  stats.hour.bonuses = stats.hour.bonuses.plus(bonus);
}

export function countSlash(stats: Stats, dissent: boolean, amount: BigInt, verifier: boolean): void {
  slash<MarketDayData>(stats.day, dissent, amount, verifier);
  slash<MarketHourData>(stats.hour, dissent, amount, verifier);
}

export function countDisputeOpened(stats: Stats, bond: BigInt): void {
  disputeOpened<MarketDayData>(stats.day, bond);
  disputeOpened<MarketHourData>(stats.hour, bond);
}

export function countVerifierDrawn(stats: Stats): void {
  stats.day.verifiersDrawn = stats.day.verifiersDrawn + 1;
  stats.hour.verifiersDrawn = stats.hour.verifiersDrawn + 1;
}

/** A dispute was resolved with `verdict` (IDisputeCourt.Verdict); `slashed` is what the court slashed for it. */
export function countDisputeResolved(stats: Stats, verdict: i32, slashed: BigInt): void {
  disputeResolved<MarketDayData>(stats.day, verdict, slashed);
  disputeResolved<MarketHourData>(stats.hour, verdict, slashed);
}

/** Counts `provider` once per day and once per hour as active (it claimed, delivered, was paid or slashed). */
export function countActiveProvider(stats: Stats, provider: Provider): void {
  if (provider.lastActiveDay != stats.day.dayId) {
    provider.lastActiveDay = stats.day.dayId;
    stats.day.activeProviders = stats.day.activeProviders + 1;
  }
  if (provider.lastActiveHour != stats.hour.hourId) {
    provider.lastActiveHour = stats.hour.hourId;
    stats.hour.activeProviders = stats.hour.activeProviders + 1;
  }
}

// ------------------------------------------------------------------------------------------ per period
// MarketDayData and MarketHourData share their fields; these generics are instantiated for both.

function initPeriod<T>(s: T): void {
  s.jobsPosted = 0;
  s.jobsCompleted = 0;
  s.jobsRefunded = 0;
  s.jobsFailed = 0;
  s.jobsCancelled = 0;
  s.jobsInputUnavailable = 0;
  s.jobsNoConsensus = 0;
  s.jobsNoClaims = 0;
  s.jobsNoResult = 0;
  s.jobsOverturned = 0;
  s.disputesOpened = 0;
  s.disputesResolved = 0;
  s.disputesUpheld = 0;
  s.disputesOverturned = 0;
  s.disputesInconclusive = 0;
  s.bonds = ZERO_BI;
  s.verifiersDrawn = 0;
  s.disputeSlashedAmount = ZERO_BI;
  s.verifierSlashes = 0;
  s.claims = 0;
  s.escrowPosted = ZERO_BI;
  s.volume = ZERO_BI;
  s.fees = ZERO_BI;
  s.refunded = ZERO_BI;
  s.compensation = ZERO_BI;
  s.bonuses = ZERO_BI;
  s.slashedAmount = ZERO_BI;
  s.slashCount = 0;
  s.dissentSlashes = 0;
  s.noShowSlashes = 0;
  s.priceSum = ZERO_BI;
  s.priceCount = 0;
  s.meanPrice = ZERO_BI;
  s.medianPrice = ZERO_BI;
  s.medianPriceUpper = ZERO_BI;
  s.priceBuckets = new Array<i32>(0);
  s.priceBucketCounts = new Array<i32>(0);
  s.activeProviders = 0;
  s.totalStake = ZERO_BI;
  s.openEscrow = ZERO_BI;
  s.jobsOpen = 0;
  s.providerCount = 0;
  s.cumulativeVolume = ZERO_BI;
  s.cumulativeFees = ZERO_BI;
  s.cumulativeSlashed = ZERO_BI;
  s.disputesOpen = 0;
  s.openBonds = ZERO_BI;
}

function snapshot<T>(s: T, protocol: Protocol): void {
  s.totalStake = protocol.totalStake;
  s.openEscrow = protocol.openEscrow;
  s.jobsOpen = protocol.jobsOpen;
  s.providerCount = protocol.providerCount;
  s.cumulativeVolume = protocol.cumulativeVolume;
  s.cumulativeFees = protocol.cumulativeFees;
  s.cumulativeSlashed = protocol.cumulativeSlashed;
  s.disputesOpen = protocol.disputesOpen;
  s.openBonds = protocol.openBonds;
}

function jobPosted<T>(s: T, escrow: BigInt): void {
  s.jobsPosted = s.jobsPosted + 1;
  s.escrowPosted = s.escrowPosted.plus(escrow);
}

function claim<T>(s: T, price: BigInt, bucket: i32): void {
  s.claims = s.claims + 1;
  s.priceSum = s.priceSum.plus(price);
  s.priceCount = s.priceCount + 1;
  s.meanPrice = s.priceSum.div(BigInt.fromI32(s.priceCount));
  if (bucket < 0) return; // a zero price has no bucket (providers cannot offer 0; kept for safety)
  const buckets = s.priceBuckets;
  const counts = s.priceBucketCounts;
  histogramAdd(buckets, counts, bucket);
  s.priceBuckets = buckets;
  s.priceBucketCounts = counts;
  const median = histogramMedian(buckets, counts);
  s.medianPrice = bucketLow(median);
  s.medianPriceUpper = bucketHigh(median);
}

function cancelled<T>(s: T, refund: BigInt): void {
  s.jobsCancelled = s.jobsCancelled + 1;
  s.refunded = s.refunded.plus(refund);
}

function settled<T>(s: T, outcome: i32, paid: BigInt, fees: BigInt, refund: BigInt, compensation: BigInt): void {
  if (outcome == OUTCOME_COMPLETED) s.jobsCompleted = s.jobsCompleted + 1;
  else s.jobsRefunded = s.jobsRefunded + 1;
  if (isFailure(outcome)) s.jobsFailed = s.jobsFailed + 1;
  if (outcome == OUTCOME_INPUT_UNAVAILABLE) s.jobsInputUnavailable = s.jobsInputUnavailable + 1;
  else if (outcome == OUTCOME_NO_CONSENSUS) s.jobsNoConsensus = s.jobsNoConsensus + 1;
  else if (outcome == OUTCOME_NO_CLAIMS) s.jobsNoClaims = s.jobsNoClaims + 1;
  else if (outcome == OUTCOME_NO_RESULT) s.jobsNoResult = s.jobsNoResult + 1;
  else if (outcome == OUTCOME_OVERTURNED) s.jobsOverturned = s.jobsOverturned + 1;
  s.volume = s.volume.plus(paid);
  s.fees = s.fees.plus(fees);
  s.refunded = s.refunded.plus(refund);
  s.compensation = s.compensation.plus(compensation);
}

function slash<T>(s: T, dissent: boolean, amount: BigInt, verifier: boolean): void {
  s.slashCount = s.slashCount + 1;
  if (dissent) s.dissentSlashes = s.dissentSlashes + 1;
  else s.noShowSlashes = s.noShowSlashes + 1;
  if (verifier) s.verifierSlashes = s.verifierSlashes + 1;
  s.slashedAmount = s.slashedAmount.plus(amount);
}

function disputeOpened<T>(s: T, bond: BigInt): void {
  s.disputesOpened = s.disputesOpened + 1;
  s.bonds = s.bonds.plus(bond);
}

function disputeResolved<T>(s: T, verdict: i32, slashed: BigInt): void {
  s.disputesResolved = s.disputesResolved + 1;
  if (verdict == VERDICT_UPHELD) s.disputesUpheld = s.disputesUpheld + 1;
  else if (verdict == VERDICT_OVERTURNED) s.disputesOverturned = s.disputesOverturned + 1;
  else s.disputesInconclusive = s.disputesInconclusive + 1;
  s.disputeSlashedAmount = s.disputeSlashedAmount.plus(slashed);
}

/** Providers failed the job: no quorum, nobody delivered, or the delivered result was overturned. */
export function isFailure(outcome: i32): boolean {
  return outcome == OUTCOME_NO_CONSENSUS || outcome == OUTCOME_NO_RESULT || outcome == OUTCOME_OVERTURNED;
}
