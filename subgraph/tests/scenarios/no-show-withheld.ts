import { Scenario } from "./lib.ts";
import {
  AUDIT_FEE,
  NO_CONSENSUS,
  NO_SHOW,
  OUT_A,
  P1,
  P2,
  P3,
  POOL_FUNDING,
  T0,
  WITHHELD,
  at,
  claim,
  commit,
  decide,
  deployment,
  escrowOf,
  post,
  providerSlashed,
  providers,
  released,
  reveal,
  settled,
  slashedAssignment,
} from "./world.ts";

// k = 3: P3 never commits, so commits close only at the deadline and the job is audited (fail closed) with its audit
// opening then; no auditor is drawn. P1 reveals A, P2 committed but withholds. No strict majority: NO_CONSENSUS;
// P2 is slashed like a dissent (all 15,000), P3 a quarter as a no-show (3,750); P1 is released.
const s = new Scenario(
  "no-show-withheld",
  "k = 3 with a no-show and a withholder: fail-closed audit, slashes, no consensus",
  T0,
);
s.block(T0, [...deployment(), ...providers([P1, P2, P3])]); // total 300,000
s.block(T0 + 60, [post(1, 3, T0 + 60)]); // commit deadline T0 + 960
s.block(T0 + 120, [claim(1, P1, 0), claim(1, P2, 1), claim(1, P3, 2)]);
s.block(T0 + 180, [commit(1, P1), commit(1, P2)]);
s.block(T0 + 1000, [decide(1, true, 6, T0 + 1000)]); // block 6: draw until +1300, commit +1340, reveal +1940
s.block(T0 + 1400, [reveal(1, P1, OUT_A, 6_000_000n)]);
s.block(T0 + 2000, [
  released(1, P1),
  slashedAssignment(1, P2, WITHHELD, 15000n),
  providerSlashed(1, P2, WITHHELD, 15000n, 85000n, 285000n),
  slashedAssignment(1, P3, NO_SHOW, 3750n),
  providerSlashed(1, P3, NO_SHOW, 3750n, 96250n, 281250n),
  settled(1, {
    outcome: NO_CONSENSUS,
    auditFee: AUDIT_FEE,
    refund: escrowOf(3) - AUDIT_FEE,
    compensation: 9375n,
    slashed: 18750n,
  }),
]);

s.expectEntity("job", "1", {
  status: "REFUNDED",
  outcome: "NO_CONSENSUS",
  audit: "AUDITED",
  auditSeedBlock: 6n,
  commitsClosedAt: at(1000),
  auditDrawEndsAt: at(1300),
  auditCommitEndsAt: at(1340),
  revealEndsAt: at(1940),
  revealsClosedAt: null,
  challengeEndsAt: at(1940 + 640),
  committed: 2,
  revealed: 1,
  result: null,
  slashed: 18750n,
  compensation: 9375n,
  refund: 3075n,
  courtCredit: AUDIT_FEE + 9375n,
});
s.expectQuery(`{ job(id: "1") { assignments(orderBy: slot) { slot outcome fault slashed } } }`, {
  job: {
    assignments: [
      { slot: 0, outcome: "RELEASED", fault: "NONE", slashed: "0" },
      { slot: 1, outcome: "SLASHED", fault: "WITHHELD", slashed: "15000" },
      { slot: 2, outcome: "SLASHED", fault: "NO_SHOW", slashed: "3750" },
    ],
  },
});
s.expectEntity("provider", P2, {
  stake: 85000n,
  slashes: 1,
  withheld: 1,
  noShows: 0,
  faultsAtJail: 0,
  reputation: 0,
  locked: 0n,
});
s.expectEntity("provider", P3, { stake: 96250n, slashes: 0, noShows: 1, slashedAmount: 3750n, locked: 0n });
s.expectEntity("provider", P1, { released: 1, completed: 0, locked: 0n, activeJobs: 0 });
s.expectQuery(`{ verifications { id } }`, { verifications: [] });
s.expectEntity("protocol", "hashwork", {
  cumulativeAuditsDecided: 1,
  cumulativeAuditsAudited: 1,
  cumulativeAuditsUpheld: 0,
  cumulativeAuditorsDrawn: 0,
  cumulativeJobsNoConsensus: 1,
  cumulativeJobsFailed: 1,
  cumulativeSlashes: 2,
  cumulativeWithheldSlashes: 1,
  cumulativeNoShowSlashes: 1,
  cumulativeDissentSlashes: 0,
  cumulativeSlashed: 18750n,
  cumulativeMarketSlashed: 18750n,
  cumulativeAssignmentsSlashed: 2,
  cumulativeAssignmentsReleased: 1,
  cumulativeCompensation: 9375n,
  cumulativePoolFundedBySlashes: 9375n,
  pool: POOL_FUNDING + AUDIT_FEE + 9375n,
  totalClaimable: escrowOf(3) + 18750n,
  totalStake: 281250n,
  totalLocked: 0n,
});
s.expectEntity("marketDayData", "19676", {
  dailySlashes: 2,
  dailyWithheldSlashes: 1,
  dailyNoShowSlashes: 1,
  dailySlashed: 18750n,
  dailyAuditRateRealised: "1",
});
export default s;
