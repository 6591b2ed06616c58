import type { Command } from "commander";
import type { Wallet } from "ethers";
import { bundleHash, canonicalBundleBytes } from "../../bundle/index.js";
import type { IJobMarket } from "../../typechain/JobMarket.js";
import type { Body, Run } from "../command.js";
import type { Chain, Context } from "../context.js";
import { CliError, usageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount, formatTime, table } from "../format.js";
import { approveExactly, requireGas, requireTokens, signPermit } from "../funds.js";
import { computeDeadlines, type Deadlines } from "../job/deadlines.js";
import { defaultOutPath } from "../job/deliver.js";
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
import { parseAmount, parseDuration, parseInteger } from "../parse.js";
import { simulateAndSend } from "../tx.js";
import { waitAndDeliver } from "./job-wait.js";

interface PostOptions extends WorkloadOptions {
  replicas: string;
  price: string;
  timeout: string;
  class: string;
  minReputation: string;
  permit: boolean;
  wait?: boolean;
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
    .option("--replicas <k>", "replicas that must agree (1: submit + challenge window; ≥2: commit–reveal)", "1")
    .option("--price <amount>", "max price per replica, in tokens", "1")
    .option("--timeout <duration>", "time until the job's last deadline (e.g. 90s, 10m, 2h)", "10m")
    .option("--class <n>", "resource class providers must serve", "0")
    .option("--min-reputation <n>", "minimum provider reputation", "0")
    .option("--memory <MiB>", "memory limit of one run (the module must declare a maximum within it)")
    .option("--fuel <units>", `fuel limit of one run (default: run it locally first, ×${FUEL_HEADROOM} the fuel used)`)
    .option("--max-output <bytes>", "largest output accepted")
    .option("--no-permit", "approve with a transaction even if the token supports EIP-2612 permits")
    .option("--wait", "follow the job to settlement, then download and verify the output")
    .option("--out <file>", "where --wait writes the verified output (default ./job-<id>.out)")
    .option("--wait-timeout <duration>", "give up waiting after this long (exit 7)")
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
    computeDeadlines(0, timeout, replicas); // validates the timeout against the phases
    const bundle = bundleOf(workload, o.fuel ? workload.limits.fuel! : await fuelFromLocalRun(ctx, workload));
    const out = o.out ?? undefined;
    const waitTimeout = o.waitTimeout ? parseDuration(o.waitTimeout, "--wait-timeout") : undefined;

    const chain = await ctx.chain();
    const price = parseAmount(o.price, chain.tokenInfo.decimals, "--price");
    const { wallet, market, token } = await ctx.writable();
    const escrow = price * BigInt(replicas);
    await checkMarketAccepts(chain, price);
    await requireGas(wallet);
    await requireTokens(
      token,
      chain.tokenInfo,
      wallet.address,
      escrow,
      `Escrow for ${replicas} × ${formatAmount(price, chain.tokenInfo)}`,
    );

    const store = ctx.store();
    ctx.output.note(`Uploading ${workload.source} to ${store.apiUrl}…`);
    await store.put(workload.module);
    if (workload.input) await store.put(workload.input);
    const { cid: bundleCid } = await store.put(canonicalBundleBytes(bundle));

    const latest = await chain.provider.getBlock("latest");
    const now = Math.max(latest?.timestamp ?? 0, Math.floor(Date.now() / 1000));
    const deadlines = computeDeadlines(now, timeout, replicas);
    const request: IJobMarket.JobRequestStruct = {
      resourceClass,
      replicas,
      maxPrice: price,
      minReputation,
      ...deadlines,
      bundleHash: bundleHash(bundle),
      bundleURI: `ipfs://${bundleCid}`,
    };
    const posted = await sendPostJob(ctx, wallet, market, token, chain, request, escrow, o.permit);

    const summary = {
      jobId: posted.jobId,
      tx: posted.tx,
      block: posted.block,
      requester: wallet.address,
      workload: workload.source,
      fuel: bundle.limits.fuel,
      bundleURI: request.bundleURI as string,
      bundleHash: request.bundleHash as string,
      replicas,
      maxPrice: price,
      escrow,
      resourceClass,
      deadlines,
      authorization: posted.authorization,
    };
    if (!o.wait) {
      ctx.output.result(summary, (s) => describePosted(s, chain, deadlines));
      return;
    }
    ctx.output.note(describePosted(summary, chain, deadlines));
    return waitAndDeliver(ctx, posted.jobId, {
      out: out ?? defaultOutPath(posted.jobId),
      waitTimeoutSec: waitTimeout,
      extra: { post: summary },
    });
  };
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

/** Parameters that would make postJob revert, checked with reads so the user hears why before paying gas. */
async function checkMarketAccepts(chain: Chain, price: bigint): Promise<void> {
  const [params, paused] = await Promise.all([chain.market.parameters(), chain.market.paused()]);
  if (paused) {
    throw new CliError(
      ExitCode.NotAllowedNow,
      "MARKET_PAUSED",
      "The market is paused: no new jobs are accepted right now.",
      {
        hint: "Try again once governance unpauses it.",
      },
    );
  }
  if (price < params.minPrice) {
    const min = formatAmount(params.minPrice, chain.tokenInfo);
    throw usageError(
      `--price ${formatAmount(price, chain.tokenInfo)} is below the market minimum of ${min} per replica.`,
      `Pass --price ${min.split(" ")[0]} or more.`,
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
  request: IJobMarket.JobRequestStruct,
  escrow: bigint,
  usePermit: boolean,
): Promise<Posted> {
  const to = chain.addresses.market;
  const amount = (x: bigint) => formatAmount(x, chain.tokenInfo);
  const permit = usePermit ? await signPermit(wallet, token, to, escrow) : undefined;
  let authorization: Posted["authorization"];
  let data: string;
  if (permit) {
    // One transaction, fully simulated before it is sent: nothing reaches the chain if it would fail.
    data = market.interface.encodeFunctionData("postJobWithPermit", [
      request,
      permit.deadline,
      permit.v,
      permit.r,
      permit.s,
    ]);
    authorization = { kind: "permit" };
  } else {
    data = market.interface.encodeFunctionData("postJob", [request]);
    // The approval can only be simulated on its own; postJob is simulated against it below.
    const approveTx = await approveExactly(wallet, token, chain.tokenInfo, to, escrow, ctx.output);
    authorization = { kind: "approve", ...(approveTx ? { tx: approveTx } : {}) };
  }
  const call = { to, data, functionName: permit ? "postJobWithPermit" : "postJob" };
  const sent = await simulateAndSend(wallet, call, ctx.output, amount);
  for (const log of sent.receipt.logs) {
    const parsed = log.address.toLowerCase() === to.toLowerCase() ? market.interface.parseLog(log) : null;
    if (parsed?.name === "JobPosted")
      return { jobId: parsed.args.jobId as bigint, tx: sent.hash, block: sent.block, authorization };
  }
  throw new CliError(
    ExitCode.Unexpected,
    "NO_JOB_POSTED_EVENT",
    `postJob succeeded in ${sent.hash} but emitted no JobPosted event.`,
  );
}

function describePosted(
  s: { jobId: bigint; tx: string; bundleURI: string; replicas: number; maxPrice: bigint; escrow: bigint },
  chain: Chain,
  d: Deadlines,
): string {
  const t = chain.tokenInfo;
  const rows: [string, string][] = [
    ["bundle", s.bundleURI],
    ["escrow", `${formatAmount(s.escrow, t)} (${s.replicas} × ${formatAmount(s.maxPrice, t)})`],
    ["claim by", formatTime(d.claimDeadline)],
    [s.replicas === 1 ? "submit by" : "commit by", formatTime(d.commitDeadline)],
    ...(d.revealDeadline ? [["reveal by", formatTime(d.revealDeadline)] as [string, string]] : []),
    ["tx", s.tx],
  ];
  return `Job ${s.jobId} posted.\n${indent(table(rows))}\nFollow it: hashwork job wait ${s.jobId}`;
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
