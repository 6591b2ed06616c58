/**
 * Economic soundness with nobody outside the protocol watching: many jobs on the real contracts (in-process chain,
 * Ignition defaults), a population of providers following fixed strategies, the protocol's own audits (real
 * block-hash randomness) and verifier panels. Measures each strategy's profit from on-chain balances, net of the
 * compute it spends (and of gas when priced), prints the table, and exits non-zero if any dishonest strategy has a
 * non-negative expected profit, honest work has no positive margin, or assurance costs a requester more than 15%.
 *
 *   npm run sim:economics                  # `hardhat run` forwards no arguments, so options are env vars:
 *   SIM_JOBS=400 SIM_SEED=7 ...            # SIM_JOBS, SIM_SEED, SIM_K3_SHARE, SIM_WATCH_RATE (external watcher, 0),
 *                                          # SIM_RENTED_SHARE, SIM_RENT_ATTACK_RATE, SIM_WITHHOLD_SHARE,
 *                                          # SIM_COST_SHARE, SIM_GAS_TOKENS_PER_MGAS, SIM_PARAMS
 *   SIM_PARAMS=auditRateBps=700,collateralBps=100000 ...   # Ignition parameter overrides
 */
import { DISHONEST, prng, type Strategy } from "./lib/sim/strategies.js";
import { MAX_FUEL, MAX_PRICE_PER_MFUEL, runJob, type JobResult } from "./lib/sim/job.js";
import { analyse, printReport } from "./lib/sim/report.js";
import { createWorld, MFUEL, TOKEN } from "./lib/sim/world.js";

function option(name: string, fallback: number): number {
  const raw = process.env[`SIM_${name}`];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`SIM_${name} must be a non-negative number, got ${raw}`);
  return value;
}
const JOBS = Math.floor(option("JOBS", 300));
const SEED = Math.floor(option("SEED", 1));
const K3_SHARE = option("K3_SHARE", 0.3);
const WATCH_RATE = option("WATCH_RATE", 0); // no external watcher: the protocol alone checks
const RENTED_SHARE = option("RENTED_SHARE", 0.2); // of all stake, rented for the attack
const RENT_ATTACK_RATE = option("RENT_ATTACK_RATE", 0.1); // share of honest results the renters challenge
const WITHHOLD_SHARE = option("WITHHOLD_SHARE", 0.05); // share of jobs posted by a requester that withholds input
const COST_SHARE = option("COST_SHARE", 0.5); // an execution costs its machine this share of the provider's price
const GAS_TOKENS_PER_MGAS = option("GAS_TOKENS_PER_MGAS", 0);
for (const [n, v] of [
  ["K3_SHARE", K3_SHARE],
  ["WATCH_RATE", WATCH_RATE],
  ["RENTED_SHARE", RENTED_SHARE],
] as const) {
  if (v > 1) throw new Error(`SIM_${n} is a fraction`);
}

function overrides(): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const pair of (process.env.SIM_PARAMS ?? "").split(",").filter((s) => s.trim() !== "")) {
    const [key, value] = pair.split("=").map((s) => s.trim());
    if (!/^[A-Za-z]+$/.test(key ?? "") || !/^\d+$/.test(value ?? "")) throw new Error(`SIM_PARAMS: bad "${pair}"`);
    out[key!] = BigInt(value!);
  }
  return out;
}

const PRICE_PER_MFUEL = TOKEN / 100n; // every provider's offer: 0.01 token per million fuel
const STAKE = 1_000n * TOKEN;
// An honest majority of stake (as the protocol assumes), with every dishonest strategy present: 14 honest of 24 accounts,
// plus the renters' rented stake on top.
const base: [Strategy, number][] = [
  ["honest", 14],
  ["lazy", 2],
  ["faulty", 1],
  ["overstater", 1],
  ["cartel", 3],
  ["no-show", 1],
  ["lazy-verifier", 2],
];
const baseStake = BigInt(base.reduce((a, [, n]) => a + n, 0)) * STAKE;
// Two renter accounts holding RENTED_SHARE of the total stake between them.
const rentedStake =
  RENTED_SHARE > 0
    ? (baseStake * BigInt(Math.round(RENTED_SHARE * 1e6))) / BigInt(Math.round((1 - RENTED_SHARE) * 1e6))
    : 0n;
const population: [Strategy, number, bigint][] = base.map(([s, n]) => [s, n, STAKE]);
if (rentedStake > 0n) population.push(["renter", 2, rentedStake / 2n]);

const w = await createWorld({
  population,
  overrides: overrides(),
  pricePerMfuel: PRICE_PER_MFUEL,
  poolSeed: 1_000n * TOKEN,
});
const random = prng(SEED);
const gasPrice = (g: bigint) => (g * BigInt(Math.round(GAS_TOKENS_PER_MGAS * 1e6)) * TOKEN) / 10n ** 12n;
const costPerMfuel = (PRICE_PER_MFUEL * BigInt(Math.round(COST_SHARE * 1e6))) / 1_000_000n;
const lazyPartner = w.actors.find((a) => a.strategy === "lazy")!.signer.address;

const started = Date.now();
const results: JobResult[] = [];
for (let n = 0; n < JOBS; n++) {
  results.push(
    await runJob(
      w,
      {
        k: random() < K3_SHARE ? 3 : 1,
        withhold: random() < WITHHOLD_SHARE,
        watchRate: WATCH_RATE,
        altPartner: lazyPartner,
        rentAttackRate: RENTED_SHARE > 0 ? RENT_ATTACK_RATE : 0,
        random,
        costPerMfuel,
      },
      gasPrice,
    ),
  );
  // Idle time between jobs, as in a live market (jail terms run out, fault windows move on).
  await w.networkHelpers.time.increase(600);
  if ((n + 1) % 50 === 0) console.error(`sim: ${n + 1}/${JOBS} jobs (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

const budget = (MAX_FUEL * MAX_PRICE_PER_MFUEL) / MFUEL;
const collateral = (budget * BigInt(w.params.collateralBps)) / 10_000n;
const analysis = analyse(results, {
  auditRate: Number(w.params.auditRateBps) / 10_000,
  auditFeeShare: Number(w.params.auditFeeBps) / 10_000,
  // A cheater caught by an audit loses its dissent slash and is not paid: the fallback when a run audited none.
  caughtLoss: -Number((collateral * BigInt(w.params.dissentSlashBps)) / 10_000n) / 1e18,
  watchRate: WATCH_RATE,
  dishonest: DISHONEST,
  population: population.map(([s, n, stake]) => ({ strategy: s, accounts: n, stake })),
});
printReport(analysis, {
  header:
    `Hashwork economics: ${JOBS} jobs (${Math.round(K3_SHARE * 100)}% k=3), seed ${SEED}, ` +
    `${Object.keys(overrides()).length ? `overrides ${process.env.SIM_PARAMS}` : "default parameters"}; ` +
    `audit rate ${w.params.auditRateBps} bps, audit fee ${w.params.auditFeeBps} bps of a budget, collateral ` +
    `${w.params.collateralBps} bps of a budget, dissent slash ${w.params.dissentSlashBps} bps, no-show slash ` +
    `${w.params.noShowSlashBps} bps; panel ${w.courtParams.panelSize} seats x ${w.courtParams.maxRounds} rounds, bond ` +
    `${w.courtParams.bondBps} bps, verifier slash ${w.courtParams.verifierSlashBps} bps; budget ` +
    `${Number(budget) / 1e18} tokens per replica (100 Mfuel x 0.012), provider price 0.01 ` +
    `token/Mfuel, compute cost ${COST_SHARE * 100}% of it; external watcher ${WATCH_RATE === 0 ? "none" : `${WATCH_RATE}`}; ` +
    `rented stake ${(RENTED_SHARE * 100).toFixed(0)}% attacking ${(RENT_ATTACK_RATE * 100).toFixed(0)}% of honest results; ` +
    `${(WITHHOLD_SHARE * 100).toFixed(0)}% of jobs by a withholding requester; gas at ${GAS_TOKENS_PER_MGAS} token/Mgas; ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s`,
});
if (analysis.failures.length) {
  for (const f of analysis.failures) console.error(`FAIL: ${f}`);
  process.exitCode = 1;
} else {
  console.log(
    "OK: every dishonest strategy loses money in expectation, honest work has a positive margin, and assurance costs " +
      "a k=1 requester at most 15% of its budget — with nobody outside the protocol watching.",
  );
}
