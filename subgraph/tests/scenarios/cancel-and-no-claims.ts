import { Scenario, market } from "./lib.ts";
import { NO_CLAIMS, POOL_FUNDING, REQUESTER, T0, at, deployment, escrowOf, post, settled } from "./world.ts";

// Job 1 is cancelled in the block after its posting (before its seed exists); job 2 is never claimed and settles
// after its claim deadline. Both refund the whole escrow: no audit fee (nobody committed), no fee.
const s = new Scenario("cancel-and-no-claims", "a cancelled job and a job nobody claims: whole escrow back", T0);
s.block(T0, deployment());
s.block(T0 + 60, [post(1, 1, T0 + 60), post(2, 1, T0 + 60)]);
s.block(T0 + 72, [market("JobCancelled", { jobId: 1, requester: REQUESTER, refund: escrowOf(1) })]);
s.block(T0 + 400, [settled(2, { outcome: NO_CLAIMS, refund: escrowOf(1) })]);

s.expectEntity("job", "1", {
  status: "CANCELLED",
  outcome: null,
  refund: escrowOf(1),
  settledAt: at(72),
  audit: "UNDECIDED",
});
s.expectEntity("job", "2", {
  status: "REFUNDED",
  outcome: "NO_CLAIMS",
  refund: escrowOf(1),
  auditFeeCharged: 0n,
  feeCharged: 0n,
  courtCredit: 0n,
  claimed: 0,
  settledAt: at(400),
});
s.expectQuery(`{ refundeds(orderBy: timestamp) { job { id } requester reason refund amount } }`, {
  refundeds: [
    { job: { id: "1" }, requester: REQUESTER, reason: "CANCELLED", refund: "1145", amount: "1145" },
    { job: { id: "2" }, requester: REQUESTER, reason: "NO_CLAIMS", refund: "1145", amount: "1145" },
  ],
});
s.expectEntity("protocol", "hashwork", {
  cumulativeJobsPosted: 2,
  cumulativeJobsCancelled: 1,
  cumulativeJobsRefunded: 1,
  cumulativeJobsNoClaims: 1,
  cumulativeJobsFailed: 0,
  cumulativeEscrowPosted: 2n * escrowOf(1),
  cumulativeRefunded: 2n * escrowOf(1),
  openJobs: 0,
  openEscrow: 0n,
  totalClaimable: 2n * escrowOf(1),
  pool: POOL_FUNDING,
  cumulativeAuditsDecided: 0,
});
s.expectEntity("marketDayData", "19676", {
  dailyJobsPosted: 2,
  dailyJobsCancelled: 1,
  dailyJobsNoClaims: 1,
  openJobs: 0,
});
export default s;
