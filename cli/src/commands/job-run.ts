import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { bundleHash, type BundleLimits } from "@hashwork/sdk/bundle";
import { FUEL_SCHEDULE_VERSION } from "@hashwork/sdk/executor";
import type { Body, Run } from "../command.js";
import { usageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { table } from "../format.js";
import { loadWorkload, runLocally, type WorkloadOptions } from "../job/workload.js";

interface RunOptions extends WorkloadOptions {
  out?: string;
}

export function addJobRunCommand(job: Command, run: Run): void {
  job
    .command("run [module]")
    .description("run a WASI module (+ input) locally in exactly the providers' sandbox: output hash, fuel used")
    .option("--example <name>", "run a sample workload instead of your own module (see `job examples`)")
    .option("--input <file>", "stdin of the program")
    .option("--arg <value>", "program argument (repeatable)", (v: string, all: string[]) => [...all, v], [])
    .option("--memory <MiB>", "memory limit (the module must declare a maximum within it)")
    .option("--fuel <units>", "fuel limit (default: the example's, or 100000000000 for your own module)")
    .option("--max-output <bytes>", "largest output accepted")
    .option(
      "--stack <KiB>",
      "call stack budget in KiB of frames as the sandbox counts them (default 128; deep recursion needs more, up to 32768; browser providers hold about 260)",
    )
    .option("--out <file>", "write the output to this file")
    .action((module: string | undefined, options: RunOptions, command: Command) =>
      run(command, runJobCommand(module, options)),
    );
}

/**
 * What a local run reports. Grouped by concern so later sections slot in beside `run` — the market's
 * view (cost at current prices, which providers accept these limits) belongs here once the registry
 * prices per unit of fuel.
 */
export interface JobRunReport {
  workload: string;
  bundleHash: string;
  limits: BundleLimits;
  kind: "output" | "error";
  outputHash: string;
  /** Decimal string in --json: fuel is a uint64 on-chain. */
  fuelUsed: bigint;
  fuelSchedule: number;
  error?: { code: string; exitCode?: number; message: string };
  outputBytes: number;
  outputFile?: string;
  durationMs: number;
}

function runJobCommand(modulePath: string | undefined, o: RunOptions): Body {
  return async (ctx) => {
    const workload = await loadWorkload(modulePath, o);
    const { bundle, result } = await runLocally(workload);
    if (o.out) {
      try {
        await writeFile(o.out, result.output);
      } catch (error) {
        throw usageError(`Cannot write ${o.out}: ${(error as Error).message}.`);
      }
    }
    const report: JobRunReport = {
      workload: workload.source,
      bundleHash: bundleHash(bundle),
      limits: bundle.limits,
      kind: result.kind,
      outputHash: result.outputHash,
      fuelUsed: result.fuelUsed,
      fuelSchedule: FUEL_SCHEDULE_VERSION,
      ...(result.error ? { error: result.error } : {}),
      outputBytes: result.output.length,
      ...(o.out ? { outputFile: o.out } : {}),
      durationMs: Math.round(result.durationMs),
    };
    if (result.stderr.length > 0) ctx.output.raw(`--- stderr ---\n${new TextDecoder().decode(result.stderr)}\n---\n`);
    ctx.output.result(report, (r) => describe(r, result.output));
    return result.kind === "output" ? ExitCode.Ok : ExitCode.NoResult;
  };
}

function describe(r: JobRunReport, output: Uint8Array): string {
  const outcome = r.error
    ? `${r.error.code}${r.error.exitCode === undefined ? "" : ` (exit code ${r.error.exitCode})`}: ${r.error.message}`
    : `output, ${r.outputBytes} bytes`;
  const rows: [string, string][] = [
    ["result", outcome],
    ["output hash", r.outputHash],
    ["fuel used", `${r.fuelUsed} of ${r.limits.fuel} (schedule v${r.fuelSchedule})`],
    ["time", `${r.durationMs} ms on this machine`],
    ["bundle hash", r.bundleHash],
  ];
  if (r.outputFile) rows.push(["written to", r.outputFile]);
  let text = table(rows);
  // Short text output is shown inline; anything else needs --out.
  const printable = output.length <= 4096 && !output.some((b) => b < 0x09 || (b > 0x0d && b < 0x20));
  if (!r.outputFile && r.kind === "output" && output.length > 0) {
    text += printable ? `\n\n${new TextDecoder().decode(output)}` : "\n\n(binary or long output: save it with --out)";
  }
  return text;
}
