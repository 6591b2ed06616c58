import { Scenario, court } from "./lib.ts";
import {
  AUDIT_FEE,
  COMPLETED,
  DAY,
  FUNDER,
  OUT_A,
  P1,
  P2,
  POOL_FUNDING,
  T0,
  claim,
  commit,
  commitsClosed,
  decide,
  deployment,
  escrowOf,
  paid,
  post,
  providers,
  resultOf,
  reveal,
  settled,
} from "./world.ts";

// Day 1: a k = 1 job completes (1 Mfuel used: billed the 2 Mfuel minimum, 160). Day 2: a k = 2 job is claimed at 80
// and 100 per Mfuel, and the pool is topped up. Each day counts its own events; cumulative* and the gauges are
// snapshots after the day's last event.
const s = new Scenario("day-rollover", "statistics roll over at the day boundary: daily counts, prices, snapshots", T0);
const A = resultOf(OUT_A, 1_000_000n);
const D2 = T0 + 86400;
s.block(T0, [...deployment(), ...providers([P1, P2])]);
s.block(T0 + 60, [post(1, 1, T0 + 60)]);
s.block(T0 + 120, [claim(1, P1, 0)]);
s.block(T0 + 180, [commit(1, P1), commitsClosed(1, 5)]);
s.block(T0 + 240, [decide(1, false, 5, T0 + 180), reveal(1, P1, OUT_A, 1_000_000n)]);
s.block(T0 + 900, [
  paid(1, P1, 160n),
  settled(1, {
    outcome: COMPLETED,
    result: A,
    fuelUsed: 1_000_000n,
    paid: 160n,
    fee: 25n,
    auditFee: AUDIT_FEE,
    refund: 840n,
  }),
]);
s.block(D2 + 10, [post(2, 2, D2 + 10), court("PoolFunded", { from: FUNDER, amount: 500n })]);
s.block(D2 + 70, [claim(2, P1, 0, 80n), claim(2, P2, 1, 100n)]);

s.expectEntity("marketDayData", String(DAY), {
  dayId: DAY,
  date: DAY * 86400,
  dailyJobsPosted: 1,
  dailyJobsCompleted: 1,
  dailyClaims: 1,
  dailyVolume: 160n,
  dailyFuelUsed: 1_000_000n,
  dailyFuelBilled: 2_000_000n,
  dailyAveragePricePerMfuel: 80n,
  dailyPoolFundedDirectly: POOL_FUNDING,
  dailyPoolFundedByAuditFees: AUDIT_FEE,
  dailyStaked: 200000n,
  priceCount: 1,
  meanPricePerMfuel: 80n,
  activeProviders: 1,
  cumulativeJobsPosted: 1,
  cumulativeVolume: 160n,
  openJobs: 0,
  openEscrow: 0n,
  pool: POOL_FUNDING + AUDIT_FEE,
  totalStake: 200000n,
  providerCount: 2,
});
s.expectEntity("marketDayData", String(DAY + 1), {
  dayId: DAY + 1,
  dailyJobsPosted: 1,
  dailyJobsCompleted: 0,
  dailyClaims: 2,
  dailyVolume: 0n,
  dailyEscrowPosted: escrowOf(2),
  dailyAveragePricePerMfuel: 0n,
  dailyPoolFundedDirectly: 500n,
  dailyStaked: 0n,
  priceSum: 180n,
  priceCount: 2,
  meanPricePerMfuel: 90n,
  medianPricePerMfuel: 80n,
  medianPricePerMfuelUpper: 96n,
  priceBuckets: [25, 26],
  priceBucketCounts: [1, 1],
  activeProviders: 2,
  cumulativeJobsPosted: 2,
  cumulativeJobsCompleted: 1,
  cumulativeClaims: 3,
  cumulativeVolume: 160n,
  cumulativePoolFundedDirectly: POOL_FUNDING + 500n,
  averagePricePerMfuel: 80n,
  openJobs: 1,
  openEscrow: escrowOf(2),
  pool: POOL_FUNDING + AUDIT_FEE + 500n,
  totalLocked: 30000n,
});
s.expectQuery(`{ marketDayPriceBuckets(orderBy: bucket, where: { day: "${DAY + 1}" }) { bucket low high count } }`, {
  marketDayPriceBuckets: [
    { bucket: 25, low: "80", high: "96", count: 1 },
    { bucket: 26, low: "96", high: "112", count: 1 },
  ],
});
s.expectEntity("marketHourData", String((D2 + 70 - ((D2 + 70) % 3600)) / 3600), {
  hourlyClaims: 2,
  openJobs: 1,
  pool: POOL_FUNDING + AUDIT_FEE + 500n,
});
s.expectEntity("providerDayData", `${P1}-${DAY + 1}`, {
  claims: 1,
  earnings: 0n,
  locked: 15000n,
  activeJobs: 1,
  stake: 100000n,
});
s.expectEntity("provider", P1, { fuelBilled: 2_000_000n, paymentEarnings: 160n, activeJobs: 1, locked: 15000n });
export default s;
