import { readFile } from "node:fs/promises";
import {
  createBundle,
  FUEL_MAX,
  MIB,
  STACK_KIB_MAX,
  STACK_KIB_MIN,
  type BundleLimits,
  type JobBundle,
} from "@hashwork/sdk/bundle";
import { InvalidModuleError } from "@hashwork/sdk/errors";
import { execute, instrumentModule, stackBudgetSlots, type ExecutionResult } from "@hashwork/sdk/executor";
import { usageError } from "../errors.js";
import { exampleNamed } from "../examples.js";
import { parseInteger } from "../parse.js";

// What `job run` and `job post` share: turning a module file or `--example` plus flags into a bundle,
// and running it locally in exactly the providers' sandbox.

/** Memory and output limits of a bundle built from a user's own module when no flag overrides them. */
export const DEFAULT_LIMITS = { memoryMiB: 64, maxOutputBytes: 16 * MIB } as const;

/**
 * Fuel a local run gets when none is given: 10^11, roughly half a minute to a minute on a typical core —
 * a probe, not a price. `job post` then asks for the SDK's `fuelLimitFor` the fuel used.
 */
export const LOCAL_RUN_FUEL = 100_000_000_000;

export interface WorkloadOptions {
  example?: string;
  input?: string;
  arg: string[];
  memory?: string;
  fuel?: string;
  maxOutput?: string;
  stack?: string;
}

export interface Workload {
  module: Uint8Array;
  input: Uint8Array | null;
  args: string[];
  /** `fuel` is undefined when neither --fuel nor an example gave one. */
  limits: Omit<BundleLimits, "fuel"> & { fuel: number | undefined };
  /** For messages: the file name or `example "<name>"`. */
  source: string;
}

/** Reads the module (or example), input and flags; refuses a module the sandbox would refuse, for free. */
export async function loadWorkload(modulePath: string | undefined, o: WorkloadOptions): Promise<Workload> {
  if (modulePath && o.example) throw usageError("Pass either a module file or --example, not both.");
  let workload: Workload;
  if (o.example) {
    const example = exampleNamed(o.example);
    workload = {
      module: await example.module(),
      input: o.input ? await readInput(o.input, "--input") : example.defaultInput(),
      args: o.arg.length > 0 ? o.arg : example.args,
      limits: example.limits,
      source: `example "${example.name}"`,
    };
  } else {
    if (!modulePath) {
      throw usageError("Missing the module to run.", "Pass a .wasm file (`… module.wasm`) or --example <name>.");
    }
    workload = {
      module: await readInput(modulePath, "module"),
      input: o.input ? await readInput(o.input, "--input") : null,
      args: o.arg,
      limits: { ...DEFAULT_LIMITS, fuel: undefined },
      source: modulePath,
    };
  }
  workload.limits = {
    memoryMiB: o.memory ? parseInteger(o.memory, "--memory", 1, 4096) : workload.limits.memoryMiB,
    fuel: o.fuel ? parseInteger(o.fuel, "--fuel", 1, FUEL_MAX) : workload.limits.fuel,
    maxOutputBytes: o.maxOutput
      ? parseInteger(o.maxOutput, "--max-output", 1, 256 * MIB)
      : workload.limits.maxOutputBytes,
    ...(o.stack ? { stackKiB: parseInteger(o.stack, "--stack", STACK_KIB_MIN, STACK_KIB_MAX) } : {}),
  };
  try {
    instrumentModule(workload.module, workload.limits.memoryMiB, stackBudgetSlots(workload.limits.stackKiB));
  } catch (error) {
    if (error instanceof InvalidModuleError) {
      throw usageError(
        `${workload.source} cannot run in the sandbox: ${error.shortMessage}`,
        "Build a WASI preview 1 command module (see sdk/workloads/README.md, or `hashwork job examples`).",
      );
    }
    throw error;
  }
  return workload;
}

export function bundleOf(w: Workload, fuel: number): JobBundle {
  return createBundle({ module: w.module, input: w.input, args: w.args, limits: { ...w.limits, fuel } });
}

/** Runs the workload in the providers' sandbox, with `fuel` (default: its own, else LOCAL_RUN_FUEL). */
export async function runLocally(
  w: Workload,
  fuel = w.limits.fuel ?? LOCAL_RUN_FUEL,
): Promise<{ bundle: JobBundle; result: ExecutionResult }> {
  const bundle = bundleOf(w, fuel);
  return { bundle, result: await execute(bundle, { module: w.module, input: w.input }) };
}

async function readInput(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw usageError(`Cannot read ${what} file ${path}: ${reason}.`);
  }
}
