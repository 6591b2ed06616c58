import { Scenario, court } from "./lib.ts";
import { A, BOND, challengedJob } from "./challenge.ts";
import {
  AUDIT_FEE,
  CHALLENGER,
  DISSENT,
  OUT_A,
  OUT_B,
  OVERTURNED,
  P1,
  POOL_FUNDING,
  T0,
  V2,
  V3,
  V4,
  VERIFIER_SLASH,
  at,
  finalized,
  providerSlashed,
  resultOf,
  roundClosed,
  settled,
  slashedAssignment,
  verdictRevealed,
  verifierPaid,
  verifierSlashed,
} from "./world.ts";

// A challenger bonds 3,000 against the agreed A; the panel finds B (2 of 3): the challenge wins its bond back plus
// challengerShareBps (10%) of the replica's slashed 15,000 = 1,500, paid out of the pool.
const s = new Scenario(
  "challenge-won",
  "challenge won: the panel overturns the agreed result, bond back plus reward",
  T0,
);
const B = resultOf(OUT_B, 5_000_000n);
for (const [time, events] of challengedJob()) s.block(time, events);
s.block(T0 + 480, [
  verdictRevealed(1, V2, 1, OUT_B, 5_000_000n),
  verdictRevealed(1, V3, 1, OUT_B, 5_000_000n),
  verdictRevealed(1, V4, 1, OUT_A, 6_000_000n),
]);
s.block(T0 + 500, [
  roundClosed(1, 1, B, 5_000_000n),
  verifierPaid(1, V2, 1, true),
  verifierPaid(1, V3, 1, true),
  verifierPaid(1, V4, 1, false),
  verifierSlashed(1, V4, 1, DISSENT),
  providerSlashed(1, V4, DISSENT, VERIFIER_SLASH, 92500n, 392500n),
  slashedAssignment(1, P1, DISSENT, 15000n),
  providerSlashed(1, P1, DISSENT, 15000n, 85000n, 377500n),
  settled(1, {
    outcome: OVERTURNED,
    result: B,
    fuelUsed: 5_000_000n,
    auditFee: AUDIT_FEE,
    refund: 1025n,
    compensation: 7500n,
    slashed: 15000n,
  }),
  court("ChallengeSettled", { jobId: 1, challenger: CHALLENGER, won: true, bondReturned: BOND, reward: 1500n }),
  finalized(1, B, 1),
]);
s.block(T0 + 560, [court("Withdrawn", { account: CHALLENGER, amount: 4500n })]);

s.expectEntity("verification", "1", {
  audited: false,
  reason: "CHALLENGE",
  status: "FINAL",
  agreed: A,
  challenger: CHALLENGER,
  bond: BOND,
  challengeStatus: "WON",
  bondReturned: BOND,
  challengerReward: 1500n,
  challengedAt: at(300),
  verdict: B,
  verdictOutcome: "OVERTURNED",
  outcome: "OVERTURNED",
  verifiersDrawn: 3,
  verifierPay: 3000n,
  verifierSlashed: VERIFIER_SLASH,
});
s.expectEntity("job", "1", {
  status: "REFUNDED",
  outcome: "OVERTURNED",
  audit: "NOT_AUDITED",
  challengeEndsAt: at(880),
  verificationStartedAt: at(300),
  result: B,
  outputHash: OUT_B,
  refund: 1025n,
  compensation: 7500n,
  courtCredit: 7620n,
});
s.expectEntity("protocol", "hashwork", {
  cumulativeChallengesOpened: 1,
  cumulativeChallengesWon: 1,
  cumulativeChallengesLost: 0,
  cumulativeBonds: BOND,
  cumulativeChallengerRewards: 1500n,
  cumulativePoolPayouts: 4500n,
  cumulativePoolFundedByBonds: 0n,
  cumulativePanelsStarted: 1,
  cumulativeDisagreements: 0,
  cumulativeVerificationsOverturned: 1,
  cumulativeAuditsDecided: 1,
  cumulativeAuditsAudited: 0,
  cumulativeAuditsOverturned: 0,
  cumulativeJobsOverturned: 1,
  cumulativeCourtWithdrawn: 4500n,
  openChallenges: 0,
  openBonds: 0n,
  // the court holds 100,000 + 3,000 + 7,500 − 4,500 = 106,000 and is owed 7,620 by the market
  pool: POOL_FUNDING - 3000n + VERIFIER_SLASH + 7620n - 1500n,
  reserved: 0n,
  courtClaimable: 3000n,
  courtMarketClaimable: 7620n,
  totalClaimable: 16145n,
});
s.expectEntity("marketDayData", "19676", { dailyChallengesOpened: 1, dailyChallengesWon: 1, dailyBonds: BOND });
export default s;
