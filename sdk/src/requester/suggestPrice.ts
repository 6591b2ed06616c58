import { readProvider, type ReadProviderReturnType } from "../actions/readProvider.js";
import { queryChunked } from "../chain/logs.js";
import { NoEligibleOfferError } from "../errors/index.js";
import type { MarketClient } from "./client.js";

/** Fuel per million: prices are per Mfuel. */
export const MFUEL = 1_000_000n;

/** The job `suggestPrice` prices: its resource class and fuel limit. */
export interface SuggestPriceParameters {
  resourceClass?: number; // default 0
  maxFuel: bigint;
  replicas?: number; // default 1
}

/** The suggested price per million fuel and the offers it came from. */
export interface SuggestPriceReturnType {
  pricePerMfuel: bigint; // token units per million fuel
  /** Eligible offers found (registered, staked, not jailed, serving the class, minimum within the fuel). */
  eligible: number;
  /** How the price was picked, in words. */
  rule: string;
}
/** What `suggestPrice` can throw besides transport errors. */
export type SuggestPriceErrorType = NoEligibleOfferError;

/**
 * A `maxPricePerMfuel` for a job: the median price of the eligible offers, but at least the k-th cheapest, so that at
 * least k providers (and usually half the market) can claim; and at least what makes one replica's budget reach the
 * market's `minBudget`. A job priced at the cheapest offer alone would wait for one provider's capacity; a job priced
 * above every offer pays nothing more (providers are paid at their own price), so the median trades a faster draw
 * against a higher ceiling.
 */
export async function suggestPrice(
  client: Pick<MarketClient, "market" | "registry" | "provider" | "startBlock">,
  p: SuggestPriceParameters,
): Promise<SuggestPriceReturnType> {
  const resourceClass = p.resourceClass ?? 0;
  const offers = await eligibleOffers(client, { resourceClass, maxFuel: p.maxFuel });
  if (offers.length === 0) throw new NoEligibleOfferError(resourceClass, p.maxFuel);
  const { minBudget } = await client.market.parameters();
  return pickPrice(
    offers.map((o) => o.pricePerMfuel),
    p.replicas ?? 1,
    (minBudget * MFUEL + p.maxFuel - 1n) / p.maxFuel, // ceil: the budget rounds down on-chain
    p.maxFuel,
  );
}

/**
 * The rule of `suggestPrice` on the eligible offers' prices: the median, at least the k-th cheapest (the dearest when
 * fewer than k offers exist), at least `floor` (the minimum budget over the job's fuel, then rounded up).
 */
export function pickPrice(
  offers: readonly bigint[],
  replicas: number,
  floor: bigint,
  maxFuel: bigint,
): SuggestPriceReturnType {
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

/**
 * Registered providers (from `ProviderRegistered` events since the deployment) whose current offer can take a job of
 * this class and fuel: staked, not jailed, serving the class, and billing at least (`minMfuel`) no more than its fuel.
 */
export async function eligibleOffers(
  client: Pick<MarketClient, "registry" | "provider" | "startBlock">,
  o: { resourceClass: number; maxFuel: bigint },
): Promise<ReadProviderReturnType[]> {
  const { registry } = client;
  const head = (await client.provider.getBlock("latest"))!;
  const logs = await queryChunked(
    (from, to) => registry.queryFilter(registry.filters.ProviderRegistered(), from, to),
    client.startBlock ?? 0,
    head.number,
  );
  const addresses = [...new Set(logs.map((l) => l.args.provider))];
  const providers = await Promise.all(addresses.map((provider) => readProvider(registry, { provider })));
  return providers.filter(
    (p) =>
      p.registered &&
      p.stake > 0n &&
      p.jailedUntil <= head.timestamp &&
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
