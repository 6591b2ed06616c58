import type { NodeConfig } from "../config/types.js";
import { bundleFuelLimit, worstCaseSeconds } from "../exec/run.js";
import type { JobBundle, ReadProviderReturnType } from "../sdk.js";

/** Why a slot or a seat cannot be taken: `final` reasons never change; others may clear (capacity, free stake). */
export type Eligibility = { ok: true } | { ok: false; final: boolean; reason: string };

export const OK: Eligibility = { ok: true };
const never = (reason: string): Eligibility => ({ ok: false, final: true, reason });
const notNow = (reason: string): Eligibility => ({ ok: false, final: false, reason });

/**
 * What a draw asks of a claimer, the same for a replica slot and a verifier seat (the registry's `ClaimTerms`). A
 * verifier seat has no price cap and no minimum-fuel rule (verifiers are paid the job's budget).
 */
export interface SeatTerms {
  resourceClass: number;
  minReputation: number;
  /** Token units locked from free stake. */
  collateral: bigint;
  /** The job's fuel limit. */
  maxFuel: bigint;
  /** Replicas only: token units per million fuel the job pays at most. */
  maxPricePerMfuel?: bigint;
  /** Last second a claim is accepted. */
  claimEndsAt: number;
}

/** The on-chain side of eligibility, mirroring `ProviderRegistry.lockCollateral`, plus local capacity. */
export function checkProvider(
  config: NodeConfig,
  terms: SeatTerms,
  p: ReadProviderReturnType,
  nowSec: number,
  working: number,
): Eligibility {
  if (!p.registered) return never("this provider is not registered");
  if (!config.provider.classes.includes(terms.resourceClass))
    return never(`resource class ${terms.resourceClass} is not configured`);
  if ((p.classes & (1 << terms.resourceClass)) === 0)
    return never(`resource class ${terms.resourceClass} is not in the on-chain offer`);
  if (terms.maxPricePerMfuel !== undefined) {
    if (p.pricePerMfuel > terms.maxPricePerMfuel)
      return never(`price ${p.pricePerMfuel} per Mfuel exceeds the job's ${terms.maxPricePerMfuel}`);
    if (BigInt(p.minMfuel) * 1_000_000n > terms.maxFuel)
      return never(`minimum of ${p.minMfuel} Mfuel exceeds the job's fuel limit ${terms.maxFuel}`);
  }
  if (p.reputation < BigInt(terms.minReputation))
    return never(`reputation ${p.reputation} is below ${terms.minReputation}`);
  if (p.jailedUntil > terms.claimEndsAt) return never(`jailed until ${p.jailedUntil}`);
  if (p.jailedUntil > nowSec) return notNow(`jailed until ${p.jailedUntil}`);
  if (p.activeJobs >= p.capacity) return notNow(`at on-chain capacity (${p.activeJobs}/${p.capacity})`);
  if (p.free < terms.collateral) return notNow(`free stake ${p.free} is below the collateral ${terms.collateral}`);
  if (working >= config.provider.maxConcurrent)
    return notNow(`at local capacity (${working}/${config.provider.maxConcurrent})`);
  return OK;
}

/** The bundle side: limits this machine accepts, and the bundle's fuel limit against the job's. */
export function checkBundle(config: NodeConfig, bundle: JobBundle, maxFuel: bigint): Eligibility {
  const l = config.limits;
  if (bundle.limits.memoryMiB > l.memoryMiB)
    return never(`bundle wants ${bundle.limits.memoryMiB} MiB (limit ${l.memoryMiB})`);
  if (bundle.limits.fuel > l.fuel) return never(`bundle wants ${bundle.limits.fuel} fuel (limit ${l.fuel})`);
  if (bundle.limits.maxOutputBytes > l.maxOutputBytes)
    return never(`bundle allows ${bundle.limits.maxOutputBytes} output bytes (limit ${l.maxOutputBytes})`);
  if (bundle.module.size > l.maxModuleBytes)
    return never(`module has ${bundle.module.size} bytes (limit ${l.maxModuleBytes})`);
  if ((bundle.input?.size ?? 0) > l.maxInputBytes)
    return never(`input has ${bundle.input?.size} bytes (limit ${l.maxInputBytes})`);
  const fuel = bundleFuelLimit(bundle);
  if (fuel !== maxFuel)
    return never(`the bundle's fuel limit ${fuel} is not the job's ${maxFuel} (a fuel over it could not be revealed)`);
  return OK;
}

/**
 * Whether this machine can run the job's whole fuel limit at its own measured speed, starting at `fromSec`, and commit
 * before `commitEndsAt` with the configured safety margin. A node that cannot abstains: it never claims work it would
 * have to abandon (a no-show is slashed).
 */
export function checkTime(
  config: NodeConfig,
  job: { maxFuel: bigint; commitEndsAt: number },
  fromSec: number,
): Eligibility {
  const needed = worstCaseSeconds(config, job.maxFuel) + config.jobs.safetyMarginSec;
  const left = Math.floor(job.commitEndsAt - fromSec);
  if (left < needed) return never(`only ${left} s left to commit, ${needed} s needed at this machine's fuel rate`);
  return OK;
}
