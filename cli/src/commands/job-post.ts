import type { Command } from "commander";
import {
  FUEL_HEADROOM,
  fuelLimitFor,
  jobDeadlines,
  type JobDeadlines,
  quoteJob,
  type QuoteJobReturnType,
  submitJob,
  suggestPrice,
} from "@hashwork/sdk/requester";
import type { Body, Run } from "../command.js";
import type { Context } from "../context.js";
import { usageError } from "../errors.js";
import { formatAmount, formatDuration, formatTime, table } from "../format.js";
import { requireGas, requireTokens } from "../funds.js";
import { defaultOutPath } from "../job/deliver.js";
import {
  bundleOf,
  loadWorkload,
  LOCAL_RUN_FUEL,
  runLocally,
  type Workload,
  type WorkloadOptions,
} from "../job/workload.js";
import { parseAmount, parseDuration, parseInteger } from "../parse.js";
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
    .option(
      "--stack <KiB>",
      "call stack budget in KiB of frames as the sandbox counts them (default 128; deep recursion needs more, up to 32768; browser providers hold about 260)",
    )
    .option(
      "--no-permit",
      "approve with a transaction even if the token supports EIP-2612 permits (a market balance that covers the escrow needs neither)",
    )
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
    jobDeadlines(0, timeout); // validates the timeout against the phases (the quote adds the execution time)
    const bundle = bundleOf(workload, o.fuel ? workload.limits.fuel! : await fuelFromLocalRun(ctx, workload));
    const maxFuel = BigInt(bundle.limits.fuel);
    const out = o.out ?? undefined;
    const waitTimeout = o.waitTimeout ? parseDuration(o.waitTimeout, "--wait-timeout") : undefined;

    const chain = await ctx.chain();
    const fmt = (x: bigint) => formatAmount(x, chain.tokenInfo);
    const price = o.pricePerMfuel
      ? { pricePerMfuel: parseAmount(o.pricePerMfuel, chain.tokenInfo.decimals, "--price-per-mfuel"), rule: "" }
      : await suggestPrice(await ctx.client({ sign: false }), { resourceClass, maxFuel, replicas });
    if (price.pricePerMfuel === 0n || price.pricePerMfuel >= 2n ** 64n)
      throw usageError("--price-per-mfuel must be above zero and below 2^64 base units.");
    if (price.rule)
      ctx.output.note(`No --price-per-mfuel given: ${fmt(price.pricePerMfuel)} per Mfuel, ${price.rule}.`);
    const { wallet, token } = await ctx.writable();
    const client = await ctx.client({ sign: true });
    // What the job escrows, and whether the market takes it now, before anything is uploaded or sent.
    const quote = await quoteJob(client, {
      bundle,
      replicas,
      maxPricePerMfuel: price.pricePerMfuel,
      resourceClass,
      minReputation,
      timeout,
      requester: wallet.address,
    });
    ctx.output.note(describeEscrow(quote, replicas, fmt));
    await requireGas(wallet);
    // A balance in the market (`hashwork deposit`, refunds) that covers the whole escrow pays it; else the wallet does.
    if ((quote.claimable ?? 0n) < quote.escrow)
      await requireTokens(token, chain.tokenInfo, wallet.address, quote.escrow, `Escrow of the job`);

    ctx.output.note(`Uploading ${workload.source} to ${ctx.store().apiUrl}…`);
    const posted = await submitJob(client, {
      bundle,
      module: workload.module,
      input: workload.input,
      quote,
      authorization: o.permit ? "permit" : "approve",
      onProgress: (step) => {
        if (step.type !== "sent") return;
        if (step.functionName === "approve")
          ctx.output.note(`Approving ${fmt(quote.escrow)} for ${chain.addresses.market}…`);
        ctx.output.note(`  ${step.functionName}: sent ${step.hash}`);
      },
    });
    const { request, authorization } = posted;
    if (authorization.kind === "balance")
      ctx.output.note(`Paid from your market balance (${fmt(authorization.remaining)} left).`);
    const deadlines = { claimDeadline: Number(request.claimDeadline), commitDeadline: Number(request.commitDeadline) };
    const summary = {
      jobId: posted.jobId,
      tx: posted.hash,
      block: posted.blockNumber,
      requester: wallet.address,
      workload: workload.source,
      maxFuel,
      maxPricePerMfuel: price.pricePerMfuel,
      ...(price.rule ? { priceRule: price.rule } : {}),
      bundleURI: request.bundleURI,
      bundleHash: request.bundleHash,
      replicas,
      escrow: quote.escrow,
      budget: quote.budget,
      fee: quote.fee,
      auditFee: quote.auditFee,
      maxVerifiableBudget: quote.maxVerifiableBudget,
      resourceClass,
      deadlines,
      executionTime: quote.executionTime,
      authorization:
        authorization.kind === "approve" && authorization.hash
          ? { kind: "approve", tx: authorization.hash }
          : authorization.kind === "balance"
            ? { kind: "balance", remaining: authorization.remaining }
            : { kind: authorization.kind },
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

function describeEscrow(e: QuoteJobReturnType, replicas: number, fmt: (x: bigint) => string): string {
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
  const fuel = Number(fuelLimitFor(result.fuelUsed));
  ctx.output.note(`It used ${result.fuelUsed} fuel; posting with --fuel ${fuel} (×${FUEL_HEADROOM} headroom).`);
  return fuel;
}

function describePosted(
  s: { jobId: bigint; tx: string; bundleURI: string; maxFuel: bigint; executionTime: number },
  d: JobDeadlines,
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
