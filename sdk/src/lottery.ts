import { AbiCoder, keccak256, MaxUint256 } from "ethers";

const ONE = 10n ** 18n; // fixed-point unit of the widening factor, as in contracts/libraries/Lottery.sol
const U128_MAX = (1n << 128n) - 1n;

/** Inputs of the assignment lottery; mirrors `Lottery.wins` in contracts/libraries/Lottery.sol. */
export interface LotteryInput {
  seed: string; // bytes32 from the randomness source
  jobId: bigint;
  provider: string;
  stake: bigint; // provider stake as of the posting block
  totalStake: bigint; // total stake as of the posting block
  replicas: bigint;
  elapsed: bigint; // seconds since posting
  wideningPeriod: bigint; // seconds
}

/** Whether `provider` may claim a slot of the job, computed off-chain exactly as the contract does. */
export function lotteryWins(x: LotteryInput): boolean {
  if (x.stake === 0n || x.totalStake === 0n) return false;
  const widening = ONE + (x.elapsed * ONE) / x.wideningPeriod;
  const numerator = x.stake * x.replicas * (widening < U128_MAX ? widening : U128_MAX);
  const denominator = x.totalStake * ONE;
  if (numerator >= denominator) return true;
  const ticket = BigInt(
    keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256", "address"], [x.seed, x.jobId, x.provider])),
  );
  return ticket < (MaxUint256 * numerator) / denominator;
}

/** Earliest elapsed seconds at which `provider` wins, or undefined if it never does within `limit`. */
export function firstWinningElapsed(x: Omit<LotteryInput, "elapsed">, limit: bigint): bigint | undefined {
  // The eligible share grows monotonically with elapsed time, so a binary search finds the boundary.
  if (!lotteryWins({ ...x, elapsed: limit })) return undefined;
  let lo = 0n;
  let hi = limit;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (lotteryWins({ ...x, elapsed: mid })) hi = mid;
    else lo = mid + 1n;
  }
  return lo;
}
