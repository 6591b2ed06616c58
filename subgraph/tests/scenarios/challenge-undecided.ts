import { Scenario, ZERO32, court } from "./lib.ts";
import { A, BOND, challengedJob } from "./challenge.ts";
import {
  AUDIT_FEE,
  CHALLENGER,
  NO_VERDICT,
  OUT_A,
  OUT_B,
  OUT_C,
  P1,
  POOL_FUNDING,
  T0,
  V2,
  V3,
  V4,
  escrowOf,
  finalized,
  panelRound,
  released,
  roundClosed,
  settled,
  verdictRevealed,
} from "./world.ts";

// A challenge nobody can decide: round 1 splits three ways (no seat corroborated, so nobody is paid), round 2 draws
// nobody. The job fails closed (refund, the replica released), and the bond first pays the replica what the
// challenged result would have paid it: 6 Mfuel at 80 per Mfuel = 480; the rest goes back to the challenger.
const COMPENSATION = 480n;
const s = new Scenario(
  "challenge-undecided",
  "challenge without a verdict: the job fails closed and the bond pays the challenged replica",
  T0,
);
for (const [time, events] of challengedJob()) s.block(time, events);
s.block(T0 + 480, [
  verdictRevealed(1, V2, 1, OUT_A, 6_000_000n),
  verdictRevealed(1, V3, 1, OUT_B, 6_000_000n),
  verdictRevealed(1, V4, 1, OUT_C, 6_000_000n),
]);
const unpaid = (verifier: string) => court("VerifierPaid", { jobId: 1, verifier, round: 1, pay: 0n, upheld: false });
s.block(T0 + 500, [roundClosed(1, 1, ZERO32, 0n), unpaid(V2), unpaid(V3), unpaid(V4), panelRound(1, 2, 11, T0 + 500)]);
s.block(T0 + 1500, [
  roundClosed(1, 2, ZERO32, 0n),
  released(1, P1),
  settled(1, { outcome: NO_VERDICT, auditFee: AUDIT_FEE, refund: escrowOf(1) - AUDIT_FEE }),
  court("ReplicaCompensated", { jobId: 1, provider: P1, amount: COMPENSATION }),
  court("ChallengeSettled", {
    jobId: 1,
    challenger: CHALLENGER,
    won: false,
    bondReturned: BOND - COMPENSATION,
    reward: 0n,
  }),
  finalized(1, ZERO32, 2),
]);

s.expectEntity("verification", "1", {
  reason: "CHALLENGE",
  status: "FINAL",
  agreed: A,
  challenger: CHALLENGER,
  bond: BOND,
  challengeStatus: "UNDECIDED",
  bondReturned: BOND - COMPENSATION,
  replicaCompensation: COMPENSATION,
  challengerReward: 0n,
  verdict: null,
  outcome: "NO_VERDICT",
  verifierPay: 0n,
});
s.expectEntity("job", "1", { status: "REFUNDED", outcome: "NO_VERDICT", refund: escrowOf(1) - AUDIT_FEE });
s.expectEntity("provider", P1, { earnings: COMPENSATION, slashes: 0 });
s.expectEntity("verifierSeat", `1-${V2}`, { outcome: "PAID", payment: 0n, slashed: 0n });
s.expectEntity("protocol", "hashwork", {
  cumulativeChallengesOpened: 1,
  cumulativeChallengesWon: 0,
  cumulativeChallengesLost: 0,
  cumulativeChallengesUndecided: 1,
  cumulativePoolFundedByBonds: 0n,
  openChallenges: 0,
  openBonds: 0n,
  // Every reservation went back: the pool is what was funded plus the audit fee the market owes the court.
  pool: POOL_FUNDING + AUDIT_FEE,
  reserved: 0n,
  courtClaimable: BOND,
});
export default s;
