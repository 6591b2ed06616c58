import { readProvider, type ReadProviderReturnType } from "../../actions/readProvider.js";
import type { Chain } from "../context.js";
import { usageError } from "../errors.js";
import { queryChunked } from "../logs.js";

/** Fuel per million: prices are per Mfuel. */
export const MFUEL = 1_000_000n;

export interface PriceChoice {
  pricePerMfuel: bigint;
  /** Eligible offers found (registered, staked, not jailed, serving the class, minimum within the fuel). */
  eligible: number;
  /** How the price was picked, for the user. */
  rule: string;
}

/**
 * The default `--price-per-mfuel`: the median price of the eligible offers, but at least the k-th cheapest, so that
 * at least k providers (and usually half the market) can claim; and at least what makes one replica's budget reach
 * the market's `minBudget`. A job priced at the cheapest offer alone would wait for one provider's capacity; a job
 * priced above every offer pays nothing more (providers are paid at their own price), so the median trades a faster
 * draw against a higher ceiling.
 */
export async function defaultPrice(
  chain: Chain,
  o: { resourceClass: number; maxFuel: bigint; replicas: number },
): Promise<PriceChoice> {
  const offers = await eligibleOffers(chain, o);
  if (offers.length === 0) {
    throw usageError(
      `No registered provider offers class ${o.resourceClass} for a job of ${o.maxFuel} fuel, so no default price exists.`,
      "Pass --price-per-mfuel <tokens> explicitly (the job waits for a provider until its claim deadline).",
    );
  }
  const { minBudget } = await chain.market.parameters();
  return pickPrice(
    offers.map((p) => p.pricePerMfuel),
    o.replicas,
    (minBudget * MFUEL + o.maxFuel - 1n) / o.maxFuel, // ceil: the budget rounds down on-chain
    o.maxFuel,
  );
}

/**
 * The rule of `defaultPrice` on the eligible offers' prices: the median, at least the k-th cheapest (the dearest when
 * fewer than k offers exist), at least `floor` (the minimum budget over the job's fuel, then rounded up).
 */
export function pickPrice(offers: readonly bigint[], replicas: number, floor: bigint, maxFuel: bigint): PriceChoice {
  const prices = [...offers].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const median = prices[Math.floor((prices.length - 1) / 2)]!;
  const kth = prices[Math.min(replicas, prices.length) - 1]!;
  const fromOffers = median > kth ? median : kth;
  const rule =
    prices.length < replicas
      ? `the dearest of only ${prices.length} eligible offer${prices.length === 1 ? "" : "s"} (fewer than ${replicas} replicas)`
      : `the ${median > kth ? "median" : replicas === 1 ? "cheapest" : `${replicas}${ordinal(replicas)} cheapest`} of ${prices.length} eligible offers`;
  if (floor <= fromOffers) return { pricePerMfuel: fromOffers, eligible: prices.length, rule };
  return {
    pricePerMfuel: roundUp(floor),
    eligible: prices.length,
    rule: `the market's minimum budget per replica over ${maxFuel} fuel, rounded up (above ${rule})`,
  };
}

/** Registered providers (from ProviderRegistered events) whose current offer can take a job of this class and fuel. */
async function eligibleOffers(
  chain: Chain,
  o: { resourceClass: number; maxFuel: bigint },
): Promise<ReadProviderReturnType[]> {
  const head = await chain.provider.getBlock("latest");
  const logs = await queryChunked(
    (from, to) => chain.registry.queryFilter(chain.registry.filters.ProviderRegistered(), from, to),
    chain.addresses.startBlock,
    head!.number,
  );
  const addresses = [...new Set(logs.map((l) => l.args.provider))];
  const providers = await Promise.all(addresses.map((provider) => readProvider(chain.registry, { provider })));
  return providers.filter(
    (p) =>
      p.registered &&
      p.stake > 0n &&
      p.jailedUntil <= head!.timestamp &&
      (p.classes & (1 << o.resourceClass)) !== 0 &&
      BigInt(p.minMfuel) * MFUEL <= o.maxFuel,
  );
}

/** Rounds up to two significant digits, so a computed price reads like one a person would pick. */
export function roundUp(x: bigint): bigint {
  const digits = x.toString().length;
  if (digits <= 2) return x;
  const unit = 10n ** BigInt(digits - 2);
  return ((x + unit - 1n) / unit) * unit;
}

const ordinal = (n: number) => (n === 1 ? "st" : n === 2 ? "nd" : n === 3 ? "rd" : "th");
