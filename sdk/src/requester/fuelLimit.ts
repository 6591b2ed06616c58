import { FUEL_MAX } from "../bundle/index.js";

/**
 * Headroom over the fuel a run here measured. Fuel is deterministic, so the same bundle uses exactly the same fuel on
 * every provider; the headroom only covers a rebuilt module or a changed input between the run and the post.
 */
export const FUEL_HEADROOM = 1.5;

/**
 * The fuel limit to post a job with (`maxFuel`, the bundle's `limits.fuel`) after a run here used `fuelUsed`:
 * FUEL_HEADROOM times that, rounded up, at least `minimum` (e.g. the providers' minimum billable fuel, which smaller
 * jobs do not get claimed below) and at most FUEL_MAX.
 */
export function fuelLimitFor(fuelUsed: bigint, minimum = 1n): bigint {
  const withHeadroom = (fuelUsed * 3n + 1n) / 2n; // ceil(FUEL_HEADROOM × fuelUsed)
  const limit = withHeadroom > minimum ? withHeadroom : minimum;
  return limit < BigInt(FUEL_MAX) ? limit : BigInt(FUEL_MAX);
}
