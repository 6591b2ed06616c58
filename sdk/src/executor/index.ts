export { execute, type ExecuteOptions, type ExecutionResult } from "./execute.js";
export { checkModule, inspectModule, type MemoryPlan, type ModuleInfo } from "./inspect.js";
export { DeterministicRandom } from "./random.js";
export type { ExecuteSource } from "./sources.js";
export { CLOCK_RESOLUTION_NS, FIXED_REALTIME_NS, MONOTONIC_STEP_NS } from "./wasi-host.js";
