import { getExample } from "../workloads/examples.js";
import { calibrate, type FuelRate } from "./calibrate.js";
import { execute, type ExecuteOptions } from "./execute.js";

export type { FuelRate } from "./calibrate.js";

/**
 * Measures this machine's fuel per second by running the calibration jobs (`calibrate`) in the sandbox with `execute`,
 * one after the other, and keeps the slowest rate. Takes about a second. Measure with the `isolation` the jobs will
 * run with. A page measures the same way with `executeInBrowser` (`calibrate` from `@hashwork/sdk/executor/browser`).
 */
export async function measureFuelRate(options: Pick<ExecuteOptions, "signal" | "isolation"> = {}): Promise<FuelRate> {
  return calibrate(
    (bundle, source) => execute(bundle, source, options),
    (name) => getExample(name).module(),
  );
}
