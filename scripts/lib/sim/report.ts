/**
 * The economics simulation's accounting: profit per strategy and role, expected profit of k = 1 cheating at the
 * protocol's audit rate, the break-even audit rate, the honest margin, the requester's cost of assurance, and the gate.
 */
import type { JobResult } from "./job.js";
import type { Strategy } from "./strategies.js";

const tokens = (x: bigint) => Number(x) / 1e18;

interface Sample {
  n: number;
  sum: number; // tokens
}
const empty = (): Sample => ({ n: 0, sum: 0 });
const mean = (s: Sample) => (s.n ? s.sum / s.n : NaN);
const add = (s: Sample, x: number) => {
  s.n++;
  s.sum += x;
};
const fmt = (x: number, digits = 3) => (Number.isNaN(x) ? "—" : x.toFixed(digits));
const withN = (s: Sample) => (s.n ? `${fmt(mean(s))} (${s.n})` : "—");

interface StrategyStats {
  k1Unaudited: Sample; // U: k = 1, not audited, not challenged
  k1Audited: Sample; // C: k = 1, audited
  k3: Sample;
  verifier: Sample; // every auditor and panel seat
  verifierDishonest: Sample; // seats where it acted dishonestly
  k3Dishonest: Sample; // k = 3 slots where it cheated
}

export interface Analysis {
  rows: string[][];
  lines: string[];
  failures: string[];
}

export function analyse(
  results: JobResult[],
  o: {
    auditRate: number;
    auditFeeShare: number;
    caughtLoss: number;
    watchRate: number;
    dishonest: Strategy[];
    population: { strategy: Strategy; accounts: number; stake: bigint }[];
  },
): Analysis {
  const stats = new Map<Strategy, StrategyStats>();
  const of = (s: Strategy) => {
    let x = stats.get(s);
    if (!x) {
      x = {
        k1Unaudited: empty(),
        k1Audited: empty(),
        k3: empty(),
        verifier: empty(),
        verifierDishonest: empty(),
        k3Dishonest: empty(),
      };
      stats.set(s, x);
    }
    return x;
  };
  const alt = { challenge: empty(), pair: empty() };
  const renters = { attack: empty(), won: 0 };
  const watcher = empty();
  const withholder = empty();
  const requester = empty();
  let overheadFees = 0n;
  let overheadPaid = 0n;
  let audits = 0;
  let panels = 0;
  let k1Jobs = 0;
  let wrongStood = 0;

  for (const r of results) {
    if (r.k === 1) k1Jobs++;
    if (r.audited) audits++;
    if (r.rounds > 0) panels++;
    // Withholding is judged on jobs where it alone decides the outcome (a cheating replica's slash would compensate
    // any requester, withholding or not).
    if (r.withholderProfit !== undefined && r.replicasHonest) add(withholder, tokens(r.withholderProfit));
    else if (r.withholderProfit === undefined) add(requester, tokens(-r.requesterCost));
    overheadFees += r.auditFee;
    overheadPaid += r.requesterPaidProviders;
    if (r.cheated && r.outcome === 0n && r.k === 1) wrongStood++;
    const challengedByAlt = r.challenge?.by === "alt";
    for (const p of r.participations) {
      const s = of(p.actor.strategy);
      const x = tokens(p.profit);
      if (p.role === "replica k=1") {
        if (challengedByAlt) add(alt.pair, x);
        else if (r.audited) add(s.k1Audited, x);
        else if (!r.challenge) add(s.k1Unaudited, x);
      } else if (p.role === "replica k=3") {
        add(s.k3, x);
        if (dishonestReplica(p.actor.strategy, r)) add(s.k3Dishonest, x);
      } else {
        add(s.verifier, x);
        if (dishonestVerifier(p.actor.strategy, r)) add(s.verifierDishonest, x);
        if (p.actor.strategy === "renter" && r.challenge?.by === "renter") renters.attack.sum += x;
      }
    }
    if (r.challenge?.by === "alt") {
      add(alt.challenge, tokens(r.challenge.profit));
      alt.pair.sum += tokens(r.challenge.profit);
    }
    if (r.challenge?.by === "renter") {
      add(renters.attack, tokens(r.challenge.profit));
      if (r.challenge.profit > 0n) renters.won++;
    }
    if (r.challenge?.by === "watcher") add(watcher, tokens(r.challenge.profit));
  }

  // k = 1: a cheater's expected profit is (1 − p)·U + p·C, p the chance its result is checked (the protocol's audit,
  // plus an external watcher when one is configured). Judged on this expectation rather than on the realised mean,
  // which over a few audits is mostly luck; C falls back to the pooled audited results of all cheaters when a
  // strategy was never audited in the run.
  const p = o.auditRate + (1 - o.auditRate) * o.watchRate;
  const cheatersK1: Strategy[] = ["lazy", "faulty", "overstater", "cartel"];
  const pooledC = empty();
  for (const s of cheatersK1) {
    const c = of(s).k1Audited;
    pooledC.n += c.n;
    pooledC.sum += c.sum;
  }
  const failures: string[] = [];
  const lines: string[] = [];
  const totalStake = o.population.reduce((a, x) => a + x.stake * BigInt(x.accounts), 0n);
  const rows: string[][] = [
    [
      "strategy",
      "stake",
      "k=1 unaudited (U)",
      "k=1 audited (C)",
      "k=1 expected",
      "k=3",
      "verifier",
      "dishonest roles, expected",
    ],
  ];
  let lazyBreakEven = NaN;
  const cartelStake = o.population
    .filter((x) => x.strategy === "cartel")
    .reduce((a, x) => a + x.stake * BigInt(x.accounts), 0n);
  for (const { strategy, accounts, stake } of o.population) {
    const s = of(strategy);
    const U = mean(s.k1Unaudited);
    const C = s.k1Audited.n ? mean(s.k1Audited) : pooledC.n ? mean(pooledC) : o.caughtLoss;
    const cheatsK1 = cheatersK1.includes(strategy);
    // The selective cartel escapes an audit whose auditor is one of its own (drawn by stake): it is caught at
    // p·(1 − q), q its share of the other stake. Its measured C already mixes both cases when it was audited here.
    const q = Number(cartelStake) / Number(totalStake);
    const pCaught = strategy === "cartel" && !s.k1Audited.n ? p * (1 - q) : p;
    const expectedK1 = cheatsK1
      ? (1 - pCaught) * U + pCaught * C
      : mean({ n: s.k1Unaudited.n + s.k1Audited.n, sum: s.k1Unaudited.sum + s.k1Audited.sum });
    if (strategy === "lazy" && s.k1Unaudited.n) lazyBreakEven = U / (U - C);
    // Expected profit over the roles where it acts dishonestly.
    let dishonest = NaN;
    if (o.dishonest.includes(strategy)) {
      const k1n = cheatsK1 || strategy === "no-show" ? s.k1Unaudited.n + s.k1Audited.n : 0;
      const k1Total = cheatsK1 ? expectedK1 * k1n : strategy === "no-show" ? s.k1Unaudited.sum + s.k1Audited.sum : 0;
      const k3 =
        strategy === "cartel" ? s.k3Dishonest : strategy === "lazy-verifier" || strategy === "renter" ? empty() : s.k3;
      const v = s.verifierDishonest;
      const n = k1n + k3.n + v.n;
      dishonest = n ? (k1Total + k3.sum + v.sum) / n : NaN;
      // Rented stake acts as a coalition: its verifiers and its challenger together, per attack.
      if (strategy === "renter") dishonest = renters.attack.n ? renters.attack.sum / renters.attack.n : NaN;
      if (!Number.isNaN(dishonest) && dishonest >= 0)
        failures.push(`the ${strategy} strategy has a non-negative expected profit (${fmt(dishonest)} per job)`);
    }
    rows.push([
      `${strategy} (${accounts})`,
      `${((Number(stake * BigInt(accounts)) / Number(totalStake)) * 100).toFixed(0)}%`,
      withN(s.k1Unaudited),
      s.k1Audited.n ? withN(s.k1Audited) : `${fmt(C)} (${pooledC.n ? "pooled" : "slash"})`,
      fmt(expectedK1),
      withN(s.k3),
      withN(s.verifier),
      fmt(dishonest),
    ]);
  }

  const honest = of("honest");
  const honestReplica = mean({
    n: honest.k1Unaudited.n + honest.k1Audited.n + honest.k3.n,
    sum: honest.k1Unaudited.sum + honest.k1Audited.sum + honest.k3.sum,
  });
  const honestVerifier = mean(honest.verifier);
  if (!(honestReplica > 0)) failures.push(`honest replicas have no positive margin (${fmt(honestReplica)} per job)`);
  if (honest.verifier.n && !(honestVerifier > 0))
    failures.push(`honest verifiers have no positive margin (${fmt(honestVerifier)})`);

  const pairMean = alt.challenge.n ? alt.pair.sum / alt.challenge.n : NaN;
  if (alt.challenge.n && pairMean >= 0)
    failures.push(`a provider and its second-account challenger profit together (${fmt(pairMean)} per job)`);
  const renterMean = renters.attack.n ? renters.attack.sum / renters.attack.n : NaN;
  if (renters.attack.n && renterMean >= 0)
    failures.push(`attacking with rented stake pays (${fmt(renterMean)} per attack)`);
  if (withholder.n && mean(withholder) >= 0)
    failures.push(`withholding input pays the requester (${fmt(mean(withholder))} per job)`);
  const overhead = Number(overheadFees) / Math.max(1, Number(overheadPaid));
  if (o.auditFeeShare > 0.15)
    failures.push(`the audit fee is ${fmt(o.auditFeeShare * 100, 1)}% of a job's price (> 15%)`);

  lines.push(
    `Honest margin: ${fmt(honestReplica)} tokens per replica assignment, ${fmt(honestVerifier)} per verifier seat (after compute cost).`,
    `Second-account challenger: ${withN(alt.challenge)} per challenge of its partner's k=1 result (a challenger's reward, at most its bond); the provider and its second account together ${fmt(pairMean)} per job (gated).`,
    `Rented stake: ${fmt(renterMean)} tokens per attack on an honest result (${renters.attack.n} attacks, ${renters.won} won).`,
    `Withholding requester: ${withN(withholder)} tokens per job (an honest requester's net: ${withN(requester)}; it pays for outputs and is compensated when cheated).`,
    `External watcher: ${watcher.n ? withN(watcher) : "none"}.`,
    `Audits: ${audits} of ${results.length} jobs (${fmt((audits / results.length) * 100, 1)}%, protocol rate ${fmt(o.auditRate * 100, 1)}%); ${panels} went to a panel; ${wrongStood} wrong k=1 results were paid (of ${k1Jobs} k=1 jobs) — cheating that went unaudited, priced into the expected profits above.`,
    `Break-even audit rate of a lazy provider p* = U/(U−C) = ${fmt(lazyBreakEven)}; protocol rate ${fmt(o.auditRate)}, hard floor 0.070.`,
    `Requester's cost of assurance: the audit fee, ${fmt(o.auditFeeShare * 100, 1)}% of the job's price (its fuel at its own price per Mfuel); ${fmt(overhead * 100, 1)}% of what requesters paid providers in this run (they bid 20% over the providers' price). k = 3 replication costs 200% more than k = 1.`,
  );
  return { rows, lines, failures };
}

/** Replicas that cheat on k = 3 jobs: everyone dishonest as replica except the selective cartel unless it holds all. */
function dishonestReplica(s: Strategy, r: JobResult): boolean {
  if (s === "cartel") return r.cartelHoldsAll;
  return s === "lazy" || s === "faulty" || s === "overstater" || s === "no-show";
}

function dishonestVerifier(s: Strategy, r: JobResult): boolean {
  if (s === "cartel") return r.cartelHoldsAll;
  if (s === "renter") return r.challenge?.by === "renter";
  return s === "lazy" || s === "faulty" || s === "no-show" || s === "lazy-verifier";
}

export function printReport(a: Analysis, o: { header: string }) {
  console.log(`\n${o.header}\n`);
  const widths = a.rows[0]!.map((_, i) => Math.max(...a.rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  console.log(line(a.rows[0]!));
  console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const r of a.rows.slice(1)) console.log(line(r));
  console.log(
    "\nTokens per job taken part in (count in parentheses), net of compute cost: payments, bonuses and verifier pay minus\n" +
      "slashes. k=1 expected: (1 − p)·U + p·C at the protocol's audit rate p (cheating strategies; the gate judges it).\n",
  );
  for (const l of a.lines) console.log(l);
  console.log("");
}
