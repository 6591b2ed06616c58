import type { Command } from "commander";
import type { Wallet } from "ethers";
import { escrowFor, postedJobId, preparePostJob, type JobRequest } from "../../actions/postJob.js";
import { preparePostJobWithPermit } from "../../actions/postJobWithPermit.js";
import { bundleHash, canonicalBundleBytes } from "../../bundle/index.js";
import type { Body, Run } from "../command.js";
import type { Chain, Context } from "../context.js";
import { CliError, usageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount, formatDuration, formatTime, table } from "../format.js";
import { approveExactly, requireGas, requireTokens, signPermit } from "../funds.js";
import { computeDeadlines, type Deadlines } from "../job/deadlines.js";
import { defaultOutPath } from "../job/deliver.js";
import { defaultPrice } from "../job/pricing.js";
import {
  bundleOf,
  FUEL_HEADROOM,
  loadWorkload,
  LOCAL_RUN_FUEL,
  runLocally,
  suggestedFuel,
  type Workload,
  type WorkloadOptions,
} from "../job/workload.js";
import { toCliError } from "../map-error.js";
import { parseAmount, parseDuration, parseInteger } from "../parse.js";
import { simulateAndSend } from "../tx.js";
import { VERIFY_HELP, waitAndDeliver } from "./job-wait.js";

interface PostOptions extends WorkloadOptions {
  replicas: string;
  pricePerMfuel?: string;
  timeout: string;
  class: string;
  minReputation: string;
  permit: boolean;
  wait?: boolean;
  verify?: boolean;
  out?: string;
  waitTimeout?: string;
}

export function addJobPostCommand(job: Command, run: Run): void {
  job
    .command("post [module]")
    .description("package a WASI module (+ input) as a job bundle, upload it, escrow payment and post the job")
    .option("--example <name>", "post a sample workload instead of your own module (see `job examples`)")
    .option("--input <file>", "stdin of the program")
    .option("--arg <value>", "program argument (repeatable)", (v: string, all: string[]) => [...all, v], [])
    .option("--replicas <k>", "replicas that must agree (each commits, then reveals; 1 to 7)", "1")
    .option(
      "--price-per-mfuel <amount>",
      "max price per million fuel, in tokens (default: the median eligible offer, at least the k-th cheapest)",
    )
    .option(
      "--timeout <duration>",
      "time until the commit deadline, split into claim and commit phases (e.g. 90s, 10m, 2h); reveal, audit and challenge windows follow",
      "5m",
    )
    .option("--class <n>", "resource class providers must serve", "0")
    .option("--min-reputation <n>", "minimum provider reputation", "0")
    .option("--memory <MiB>", "memory limit of one run (the module must declare a maximum within it)")
    .option(
      "--fuel <units>",
      `the job's maxFuel, the fuel limit of one run (default: run it locally first, ×${FUEL_HEADROOM} the fuel used)`,
    )
    .option("--max-output <bytes>", "largest output accepted")
    .option("--no-permit", "approve with a transaction even if the token supports EIP-2612 permits")
    .option("--wait", "follow the job to settlement, then download and verify the output")
    .option("--out <file>", "where --wait writes the verified output (default ./job-<id>.out)")
    .option("--wait-timeout <duration>", "give up waiting after this long (exit 7)")
    .option("--verify", `wait, and ${VERIFY_HELP}`)
    .action((module: string | undefined, options: PostOptions, command: Command) =>
      run(command, postJobCommand(module, options)),
    );
}

function postJobCommand(modulePath: string | undefined, o: PostOptions): Body {
  return async (ctx) => {
    // Everything local is checked before the chain or the store is touched.
    const workload = await loadWorkload(modulePath, o);
    const replicas = parseInteger(o.replicas, "--replicas", 1, 7);
    const resourceClass = parseInteger(o.class, "--class", 0, 31);
    const minReputation = parseInteger(o.minReputation, "--min-reputation", 0, 2 ** 32 - 1);
    const timeout = parseDuration(o.timeout, "--timeout");
    computeDeadlines(0, timeout); // validates the timeout against the phases (execution time checked below)
    const bundle = bundleOf(workload, o.fuel ? workload.limits.fuel! : await fuelFromLocalRun(ctx, workload));
    const maxFuel = BigInt(bundle.limits.fuel);
    const out = o.out ?? undefined;
    const waitTimeout = o.waitTimeout ? parseDuration(o.waitTimeout, "--wait-timeout") : undefined;

    const chain = await ctx.chain();
    const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
    const price = o.pricePerMfuel
      ? { pricePerMfuel: parseAmount(o.pricePerMfuel, chain.tokenInfo.decimals, "--price-per-mfuel"), rule: "" }
      : await defaultPrice(chain, { resourceClass, maxFuel, replicas });
    if (price.pricePerMfuel === 0n || price.pricePerMfuel >= 2n ** 64n)
      throw usageError("--price-per-mfuel must be above zero and below 2^64 base units.");
    if (price.rule)
      ctx.output.note(`No --price-per-mfuel given: ${fmt(price.pricePerMfuel)} per Mfuel, ${price.rule}.`);
    const { wallet, market, token } = await ctx.writable();
    await checkMarketAccepts(chain);
    const executionTime = Number(await chain.market.executionTime(maxFuel));
    computeDeadlines(0, timeout, executionTime);

    // Deadlines from the chain clock (ahead of the wall clock when blocks come fast).
    const latest = await chain.provider.getBlock("latest");
    const now = Math.max(latest?.timestamp ?? 0, Math.floor(Date.now() / 1000));
    const deadlines = computeDeadlines(now, timeout, executionTime);
    const draft: JobRequest = {
      resourceClass,
      replicas,
      maxFuel,
      maxPricePerMfuel: price.pricePerMfuel,
      minReputation,
      claimDeadline: BigInt(deadlines.claimDeadline),
      commitDeadline: BigInt(deadlines.commitDeadline),
      bundleHash: bundleHash(bundle),
      bundleURI: "ipfs://pending", // the real URI is known after the upload; it does not change the escrow
    };
    const escrow = await escrowBreakdown(chain, draft);
    ctx.output.note(describeEscrow(escrow, replicas, fmt));
    await requireGas(wallet);
    await requireTokens(token, chain.tokenInfo, wallet.address, escrow.escrow, `Escrow of the job`);

    const store = ctx.store();
    ctx.output.note(`Uploading ${workload.source} to ${store.apiUrl}…`);
    await store.put(workload.module);
    if (workload.input) await store.put(workload.input);
    const { cid: bundleCid } = await store.put(canonicalBundleBytes(bundle));
    const request: JobRequest = { ...draft, bundleURI: `ipfs://${bundleCid}` };
    const posted = await sendPostJob(ctx, wallet, market, token, chain, request, escrow.escrow, o.permit);

    const summary = {
      jobId: posted.jobId,
      tx: posted.tx,
      block: posted.block,
      requester: wallet.address,
      workload: workload.source,
      maxFuel,
      maxPricePerMfuel: price.pricePerMfuel,
      ...(price.rule ? { priceRule: price.rule } : {}),
      bundleURI: request.bundleURI,
      bundleHash: request.bundleHash,
      replicas,
      ...escrow,
      resourceClass,
      deadlines,
      executionTime,
      authorization: posted.authorization,
    };
    if (!o.wait && !o.verify) {
      ctx.output.result(summary, (s) => describePosted(s, deadlines));
      return;
    }
    ctx.output.note(describePosted(summary, deadlines));
    return waitAndDeliver(ctx, posted.jobId, {
      out: out ?? defaultOutPath(posted.jobId),
      waitTimeoutSec: waitTimeout,
      verify: o.verify,
      extra: { post: summary },
    });
  };
}

interface Escrow {
  /** Token units pulled from the requester. */
  escrow: bigint;
  /** One replica's budget: maxFuel × maxPricePerMfuel / 1e6. */
  budget: bigint;
  fee: bigint;
  auditFee: bigint;
  /** The market's `maxVerifiableBudget()` now: the court's last report, which posting checks. */
  maxVerifiableBudget: bigint;
}

/**
 * What the job will escrow (`market.escrowFor`, which also checks the replica count and the budget bounds), split
 * into k × budget, the protocol fee and the audit fee; refuses a budget the court could not verify now.
 */
async function escrowBreakdown(chain: Chain, request: JobRequest): Promise<Escrow> {
  let quoted: Awaited<ReturnType<typeof escrowFor>>;
  try {
    quoted = await escrowFor(chain.market, { request });
  } catch (error) {
    throw toCliError(error, (x) => formatAmount(x, chain.tokenInfo));
  }
  const [params, maxVerifiableBudget] = await Promise.all([
    chain.market.parameters(),
    chain.market.maxVerifiableBudget(),
  ]);
  const auditFee = (quoted.budget * params.auditFeeBps) / 10_000n;
  const fee = quoted.escrow - BigInt(request.replicas) * quoted.budget - auditFee;
  if (quoted.budget > maxVerifiableBudget) {
    const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
    throw new CliError(
      ExitCode.NotAllowedNow,
      "UNVERIFIABLE",
      `A replica's budget of ${fmt(quoted.budget)} is more than the court can verify now: its pool covers budgets up to ${fmt(maxVerifiableBudget)} (maxVerifiableBudget).`,
      {
        hint:
          "Lower --fuel or --price-per-mfuel, or wait until the court's pool grows (`hashwork market stats` shows it; " +
          "a pool that grew since the court last reported it counts after anyone calls court.syncVerifiableBudget()).",
        data: { budget: quoted.budget, maxVerifiableBudget },
      },
    );
  }
  return { escrow: quoted.escrow, budget: quoted.budget, fee, auditFee, maxVerifiableBudget };
}

function describeEscrow(e: Escrow, replicas: number, fmt: (x: bigint) => string): string {
  return [
    `Escrow ${fmt(e.escrow)}:`,
    indent(
      table([
        ["replicas", `${replicas} × ${fmt(e.budget)} budget`],
        ["protocol fee", fmt(e.fee)],
        ["audit fee", fmt(e.auditFee)],
      ]),
    ),
    "Providers are paid the fuel the job uses at their own price; the rest of the budget is refunded.",
  ].join("\n");
}

/**
 * The fuel to post with when --fuel is omitted: runs the job here, in the providers' sandbox, and asks
 * for FUEL_HEADROOM × the fuel it used (the same bundle uses exactly that much on every provider). A job
 * that fails here would fail everywhere, so it is not posted without an explicit --fuel.
 */
async function fuelFromLocalRun(ctx: Context, workload: Workload): Promise<number> {
  ctx.output.note(`No --fuel given: running ${workload.source} locally to measure its fuel…`);
  const { result } = await runLocally(workload);
  if (result.kind === "error") {
    const code = result.error!.code;
    const hint =
      code === "OUT_OF_FUEL"
        ? `It used more than ${workload.limits.fuel ?? LOCAL_RUN_FUEL} fuel; pass --fuel with a higher limit.`
        : "Check it with `hashwork job run`; pass --fuel to post it anyway.";
    throw usageError(`The job fails when run locally: ${code} (${result.error!.message}).`, hint);
  }
  const fuel = suggestedFuel(result.fuelUsed);
  ctx.output.note(`It used ${result.fuelUsed} fuel; posting with --fuel ${fuel} (×${FUEL_HEADROOM} headroom).`);
  return fuel;
}

/** A pause would make postJob revert: checked with a read so the user hears why before paying gas. */
async function checkMarketAccepts(chain: Chain): Promise<void> {
  const [pausedUntil, latest] = await Promise.all([chain.market.pausedUntil(), chain.provider.getBlock("latest")]);
  if (pausedUntil > BigInt(latest?.timestamp ?? 0)) {
    throw new CliError(
      ExitCode.NotAllowedNow,
      "MARKET_PAUSED",
      "The market is paused: no new jobs are accepted right now.",
      {
        hint: "Try again once the pause ends or governance unpauses it.",
      },
    );
  }
}

interface Posted {
  jobId: bigint;
  tx: string;
  block: number;
  authorization: { kind: "permit" } | { kind: "approve"; tx?: string };
}

async function sendPostJob(
  ctx: Context,
  wallet: Wallet,
  market: Chain["market"],
  token: Chain["token"],
  chain: Chain,
  request: JobRequest,
  escrow: bigint,
  usePermit: boolean,
): Promise<Posted> {
  const to = chain.addresses.market;
  const amount = (x: bigint) => formatAmount(x, chain.tokenInfo);
  const permit = usePermit ? await signPermit(wallet, token, to, escrow) : undefined;
  let authorization: Posted["authorization"];
  let call;
  if (permit) {
    // One transaction, fully simulated before it is sent: nothing reaches the chain if it would fail.
    call = preparePostJobWithPermit(market, { request, permit });
    authorization = { kind: "permit" };
  } else {
    call = preparePostJob(market, { request });
    // The approval can only be simulated on its own; postJob is simulated against it below.
    const approveTx = await approveExactly(wallet, token, chain.tokenInfo, to, escrow, ctx.output);
    authorization = { kind: "approve", ...(approveTx ? { tx: approveTx } : {}) };
  }
  const sent = await simulateAndSend(wallet, call, ctx.output, amount);
  try {
    return { jobId: postedJobId(market, sent.receipt), tx: sent.hash, block: sent.block, authorization };
  } catch {
    throw new CliError(
      ExitCode.Unexpected,
      "NO_JOB_POSTED_EVENT",
      `postJob succeeded in ${sent.hash} but emitted no JobPosted event.`,
    );
  }
}

function describePosted(
  s: { jobId: bigint; tx: string; bundleURI: string; maxFuel: bigint; executionTime: number },
  d: Deadlines,
): string {
  const rows: [string, string][] = [
    ["bundle", s.bundleURI],
    ["fuel", `up to ${s.maxFuel} (${formatDuration(s.executionTime)} at the reference speed)`],
    ["claim by", formatTime(d.claimDeadline)],
    ["commit by", formatTime(d.commitDeadline)],
    ["tx", s.tx],
  ];
  return `Job ${s.jobId} posted.\n${indent(table(rows))}\nFollow it: hashwork job wait ${s.jobId}`;
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
