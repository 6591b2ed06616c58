import { Scenario } from "./lib.ts";
import {
  AUDIT_FEE,
  INPUT_UNAVAILABLE,
  INPUT_UNAVAILABLE_OUTCOME,
  INPUT_UNAVAILABLE_RESULT,
  OUT_A,
  P1,
  P2,
  P3,
  POOL_FUNDING,
  T0,
  claim,
  commit,
  commitsClosed,
  decide,
  deployment,
  escrowOf,
  post,
  providers,
  released,
  reveal,
  settled,
} from "./world.ts";

// k = 3: two replicas report "input unavailable", one reveals A. "Input unavailable" abstains, so nothing disagrees,
// and it holds the majority: the job is refunded at once (less the audit fee), everyone released, nobody slashed.
const s = new Scenario("input-unavailable", "k = 3, input unavailable wins: refund, every replica released", T0);
s.block(T0, [...deployment(), ...providers([P1, P2, P3])]);
s.block(T0 + 60, [post(1, 3, T0 + 60)]);
s.block(T0 + 120, [claim(1, P1, 0), claim(1, P2, 1), claim(1, P3, 2)]);
s.block(T0 + 180, [commit(1, P1), commit(1, P2), commit(1, P3), commitsClosed(1, 5)]);
s.block(T0 + 240, [
  decide(1, false, 5, T0 + 180),
  reveal(1, P1, INPUT_UNAVAILABLE, 123n),
  reveal(1, P2, INPUT_UNAVAILABLE, 0n),
  reveal(1, P3, OUT_A, 6_000_000n),
]);
s.block(T0 + 300, [
  released(1, P1),
  released(1, P2),
  released(1, P3),
  settled(1, {
    outcome: INPUT_UNAVAILABLE_OUTCOME,
    result: INPUT_UNAVAILABLE_RESULT,
    auditFee: AUDIT_FEE,
    refund: escrowOf(3) - AUDIT_FEE,
  }),
]);

s.expectEntity("job", "1", {
  status: "REFUNDED",
  outcome: "INPUT_UNAVAILABLE",
  result: INPUT_UNAVAILABLE_RESULT,
  outputHash: INPUT_UNAVAILABLE,
  fuelUsed: 0n,
  paid: 0n,
  feeCharged: 0n,
  auditFeeCharged: AUDIT_FEE,
  refund: escrowOf(3) - AUDIT_FEE,
  courtCredit: AUDIT_FEE,
});
s.expectEntity("assignment", "1-0", {
  inputUnavailable: true,
  fuelUsed: 123n,
  result: INPUT_UNAVAILABLE_RESULT,
  outcome: "RELEASED",
  fault: "NONE",
});
s.expectEntity("assignment", "1-2", { inputUnavailable: false, outcome: "RELEASED", slashed: 0n });
s.expectEntity("provider", P1, { released: 1, completed: 0, slashes: 0, locked: 0n, activeJobs: 0 });
s.expectQuery(`{ refundeds { reason refund compensation amount } }`, {
  refundeds: [{ reason: "INPUT_UNAVAILABLE", refund: "3075", compensation: "0", amount: "3075" }],
});
s.expectEntity("protocol", "hashwork", {
  cumulativeJobsRefunded: 1,
  cumulativeJobsInputUnavailable: 1,
  cumulativeJobsFailed: 0,
  cumulativeAssignmentsReleased: 3,
  cumulativeRefunded: 3075n,
  cumulativeSlashes: 0,
  pool: POOL_FUNDING + AUDIT_FEE,
  totalClaimable: escrowOf(3),
  totalLocked: 0n,
});
s.expectEntity("marketDayData", "19676", { dailyJobsInputUnavailable: 1, dailyJobsRefunded: 1, dailyRefunded: 3075n });
export default s;
