import type { Command } from "commander";
import type { Run } from "../command.js";
import { DEFAULT_SUBGRAPH_URL, type Context } from "../context.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount, table } from "../format.js";
import { parseInteger } from "../parse.js";

export const QUERY = `query Stats($days: Int!) {
  protocol(id: "hashwork") {
    cumulativeJobsPosted openJobs verifyingJobs cumulativeJobsCompleted cumulativeJobsRefunded cumulativeJobsFailed
    cumulativeJobsCancelled cumulativeClaims cumulativeAssignmentsPaid cumulativeDissentSlashes cumulativeNoShowSlashes
    cumulativeWithheldSlashes cumulativeAuditsAudited cumulativeAuditsDecided cumulativeAuditsUpheld
    cumulativeAuditsOverturned cumulativeChallengesOpened cumulativeChallengesWon cumulativeVerificationsOverturned
    cumulativeVolume cumulativeFees cumulativeAuditFees cumulativeSlashed cumulativeFuelUsed openEscrow
    providerCount stakedProviderCount totalStake averagePricePerMfuel feeBps updatedAtBlock
  }
  marketDayDatas(first: $days, orderBy: dayId, orderDirection: desc) {
    dayId date dailyJobsPosted dailyJobsCompleted dailyJobsRefunded dailyAuditsAudited dailyVolume
    meanPricePerMfuel activeProviders
  }
}`;

type Counters = Record<string, string | number | null>;
interface StatsData {
  protocol: Counters | null;
  marketDayDatas: Counters[];
}

export function addMarketCommands(program: Command, run: Run): void {
  const market = program.command("market").description("market-wide statistics from the subgraph");
  market
    .command("stats")
    .description("totals and recent daily activity (subgraph), and the court's pool (chain)")
    .option(
      "--subgraph <url>",
      `subgraph GraphQL endpoint (env HASHWORK_SUBGRAPH_URL; default ${DEFAULT_SUBGRAPH_URL})`,
    )
    .option("--days <n>", "recent days to show", "7")
    .action((o: { days: string }, command: Command) =>
      run(command, async (ctx) => {
        const days = parseInteger(o.days, "--days", 1, 365);
        const url = ctx.settings().subgraph; // --subgraph reaches it through the merged options
        const fmt = await tokenFormatter(ctx);
        const court = await courtPool(ctx);
        // The court's pool comes from the chain: show it even when the subgraph cannot answer.
        const data = await querySubgraph(url, days).catch((error: unknown) => {
          if (court) ctx.output.note(describeCourt(court, fmt));
          throw error;
        });
        ctx.output.result({ subgraph: url, protocol: data.protocol, days: data.marketDayDatas, court }, (r) =>
          [describeStats(r.protocol, r.days, fmt), ...(r.court ? [describeCourt(r.court, fmt)] : [])].join("\n\n"),
        );
      }),
    );
}

async function querySubgraph(url: string, days: number): Promise<StatsData> {
  const hint =
    "Start the indexer (graph-node + the subgraph) with `npm run indexer`, or pass --subgraph <url> / HASHWORK_SUBGRAPH_URL.";
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: QUERY, variables: { days } }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (cause) {
    throw new CliError(ExitCode.Unreachable, "SUBGRAPH_UNREACHABLE", `Cannot reach the subgraph at ${url}.`, {
      cause,
      hint,
    });
  }
  const body = (await response.json().catch(() => undefined)) as
    { data?: StatsData; errors?: { message: string }[] } | undefined;
  if (!response.ok || !body?.data) {
    const reason = body?.errors?.map((e) => e.message).join("; ") ?? `HTTP ${response.status}`;
    throw new CliError(
      ExitCode.Unreachable,
      "SUBGRAPH_ERROR",
      `The subgraph at ${url} did not answer the query: ${reason}.`,
      { hint },
    );
  }
  return body.data;
}

// Amounts print with the token's symbol when the chain is reachable; the subgraph alone does not know it.
async function tokenFormatter(ctx: Context): Promise<(raw: string | number | null) => string> {
  const info = await ctx
    .chain()
    .then((c) => c.tokenInfo)
    .catch(() => undefined);
  return (raw) => (raw === null ? "—" : info ? formatAmount(BigInt(raw), info) : `${raw} base units`);
}

function describeStats(p: Counters | null, days: Counters[], fmt: (raw: string | number | null) => string): string {
  if (!p) return "The subgraph has indexed no market activity yet.";
  const rows: [string, string][] = [
    [
      "jobs",
      `${p.cumulativeJobsPosted} posted, ${p.openJobs} open, ${p.verifyingJobs} before the court, ${p.cumulativeJobsCompleted} completed, ${p.cumulativeJobsRefunded} refunded (${p.cumulativeJobsFailed} failed), ${p.cumulativeJobsCancelled} cancelled`,
    ],
    [
      "assignments",
      `${p.cumulativeClaims} claimed, ${p.cumulativeAssignmentsPaid} paid, ${p.cumulativeDissentSlashes} slashed for dissent, ${p.cumulativeNoShowSlashes} no-shows, ${p.cumulativeWithheldSlashes} withheld`,
    ],
    [
      "checks",
      `${p.cumulativeAuditsAudited} of ${p.cumulativeAuditsDecided} jobs audited (${p.cumulativeAuditsUpheld} upheld, ${p.cumulativeAuditsOverturned} overturned), ${p.cumulativeChallengesOpened} challenges (${p.cumulativeChallengesWon} won), ${p.cumulativeVerificationsOverturned} results overturned`,
    ],
    [
      "volume",
      `${fmt(p.cumulativeVolume)} paid for ${p.cumulativeFuelUsed} fuel, ${fmt(p.cumulativeFees)} fees, ${fmt(p.cumulativeAuditFees)} audit fees, ${fmt(p.cumulativeSlashed)} slashed`,
    ],
    ["open escrow", fmt(p.openEscrow)],
    [
      "providers",
      `${p.providerCount} registered, ${p.stakedProviderCount} staked, ${fmt(p.totalStake)} total stake, ${fmt(p.averagePricePerMfuel)} per Mfuel on average`,
    ],
    ["indexed to", `block ${p.updatedAtBlock}`],
  ];
  const lines = ["Market (from the subgraph)", table(rows).replace(/^/gm, "  ")];
  if (days.length > 0) {
    lines.push("", "  day         posted  completed  refunded  audited  volume");
    for (const d of days) {
      const date = new Date(Number(d.date) * 1000).toISOString().slice(0, 10);
      lines.push(
        `  ${date}  ${String(d.dailyJobsPosted).padStart(6)}  ${String(d.dailyJobsCompleted).padStart(9)}  ${String(d.dailyJobsRefunded).padStart(8)}  ${String(d.dailyAuditsAudited).padStart(7)}  ${fmt(d.dailyVolume)}`,
      );
    }
  }
  return lines.join("\n");
}

interface CourtPool {
  /** Token units that pay verifiers (audits and panels). */
  pool: bigint;
  /** Token units of the pool reserved for verifiers already drawn. */
  reserved: bigint;
  /** The largest replica budget a job may have now (the market's copy of the court's last report). */
  maxVerifiableBudget: bigint;
  /** What the pool verifies now; above `maxVerifiableBudget` when it grew since the court last reported. */
  courtVerifiableBudget: bigint;
}

// Read from the chain, not the subgraph: postJob checks the market's maxVerifiableBudget, the court's last report.
async function courtPool(ctx: Context): Promise<CourtPool | undefined> {
  const chain = await ctx.chain().catch(() => undefined);
  if (!chain) return undefined;
  const [pool, reserved, maxVerifiableBudget, courtVerifiableBudget] = await Promise.all([
    chain.court.pool(),
    chain.court.reserved(),
    chain.market.maxVerifiableBudget(),
    chain.court.maxVerifiableBudget(),
  ]);
  return { pool, reserved, maxVerifiableBudget, courtVerifiableBudget };
}

function describeCourt(c: CourtPool, fmt: (raw: string | number | null) => string): string {
  const rows: [string, string][] = [
    ["pool", `${fmt(c.pool.toString())} (${fmt(c.reserved.toString())} reserved for drawn verifiers)`],
    ["max budget", `${fmt(c.maxVerifiableBudget.toString())} per replica (larger jobs cannot be posted now)`],
  ];
  if (c.courtVerifiableBudget > c.maxVerifiableBudget) {
    rows.push([
      "pool covers",
      `${fmt(c.courtVerifiableBudget.toString())} per replica once reported (court.syncVerifiableBudget(), anyone)`,
    ]);
  }
  return ["Verification court (from the chain)", table(rows).replace(/^/gm, "  ")].join("\n");
}
