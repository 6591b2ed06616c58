#!/usr/bin/env node
/**
 * The market's statistics, named once. Protocol holds `cumulative<Name>` for every counter and the gauges;
 * MarketDayData holds `daily<Name>` for the day, a copy of every `cumulative<Name>` and of every gauge after the day's
 * last event (Messari's snapshot layout); MarketHourData holds `hourly<Name>` and the gauges.
 *
 *   node scripts/counters.mjs           # rewrites the generated regions of schema.graphql and src/helpers/counters.ts
 *   node scripts/counters.mjs --check   # exit 1 if they are stale (scripts/test.ts runs it)
 *
 * The mappings add to counters by name (src/helpers/stats.ts), so a counter added here is indexed everywhere.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** [name, doc]: Int counters. */
const INT_COUNTERS = [
  ["JobsPosted", "Jobs posted (JobPosted)."],
  ["JobsCompleted", "Jobs settled COMPLETED: a replica's result was paid."],
  ["JobsRefunded", "Jobs settled REFUNDED (any outcome but COMPLETED)."],
  ["JobsCancelled", "Jobs cancelled by their requester before their seed existed."],
  ["JobsFailed", "Refunded jobs where providers failed: outcome NO_CONSENSUS, NO_RESULT, OVERTURNED or NO_VERDICT."],
  ["JobsInputUnavailable", "Jobs settled INPUT_UNAVAILABLE."],
  ["JobsNoConsensus", "Jobs settled NO_CONSENSUS."],
  ["JobsNoClaims", "Jobs settled NO_CLAIMS."],
  ["JobsNoResult", "Jobs settled NO_RESULT."],
  ["JobsOverturned", "Jobs settled OVERTURNED: a panel found a result no replica revealed."],
  ["JobsNoVerdict", "Jobs settled NO_VERDICT: the panels found no majority (fail closed)."],
  ["Claims", "Replica slots claimed (JobClaimed)."],
  ["AssignmentsPaid", "Replica slots paid as winners (ProviderPaid)."],
  ["AssignmentsSlashed", "Replica slots slashed (AssignmentSlashed: dissent, no-show or withheld)."],
  ["AssignmentsReleased", "Replica slots released unpaid and unslashed (AssignmentReleased)."],
  ["AuditsDecided", "Audit decisions taken (AuditDecided)."],
  ["AuditsAudited", "Audit decisions that audited the job."],
  ["AuditsUpheld", "Audited jobs that settled COMPLETED: the replicas' result stood."],
  ["AuditsOverturned", "Audited jobs that settled OVERTURNED."],
  ["AuditsNoVerdict", "Audited jobs that settled NO_VERDICT."],
  ["AuditorsDrawn", "Auditors drawn (round 0 VerifierDrawn)."],
  ["PanelsStarted", "Jobs sent to the court's panel (VerificationStarted, any reason)."],
  ["Disagreements", "Jobs sent to a panel because two revealed real results differed."],
  ["UnansweredAudits", "Jobs sent to a panel because they were audited and no auditor revealed."],
  ["ChallengesOpened", "Challenges opened (ChallengeOpened)."],
  ["ChallengesWon", "Challenges won: the verdict differed from the agreed result."],
  ["ChallengesLost", "Challenges lost: the verdict confirmed the agreed result (bond forfeited to the pool)."],
  ["ChallengesUndecided", "Challenges ended without a verdict (bond returned)."],
  ["PanelRoundsOpened", "Panel rounds opened (RoundOpened with round >= 1)."],
  ["PanelRoundsNoMajority", "Panel rounds closed without a strict majority (RoundClosed with a zero majority)."],
  ["VerificationsUpheld", "Jobs the court settled COMPLETED (a replica's result upheld by a panel)."],
  ["VerificationsOverturned", "Jobs the court settled OVERTURNED."],
  ["VerificationsNoVerdict", "Jobs the court settled NO_VERDICT."],
  ["VerifiersDrawn", "Verifier seats taken, auditors and panels (VerifierDrawn)."],
  ["VerifiersPaid", "Verifiers paid for revealing (VerifierPaid)."],
  ["VerifierSlashes", "Verifiers slashed (VerifierSlashed)."],
  ["Slashes", "Slashes of any kind, replicas and verifiers (ProviderSlashed)."],
  ["DissentSlashes", "Slashes for a losing result (DISSENT)."],
  ["NoShowSlashes", "Slashes for never committing (NO_SHOW)."],
  ["WithheldSlashes", "Slashes for committing and never revealing (WITHHELD)."],
  ["Jailings", "Providers jailed (ProviderJailed)."],
];

/** [name, doc]: BigInt counters (token units unless said otherwise). */
const BIGINT_COUNTERS = [
  ["EscrowPosted", "Tokens escrowed by posted jobs: replicas × budget + fee + auditFee."],
  [
    "EscrowFromBalance",
    "Escrow of posted jobs taken from their requesters' claimable balances in the market instead of their wallets (JobPosted with escrowFromBalance); part of EscrowPosted.",
  ],
  ["Volume", "Tokens paid to winning replicas for their fuel (JobSettled.paid)."],
  ["Fees", "Protocol fees credited to the treasury (JobSettled.fee of completed jobs)."],
  ["AuditFees", "Audit fees credited to the court's pool (JobSettled.auditFee)."],
  ["Bonuses", "Bonuses credited to winners from slashed collateral (ProviderPaid.bonus)."],
  ["Refunded", "Escrow credited back to requesters (JobSettled.refund, JobCancelled.refund)."],
  ["Compensation", "Slashed collateral credited to requesters (JobSettled.compensation)."],
  ["Slashed", "Collateral slashed, replicas and verifiers (ProviderSlashed.amount): MarketSlashed + VerifierSlashed."],
  ["MarketSlashed", "Collateral the market slashed from replicas (AssignmentSlashed.amount)."],
  ["VerifierSlashed", "Collateral the court slashed from verifiers (VerifierSlashed.amount)."],
  ["VerifierPay", "Paid to verifiers who revealed (VerifierPaid.pay), out of the pool."],
  ["Bonds", "Challenge bonds posted (ChallengeOpened.bond)."],
  [
    "ChallengerRewards",
    "Shares of slashed collateral paid to winning challengers (ChallengeSettled.reward), out of the pool.",
  ],
  ["PoolFundedByAuditFees", "Pool funding: audit fees (equals AuditFees)."],
  [
    "PoolFundedBySlashes",
    "Pool funding: the market's slash remainder (slashed − compensation − bonuses of each settlement).",
  ],
  ["PoolFundedByVerifierSlashes", "Pool funding: collateral slashed from verifiers (equals VerifierSlashed)."],
  ["PoolFundedByBonds", "Pool funding: bonds forfeited by losing challengers."],
  ["PoolFundedDirectly", "Pool funding: fundPool (PoolFunded)."],
  ["PoolPayouts", "Paid out of the pool: VerifierPay + ChallengerRewards."],
  ["FuelUsed", "Fuel of the results of completed jobs (JobSettled.fuelUsed)."],
  ["FuelBilled", "Fuel winners were billed for: max(fuel used, minMfuel × 1e6) per paid replica."],
  ["Deposited", "Tokens deposited into claimable balances in the market (Deposited.amount)."],
  ["MarketWithdrawn", "Claimable balances withdrawn from the market (the court's collections included)."],
  ["CourtWithdrawn", "Claimable balances withdrawn from the court."],
  ["Staked", "Tokens bonded (Staked.amount)."],
  ["StakeWithdrawn", "Unbonded tokens withdrawn from the registry."],
];

/** [name, type, doc]: values of the whole protocol, copied into every period after its last event. */
const GAUGES = [
  ["openJobs", "Int", "Jobs OPEN (posted, not settled, not verifying)."],
  ["verifyingJobs", "Int", "Jobs VERIFYING (with the court's panel)."],
  ["openEscrow", "BigInt", "Escrow of OPEN and VERIFYING jobs, held by the market."],
  [
    "totalClaimable",
    "BigInt",
    "Balances in the market credited by settlements, cancellations and deposits, not yet withdrawn or spent on a job's escrow (the court's included). openEscrow + totalClaimable = the market's token balance.",
  ],
  [
    "courtMarketClaimable",
    "BigInt",
    "The court's claimable balance in the market (audit fees and slash remainders not yet collected); part of totalClaimable.",
  ],
  ["providerCount", "Int", "Providers registered."],
  ["stakedProviderCount", "Int", "Providers with a non-zero stake."],
  ["totalStake", "BigInt", "Total bonded stake (the registry's events)."],
  ["totalLocked", "BigInt", "Stake locked as collateral by open replica slots and verifier seats."],
  ["totalUnbonding", "BigInt", "Stake requested out, not yet withdrawn."],
  ["pool", "BigInt", "The court's pool: tokens free to reserve for verifiers' pay (the court's pool())."],
  ["reserved", "BigInt", "Verifier pay reserved at draws, not yet paid or released (the court's reserved())."],
  ["openBonds", "BigInt", "Bonds of open challenges, held by the court."],
  ["openChallenges", "Int", "Challenges opened and not yet settled."],
  [
    "courtClaimable",
    "BigInt",
    "Credited, not yet withdrawn balances in the court. pool + reserved + openBonds + courtClaimable = the court's token balance + courtMarketClaimable.",
  ],
  [
    "averagePricePerMfuel",
    "BigInt",
    "cumulativeVolume × 1e6 / cumulativeFuelBilled: the price paid per million fuel (0 before any).",
  ],
  ["auditRateRealised", "BigDecimal", "cumulativeAuditsAudited / cumulativeAuditsDecided (0 before any)."],
];

const lcFirst = (s) => s[0].toLowerCase() + s.slice(1);
const field = (name, type, doc) => `  "${doc.replaceAll('"', '\\"')}"\n  ${name}: ${type}!`;

function protocolRegion() {
  const lines = [];
  for (const [name, doc] of INT_COUNTERS) lines.push(field(`cumulative${name}`, "Int", doc));
  for (const [name, doc] of BIGINT_COUNTERS) lines.push(field(`cumulative${name}`, "BigInt", doc));
  for (const [name, type, doc] of GAUGES) lines.push(field(name, type, doc));
  return lines.join("\n");
}

/** A period's fields; `cumulative` adds the all-time snapshots (days have them; hours keep to their own counts). */
function periodRegion(prefix, period, cumulative) {
  const lines = [];
  for (const [name, doc] of INT_COUNTERS)
    lines.push(field(`${prefix}${name}`, "Int", `In the ${period}: ${lcFirst(doc)}`));
  for (const [name, doc] of BIGINT_COUNTERS)
    lines.push(field(`${prefix}${name}`, "BigInt", `In the ${period}: ${lcFirst(doc)}`));
  if (cumulative) {
    for (const [name, doc] of INT_COUNTERS)
      lines.push(field(`cumulative${name}`, "Int", `Snapshot, all time: ${lcFirst(doc)}`));
    for (const [name, doc] of BIGINT_COUNTERS)
      lines.push(field(`cumulative${name}`, "BigInt", `Snapshot, all time: ${lcFirst(doc)}`));
  }
  for (const [name, type, doc] of GAUGES)
    lines.push(field(name, type, `Snapshot after the ${period}'s last event: ${lcFirst(doc)}`));
  return lines.join("\n");
}

function countersModule() {
  // Laid out as prettier would, so formatting the file never makes it stale.
  const array = (names) =>
    names.length === 1 ? `["${names[0]}"]` : `[\n${names.map((name) => `  "${name}",`).join("\n")}\n]`;
  const list = (xs) => array(xs.map((x) => x[0]));
  const gauges = (type) => list(GAUGES.filter((g) => g[1] === type));
  return [
    `/** Int counters: Protocol.cumulative<Name>, MarketDayData.daily<Name>, MarketHourData.hourly<Name>. */`,
    `export const INT_COUNTERS: string[] = ${list(INT_COUNTERS)};`,
    `/** BigInt counters, named like INT_COUNTERS. */`,
    `export const BIGINT_COUNTERS: string[] = ${list(BIGINT_COUNTERS)};`,
    `/** Protocol fields copied into every period as they are. */`,
    `export const INT_GAUGES: string[] = ${gauges("Int")};`,
    `export const BIGINT_GAUGES: string[] = ${gauges("BigInt")};`,
    `export const DECIMAL_GAUGES: string[] = ${gauges("BigDecimal")};`,
  ].join("\n");
}

const BEGIN = (tag) => `# >>> ${tag}: generated by scripts/counters.mjs, do not edit`;
const END = (tag) => `# <<< ${tag}`;
const TS_BEGIN = "// >>> generated by scripts/counters.mjs, do not edit";
const TS_END = "// <<<";

function replaceRegion(text, begin, end, body, file) {
  const a = text.indexOf(begin);
  const b = text.indexOf(end, a);
  if (a < 0 || b < 0) fail(`${file} lacks the region "${begin}" … "${end}"`);
  return text.slice(0, a + begin.length) + "\n" + body + "\n  " + text.slice(b);
}

const check = process.argv.includes("--check");
let stale = 0;
function update(file, transform) {
  const path = join(dir, file);
  const current = readFileSync(path, "utf8");
  const next = transform(current);
  if (next === current) return;
  if (check) {
    console.error(`counters: ${file} is stale (run node scripts/counters.mjs)`);
    stale++;
  } else {
    writeFileSync(path, next);
    console.error(`counters: wrote ${file}`);
  }
}

update("schema.graphql", (text) => {
  let out = replaceRegion(text, BEGIN("protocol"), END("protocol"), protocolRegion(), "schema.graphql");
  out = replaceRegion(out, BEGIN("day"), END("day"), periodRegion("daily", "day", true), "schema.graphql");
  // Hours are read in dozens by charts: they keep their counts and the gauges, and leave all-time totals to the days
  // and Protocol (half the fields, so every handler loads and saves less).
  out = replaceRegion(out, BEGIN("hour"), END("hour"), periodRegion("hourly", "hour", false), "schema.graphql");
  return out;
});
update("src/helpers/counters.ts", (text) => {
  const a = text.indexOf(TS_BEGIN);
  const b = text.indexOf(TS_END, a);
  if (a < 0 || b < 0) fail("src/helpers/counters.ts lacks its generated region");
  return text.slice(0, a + TS_BEGIN.length) + "\n" + countersModule() + "\n" + text.slice(b);
});
process.exit(stale ? 1 : 0);

function fail(message) {
  console.error(`counters: ${message}`);
  process.exit(1);
}
