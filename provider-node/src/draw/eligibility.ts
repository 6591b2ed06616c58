import type { NodeConfig } from "../config/types.js";
import { bundleFuelLimit, worstCaseSeconds } from "../exec/run.js";
import { STACK_KIB_DEFAULT, type JobBundle, type ReadProviderReturnType } from "../sdk.js";

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

/**
 * The on-chain side of eligibility, mirroring `ProviderRegistry.lockCollateral`, plus the local queue: `owed` is the
 * number of executions this node owes (claimed slots and seats not yet executed), at most `provider.maxConcurrent`
 * running plus `provider.maxQueued` waiting. Whether one more still finishes in time is `checkTime`'s question.
 */
export function checkProvider(
  config: NodeConfig,
  terms: SeatTerms,
  p: ReadProviderReturnType,
  nowSec: number,
  owed: number,
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
  const most = config.provider.maxConcurrent + config.provider.maxQueued;
  if (owed >= most) return notNow(`at local capacity (${owed}/${most} executions owed)`);
  return OK;
}

/** The bundle side: limits this machine accepts, and the bundle's fuel limit against the job's. */
export function checkBundle(config: NodeConfig, bundle: JobBundle, maxFuel: bigint, stackKiB: number): Eligibility {
  const l = config.limits;
  // A run whose budget the executor's stack cannot hold would end in a host failure, never a result: a no-show.
  const stack = bundle.limits.stackKiB ?? STACK_KIB_DEFAULT;
  if (stack > stackKiB) return never(`bundle wants a ${stack} KiB stack (this executor holds ${stackKiB} KiB)`);
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

/** An execution this node owes: a claimed slot or seat not yet executed, by its fuel limit and commit deadline. */
export interface Owed {
  maxFuel: bigint;
  commitEndsAt: number;
}

/**
 * Whether this machine can run the job's whole fuel limit at its own measured speed, starting at `fromSec`, and commit
 * before `commitEndsAt` with the configured safety margin, behind the executions it already owes. A node that cannot
 * abstains: it never claims work it would have to abandon (a no-show is slashed).
 *
 * The queue is bounded without assuming any order: `maxConcurrent` executors that never idle while work waits start
 * an execution at the latest once all the other owed work is done spread over them, so with W the worst-case seconds
 * of everything owed (this job included), an execution of worst case w is done by `now + (W - w) / m + w`. A claim is
 * taken only if that holds for this job and still holds for every execution already owed (a new claim must not make
 * an earlier one late). `final` is set only when the job could not make it even with nothing owed.
 */
export function checkTime(
  config: NodeConfig,
  job: Owed,
  fromSec: number,
  queue: { nowSec: number; owed: readonly Owed[] } = { nowSec: fromSec, owed: [] },
): Eligibility {
  const margin = config.jobs.safetyMarginSec;
  const own = worstCaseSeconds(config, job.maxFuel);
  const left = Math.floor(job.commitEndsAt - fromSec);
  if (left < own + margin)
    return never(`only ${left} s left to commit, ${own + margin} s needed at this machine's fuel rate`);
  // Executors beyond the cores share them: the queue drains at most as fast as min(executors, cores) runs.
  const m = Math.max(1, Math.min(config.provider.maxConcurrent, navigator.hardwareConcurrency)); // Node: availableParallelism()
  const owedSec = queue.owed.map((o) => worstCaseSeconds(config, o.maxFuel));
  const total = owedSec.reduce((a, b) => a + b, own);
  const doneBy = (w: number, from: number) => from + (total - w) / m + w;
  if (doneBy(own, fromSec) + margin > job.commitEndsAt)
    return notNow(
      `only ${left} s left to commit, ${Math.ceil(doneBy(own, fromSec) - fromSec) + margin} s needed behind the ${queue.owed.length} executions owed`,
    );
  for (const [i, o] of queue.owed.entries()) {
    if (doneBy(owedSec[i], queue.nowSec) + margin > o.commitEndsAt)
      return notNow(`an owed execution (commit by ${o.commitEndsAt}) would be late behind this one`);
  }
  return OK;
}
