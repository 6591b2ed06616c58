import { Scenario } from "./lib.ts";
import {
  AUDIT_FEE,
  DISAGREEMENT,
  DISSENT,
  NO_ONE,
  OUT_A,
  OUT_B,
  OVERTURNED,
  P1,
  POOL_FUNDING,
  T0,
  V1,
  V2,
  V3,
  V4,
  VERIFIER_SLASH,
  at,
  auditRound,
  claim,
  commit,
  commitsClosed,
  decide,
  deployment,
  drawn,
  finalized,
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
  verifierSlashed,
} from "./world.ts";

// k = 1, audited; the auditor reveals B where the replica revealed A: settlement sends the job to a panel, two of
// three verifiers find B (the third, A, is paid and slashed), so the job is OVERTURNED: the replica loses its whole
// collateral (15,000), half of it compensates the requester, the rest joins the pool with the audit fee.
const s = new Scenario("audit-overturned", "k = 1 audited, auditor disagrees: a panel overturns the result", T0);
const A = resultOf(OUT_A, 6_000_000n);
const B = resultOf(OUT_B, 5_000_000n);
s.block(T0, [...deployment(), ...providers([P1, V1, V2, V3, V4])]); // total stake 500,000
s.block(T0 + 60, [post(1, 1, T0 + 60)]);
s.block(T0 + 120, [claim(1, P1, 0)]);
s.block(T0 + 180, [commit(1, P1), commitsClosed(1, 5)]);
s.block(T0 + 240, [decide(1, true, 5, T0 + 180)]);
s.block(T0 + 300, [auditRound(1, 5, T0 + 180), drawn(1, V1, 0, 0)]);
s.block(T0 + 360, [verdictCommitted(1, V1, 0)]);
s.block(T0 + 420, [reveal(1, P1, OUT_A, 6_000_000n)]);
s.block(T0 + 480, [verdictRevealed(1, V1, 0, OUT_B, 5_000_000n)]);
s.block(T0 + 500, [verificationStarted(1, DISAGREEMENT, NO_ONE, A), panelRound(1, 1, 11, T0 + 500)]); // block 11
s.block(T0 + 560, [drawn(1, V2, 1, 0), drawn(1, V3, 1, 1), drawn(1, V4, 1, 2)]);
s.block(T0 + 600, [verdictCommitted(1, V2, 1), verdictCommitted(1, V3, 1), verdictCommitted(1, V4, 1)]);
s.block(T0 + 660, [
  verdictRevealed(1, V2, 1, OUT_B, 5_000_000n),
  verdictRevealed(1, V3, 1, OUT_B, 5_000_000n),
  verdictRevealed(1, V4, 1, OUT_A, 6_000_000n),
]);
s.block(T0 + 700, [
  roundClosed(1, 1, B, 5_000_000n),
  verifierPaid(1, V2, 1, true),
  verifierPaid(1, V3, 1, true),
  verifierPaid(1, V4, 1, false),
  verifierSlashed(1, V4, 1, DISSENT),
  providerSlashed(1, V4, DISSENT, VERIFIER_SLASH, 92500n, 492500n),
  verifierPaid(1, V1, 0, true),
  slashedAssignment(1, P1, DISSENT, 15000n),
  providerSlashed(1, P1, DISSENT, 15000n, 85000n, 477500n),
  settled(1, {
    outcome: OVERTURNED,
    result: B,
    fuelUsed: 5_000_000n,
    auditFee: AUDIT_FEE,
    refund: 1025n,
    compensation: 7500n,
    slashed: 15000n,
  }),
  finalized(1, B, 1),
]);

s.expectEntity("job", "1", {
  status: "REFUNDED",
  outcome: "OVERTURNED",
  audit: "AUDITED",
  result: B,
  outputHash: OUT_B,
  resultURI: "ipfs://verdict-4444",
  fuelUsed: 5_000_000n,
  paid: 0n,
  feeCharged: 0n,
  auditFeeCharged: AUDIT_FEE,
  refund: 1025n,
  compensation: 7500n,
  slashed: 15000n,
  courtCredit: 7620n,
  verificationStartedAt: at(500),
  settledAt: at(700),
});
s.expectEntity("assignment", "1-0", { outcome: "SLASHED", fault: "DISSENT", slashed: 15000n, payment: 0n });
s.expectEntity("verification", "1", {
  audited: true,
  reason: "DISAGREEMENT",
  status: "FINAL",
  round: 1,
  panelRounds: 1,
  agreed: A,
  verdict: B,
  verdictOutcome: "OVERTURNED",
  outcome: "OVERTURNED",
  verifiersDrawn: 4,
  verifierPay: 4000n,
  verifierSlashed: VERIFIER_SLASH,
  startedAt: at(300),
  finalizedAt: at(700),
});
s.expectEntity("verificationRound", "1-1", {
  seats: 3,
  openedBlock: 11n,
  openedAt: at(500),
  drawEndsAt: at(800),
  commitEndsAt: at(840),
  revealEndsAt: at(1440),
  drawn: 3,
  committed: 3,
  revealed: 3,
  closed: true,
  closedAt: at(700),
  majority: B,
  majorityFuel: 5_000_000n,
});
s.expectEntity("verificationRound", "1-0", { closed: true, closedAt: at(700), majority: B });
s.expectEntity("verifierSeat", `1-${V4}`, { outcome: "DISSENT", payment: 1000n, slashed: VERIFIER_SLASH, result: A });
s.expectEntity("verifierSeat", `1-${V1}`, { outcome: "UPHELD", payment: 1000n, slashed: 0n, result: B });
s.expectEntity("provider", P1, {
  stake: 85000n,
  locked: 0n,
  activeJobs: 0,
  slashes: 1,
  faultsAtJail: 0,
  slashedAmount: 15000n,
  completed: 0,
  reputation: 0,
});
s.expectEntity("provider", V4, {
  stake: 92500n,
  locked: 0n,
  activeJobs: 0,
  verifications: 1,
  verificationsPaid: 1,
  verificationsDissent: 1,
  verificationsUpheld: 0,
  verifierEarnings: 1000n,
  verifierSlashedAmount: VERIFIER_SLASH,
  slashes: 1,
  completed: 0,
});
s.expectQuery(`{ providerSlasheds(orderBy: amount) { provider { id } source reason amount } }`, {
  providerSlasheds: [
    { provider: { id: V4 }, source: "COURT", reason: "DISSENT", amount: "7500" },
    { provider: { id: P1 }, source: "MARKET", reason: "DISSENT", amount: "15000" },
  ],
});
s.expectEntity("protocol", "hashwork", {
  openJobs: 0,
  verifyingJobs: 0,
  cumulativeJobsRefunded: 1,
  cumulativeJobsOverturned: 1,
  cumulativeJobsFailed: 1,
  cumulativeAuditsAudited: 1,
  cumulativeAuditsOverturned: 1,
  cumulativeAuditsUpheld: 0,
  cumulativePanelsStarted: 1,
  cumulativeDisagreements: 1,
  cumulativePanelRoundsOpened: 1,
  cumulativePanelRoundsNoMajority: 0,
  cumulativeVerificationsOverturned: 1,
  cumulativeVerifiersDrawn: 4,
  cumulativeVerifiersPaid: 4,
  cumulativeVerifierSlashes: 1,
  cumulativeSlashes: 2,
  cumulativeDissentSlashes: 2,
  cumulativeSlashed: 22500n,
  cumulativeMarketSlashed: 15000n,
  cumulativeVerifierSlashed: VERIFIER_SLASH,
  cumulativeVerifierPay: 4000n,
  cumulativeCompensation: 7500n,
  cumulativeRefunded: 1025n,
  cumulativePoolFundedBySlashes: 7500n,
  cumulativePoolFundedByVerifierSlashes: VERIFIER_SLASH,
  cumulativeVolume: 0n,
  cumulativeFuelUsed: 0n,
  // the court holds 100,000 + 7,500 (V4's slash) and is owed 7,620 by the market:
  // pool 111,120 + reserved 0 + courtClaimable 4,000 = 115,120
  pool: POOL_FUNDING - 4000n + VERIFIER_SLASH + 7620n,
  reserved: 0n,
  courtClaimable: 4000n,
  courtMarketClaimable: 7620n,
  openEscrow: 0n,
  totalClaimable: 1145n + 15000n,
  totalStake: 477500n,
  totalLocked: 0n,
});
export default s;
