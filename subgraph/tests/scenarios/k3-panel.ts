import { Scenario } from "./lib.ts";
import {
  AUDIT_FEE,
  COMPLETED,
  DISAGREEMENT,
  DISSENT,
  NO_ONE,
  OUT_A,
  OUT_B,
  P1,
  P2,
  P3,
  POOL_FUNDING,
  T0,
  V2,
  V3,
  V4,
  at,
  claim,
  commit,
  commitsClosed,
  decide,
  deployment,
  drawn,
  escrowOf,
  finalized,
  paid,
  panelRound,
  post,
  providerSlashed,
  providers,
  resultOf,
  reveal,
  roundClosed,
  settled,
  slashedAssignment,
  verdictCommitted,
  verdictRevealed,
  verificationStarted,
  verifierPaid,
} from "./world.ts";

// k = 3, unaudited: P1 and P2 reveal A, P3 reveals B. Two real results differ, so settlement sends the job to a panel
// even though A has a majority; the panel finds A. P3 loses its collateral (15,000): 7,500 to the requester, 30% split
// between the two winners (2,250 each), the rest (3,000) and the audit fee to the pool.
const s = new Scenario("k3-panel", "k = 3 with a dissenting replica: a panel decides, winners paid with bonuses", T0);
const A = resultOf(OUT_A, 6_000_000n);
s.block(T0, [...deployment(), ...providers([P1, P2, P3, V2, V3, V4])]); // total 600,000
s.block(T0 + 60, [post(1, 3, T0 + 60)]);
s.block(T0 + 120, [claim(1, P1, 0), claim(1, P2, 1), claim(1, P3, 2)]);
s.block(T0 + 180, [commit(1, P1), commit(1, P2), commit(1, P3), commitsClosed(1, 5)]);
s.block(T0 + 240, [
  decide(1, false, 5, T0 + 180),
  reveal(1, P1, OUT_A, 6_000_000n),
  reveal(1, P2, OUT_A, 6_000_000n),
  reveal(1, P3, OUT_B, 6_000_000n),
]);
s.block(T0 + 300, [verificationStarted(1, DISAGREEMENT, NO_ONE, A), panelRound(1, 1, 7, T0 + 300)]);
s.block(T0 + 360, [drawn(1, V2, 1, 0), drawn(1, V3, 1, 1), drawn(1, V4, 1, 2)]);
s.block(T0 + 420, [verdictCommitted(1, V2, 1), verdictCommitted(1, V3, 1), verdictCommitted(1, V4, 1)]);
s.block(T0 + 480, [
  verdictRevealed(1, V2, 1, OUT_A, 6_000_000n),
  verdictRevealed(1, V3, 1, OUT_A, 6_000_000n),
  verdictRevealed(1, V4, 1, OUT_A, 6_000_000n),
]);
s.block(T0 + 1000, [
  roundClosed(1, 1, A, 6_000_000n),
  verifierPaid(1, V2, 1, true),
  verifierPaid(1, V3, 1, true),
  verifierPaid(1, V4, 1, true),
  slashedAssignment(1, P3, DISSENT, 15000n),
  providerSlashed(1, P3, DISSENT, 15000n, 85000n, 585000n),
  paid(1, P1, 480n, 2250n),
  paid(1, P2, 480n, 2250n),
  settled(1, {
    outcome: COMPLETED,
    result: A,
    fuelUsed: 6_000_000n,
    paid: 960n,
    fee: 75n,
    auditFee: AUDIT_FEE,
    refund: 2040n,
    compensation: 7500n,
    slashed: 15000n,
    bonuses: 4500n,
  }),
  finalized(1, A, 1),
]);

s.expectEntity("job", "1", {
  replicas: 3,
  escrow: escrowOf(3),
  status: "COMPLETED",
  outcome: "COMPLETED",
  claimed: 3,
  committed: 3,
  revealed: 3,
  revealsClosedAt: at(240),
  verificationStartedAt: at(300),
  result: A,
  outputHash: OUT_A,
  resultURI: "ipfs://out-1111",
  paid: 960n,
  feeCharged: 75n,
  refund: 2040n,
  compensation: 7500n,
  slashed: 15000n,
  bonuses: 4500n,
  fuelBilled: 12_000_000n,
  courtCredit: 3120n,
});
s.expectQuery(
  `{ job(id: "1") { assignments(orderBy: slot) { slot provider { id } outcome fault payment bonus slashed fuelBilled } } }`,
  {
    job: {
      assignments: [
        {
          slot: 0,
          provider: { id: P1 },
          outcome: "PAID",
          fault: "NONE",
          payment: "480",
          bonus: "2250",
          slashed: "0",
          fuelBilled: "6000000",
        },
        {
          slot: 1,
          provider: { id: P2 },
          outcome: "PAID",
          fault: "NONE",
          payment: "480",
          bonus: "2250",
          slashed: "0",
          fuelBilled: "6000000",
        },
        {
          slot: 2,
          provider: { id: P3 },
          outcome: "SLASHED",
          fault: "DISSENT",
          payment: "0",
          bonus: "0",
          slashed: "15000",
          fuelBilled: "0",
        },
      ],
    },
  },
);
s.expectEntity("verification", "1", {
  audited: false,
  reason: "DISAGREEMENT",
  agreed: A,
  verdict: A,
  verdictOutcome: "UPHELD",
  verifiersDrawn: 3,
  verifierPay: 3000n,
});
s.expectEntity("provider", P1, { earnings: 2730n, paymentEarnings: 480n, bonusEarnings: 2250n, completed: 1 });
s.expectEntity("provider", P3, { stake: 85000n, slashes: 1, slashedAmount: 15000n, locked: 0n, reputation: 0 });
s.expectEntity("protocol", "hashwork", {
  cumulativeJobsCompleted: 1,
  cumulativeVolume: 960n,
  cumulativeFees: 75n,
  cumulativeBonuses: 4500n,
  cumulativeCompensation: 7500n,
  cumulativeRefunded: 2040n,
  cumulativeFuelBilled: 12_000_000n,
  cumulativeFuelUsed: 6_000_000n,
  averagePricePerMfuel: 80n,
  cumulativeAssignmentsPaid: 2,
  cumulativeAssignmentsSlashed: 1,
  cumulativeMarketSlashed: 15000n,
  cumulativePoolFundedBySlashes: 3000n,
  cumulativeVerificationsUpheld: 1,
  cumulativeDisagreements: 1,
  cumulativePanelsStarted: 1,
  openEscrow: 0n,
  totalClaimable: escrowOf(3) + 15000n,
  // the court holds 100,000 and is owed 3,120: pool 100,120 + verifiers' 3,000
  pool: POOL_FUNDING - 3000n + 3120n,
  courtClaimable: 3000n,
  courtMarketClaimable: 3120n,
  totalStake: 585000n,
  totalLocked: 0n,
});
export default s;
