import { Scenario, ZERO32 as ZERO32_ } from "./lib.ts";
import {
  AUDIT_FEE,
  DISAGREEMENT,
  NO_ONE,
  NO_VERDICT,
  OUT_A,
  OUT_B,
  OUT_C,
  P1,
  P2,
  P3,
  POOL_FUNDING,
  T0,
  V2,
  V3,
  V4,
  V5,
  V6,
  VERIFIER_SLASH,
  WITHHELD,
  at,
  claim,
  commit,
  commitsClosed,
  decide,
  deployment,
  drawn,
  escrowOf,
  finalized,
  panelRound,
  post,
  providerSlashed,
  providers,
  released,
  reveal,
  roundClosed,
  settled,
  verdictCommitted,
  verdictRevealed,
  verificationStarted,
  verifierPaid,
  verifierSlashed,
} from "./world.ts";

// k = 3, three different answers: no majority, a panel. Round 1 splits (A, B, and a withholder); round 2 draws only
// two verifiers who split too. After maxRounds = 2 the job fails closed: NO_VERDICT, refund less the audit fee,
// replicas released unpaid and unslashed; the withholding verifier is slashed, the revealers paid.
const s = new Scenario("no-verdict", "no verdict: two split panel rounds, the job fails closed", T0);
s.block(T0, [...deployment(), ...providers([P1, P2, P3, V2, V3, V4, V5, V6])]); // total 800,000
s.block(T0 + 60, [post(1, 3, T0 + 60)]);
s.block(T0 + 120, [claim(1, P1, 0), claim(1, P2, 1), claim(1, P3, 2)]);
s.block(T0 + 180, [commit(1, P1), commit(1, P2), commit(1, P3), commitsClosed(1, 5)]);
s.block(T0 + 240, [
  decide(1, false, 5, T0 + 180),
  reveal(1, P1, OUT_A, 6_000_000n),
  reveal(1, P2, OUT_B, 6_000_000n),
  reveal(1, P3, OUT_C, 6_000_000n),
]);
s.block(T0 + 300, [verificationStarted(1, DISAGREEMENT, NO_ONE, ZERO32_), panelRound(1, 1, 7, T0 + 300)]); // block 7
s.block(T0 + 360, [drawn(1, V2, 1, 0), drawn(1, V3, 1, 1), drawn(1, V4, 1, 2)]);
s.block(T0 + 420, [verdictCommitted(1, V2, 1), verdictCommitted(1, V3, 1), verdictCommitted(1, V4, 1)]);
s.block(T0 + 480, [verdictRevealed(1, V2, 1, OUT_A, 6_000_000n), verdictRevealed(1, V3, 1, OUT_B, 6_000_000n)]);
s.block(T0 + 1300, [
  roundClosed(1, 1, ZERO32_, 0n),
  verifierPaid(1, V2, 1, false),
  verifierPaid(1, V3, 1, false),
  verifierSlashed(1, V4, 1, WITHHELD),
  providerSlashed(1, V4, WITHHELD, VERIFIER_SLASH, 92500n, 792500n),
  panelRound(1, 2, 11, T0 + 1300), // block 11
]);
s.block(T0 + 1360, [drawn(1, V5, 2, 0), drawn(1, V6, 2, 1)]);
s.block(T0 + 1420, [verdictCommitted(1, V5, 2), verdictCommitted(1, V6, 2)]);
s.block(T0 + 1700, [verdictRevealed(1, V5, 2, OUT_A, 6_000_000n), verdictRevealed(1, V6, 2, OUT_C, 6_000_000n)]);
s.block(T0 + 2300, [
  roundClosed(1, 2, ZERO32_, 0n),
  verifierPaid(1, V5, 2, false),
  verifierPaid(1, V6, 2, false),
  released(1, P1),
  released(1, P2),
  released(1, P3),
  settled(1, { outcome: NO_VERDICT, auditFee: AUDIT_FEE, refund: escrowOf(3) - AUDIT_FEE }),
  finalized(1, ZERO32_, 2),
]);

s.expectEntity("job", "1", { status: "REFUNDED", outcome: "NO_VERDICT", result: null, refund: 3075n, feeCharged: 0n });
s.expectEntity("verification", "1", {
  reason: "DISAGREEMENT",
  status: "FINAL",
  round: 2,
  panelRounds: 2,
  agreed: null,
  verdict: null,
  verdictOutcome: "NO_VERDICT",
  outcome: "NO_VERDICT",
  verifiersDrawn: 5,
  verifierPay: 4000n,
  verifierSlashed: VERIFIER_SLASH,
  finalizedAt: at(2300),
});
s.expectQuery(
  `{ verification(id: "1") { rounds(orderBy: round) { round seats drawn committed revealed closed closedAt majority } } }`,
  {
    verification: {
      rounds: [
        {
          round: 1,
          seats: 3,
          drawn: 3,
          committed: 3,
          revealed: 2,
          closed: true,
          closedAt: String(T0 + 1300),
          majority: null,
        },
        {
          round: 2,
          seats: 3,
          drawn: 2,
          committed: 2,
          revealed: 2,
          closed: true,
          closedAt: String(T0 + 2300),
          majority: null,
        },
      ],
    },
  },
);
s.expectEntity("verifierSeat", `1-${V4}`, {
  outcome: "WITHHELD",
  payment: 0n,
  slashed: VERIFIER_SLASH,
  revealedAt: null,
});
s.expectEntity("verifierSeat", `1-${V2}`, { outcome: "PAID", payment: 1000n, slashed: 0n });
s.expectEntity("provider", V4, {
  verificationsMissed: 1,
  slashes: 1,
  withheld: 1,
  stake: 92500n,
  locked: 0n,
  activeJobs: 0,
});
s.expectEntity("provider", V2, {
  verificationsPaid: 1,
  verificationsUpheld: 0,
  completed: 0,
  verifierEarnings: 1000n,
  locked: 0n,
});
s.expectEntity("provider", P1, { released: 1, slashes: 0, locked: 0n });
s.expectEntity("protocol", "hashwork", {
  cumulativeJobsNoVerdict: 1,
  cumulativeJobsFailed: 1,
  cumulativeVerificationsNoVerdict: 1,
  cumulativePanelsStarted: 1,
  cumulativePanelRoundsOpened: 2,
  cumulativePanelRoundsNoMajority: 2,
  cumulativeVerifiersDrawn: 5,
  cumulativeVerifiersPaid: 4,
  cumulativeVerifierSlashes: 1,
  cumulativeWithheldSlashes: 1,
  cumulativeVerifierSlashed: VERIFIER_SLASH,
  cumulativePoolFundedByVerifierSlashes: VERIFIER_SLASH,
  cumulativeVerifierPay: 4000n,
  cumulativeAssignmentsReleased: 3,
  verifyingJobs: 0,
  // the court holds 107,500 and is owed 120: pool 103,620 + verifiers' 4,000
  pool: POOL_FUNDING - 5000n + 1000n + VERIFIER_SLASH + AUDIT_FEE,
  reserved: 0n,
  courtClaimable: 4000n,
  courtMarketClaimable: AUDIT_FEE,
  totalLocked: 0n,
});
export default s;
