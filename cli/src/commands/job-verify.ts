import type { Command } from "commander";
import { BundleValidationError } from "@hashwork/sdk/errors";
import { FUEL_SCHEDULE_VERSION } from "@hashwork/sdk/executor";
import { verifyResult, type ComparedAnswer } from "@hashwork/sdk/requester";
import type { Run } from "../command.js";
import type { Context } from "../context.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { table } from "../format.js";
import { parseDuration, parseJobId } from "../parse.js";
import { describeOpened, followChallenge, openChallenge } from "./job-challenge.js";

export function addJobVerifyCommand(job: Command, run: Run): void {
  job
    .command("verify <jobId>")
    .description(
      "re-run a job's bundle here with the metered executor and compare output hash and fuel with what was revealed",
    )
    .option("--challenge", "when a revealed result differs and its challenge window is open, challenge it (bond)")
    .option("--wait", "with --challenge: follow the challenge through the panel to settlement")
    .option("--wait-timeout <duration>", "give up waiting after this long (exit 7)")
    .action((id: string, o: { challenge?: boolean; wait?: boolean; waitTimeout?: string }, command: Command) =>
      run(command, async (ctx) => {
        const jobId = parseJobId(id);
        const waitTimeoutSec = o.waitTimeout ? parseDuration(o.waitTimeout, "--wait-timeout") : undefined;
        const checked = await compareWithLocalRun(ctx, jobId);
        if (!o.challenge || !checked.challengeable) {
          ctx.output.result(checked.report, () => checked.text);
          return checked.exit;
        }
        ctx.output.note(checked.text);
        const chain = await ctx.chain();
        const opened = await openChallenge(ctx, chain, jobId);
        if (!o.wait) {
          ctx.output.result({ ...opened, verify: checked.report }, (r) => describeOpened(r, chain));
          return ExitCode.Ok;
        }
        ctx.output.note(describeOpened(opened, chain));
        return followChallenge(ctx, chain, jobId, opened, waitTimeoutSec, { verify: checked.report });
      }),
    );
}

/**
 * The check built into following a job (`job wait --verify`, `job post --wait --verify`): once the job's reveals
 * close, re-run it here and challenge a differing result within the challenge window. Returns a note for the log.
 */
export async function verifyAndChallenge(ctx: Context, jobId: bigint): Promise<string> {
  const checked = await compareWithLocalRun(ctx, jobId);
  if (!checked.challengeable) return checked.text;
  const chain = await ctx.chain();
  const opened = await openChallenge(ctx, chain, jobId);
  return `${checked.text}\n${describeOpened(opened, chain)}`;
}

/**
 * The SDK's `verifyResult` for the CLI: the job re-run here and compared with every revealed answer. Exit 0 when
 * every reveal matches, 5 when one differs, 9 when nothing was revealed yet.
 */
async function compareWithLocalRun(ctx: Context, jobId: bigint) {
  const checked = await verifyResult(await ctx.client({ sign: false }), {
    jobId,
    onRun: (bundle) => ctx.output.note(`Running job ${jobId}'s bundle locally (fuel limit ${bundle.limits.fuel})…`),
  }).catch((error: unknown) => {
    if (error instanceof BundleValidationError && error.issues[0]?.path === "bundleURI")
      throw new CliError(ExitCode.VerificationFailed, "BAD_BUNDLE_URI", `Job ${jobId}'s bundle URI names no IPFS CID.`);
    throw error;
  });
  const { local, revealed, challengeable } = checked;
  const report = {
    jobId,
    local: {
      kind: local.kind,
      outputHash: local.outputHash,
      fuelUsed: local.fuelUsed,
      fuelSchedule: FUEL_SCHEDULE_VERSION,
      ...(local.error ? { error: local.error } : {}),
    },
    revealed,
    verified: checked.verified,
    ...(challengeable ? { next: `hashwork job challenge ${jobId}` } : {}),
  };
  const exit = revealed.length === 0 ? ExitCode.NoResult : checked.verified ? ExitCode.Ok : ExitCode.VerificationFailed;
  return { report, challengeable, exit, text: describe(report.local, revealed, jobId, challengeable) };
}

function describe(
  local: { kind: string; outputHash: string; fuelUsed: bigint; error?: { code: string } },
  revealed: ComparedAnswer[],
  jobId: bigint,
  challengeable: boolean,
): string {
  const what = local.error ? `${local.error.code} (error report) ` : "";
  const rows: [string, string][] = [["local run", `${what}output ${local.outputHash}, ${local.fuelUsed} fuel`]];
  for (const c of revealed)
    rows.push([
      `${c.role} ${c.account.slice(0, 10)}…`,
      `${c.agrees ? "agrees" : "DIFFERS"}: output ${c.outputHash}, ${c.fuelUsed} fuel`,
    ]);
  const verdict =
    revealed.length === 0
      ? `Job ${jobId} has no revealed result yet.`
      : revealed.every((c) => c.agrees)
        ? `Every revealed result of job ${jobId} matches the local run.`
        : `A revealed result of job ${jobId} differs from the local run.${challengeable ? ` Challenge it: hashwork job challenge ${jobId}` : ""}`;
  return `${table(rows)}\n${verdict}`;
}
