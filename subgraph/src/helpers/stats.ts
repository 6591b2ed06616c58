import { BigDecimal, BigInt, Entity, Value, ethereum } from "@graphprotocol/graph-ts";
import { MarketDayData, MarketDayPriceBucket, MarketHourData, Protocol, Provider } from "../../generated/schema";
import { BIGINT_COUNTERS, BIGINT_GAUGES, DECIMAL_GAUGES, INT_COUNTERS, INT_GAUGES } from "./counters";
import { FUEL_UNIT, SECONDS_PER_DAY, SECONDS_PER_HOUR, ZERO_BD, ZERO_BI } from "./constants";
import { bucketHigh, bucketLow, histogramAdd, histogramMedian, priceBucket } from "./prices";
import { createOrLoadProtocol, touchProtocol } from "./protocol";

/**
 * What one handler changes besides its own entities: the protocol's totals and gauges and the statistics of the
 * event's day and hour. Every handler opens one, counts by name ({@link add}, {@link addAmount}) or moves gauges on
 * `protocol`, and closes it with {@link saveStats}, so a period's snapshot fields hold the values after its last
 * event.
 */
export class Stats {
  /** Int and BigInt counters this handler changed: only they need copying into the periods' snapshots. */
  changedInts: string[] = [];
  changedAmounts: string[] = [];
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
  const protocol = createOrLoadProtocol();
  return new Stats(
    protocol,
    createOrLoadMarketDay(event.block.timestamp, protocol),
    createOrLoadMarketHour(event.block.timestamp, protocol),
  );
}

/** Adds `n` to the Int counter `name` (see scripts/counters.mjs) of the protocol, the day and the hour. */
export function add(stats: Stats, name: string, n: i32 = 1): void {
  const key = "cumulative" + name;
  stats.protocol.setI32(key, stats.protocol.getI32(key) + n);
  stats.day.setI32("daily" + name, stats.day.getI32("daily" + name) + n);
  stats.hour.setI32("hourly" + name, stats.hour.getI32("hourly" + name) + n);
  stats.changedInts.push(key);
}

/** Adds `amount` to the BigInt counter `name` of the protocol, the day and the hour. */
export function addAmount(stats: Stats, name: string, amount: BigInt): void {
  if (amount.isZero()) return;
  const key = "cumulative" + name;
  stats.protocol.setBigInt(key, stats.protocol.getBigInt(key).plus(amount));
  stats.day.setBigInt("daily" + name, stats.day.getBigInt("daily" + name).plus(amount));
  stats.hour.setBigInt("hourly" + name, stats.hour.getBigInt("hourly" + name).plus(amount));
  stats.changedAmounts.push(key);
}

/** Derives the ratios, stamps the protocol, copies its totals and gauges into the day and hour, saves all three. */
export function saveStats(stats: Stats, event: ethereum.Event): void {
  const p = stats.protocol;
  p.averagePricePerMfuel = pricePerMfuel(p.cumulativeVolume, p.cumulativeFuelBilled);
  p.auditRateRealised = ratio(p.cumulativeAuditsAudited, p.cumulativeAuditsDecided);
  stats.day.dailyAveragePricePerMfuel = pricePerMfuel(stats.day.dailyVolume, stats.day.dailyFuelBilled);
  stats.day.dailyAuditRateRealised = ratio(stats.day.dailyAuditsAudited, stats.day.dailyAuditsDecided);
  stats.hour.hourlyAveragePricePerMfuel = pricePerMfuel(stats.hour.hourlyVolume, stats.hour.hourlyFuelBilled);
  stats.hour.hourlyAuditRateRealised = ratio(stats.hour.hourlyAuditsAudited, stats.hour.hourlyAuditsDecided);
  touchProtocol(p, event);
  // A period copied every counter when it was created; since then only what a handler changed moves (an entity is a
  // linear map, so copying all of them on every event would dominate the handlers' cost).
  // Hours keep no all-time totals (see scripts/counters.mjs).
  for (let i = 0; i < stats.changedInts.length; i++)
    stats.day.setI32(stats.changedInts[i], p.getI32(stats.changedInts[i]));
  for (let i = 0; i < stats.changedAmounts.length; i++)
    stats.day.setBigInt(stats.changedAmounts[i], p.getBigInt(stats.changedAmounts[i]));
  copyGauges(stats.day, p);
  copyGauges(stats.hour, p);
  p.save();
  stats.day.save();
  stats.hour.save();
}

function pricePerMfuel(paid: BigInt, fuel: BigInt): BigInt {
  return fuel.isZero() ? ZERO_BI : paid.times(FUEL_UNIT).div(fuel);
}

function ratio(part: i32, whole: i32): BigDecimal {
  if (whole == 0) return ZERO_BD;
  return BigInt.fromI32(part).toBigDecimal().div(BigInt.fromI32(whole).toBigDecimal());
}

/** Every cumulative counter and gauge of the protocol, into a period just created. */
function copyAll(period: Entity, protocol: Protocol): void {
  for (let i = 0; i < INT_COUNTERS.length; i++) {
    const key = "cumulative" + INT_COUNTERS[i];
    period.setI32(key, protocol.getI32(key));
  }
  for (let i = 0; i < BIGINT_COUNTERS.length; i++) {
    const key = "cumulative" + BIGINT_COUNTERS[i];
    period.setBigInt(key, protocol.getBigInt(key));
  }
  copyGauges(period, protocol);
}

function copyGauges(period: Entity, protocol: Protocol): void {
  for (let i = 0; i < INT_GAUGES.length; i++) period.setI32(INT_GAUGES[i], protocol.getI32(INT_GAUGES[i]));
  for (let i = 0; i < BIGINT_GAUGES.length; i++)
    period.setBigInt(BIGINT_GAUGES[i], protocol.getBigInt(BIGINT_GAUGES[i]));
  for (let i = 0; i < DECIMAL_GAUGES.length; i++)
    period.setBigDecimal(DECIMAL_GAUGES[i], protocol.getBigDecimal(DECIMAL_GAUGES[i]));
}

/** Zeroes every counter with `prefix` ("cumulative", "daily", "hourly") and every gauge of `entity`. */
export function initCounters(entity: Entity, prefix: string): void {
  for (let i = 0; i < INT_COUNTERS.length; i++) entity.setI32(prefix + INT_COUNTERS[i], 0);
  for (let i = 0; i < BIGINT_COUNTERS.length; i++) entity.setBigInt(prefix + BIGINT_COUNTERS[i], ZERO_BI);
  for (let i = 0; i < INT_GAUGES.length; i++) entity.setI32(INT_GAUGES[i], 0);
  for (let i = 0; i < BIGINT_GAUGES.length; i++) entity.setBigInt(BIGINT_GAUGES[i], ZERO_BI);
  for (let i = 0; i < DECIMAL_GAUGES.length; i++) entity.setBigDecimal(DECIMAL_GAUGES[i], ZERO_BD);
}

/** The day of `timestamp`; a new one starts from the protocol's totals and gauges. */
export function createOrLoadMarketDay(timestamp: BigInt, protocol: Protocol): MarketDayData {
  const dayId = dayIdOf(timestamp);
  const id = dayId.toString();
  let day = MarketDayData.load(id);
  if (day != null) return day;
  day = new MarketDayData(id);
  day.dayId = dayId;
  day.date = dayId * SECONDS_PER_DAY;
  initCounters(day, "daily");
  copyAll(day, protocol);
  day.dailyAveragePricePerMfuel = ZERO_BI;
  day.dailyAuditRateRealised = ZERO_BD;
  initPrices(day);
  return day;
}

/** The hour of `timestamp`; a new one starts from the protocol's totals and gauges. */
export function createOrLoadMarketHour(timestamp: BigInt, protocol: Protocol): MarketHourData {
  const hourId = hourIdOf(timestamp);
  const id = hourId.toString();
  let hour = MarketHourData.load(id);
  if (hour != null) return hour;
  hour = new MarketHourData(id);
  hour.hourId = hourId;
  hour.date = hourId * SECONDS_PER_HOUR;
  initCounters(hour, "hourly");
  copyGauges(hour, protocol);
  hour.hourlyAveragePricePerMfuel = ZERO_BI;
  hour.hourlyAuditRateRealised = ZERO_BD;
  initPrices(hour);
  return hour;
}

function initPrices(period: Entity): void {
  period.setBigInt("priceSum", ZERO_BI);
  period.setI32("priceCount", 0);
  period.setBigInt("meanPricePerMfuel", ZERO_BI);
  period.setBigInt("medianPricePerMfuel", ZERO_BI);
  period.setBigInt("medianPricePerMfuelUpper", ZERO_BI);
  period.set("priceBuckets", Value.fromI32Array(new Array<i32>(0)));
  period.set("priceBucketCounts", Value.fromI32Array(new Array<i32>(0)));
  period.setI32("activeProviders", 0);
}

/** A replica slot was claimed at `price` per million fuel: adds it to the mean and the histograms. */
export function countClaimPrice(stats: Stats, price: BigInt): void {
  const bucket = priceBucket(price);
  addPrice(stats.day, price, bucket);
  addPrice(stats.hour, price, bucket);
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

function addPrice(period: Entity, price: BigInt, bucket: i32): void {
  const sum = period.getBigInt("priceSum").plus(price);
  const count = period.getI32("priceCount") + 1;
  period.setBigInt("priceSum", sum);
  period.setI32("priceCount", count);
  period.setBigInt("meanPricePerMfuel", sum.div(BigInt.fromI32(count)));
  if (bucket < 0) return; // a zero price has no bucket
  const buckets = period.get("priceBuckets")!.toI32Array();
  const counts = period.get("priceBucketCounts")!.toI32Array();
  histogramAdd(buckets, counts, bucket);
  period.set("priceBuckets", Value.fromI32Array(buckets));
  period.set("priceBucketCounts", Value.fromI32Array(counts));
  const median = histogramMedian(buckets, counts);
  period.setBigInt("medianPricePerMfuel", bucketLow(median));
  period.setBigInt("medianPricePerMfuelUpper", bucketHigh(median));
}

/** Counts `provider` once per day and once per hour as active. */
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
