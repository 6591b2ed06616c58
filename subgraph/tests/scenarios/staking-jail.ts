import { Scenario, registry } from "./lib.ts";
import {
  NO_RESULT,
  NO_SHOW,
  P1,
  POOL_FUNDING,
  T0,
  at,
  claim,
  deployment,
  escrowOf,
  post,
  providerSlashed,
  providers,
  settled,
  slashedAssignment,
} from "./world.ts";

// P1 changes its offer, unbonds 20,000, then abandons three jobs (never commits): each settles NO_RESULT with a
// no-show slash of a quarter of 15,000 (3,750). The third fault within the fault window jails it (threshold 3), which
// resets its window. It withdraws its unbonded stake after the unbonding period.
const s = new Scenario("staking-jail", "staking, offer update, unbonding, three no-shows jail a provider", T0);
s.block(T0, [...deployment(), ...providers([P1])]);
s.block(T0 + 60, [
  registry("ProviderUpdated", {
    provider: P1,
    metadataURI: "ipfs://meta-2",
    classes: 6,
    pricePerMfuel: 90,
    minMfuel: 0,
    capacity: 8,
  }),
  registry("UnstakeRequested", {
    provider: P1,
    amount: 20000,
    stake: 80000,
    unbonding: 20000,
    readyAt: T0 + 60 + 604800,
    totalStake: 80000,
  }),
  post(1, 1, T0 + 60),
  post(2, 1, T0 + 60),
  post(3, 1, T0 + 60),
]);
s.block(T0 + 120, [claim(1, P1, 0), claim(2, P1, 0), claim(3, P1, 0)]);
const noShow = (jobId: number, stake: bigint, time: number, jailed: boolean) =>
  s.block(time, [
    slashedAssignment(jobId, P1, NO_SHOW, 3750n),
    providerSlashed(jobId, P1, NO_SHOW, 3750n, stake, stake),
    ...(jailed ? [registry("ProviderJailed", { provider: P1, until: time + 86400, faults: 3 })] : []),
    settled(jobId, { outcome: NO_RESULT, refund: escrowOf(1), compensation: 1875n, slashed: 3750n }),
  ]);
noShow(1, 76250n, T0 + 1000, false);
noShow(2, 72500n, T0 + 1100, false);
noShow(3, 68750n, T0 + 1200, true);
s.block(T0 + 60 + 604800, [registry("StakeWithdrawn", { provider: P1, amount: 20000 })]);

s.expectEntity("provider", P1, {
  metadataURI: "ipfs://meta-2",
  classes: 6,
  classList: [1, 2],
  pricePerMfuel: 90n,
  minMfuel: 0n,
  capacity: 8,
  stake: 68750n,
  locked: 0n,
  freeStake: 68750n,
  unbonding: 0n,
  unbondingReadyAt: 0n,
  cumulativeStaked: 100000n,
  cumulativeWithdrawn: 20000n,
  activeJobs: 0,
  jobsClaimed: 3,
  noShows: 3,
  slashes: 0,
  slashedAmount: 11250n,
  faultsAtJail: 3, // the three no-shows that jailed it
  jailCount: 1,
  jailedUntil: at(1200 + 86400),
  reputation: 0,
  status: "ACTIVE", // as of its last event, the withdrawal a week later: the jail has ended
});
s.expectQuery(`{ providerJaileds { provider { id } until faults timestamp } }`, {
  providerJaileds: [
    { provider: { id: P1 }, until: String(T0 + 1200 + 86400), faults: 3, timestamp: String(T0 + 1200) },
  ],
});
s.expectQuery(`{ unstakeRequesteds { amount stake unbonding readyAt totalStake } stakeWithdrawns { amount } }`, {
  unstakeRequesteds: [
    { amount: "20000", stake: "80000", unbonding: "20000", readyAt: String(T0 + 60 + 604800), totalStake: "80000" },
  ],
  stakeWithdrawns: [{ amount: "20000" }],
});
s.expectEntity("job", "3", {
  status: "REFUNDED",
  outcome: "NO_RESULT",
  refund: escrowOf(1),
  compensation: 1875n,
  courtCredit: 1875n,
});
s.expectEntity("protocol", "hashwork", {
  cumulativeJobsNoResult: 3,
  cumulativeJobsFailed: 3,
  cumulativeNoShowSlashes: 3,
  cumulativeJailings: 1,
  cumulativeSlashed: 11250n,
  cumulativeStaked: 100000n,
  cumulativeStakeWithdrawn: 20000n,
  cumulativeAuditFees: 0n,
  totalStake: 68750n,
  totalUnbonding: 0n,
  totalLocked: 0n,
  stakedProviderCount: 1,
  pool: POOL_FUNDING + 3n * 1875n,
  totalClaimable: 3n * (escrowOf(1) + 3750n),
});
s.expectEntity("marketDayData", "19676", { dailyJailings: 1, dailyNoShowSlashes: 3, dailyCompensation: 5625n });
export default s;
