import { AbiCoder, keccak256 } from "ethers";

// PROTOCOL.md, "Claim": the lottery in integers, as the market computes it.
const ONE = 10n ** 18n; // fixed-point 1 of the widening factor
const U128_MAX = (1n << 128n) - 1n;
const U256_MAX = (1n << 256n) - 1n;

/** One account's ticket in a job's draw of replica slots. */
export interface Ticket {
  seed: string; // seedFor(postedBlock)
  jobId: bigint;
  account: string;
  stake: bigint; // lotteryStakeAt(account, postedBlock - 1)
  totalStake: bigint; // getJob(jobId).totalStake
  replicas: bigint; // k
  wideningPeriod: bigint; // seconds, getJob(jobId).wideningPeriod
}

/** Whether `t.account` may claim `elapsed` seconds after the posting block's timestamp. */
export function wins(t: Ticket, elapsed: bigint): boolean {
  if (t.stake === 0n || t.totalStake === 0n) return false;
  const widening = ONE + (elapsed * ONE) / t.wideningPeriod;
  const numerator = t.stake * t.replicas * (widening < U128_MAX ? widening : U128_MAX);
  const denominator = t.totalStake * ONE;
  if (numerator >= denominator) return true;
  const draw = keccak256(
    AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256", "address"], [t.seed, t.jobId, t.account]),
  );
  return BigInt(draw) < (U256_MAX * numerator) / denominator;
}

/** The fewest seconds after posting at which `t.account` wins, or undefined if not within `limit` seconds. */
export function firstWinningElapsed(t: Ticket, limit: bigint): bigint | undefined {
  if (!wins(t, limit)) return undefined;
  // Winning is monotone in time (the share only widens): bisect for the first winning second.
  let [lo, hi] = [0n, limit];
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (wins(t, mid)) hi = mid;
    else lo = mid + 1n;
  }
  return lo;
}
