import { Scenario, court } from "./lib.ts";
import {
  AUDIT_FEE,
  COMPLETED,
  OUT_A,
  P1,
  POOL_FUNDING,
  T0,
  V1,
  at,
  auditRound,
  claim,
  commit,
  commitsClosed,
  decide,
  deployment,
  drawn,
  finalized,
  paid,
  post,
  providers,
  resultOf,
  reveal,
  settled,
  verdictCommitted,
  verdictRevealed,
  verifierPaid,
} from "./world.ts";

// k = 1, audited: the auditor is drawn and commits before the replica reveals; both reveal the same result, so the
// job is paid after the challenge window and the auditor is paid its budget (1,000) from the pool.
const s = new Scenario(
  "audit-upheld",
  "k = 1 audited, auditor agrees: audit round, reveals, settle, closeAudit pays the auditor",
  T0,
);
const A = resultOf(OUT_A, 6_000_000n);
s.block(T0, [...deployment(), ...providers([P1, V1])]);
s.block(T0 + 60, [post(1, 1, T0 + 60)]);
s.block(T0 + 120, [claim(1, P1, 0)]);
s.block(T0 + 180, [commit(1, P1), commitsClosed(1, 5)]); // block 5
s.block(T0 + 240, [decide(1, true, 5, T0 + 180)]); // draw until +480, commit until +520, reveal until +1120
s.block(T0 + 300, [auditRound(1, 5, T0 + 180), drawn(1, V1, 0, 0)]);
s.block(T0 + 360, [verdictCommitted(1, V1, 0)]);
s.block(T0 + 420, [reveal(1, P1, OUT_A, 6_000_000n)]);
s.block(T0 + 480, [verdictRevealed(1, V1, 0, OUT_A, 6_000_000n)]); // reveals close: challenge until +480+600+40
s.block(T0 + 1200, [
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
  verifierPaid(1, V1, 0, true),
  finalized(1, A, 0),
]);
s.block(T0 + 1260, [court("Withdrawn", { account: V1, amount: 1000n })]);

s.expectEntity("job", "1", {
  status: "COMPLETED",
  audit: "AUDITED",
  auditDecidedAt: at(240),
  auditDrawEndsAt: at(480),
  auditCommitEndsAt: at(520),
  revealEndsAt: at(1120),
  revealsClosedAt: at(480),
  challengeEndsAt: at(1120),
  verification: { id: "1" },
  paid: 480n,
  courtCredit: AUDIT_FEE,
});
s.expectEntity("verification", "1", {
  audited: true,
  reason: null,
  status: "FINAL",
  round: 0,
  panelRounds: 0,
  agreed: null,
  challenger: null,
  challengeStatus: null,
  verdict: A,
  verdictOutcome: "UPHELD",
  outcome: "COMPLETED",
  verifiersDrawn: 1,
  verifierPay: 1000n,
  verifierSlashed: 0n,
  startedAt: at(300),
  finalizedAt: at(1200),
});
s.expectEntity("verificationRound", "1-0", {
  round: 0,
  seats: 1,
  openedBlock: 5n,
  openedAt: at(300),
  drawEndsAt: at(480),
  commitEndsAt: at(520),
  revealEndsAt: at(1120),
  drawn: 1,
  committed: 1,
  revealed: 1,
  closed: true,
  closedAt: at(1200),
  majority: A,
});
s.expectEntity("verifierSeat", `1-${V1}`, {
  roundIndex: 0,
  seat: 0,
  verifier: { id: V1 },
  collateral: 15000n,
  pay: 1000n,
  drawnAt: at(300),
  committedAt: at(360),
  revealedAt: at(480),
  outputHash: OUT_A,
  fuelUsed: 6_000_000n,
  result: A,
  resultURI: "ipfs://verdict-4444",
  outcome: "UPHELD",
  payment: 1000n,
  slashed: 0n,
  judgedAt: at(1200),
});
s.expectEntity("provider", V1, {
  verifications: 1,
  audits: 1,
  verificationsUpheld: 1,
  verificationsPaid: 1,
  verifierEarnings: 1000n,
  completed: 1,
  reputation: 1,
  earnings: 0n,
  totalEarnings: 1000n,
  locked: 0n,
  activeJobs: 0,
});
s.expectEntity("protocol", "hashwork", {
  cumulativeAuditsDecided: 1,
  cumulativeAuditsAudited: 1,
  auditRateRealised: "1",
  cumulativeAuditsUpheld: 1,
  cumulativeAuditsOverturned: 0,
  cumulativeAuditorsDrawn: 1,
  cumulativeVerifiersDrawn: 1,
  cumulativeVerifiersPaid: 1,
  cumulativeVerifierPay: 1000n,
  cumulativePoolPayouts: 1000n,
  cumulativePanelsStarted: 0,
  cumulativeCourtWithdrawn: 1000n,
  // court: 100,000 funded − 1,000 withdrawn = 99,000 held + 120 claimable in the market
  pool: POOL_FUNDING + AUDIT_FEE - 1000n,
  reserved: 0n,
  openBonds: 0n,
  courtClaimable: 0n,
  courtMarketClaimable: AUDIT_FEE,
  totalClaimable: 1145n,
  totalLocked: 0n,
});
s.expectEntity("marketDayData", "19676", {
  dailyAuditsDecided: 1,
  dailyAuditsAudited: 1,
  dailyAuditRateRealised: "1",
  dailyAuditsUpheld: 1,
  dailyVerifierPay: 1000n,
  activeProviders: 2,
});
s.expectQuery(`{ verifierPaids { verifier { id } round pay upheld seat { id } } }`, {
  verifierPaids: [{ verifier: { id: V1 }, round: 0, pay: "1000", upheld: true, seat: { id: `1-${V1}` } }],
});
export default s;
