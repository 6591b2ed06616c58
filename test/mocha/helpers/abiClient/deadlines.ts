// PROTOCOL.md, "A job's life", Post, Deadlines: what postJob accepts, in unix seconds relative to the posting
// block's timestamp.
const MIN_PHASE = 30n; // seconds: the shortest claim or commit phase
const MIN_EXECUTION_TIME = 30n; // seconds: fetching and instantiating, before any fuel burns
const MAX_JOB_DURATION = 30n * 24n * 3600n; // seconds from posting to the commit deadline

/** Seconds to execute `maxFuel` at the reference speed: `30 + ceil(maxFuel / fuelPerSecond)`. */
export const executionTimeOf = (maxFuel: bigint, fuelPerSecond: bigint) =>
  MIN_EXECUTION_TIME + (maxFuel + fuelPerSecond - 1n) / fuelPerSecond;

/** The bounds a request posted at `postedAt` must meet (each inclusive). */
export function deadlineBounds(postedAt: bigint, executionTime: bigint) {
  return {
    earliestClaimDeadline: postedAt + MIN_PHASE,
    /** The commit deadline's floor given the claim deadline. */
    earliestCommitDeadline: (claimDeadline: bigint) => {
      const afterClaims = claimDeadline + MIN_PHASE;
      const afterExecution = postedAt + MIN_PHASE + executionTime;
      return afterClaims > afterExecution ? afterClaims : afterExecution;
    },
    latestCommitDeadline: postedAt + MAX_JOB_DURATION,
  };
}
