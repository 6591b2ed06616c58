import { ADDRESS, Scenario, market } from "./lib.ts";
import { DAY, HOUR, REQUESTER, T0, at, deployment, escrowOf, post } from "./world.ts";

// The requester deposits 2,000 into its balance in the market. Job 1 (escrow 1,145) is paid from that balance: the
// tokens are already in the market, so they move from totalClaimable to openEscrow (JobPosted's escrowFromBalance).
// Job 2's escrow is more than the 855 left, so it is pulled from the wallet (escrowFromBalance false).
// In the next hour job 1 is cancelled (its 1,145 back to the balance) and the requester withdraws all 2,000.
// The market's token balance: 2,000 after the deposit, still 2,000 after job 1, 3,145 after job 2, 1,145 at the end;
// openEscrow + totalClaimable follows it at every step.
const DEPOSIT = 2000n;
const s = new Scenario("deposit-and-escrow-from-balance", "a deposit, a posting paid from it, a withdrawal", T0);
s.block(T0, deployment());
s.block(T0 + 60, [market("Deposited", { account: REQUESTER, amount: DEPOSIT })]);
s.block(T0 + 120, [post(1, 1, T0 + 120, true)]);
s.block(T0 + 180, [post(2, 1, T0 + 180)]);
s.block(T0 + 3600, [market("JobCancelled", { jobId: 1, requester: REQUESTER, refund: escrowOf(1) })]);
s.block(T0 + 3660, [market("Withdrawn", { account: REQUESTER, amount: DEPOSIT })]);

s.expectEntity("job", "1", { escrow: escrowOf(1), escrowFromBalance: true, status: "CANCELLED", refund: escrowOf(1) });
s.expectEntity("job", "2", { escrow: escrowOf(1), escrowFromBalance: false, status: "OPEN" });
s.expectQuery(`{ depositeds(orderBy: timestamp) { contract account amount blockNumber timestamp } }`, {
  depositeds: [{ contract: ADDRESS.market, account: REQUESTER, amount: DEPOSIT, blockNumber: 3n, timestamp: at(60) }],
});
s.expectQuery(`{ withdrawns(orderBy: timestamp) { source account amount } }`, {
  withdrawns: [{ source: "JOB_MARKET", account: REQUESTER, amount: DEPOSIT }],
});
s.expectEntity("protocol", "hashwork", {
  cumulativeJobsPosted: 2,
  cumulativeJobsCancelled: 1,
  cumulativeEscrowPosted: 2n * escrowOf(1),
  cumulativeEscrowFromBalance: escrowOf(1),
  cumulativeDeposited: DEPOSIT,
  cumulativeRefunded: escrowOf(1),
  cumulativeMarketWithdrawn: DEPOSIT,
  openJobs: 1,
  // job 2, pulled from the wallet: the market's 1,145 tokens
  openEscrow: escrowOf(1),
  totalClaimable: 0n,
  courtMarketClaimable: 0n,
});
// After the first hour: 855 left in the balance, both escrows open; 855 + 2,290 = the market's 3,145.
s.expectEntity("marketHourData", String(HOUR), {
  hourlyJobsPosted: 2,
  hourlyDeposited: DEPOSIT,
  hourlyEscrowPosted: 2n * escrowOf(1),
  hourlyEscrowFromBalance: escrowOf(1),
  hourlyMarketWithdrawn: 0n,
  openEscrow: 2n * escrowOf(1),
  totalClaimable: DEPOSIT - escrowOf(1),
});
s.expectEntity("marketHourData", String(HOUR + 1), {
  hourlyDeposited: 0n,
  hourlyEscrowFromBalance: 0n,
  hourlyRefunded: escrowOf(1),
  hourlyMarketWithdrawn: DEPOSIT,
  openEscrow: escrowOf(1),
  totalClaimable: 0n,
});
s.expectEntity("marketDayData", String(DAY), {
  dailyDeposited: DEPOSIT,
  dailyEscrowFromBalance: escrowOf(1),
  dailyMarketWithdrawn: DEPOSIT,
  cumulativeDeposited: DEPOSIT,
  cumulativeEscrowFromBalance: escrowOf(1),
  openEscrow: escrowOf(1),
  totalClaimable: 0n,
});
export default s;
