export { execute, type ExecuteOptions, type ExecutionResult } from "./execute.js";
export { calibrate, CALIBRATION, type CalibrationName, type CalibrationRun } from "./calibrate.js";
export { measureFuelRate, type FuelRate } from "./fuel-rate.js";
export {
  checkModule,
  inspectModule,
  PAGES_PER_MIB,
  type ExternalKind,
  type MemoryPlan,
  type MemoryType,
  type ModuleInfo,
} from "./inspect.js";
export { instrumentModule, type InstrumentedModule } from "./instrument/index.js";
export { FUEL_SCHEDULE_VERSION, SLOTS_PER_KIB, stackBudgetSlots } from "./instrument/schedule.js";
export { measureStackKiB } from "./stack-probe.js";
export { DeterministicRandom } from "./random.js";
export type { ExecuteSource } from "./sources.js";
export { CLOCK_RESOLUTION_NS, FIXED_REALTIME_NS, MONOTONIC_STEP_NS } from "./wasi/clock.js";
export { STDERR_CAP } from "./wasi/stdio.js";
