import { Scenario } from "./lib.ts";
import { A, BOND, challengedJob } from "./challenge.ts";
import { court } from "./lib.ts";
import {
  AUDIT_FEE,
  CHALLENGER,
  COMPLETED,
  OUT_A,
  P1,
  POOL_FUNDING,
  T0,
  V2,
  V3,
  V4,
  finalized,
  paid,
  roundClosed,
  settled,
  verdictRevealed,
  verifierPaid,
} from "./world.ts";

// The panel confirms the agreed A unanimously: the challenge loses, its 3,000 bond joins the pool; the replica is
// paid as if unchallenged and the three verifiers are paid from the pool.
const s = new Scenario(
  "challenge-lost",
  "challenge lost: the panel confirms the agreed result, the bond goes to the pool",
  T0,
);
for (const [time, events] of challengedJob()) s.block(time, events);
s.block(T0 + 480, [
  verdictRevealed(1, V2, 1, OUT_A, 6_000_000n),
  verdictRevealed(1, V3, 1, OUT_A, 6_000_000n),
  verdictRevealed(1, V4, 1, OUT_A, 6_000_000n),
]);
s.block(T0 + 500, [
  roundClosed(1, 1, A, 6_000_000n),
  verifierPaid(1, V2, 1, true),
  verifierPaid(1, V3, 1, true),
  verifierPaid(1, V4, 1, true),
  paid(1, P1, 480n),
  settled(1, {
    outcome: COMPLETED,
    result: A,
    fuelUsed: 6_000_000n,
    paid: 480n,
    fee: 25n,
    auditFee: AUDIT_FEE,
    refund: 520n,
  }),
  court("ChallengeSettled", { jobId: 1, challenger: CHALLENGER, won: false, bondReturned: 0, reward: 0 }),
  finalized(1, A, 1),
]);

s.expectEntity("verification", "1", {
  reason: "CHALLENGE",
  challengeStatus: "LOST",
  bondReturned: 0n,
  challengerReward: 0n,
  verdict: A,
  verdictOutcome: "UPHELD",
  outcome: "COMPLETED",
  verifierPay: 3000n,
});
s.expectEntity("job", "1", { status: "COMPLETED", outcome: "COMPLETED", paid: 480n, feeCharged: 25n, refund: 520n });
s.expectEntity("provider", V2, { verificationsUpheld: 1, completed: 1, reputation: 1, verifierEarnings: 1000n });
s.expectEntity("provider", P1, { completed: 1, earnings: 480n, slashes: 0 });
s.expectEntity("protocol", "hashwork", {
  cumulativeChallengesOpened: 1,
  cumulativeChallengesWon: 0,
  cumulativeChallengesLost: 1,
  cumulativeChallengesUndecided: 0,
  cumulativePoolFundedByBonds: BOND,
  cumulativeChallengerRewards: 0n,
  cumulativeVerificationsUpheld: 1,
  cumulativeJobsCompleted: 1,
  cumulativeVolume: 480n,
  cumulativeFees: 25n,
  openChallenges: 0,
  openBonds: 0n,
  // the court holds 103,000 and is owed 120: pool 100,120 + verifiers' 3,000
  pool: POOL_FUNDING - 3000n + AUDIT_FEE + BOND,
  reserved: 0n,
  courtClaimable: 3000n,
  courtMarketClaimable: AUDIT_FEE,
});
export default s;
