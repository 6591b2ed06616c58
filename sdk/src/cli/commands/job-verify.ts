import type { Command } from "commander";
import { keccak256 } from "ethers";
import { BUNDLE_BYTES_MAX, parseBundle, type JobBundle } from "../../bundle/index.js";
import { ContentMismatchError } from "../../errors/index.js";
import { execute, FUEL_SCHEDULE_VERSION } from "../../executor/index.js";
import { INPUT_UNAVAILABLE } from "../../results.js";
import type { Run } from "../command.js";
import { describeOpened, followChallenge, openChallenge } from "./job-challenge.js";
import type { Context } from "../context.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { table } from "../format.js";
import { cidOfUri } from "../job/download.js";
import { jobEvents, type JobEvent } from "../job/events.js";
import { requireJob } from "../job/lookup.js";
import { parseDuration, parseJobId } from "../parse.js";

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

/** One revealed answer (a replica's, or a verifier's in the court) against the local run. */
interface Compared {
  role: "replica" | "verifier";
  account: string;
  outputHash: string;
  fuelUsed: bigint;
  agrees: boolean;
}

/**
 * What a requester does before challenging: fetches the bundle (checked against the on-chain bundle hash), its module
 * and input (checked by the executor against the bundle), runs it in exactly the providers' sandbox, and compares the
 * pair (output hash, fuel used) with every revealed answer. Exit 0 when every reveal matches, 5 when one differs.
 */
async function compareWithLocalRun(ctx: Context, jobId: bigint) {
  const chain = await ctx.chain();
  const job = await requireJob(chain, jobId);
  const head = await chain.provider.getBlockNumber();
  const events = await jobEvents(chain.provider, chain, jobId, Number(job.postedBlock), head);
  const posted = events.find((e) => e.type === "posted");
  if (posted?.type !== "posted")
    throw new CliError(ExitCode.NotFound, "NO_JOB_POSTED_EVENT", `Job ${jobId} has no JobPosted event on this chain.`);

  const store = ctx.store();
  const bundle = await fetchBundle(ctx, posted.bundleURI, posted.bundleHash);
  ctx.output.note(`Running job ${jobId}'s bundle locally (fuel limit ${bundle.limits.fuel})…`);
  const module = await store.get(bundle.module.cid);
  const input = bundle.input ? await store.get(bundle.input.cid) : null;
  const local = await execute(bundle, { module, input });

  const compared = revealedAnswers(events).map((a) => ({
    ...a,
    agrees: a.outputHash.toLowerCase() === local.outputHash.toLowerCase() && a.fuelUsed === local.fuelUsed,
  }));
  const disagreeing = compared.filter((c) => !c.agrees);
  const now = (await chain.provider.getBlock("latest"))!.timestamp;
  const challengeable = job.revealsClosedAt !== 0 && now <= job.timeline.challengeEndsAt && disagreeing.length > 0;
  const report = {
    jobId,
    local: {
      kind: local.kind,
      outputHash: local.outputHash,
      fuelUsed: local.fuelUsed,
      fuelSchedule: FUEL_SCHEDULE_VERSION,
      ...(local.error ? { error: local.error } : {}),
    },
    revealed: compared,
    verified: compared.length > 0 && disagreeing.length === 0,
    ...(challengeable ? { next: `hashwork job challenge ${jobId}` } : {}),
  };
  const exit =
    compared.length === 0 ? ExitCode.NoResult : disagreeing.length === 0 ? ExitCode.Ok : ExitCode.VerificationFailed;
  return { report, challengeable, exit, text: describe(report.local, compared, jobId, challengeable) };
}

/** Fetches the bundle named by the job's URI and checks its bytes against the on-chain bundle hash. */
async function fetchBundle(ctx: Context, uri: string, expected: string): Promise<JobBundle> {
  const cid = cidOfUri(uri);
  if (!cid)
    throw new CliError(ExitCode.VerificationFailed, "BAD_BUNDLE_URI", `The bundle URI "${uri}" names no IPFS CID.`);
  const bytes = await ctx.store().get(cid, { maxBytes: BUNDLE_BYTES_MAX });
  const actual = keccak256(bytes);
  if (actual.toLowerCase() !== expected.toLowerCase())
    throw new ContentMismatchError(expected, actual, { details: "bundle bytes do not hash to the job's bundleHash" });
  return parseBundle(bytes);
}

/** Every revealed answer of the job, replicas' and verifiers' ("input unavailable" abstains, so it is left out). */
function revealedAnswers(events: readonly JobEvent[]): Omit<Compared, "agrees">[] {
  const answers: Omit<Compared, "agrees">[] = [];
  for (const e of events) {
    if (e.type !== "revealed" && e.type !== "verdict-revealed") continue;
    if (e.outputHash.toLowerCase() === INPUT_UNAVAILABLE) continue;
    answers.push({
      role: e.type === "revealed" ? "replica" : "verifier",
      account: e.type === "revealed" ? e.provider : e.verifier,
      outputHash: e.outputHash,
      fuelUsed: e.fuelUsed,
    });
  }
  return answers;
}

function describe(
  local: { kind: string; outputHash: string; fuelUsed: bigint; error?: { code: string } },
  revealed: Compared[],
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
