import type { PostedJob } from "../../src/db/jobs.js";
import type { OpenedRound } from "../../src/db/verifications.js";

/** A k = 3 job as the watcher records it from `JobPosted`, for database tests (no chain behind it). */
export const postedJob = (id: bigint, blockHash = "0xaa"): PostedJob => ({
  jobId: id,
  postedBlock: 10,
  postedBlockHash: blockHash,
  requester: "0x0000000000000000000000000000000000000001",
  resourceClass: 0,
  replicas: 3,
  maxFuel: 50_000_000n,
  maxPricePerMfuel: 2n,
  budget: 100n,
  collateral: 4n,
  minReputation: 0,
  claimDeadline: 100,
  commitDeadline: 200,
  bundleHash: "0x01",
  bundleUri: "ipfs://b",
});

/** Round `round` of job `jobId`'s verification as the watcher records it from `RoundOpened`. */
export const openedRound = (jobId: bigint, round: number): OpenedRound => ({
  jobId,
  round,
  openedBlock: 20,
  openedBlockHash: "0xbb",
  openedAt: 0,
  seats: 1,
  drawEndsAt: 10,
  commitEndsAt: 20,
  revealEndsAt: 30,
});
