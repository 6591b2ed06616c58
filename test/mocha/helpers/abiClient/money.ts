// PROTOCOL.md, "A job's life" and "Judging and money": every amount in token units, every division rounding down in
// the order written.
const BPS = 10_000n;
const FUEL_UNIT = 1_000_000n; // prices are per million fuel

/** The market's terms a job's money depends on (its `parameters()` when posted). */
export interface MoneyTerms {
  feeBps: bigint;
  minFee: bigint;
  auditFeeBps: bigint;
}

/** One replica's budget: `maxFuel × maxPricePerMfuel / 1e6`. */
export const budgetOf = (maxFuel: bigint, maxPricePerMfuel: bigint) => (maxFuel * maxPricePerMfuel) / FUEL_UNIT;

/** The protocol fee: `max(k × budget × feeBps / 10000, minFee)`. */
export function feeOf(replicas: bigint, budget: bigint, p: MoneyTerms): bigint {
  const fee = (replicas * budget * p.feeBps) / BPS;
  return fee > p.minFee ? fee : p.minFee;
}

/** The audit fee escrowed: `budget × auditFeeBps / 10000`. */
export const auditFeeOf = (budget: bigint, p: MoneyTerms) => (budget * p.auditFeeBps) / BPS;

/** What posting pulls: `k × budget + fee + auditFee`. */
export function escrowOf(request: { replicas: bigint; maxFuel: bigint; maxPricePerMfuel: bigint }, p: MoneyTerms) {
  const budget = budgetOf(request.maxFuel, request.maxPricePerMfuel);
  const fee = feeOf(request.replicas, budget, p);
  const auditFee = auditFeeOf(budget, p);
  return { budget, fee, auditFee, escrow: request.replicas * budget + fee + auditFee };
}

/** A winning replica's pay: `min(budget, max(fuel, minMfuel × 1e6) × pricePerMfuel / 1e6)` at its claimed offer. */
export function paymentOf(fuel: bigint, offer: { pricePerMfuel: bigint; minMfuel: bigint }, budget: bigint) {
  const minimum = offer.minMfuel * FUEL_UNIT;
  const payment = ((fuel > minimum ? fuel : minimum) * offer.pricePerMfuel) / FUEL_UNIT;
  return payment < budget ? payment : budget;
}

/** The audit fee kept once anything was committed: `(fuel × maxPricePerMfuel / 1e6) × auditFeeBps / 10000`. */
export const auditFeeKeptOf = (fuel: bigint, maxPricePerMfuel: bigint, auditFeeBps: bigint) =>
  (((fuel * maxPricePerMfuel) / FUEL_UNIT) * auditFeeBps) / BPS;
