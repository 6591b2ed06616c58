import { AbiCoder, keccak256, MaxUint256 } from "ethers";
import { isContractRevert } from "./errors/contract.js";

const ONE = 10n ** 18n; // fixed-point unit of the widening factor, as in contracts/libraries/Lottery.sol
const U128_MAX = (1n << 128n) - 1n;

/** Inputs of the assignment lottery; mirrors `Lottery.wins` in contracts/libraries/Lottery.sol. */
export interface LotteryInput {
  seed: string; // bytes32 from the randomness source
  jobId: bigint;
  provider: string;
  stake: bigint; // provider stake as of the block before the trigger
  totalStake: bigint; // total stake as of the block before the trigger
  replicas: bigint;
  elapsed: bigint; // seconds since the draw opened
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

// ---------------------------------------------------------------------------------------------------------------
// The protocol's three draws. Each is the same lottery over a different trigger: the seed is the randomness
// source's `seedFor(triggerBlock)` (the hash of the next block), stake and total stake count as of
// `triggerBlock - 1`, and the eligible share widens from `openedAt` over a widening period fixed when the draw opened
// (the job's for its replicas and its auditor, the round's for a panel), so eligibility only ever grows.

/** One stake-weighted draw: a job's replica slots, its auditor seat, or a panel round's seats. */
export interface Draw {
  kind: "replica" | "auditor" | "panel";
  /** The draw's trigger block: its seed is `seedFor(triggerBlock)`. */
  triggerBlock: bigint;
  /** Stake and total stake count as of this block (`triggerBlock - 1`). */
  stakeBlock: bigint;
  /** Slots or seats: the `replicas` of `Lottery.wins`. */
  seats: bigint;
  /** Seconds: fixed per job (replicas, auditor) or per round (panels) when the draw opens. */
  wideningPeriod: bigint;
  /** Unix seconds: the lottery's elapsed time counts from here. */
  openedAt: bigint;
  /** Unix seconds: the last second a claim is accepted. */
  closesAt: bigint;
}

/**
 * A whole number as ethers decodes it (bigint) or as a caller writes it (number).
 * @inline
 */
type Int = number | bigint;

/**
 * Replica slots: seed of the posting block, stake as of the block before it, k slots, from `postedAt` until the claim
 * deadline, widening by the job's own `wideningPeriod` (the market's, fixed at posting: `readJob(…).wideningPeriod`).
 */
export function replicaDraw(job: {
  postedBlock: Int;
  postedAt: Int;
  replicas: Int;
  claimDeadline: Int;
  wideningPeriod: Int;
}): Draw {
  return draw("replica", job.postedBlock, job.replicas, job.wideningPeriod, job.postedAt, job.claimDeadline);
}

/**
 * The auditor of an audited job: seed of the commits-closed block, stake as of the block before it, one seat, from
 * `commitsClosedAt` until `auditDrawEndsAt` (`AuditDecided` and `readJob(…).timeline` carry it), widening by the job's
 * own `wideningPeriod`.
 */
export function auditorDraw(
  job: { commitsClosedBlock: Int; commitsClosedAt: Int; wideningPeriod: Int },
  auditDrawEndsAt: Int,
): Draw {
  return draw("auditor", job.commitsClosedBlock, 1, job.wideningPeriod, job.commitsClosedAt, auditDrawEndsAt);
}

/**
 * A panel round: seed of its opening block, stake as of the block before it, `panelSize` seats, from `openedAt` until
 * its draw ends, widening by the round's own `wideningPeriod` (the court's, fixed when the round opened: `readRound`).
 */
export function panelDraw(round: {
  openedBlock: Int;
  openedAt: Int;
  seats: Int;
  drawEndsAt: Int;
  wideningPeriod: Int;
}): Draw {
  return draw("panel", round.openedBlock, round.seats, round.wideningPeriod, round.openedAt, round.drawEndsAt);
}

function draw(kind: Draw["kind"], trigger: Int, seats: Int, widening: Int, openedAt: Int, closesAt: Int): Draw {
  const triggerBlock = BigInt(trigger);
  return {
    kind,
    triggerBlock,
    stakeBlock: triggerBlock - 1n,
    seats: BigInt(seats),
    wideningPeriod: BigInt(widening),
    openedAt: BigInt(openedAt),
    closesAt: BigInt(closesAt),
  };
}

/** One account's ticket in a draw: the seed and the stakes as of `draw.stakeBlock`. */
export interface DrawTicket {
  seed: string;
  jobId: bigint;
  account: string;
  stake: bigint;
  totalStake: bigint;
}

/**
 * The earliest unix second at which `ticket.account` wins `draw` (`Lottery.wins`, computed off-chain), or undefined
 * when it never does before the draw closes. No per-block `isDrawn` polling needed.
 */
export function drawTime(d: Draw, ticket: DrawTicket): bigint | undefined {
  const limit = d.closesAt > d.openedAt ? d.closesAt - d.openedAt : 0n;
  const first = firstWinningElapsed(
    {
      seed: ticket.seed,
      jobId: ticket.jobId,
      provider: ticket.account,
      stake: ticket.stake,
      totalStake: ticket.totalStake,
      replicas: d.seats,
      wideningPeriod: d.wideningPeriod,
    },
    limit,
  );
  return first === undefined ? undefined : d.openedAt + first;
}

/** What a draw needs from the chain for one account; `seed` is undefined until the seed block is mined (or expired). */
export interface DrawInputs {
  seed: string | undefined;
  stake: bigint;
  totalStake: bigint;
}

/**
 * Reads an account's draw inputs in one round trip: the seed (asked of `blockTag`, default "pending" — where a claim
 * executes, so it is known one block earlier than on "latest") and the stakes as of `draw.stakeBlock`: the account's as
 * claims weigh it (`lotteryStakeAt`: zero once its stake changed in two blocks since), the total exactly (for replica
 * draws it equals the `totalStake` the market recorded with the job).
 *
 * A replica draw's seed is asked of the market (`drawSeed(jobId)`) when `jobId` and `contracts.market` are given: the
 * market keeps it from the job's first claim, while the randomness source forgets it once the chain forgot the block's
 * hash (256 blocks after the posting; 8,191 on a chain that serves EIP-2935's history).
 */
export async function readDrawInputs(
  contracts: {
    randomness: { seedFor(triggerBlock: bigint, overrides: { blockTag: string }): Promise<string> };
    market?: { drawSeed(jobId: bigint, overrides: { blockTag: string }): Promise<string> };
    registry: {
      lotteryStakeAt(account: string, blockNumber: bigint): Promise<bigint>;
      totalStakeAt(blockNumber: bigint): Promise<bigint>;
    };
  },
  d: Draw,
  account: string,
  blockTag = "pending",
  jobId?: bigint,
): Promise<DrawInputs> {
  const seedOf =
    jobId !== undefined && contracts.market
      ? contracts.market.drawSeed(jobId, { blockTag })
      : contracts.randomness.seedFor(d.triggerBlock, { blockTag });
  const [seed, stake, totalStake] = await Promise.all([
    // Reverts with RandomnessSeedNotReady before the seed block exists, RandomnessSeedExpired once the chain forgot the
    // block's hash unfixed (the market's drawSeed too, until the job's first claim keeps it).
    seedOf.catch((error: unknown) => {
      if (isContractRevert(error)) return undefined;
      throw error; // transport problems stay retryable
    }),
    contracts.registry.lotteryStakeAt(account, d.stakeBlock),
    contracts.registry.totalStakeAt(d.stakeBlock),
  ]);
  return { seed, stake, totalStake };
}
