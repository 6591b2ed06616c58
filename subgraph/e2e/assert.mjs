#!/usr/bin/env node
/**
 * The GraphQL side of the end-to-end test: waits until graph-node has indexed the chain's head, then checks
 * the subgraph's numbers against what the chain says ($E2E_DIR/facts.json, from scripts/subgraph/e2e-chain.ts) and runs every
 * analyst query in examples/queries/.
 *
 *   node e2e/assert.mjs <graphql-url> <e2e-dir> <rpc-url>
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [url, dir, rpc] = process.argv.slice(2);
if (!url || !dir || !rpc) {
  console.error("usage: assert.mjs <graphql-url> <e2e-dir> <rpc-url>");
  process.exit(2);
}
const facts = JSON.parse(readFileSync(join(dir, "facts.json"), "utf8"));
const queriesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "examples", "queries");
const failures = [];
let checks = 0;

async function gql(query, variables = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

function eq(what, actual, expected) {
  checks++;
  if (String(actual) !== String(expected)) failures.push(`${what}: subgraph ${actual}, chain ${expected}`);
}

function ok(what, condition) {
  checks++;
  if (!condition) failures.push(what);
}

// 1. Wait until the subgraph has indexed the chain's head (gnd dev polls the node). gnd dev sometimes stops
// one block short of an idle chain's head until another block arrives: after 3 s without progress, mine an
// empty block (no events, so nothing the checks compare changes).
const deadline = Date.now() + 180_000;
let last = -1;
let lastProgress = Date.now();
for (;;) {
  try {
    const { _meta: meta } = await gql("{ _meta { block { number } hasIndexingErrors } }");
    if (meta.hasIndexingErrors) throw Object.assign(new Error("the subgraph has indexing errors"), { fatal: true });
    if (meta.block.number >= facts.head) break;
    if (meta.block.number !== last) [last, lastProgress] = [meta.block.number, Date.now()];
    else if (Date.now() - lastProgress > 3_000) {
      await fetch(rpc, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "evm_mine", params: [] }),
      });
      lastProgress = Date.now();
    }
  } catch (error) {
    if (error.fatal) {
      console.error(`e2e: ${error.message}`);
      process.exit(1);
    }
  }
  if (Date.now() > deadline) {
    console.error(`e2e: the subgraph did not reach block ${facts.head} in time`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}

// 2. The protocol's money against token balances and contract views: the market's, the registry's, the court's.
const { protocol } = await gql(`{ protocol(id: "hashwork") {
  cumulativeJobsPosted openJobs verifyingJobs totalStake totalUnbonding openEscrow totalClaimable courtMarketClaimable
  pool reserved openBonds courtClaimable treasury cumulativeVolume cumulativeFees cumulativeAuditFees cumulativeFuelUsed
  cumulativeSlashed cumulativeVerifierPay cumulativeBonds cumulativePoolFundedDirectly cumulativeAuditsDecided
  cumulativeAuditsAudited auditRateRealised cumulativeChallengesOpened cumulativeChallengesWon cumulativeChallengesLost
  cumulativePanelRoundsOpened cumulativePanelsStarted cumulativeVerifiersDrawn cumulativeSlashes } }`);
eq("protocol.cumulativeJobsPosted = market.jobCount()", protocol.cumulativeJobsPosted, facts.jobCount);
eq("protocol.openJobs", protocol.openJobs, facts.jobs.filter((j) => j.status === 1).length);
eq("protocol.verifyingJobs", protocol.verifyingJobs, facts.jobs.filter((j) => j.status === 5).length);
eq("protocol.totalStake = registry.totalStake()", protocol.totalStake, facts.totalStake);
eq(
  "protocol.totalStake + totalUnbonding = the registry's token balance",
  BigInt(protocol.totalStake) + BigInt(protocol.totalUnbonding),
  facts.registryBalance,
);
eq("protocol.totalClaimable = Σ market.claimable()", protocol.totalClaimable, facts.marketClaimable);
eq(
  "protocol.openEscrow + totalClaimable = the market's token balance",
  BigInt(protocol.openEscrow) + BigInt(protocol.totalClaimable),
  facts.marketBalance,
);
eq(
  "protocol.courtMarketClaimable = market.claimable(court)",
  protocol.courtMarketClaimable,
  facts.courtMarketClaimable,
);
eq("protocol.pool = court.pool()", protocol.pool, facts.pool);
eq("protocol.reserved = court.reserved()", protocol.reserved, facts.reserved);
eq("protocol.courtClaimable = Σ court.claimable()", protocol.courtClaimable, facts.courtClaimable);
eq(
  "pool + reserved + openBonds + courtClaimable = the court's token balance + its market claimable",
  BigInt(protocol.pool) + BigInt(protocol.reserved) + BigInt(protocol.openBonds) + BigInt(protocol.courtClaimable),
  BigInt(facts.courtBalance) + BigInt(facts.courtMarketClaimable),
);
eq("protocol.treasury = market.treasury()", protocol.treasury, facts.treasury);
const sums = {
  cumulativeVolume: "volume",
  cumulativeFees: "fees",
  cumulativeAuditFees: "auditFees",
  cumulativeFuelUsed: "fuelUsed",
  cumulativeSlashed: "slashed",
  cumulativeVerifierPay: "verifierPay",
  cumulativeBonds: "bonds",
  cumulativePoolFundedDirectly: "poolFundedDirectly",
};
for (const [field, key] of Object.entries(sums)) eq(`protocol.${field} = Σ logs`, protocol[field], facts.sums[key]);
const counts = {
  cumulativeAuditsDecided: "auditsDecided",
  cumulativeAuditsAudited: "auditsAudited",
  cumulativeChallengesOpened: "challengesOpened",
  cumulativeChallengesWon: "challengesWon",
  cumulativeChallengesLost: "challengesLost",
  cumulativePanelRoundsOpened: "panelRoundsOpened",
  cumulativePanelsStarted: "panelsStarted",
  cumulativeVerifiersDrawn: "verifiersDrawn",
  cumulativeSlashes: "slashes",
};
for (const [field, key] of Object.entries(counts))
  eq(`protocol.${field} = number of logs`, protocol[field], facts.counts[key]);
ok(
  "protocol.auditRateRealised = audited / decided",
  Math.abs(Number(protocol.auditRateRealised) - facts.counts.auditsAudited / facts.counts.auditsDecided) < 1e-9,
);
ok(
  "the activity has audits, challenges won and lost, and panels",
  facts.counts.auditsAudited > 0 &&
    facts.counts.challengesWon > 0 &&
    facts.counts.challengesLost > 0 &&
    facts.counts.panelRoundsOpened > 0,
);

// 3. Every job against market.getJob() and its JobSettled; every verification against court.getVerification() and
// court.getSeats().
const statusName = { 1: "OPEN", 2: "COMPLETED", 3: "REFUNDED", 4: "CANCELLED", 5: "VERIFYING" };
const auditName = ["UNDECIDED", "NOT_AUDITED", "AUDITED"];
const outcomeName = [
  "COMPLETED",
  "INPUT_UNAVAILABLE",
  "NO_CONSENSUS",
  "NO_CLAIMS",
  "NO_RESULT",
  "OVERTURNED",
  "NO_VERDICT",
];
const verificationStatus = { 1: "AUDIT", 2: "PANEL", 3: "FINAL" };
const { jobs } = await gql(`{ jobs(first: 1000, orderBy: jobId) {
  id status outcome audit claimed replicas paid refund fuelUsed
  verification { status round challenger bond agreed verdict challengeStatus
    seats(first: 100) { roundIndex seat verifier { id } fuelUsed outcome payment } } } }`);
eq("number of jobs", jobs.length, facts.jobs.length);
for (const chainJob of facts.jobs) {
  const job = jobs.find((j) => j.id === chainJob.id);
  ok(`job ${chainJob.id} indexed`, job !== undefined);
  if (!job) continue;
  const what = `job ${job.id}`;
  eq(`${what}.status`, job.status, statusName[chainJob.status]);
  eq(`${what}.audit`, job.audit, auditName[chainJob.audit]);
  eq(`${what}.outcome`, job.outcome, chainJob.outcome === null ? null : outcomeName[chainJob.outcome]);
  for (const field of ["claimed", "replicas", "paid"]) eq(`${what}.${field}`, job[field], chainJob[field]);
  if (chainJob.status !== 4) eq(`${what}.refund`, job.refund, chainJob.refund);
  eq(`${what}.fuelUsed`, job.fuelUsed, chainJob.fuelUsed);
  const v = job.verification;
  const cv = chainJob.verification;
  eq(`${what} has a verification`, v !== null, cv !== null);
  if (!v || !cv) continue;
  eq(`${what}.verification.status`, v.status, verificationStatus[cv.status]);
  eq(`${what}.verification.round`, v.round, cv.round);
  eq(`${what}.verification.challenger`, v.challenger, cv.challenger);
  eq(`${what}.verification.bond`, v.bond, cv.bond);
  eq(`${what}.verification.verdict`, v.verdict, cv.verdict);
  eq(`${what}: seats`, v.seats.length, cv.seats.length);
  for (const seat of cv.seats) {
    const s = v.seats.find((x) => x.roundIndex === seat.round && x.seat === seat.seat);
    ok(`${what} round ${seat.round} seat ${seat.seat} indexed`, s !== undefined);
    if (!s) continue;
    eq(`${what} round ${seat.round} seat ${seat.seat}.verifier`, s.verifier.id, seat.account);
    if (seat.fuelUsed !== "0") eq(`${what} round ${seat.round} seat ${seat.seat}.fuelUsed`, s.fuelUsed, seat.fuelUsed);
  }
}

// 4. Every provider (replicas and verifiers) against registry.provider(), reputation() and its payment logs.
const { providers } = await gql(`{ providers(first: 1000) {
  id stake locked unbonding activeJobs pricePerMfuel minMfuel completed slashes noShows faultsAtJail
  jailedUntil reputation earnings verifierEarnings } }`);
const PROVIDER_FIELDS = [
  "stake",
  "locked",
  "unbonding",
  "activeJobs",
  "pricePerMfuel",
  "minMfuel",
  "completed",
  "slashes",
  "noShows",
  "faultsAtJail",
  "jailedUntil",
  "reputation",
  "earnings",
  "verifierEarnings",
];
for (const chainProvider of facts.providers) {
  const p = providers.find((x) => x.id === chainProvider.id);
  ok(`provider ${chainProvider.id} indexed`, p !== undefined);
  if (!p) continue;
  for (const field of PROVIDER_FIELDS) eq(`provider ${p.id.slice(0, 8)}.${field}`, p[field], chainProvider[field]);
}

// 5. Daily statistics against the logs grouped by their blocks' UTC day.
const { marketDayDatas } = await gql(`{ marketDayDatas(first: 1000, orderBy: dayId) {
  dayId dailyJobsPosted dailyJobsCompleted dailyVolume dailySlashed dailyAuditsDecided } }`);
for (const chainDay of facts.days) {
  const d = marketDayDatas.find((x) => x.dayId === chainDay.dayId);
  ok(`day ${chainDay.dayId} indexed`, d !== undefined);
  if (!d) continue;
  eq(`day ${d.dayId}.dailyJobsPosted`, d.dailyJobsPosted, chainDay.jobsPosted);
  eq(`day ${d.dayId}.dailyJobsCompleted`, d.dailyJobsCompleted, chainDay.jobsCompleted);
  eq(`day ${d.dayId}.dailyVolume`, d.dailyVolume, chainDay.volume);
  eq(`day ${d.dayId}.dailySlashed`, d.dailySlashed, chainDay.slashed);
  eq(`day ${d.dayId}.dailyAuditsDecided`, d.dailyAuditsDecided, chainDay.auditsDecided);
}
ok("the activity spans more than one day", marketDayDatas.length > 1);

// 6. The README's analyst queries, each run with real variables.
const slashed = facts.providers.find((p) => p.slashes + p.noShows > 0);
const firstDayWithClaims = (
  await gql("{ marketDayDatas(where: { dailyClaims_gt: 0 }, orderBy: dayId, first: 1) { id } }")
).marketDayDatas[0].id;
const variables = {
  "market-overview-by-day.graphql": { days: 30 },
  "top-providers-by-earnings.graphql": { first: 10 },
  "provider-slash-history.graphql": { provider: slashed.id },
  "jobs-by-status.graphql": { status: "COMPLETED" },
  "price-distribution.graphql": { day: firstDayWithClaims },
  "audits-and-verdicts.graphql": { first: 20 },
  "challenges.graphql": { first: 20 },
  "verifier-earnings.graphql": { first: 10 },
};
const files = readdirSync(queriesDir).filter((f) => f.endsWith(".graphql"));
for (const file of files) ok(`examples/queries/${file} has variables in the e2e test`, file in variables);
const results = {};
for (const file of files) {
  try {
    results[file] = await gql(readFileSync(join(queriesDir, file), "utf8"), variables[file]);
    checks++;
  } catch (error) {
    failures.push(`examples/queries/${file}: ${error.message}`);
  }
}
const overview = results["market-overview-by-day.graphql"];
if (overview) {
  eq("overview: days", overview.marketDayDatas.length, facts.days.length);
  eq("overview: protocol.cumulativeJobsPosted", overview.protocol.cumulativeJobsPosted, facts.jobCount);
}
const top = results["top-providers-by-earnings.graphql"];
if (top) {
  const earnings = top.providers.map((p) => BigInt(p.totalEarnings));
  ok(
    "top providers are ordered by total earnings",
    earnings.every((e, i) => i === 0 || earnings[i - 1] >= e),
  );
}
const history = results["provider-slash-history.graphql"];
if (history) {
  eq(
    "slash history: entries = slashes + noShows",
    history.provider.slashEvents.length,
    slashed.slashes + slashed.noShows,
  );
}
const completed = results["jobs-by-status.graphql"];
if (completed) eq("jobs by status COMPLETED", completed.jobs.length, facts.jobs.filter((j) => j.status === 2).length);
const distribution = results["price-distribution.graphql"];
if (distribution) {
  const day = distribution.marketDayData;
  const counted = day.priceDistribution.reduce((sum, b) => sum + b.count, 0);
  eq("price distribution: Σ bucket counts = priceCount", counted, day.priceCount);
  ok(
    "price distribution: the median bucket is one of the day's buckets",
    day.priceDistribution.some((b) => b.low === day.medianPricePerMfuel),
  );
}
const audits = results["audits-and-verdicts.graphql"];
if (audits) {
  eq("audits query: audited jobs", audits.audited.length, facts.jobs.filter((j) => j.audit === 2).length);
  eq("audits query: auditsAudited", audits.protocol.cumulativeAuditsAudited, facts.counts.auditsAudited);
  eq("audits query: verifications", audits.verifications.length, facts.jobs.filter((j) => j.verification).length);
}
const challenges = results["challenges.graphql"];
if (challenges) {
  eq("challenges query: challenges", challenges.verifications.length, facts.counts.challengesOpened);
  eq(
    "challenges query: won",
    challenges.verifications.filter((v) => v.challengeStatus === "WON").length,
    facts.counts.challengesWon,
  );
}
const earners = results["verifier-earnings.graphql"];
if (earners) {
  const withPay = facts.providers.filter((p) => p.verifierEarnings !== "0").length;
  eq("verifier earnings query: verifiers paid", earners.providers.length, Math.min(withPay, 10));
}

if (failures.length > 0) {
  console.error(`e2e: ${failures.length} of ${checks} checks failed:`);
  for (const f of failures) console.error(`  ✘ ${f}`);
  process.exit(1);
}
console.error(`e2e: ${checks} checks passed (subgraph at block ${facts.head}, ${facts.jobCount} jobs)`);
