#!/usr/bin/env node
/**
 * The GraphQL side of the end-to-end test: waits until graph-node has indexed the chain's head, then checks
 * the subgraph's numbers against what the chain says ($E2E_DIR/facts.json, from e2e/chain.ts) and runs every
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
const accounts = JSON.parse(readFileSync(join(dir, "accounts.json"), "utf8"));
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

// 2. Protocol totals, parameters and conservation against contract views and token balances.
const P = Object.keys(facts.parameters).join(" ");
const { protocol } = await gql(`{ protocol(id: "hashwork") {
  jobsPosted jobsOpen totalStake totalUnbonding openEscrow totalClaimable cumulativeVolume cumulativeSlashed treasury paused
  ${P} } }`);
eq("protocol.jobsPosted = market.jobCount()", protocol.jobsPosted, facts.jobCount);
eq(
  "protocol.jobsOpen (open or disputed)",
  protocol.jobsOpen,
  facts.jobs.filter((j) => j.status === 1 || j.status === 5).length,
);
eq("protocol.totalStake = registry.totalStake()", protocol.totalStake, facts.totalStake);
eq(
  "protocol.totalStake + totalUnbonding = registry token balance",
  BigInt(protocol.totalStake) + BigInt(protocol.totalUnbonding),
  facts.registryBalance,
);
eq("protocol.totalClaimable = Σ market.claimable()", protocol.totalClaimable, facts.totalClaimable);
eq(
  "protocol.openEscrow + totalClaimable = market token balance",
  BigInt(protocol.openEscrow) + BigInt(protocol.totalClaimable),
  facts.marketBalance,
);
eq("protocol.cumulativeVolume = Σ JobSettled.paid", protocol.cumulativeVolume, facts.cumulativeVolume);
eq("protocol.cumulativeSlashed = Σ ProviderSlashed.amount", protocol.cumulativeSlashed, facts.cumulativeSlashed);
eq("protocol.treasury = market.treasury()", protocol.treasury, facts.treasury);
eq("protocol.paused = market.paused()", protocol.paused, facts.paused);
for (const [name, value] of Object.entries(facts.parameters)) eq(`protocol.${name}`, protocol[name], value);

// 3. Every job's status and claims against market.getJob().
const statusName = { 1: "OPEN", 2: "COMPLETED", 3: "REFUNDED", 4: "CANCELLED", 5: "DISPUTED" };
const outcomeName = ["COMPLETED", "INPUT_UNAVAILABLE", "NO_CONSENSUS", "NO_CLAIMS", "NO_RESULT", "OVERTURNED"];
const { jobs } = await gql("{ jobs(first: 1000, orderBy: jobId) { id status outcome claimed replicas disputed } }");
eq("number of jobs", jobs.length, facts.jobs.length);
for (const chainJob of facts.jobs) {
  const job = jobs.find((j) => j.id === chainJob.id);
  ok(`job ${chainJob.id} indexed`, job !== undefined);
  if (!job) continue;
  eq(`job ${job.id}.status`, job.status, statusName[chainJob.status]);
  eq(`job ${job.id}.claimed`, job.claimed, chainJob.claimed);
  eq(`job ${job.id}.replicas`, job.replicas, chainJob.replicas);
  eq(`job ${job.id}.outcome`, job.outcome, outcomeName[chainJob.outcome] ?? null);
  eq(
    `job ${job.id}.disputed`,
    job.disputed,
    facts.disputes.some((d) => d.id === job.id),
  );
}

// 3b. The court: its money, every dispute against getDispute()/getVerifiers() and its logs.
const { protocol: court } = await gql(`{ protocol(id: "hashwork") {
  disputesOpened disputesOpen disputesResolved disputesOverturned openBonds courtClaimable cumulativeDisputeSlashed } }`);
eq("protocol.disputesOpened = number of DisputeOpened", court.disputesOpened, facts.disputes.length);
eq("protocol.disputesOpen", court.disputesOpen, facts.disputes.filter((d) => d.status === 1).length);
eq("protocol.disputesResolved", court.disputesResolved, facts.disputes.filter((d) => d.status === 2).length);
eq("protocol.disputesOverturned", court.disputesOverturned, facts.disputes.filter((d) => d.verdict === 2).length);
eq("protocol.courtClaimable = Σ court.claimable()", court.courtClaimable, facts.courtClaimable);
eq(
  "protocol.openBonds + courtClaimable = court token balance",
  BigInt(court.openBonds) + BigInt(court.courtClaimable),
  facts.courtBalance,
);
eq(
  "protocol.cumulativeDisputeSlashed = Σ DisputeResolved.providerSlashed + verifiersSlashed",
  court.cumulativeDisputeSlashed,
  facts.cumulativeDisputeSlashed,
);
ok(
  "the activity has a resolved dispute",
  facts.disputes.some((d) => d.status === 2),
);
const disputeStatus = { 1: "OPEN", 2: "RESOLVED" };
const verdictName = { 1: "UPHELD", 2: "OVERTURNED", 3: "INCONCLUSIVE" };
const AMOUNTS = [
  "providerSlashed",
  "verifiersSlashed",
  "compensation",
  "challengerPaid",
  "providerPaid",
  "verifierPayment",
  "treasuryPaid",
];
for (const chainDispute of facts.disputes) {
  const { dispute } = await gql(
    `query ($id: ID!) { dispute(id: $id) {
      status verdict challenger provider { id } requester resultHash bond collateral verifierCount openedBlock
      drawDeadline commitDeadline revealDeadline drawn revealed majorityCount verifierPayments ${AMOUNTS.join(" ")}
      job { status disputed }
      verifiers(orderBy: slot) { slot verifier { id } resultHash outcome payment slashed } } }`,
    { id: chainDispute.id },
  );
  ok(`dispute ${chainDispute.id} indexed`, dispute !== null);
  if (!dispute) continue;
  const what = `dispute ${chainDispute.id}`;
  eq(`${what}.status`, dispute.status, disputeStatus[chainDispute.status]);
  eq(`${what}.verdict`, dispute.verdict, verdictName[chainDispute.verdict] ?? null);
  eq(`${what}.provider`, dispute.provider.id, chainDispute.provider);
  for (const field of ["challenger", "requester", "resultHash", "bond", "collateral", "verifierCount", "openedBlock"])
    eq(`${what}.${field}`, dispute[field], chainDispute[field]);
  for (const field of ["drawDeadline", "commitDeadline", "revealDeadline", "drawn", "revealed"])
    eq(`${what}.${field}`, dispute[field], chainDispute[field]);
  for (const field of AMOUNTS) eq(`${what}.${field}`, dispute[field], chainDispute.amounts[field] ?? "0");
  const majority = chainDispute.verifiers.filter((v) => v.outcome === "MAJORITY").length;
  eq(`${what}.majorityCount`, dispute.majorityCount, majority);
  eq(
    `${what}.verifierPayments`,
    dispute.verifierPayments,
    BigInt(chainDispute.amounts.verifierPayment ?? 0) * BigInt(majority),
  );
  eq(`${what}.job.disputed`, dispute.job.disputed, true);
  eq(`${what}: verifier slots`, dispute.verifiers.length, chainDispute.verifiers.length);
  for (const chainVerifier of chainDispute.verifiers) {
    const v = dispute.verifiers.find((x) => x.slot === chainVerifier.slot);
    ok(`${what} verifier slot ${chainVerifier.slot} indexed`, v !== undefined);
    if (!v) continue;
    const vwhat = `${what} verifier ${chainVerifier.slot}`;
    eq(`${vwhat}.verifier`, v.verifier.id, chainVerifier.account);
    eq(`${vwhat}.resultHash`, v.resultHash, chainVerifier.revealedHash);
    eq(`${vwhat}.outcome`, v.outcome, chainVerifier.outcome ?? "PENDING");
    eq(`${vwhat}.payment`, v.payment, chainVerifier.payment ?? "0");
    eq(`${vwhat}.slashed`, v.slashed, chainVerifier.slashed ?? "0");
  }
}

// 4. Every provider's record against registry.provider() and reputation().
const { providers } = await gql(`{ providers(first: 1000) {
  id stake locked unbonding activeJobs capacity price classes completed slashes noShows jailedUntil reputation
  verifications verifierEarnings bondEarnings verificationsMajority } }`);
for (const chainProvider of facts.providers) {
  const p = providers.find((x) => x.id === chainProvider.id);
  ok(`provider ${chainProvider.id} indexed`, p !== undefined);
  if (!p) continue;
  for (const field of [
    "stake",
    "locked",
    "unbonding",
    "activeJobs",
    "capacity",
    "price",
    "classes",
    "completed",
    "slashes",
    "noShows",
    "jailedUntil",
    "reputation",
  ]) {
    eq(`provider ${p.id.slice(0, 8)}.${field}`, p[field], chainProvider[field]);
  }
  const slots = facts.disputes.flatMap((d) => d.verifiers).filter((v) => v.account === p.id);
  eq(`provider ${p.id.slice(0, 8)}.verifications`, p.verifications, slots.length);
  eq(
    `provider ${p.id.slice(0, 8)}.verificationsMajority`,
    p.verificationsMajority,
    slots.filter((v) => v.outcome === "MAJORITY").length,
  );
  eq(
    `provider ${p.id.slice(0, 8)}.verifierEarnings`,
    p.verifierEarnings,
    slots.reduce((sum, v) => sum + BigInt(v.payment ?? 0), 0n),
  );
}

// 5. Daily statistics against the logs grouped by their blocks' UTC day.
const { marketDayDatas } = await gql(
  "{ marketDayDatas(first: 1000, orderBy: dayId) { dayId jobsPosted jobsCompleted volume slashedAmount } }",
);
for (const chainDay of facts.days) {
  const d = marketDayDatas.find((x) => x.dayId === chainDay.dayId);
  ok(`day ${chainDay.dayId} indexed`, d !== undefined);
  if (!d) continue;
  for (const field of ["jobsPosted", "jobsCompleted", "volume", "slashedAmount"]) {
    eq(`day ${d.dayId}.${field}`, d[field], chainDay[field]);
  }
}
ok("the activity spans more than one day", marketDayDatas.length > 1);

// 6. The README's analyst queries, each run with real variables.
const faulty = accounts.providers[2].toLowerCase(); // P3: a dissent, two no-shows, jailed
const firstDayWithClaims = (await gql("{ marketDayDatas(where: { claims_gt: 0 }, orderBy: dayId, first: 1) { id } }"))
  .marketDayDatas[0].id;
const variables = {
  "market-overview-by-day.graphql": { days: 30 },
  "top-providers-by-earnings.graphql": { first: 10 },
  "provider-slash-history.graphql": { provider: faulty },
  "jobs-by-status.graphql": { status: "COMPLETED" },
  "price-distribution.graphql": { day: firstDayWithClaims },
  "disputes.graphql": { first: 10 },
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
  eq("overview: protocol.jobsPosted", overview.protocol.jobsPosted, facts.jobCount);
}
const top = results["top-providers-by-earnings.graphql"];
if (top) {
  const earnings = top.providers.map((p) => BigInt(p.earnings));
  ok(
    "top providers are ordered by earnings",
    earnings.every((e, i) => i === 0 || earnings[i - 1] >= e),
  );
  eq("top providers: count", top.providers.length, facts.providers.length);
}
const history = results["provider-slash-history.graphql"];
if (history) {
  const chainP3 = facts.providers.find((p) => p.id === faulty);
  eq(
    "slash history: entries = slashes + noShows",
    history.provider.slashEvents.length,
    chainP3.slashes + chainP3.noShows,
  );
  eq(
    "slash history: dissents",
    history.provider.slashEvents.filter((s) => s.reason === "DISSENT").length,
    chainP3.slashes,
  );
  eq("slash history: jailedUntil", history.provider.jailedUntil, chainP3.jailedUntil);
  ok("slash history: jailed once", history.provider.jailings.length === 1);
}
const completed = results["jobs-by-status.graphql"];
if (completed) eq("jobs by status COMPLETED", completed.jobs.length, facts.jobs.filter((j) => j.status === 2).length);
const distribution = results["price-distribution.graphql"];
if (distribution) {
  const day = distribution.marketDayData;
  const counted = day.priceDistribution.reduce((sum, b) => sum + b.count, 0);
  eq("price distribution: Σ bucket counts = priceCount", counted, day.priceCount);
  const median = day.priceDistribution.find((b) => b.low === day.medianPrice);
  ok("price distribution: the median bucket is one of the day's buckets", median !== undefined);
}

const disputeList = results["disputes.graphql"];
if (disputeList) {
  eq("disputes query: disputes", disputeList.disputes.length, facts.disputes.length);
  eq("disputes query: protocol.disputesOpened", disputeList.protocol.disputesOpened, facts.disputes.length);
  for (const d of disputeList.disputes) {
    const chainDispute = facts.disputes.find((x) => x.id === d.id);
    ok(`disputes query: dispute ${d.id} is on the chain`, chainDispute !== undefined);
    if (chainDispute) eq(`disputes query: dispute ${d.id} verifiers`, d.verifiers.length, chainDispute.drawn);
  }
}

if (failures.length > 0) {
  console.error(`e2e: ${failures.length} of ${checks} checks failed:`);
  for (const f of failures) console.error(`  ✘ ${f}`);
  process.exit(1);
}
console.error(`e2e: ${checks} checks passed (subgraph at block ${facts.head}, ${facts.jobCount} jobs)`);
