import type { NodeConfig } from "../config/types.js";
import type { JobRecord } from "../db/jobs.js";
import type { JobBundle, ReadProviderReturnType } from "../sdk.js";

/** Why a job cannot be claimed: `final` reasons never change; others may clear (capacity, free stake). */
export type Eligibility = { ok: true } | { ok: false; final: boolean; reason: string };

const OK: Eligibility = { ok: true };
const never = (reason: string): Eligibility => ({ ok: false, final: true, reason });
const notNow = (reason: string): Eligibility => ({ ok: false, final: false, reason });

/** The on-chain side of eligibility, mirroring ProviderRegistry.lockCollateral, plus local capacity. */
export function checkProvider(
  config: NodeConfig,
  job: Pick<JobRecord, "resourceClass" | "maxPrice" | "minReputation" | "claimDeadline" | "collateral">,
  p: ReadProviderReturnType,
  nowSec: number,
  working: number,
): Eligibility {
  if (!p.registered) return never("this provider is not registered");
  if (!config.provider.classes.includes(job.resourceClass))
    return never(`resource class ${job.resourceClass} is not configured`);
  if ((p.classes & (1 << job.resourceClass)) === 0)
    return never(`resource class ${job.resourceClass} is not in the on-chain offer`);
  if (p.price > job.maxPrice) return never(`price ${p.price} exceeds the job's max price ${job.maxPrice}`);
  if (p.reputation < BigInt(job.minReputation))
    return never(`reputation ${p.reputation} is below ${job.minReputation}`);
  if (p.jailedUntil > job.claimDeadline) return never(`jailed until ${p.jailedUntil}`);
  if (p.jailedUntil > nowSec) return notNow(`jailed until ${p.jailedUntil}`);
  if (p.activeJobs >= p.capacity) return notNow(`at on-chain capacity (${p.activeJobs}/${p.capacity})`);
  if (p.free < job.collateral) return notNow(`free stake ${p.free} is below the collateral ${job.collateral}`);
  if (working >= config.provider.maxConcurrent)
    return notNow(`at local capacity (${working}/${config.provider.maxConcurrent})`);
  return OK;
}

/** The bundle side: limits this machine accepts and time left to run before the commit deadline. */
export function checkBundle(
  config: NodeConfig,
  job: Pick<JobRecord, "commitDeadline">,
  bundle: JobBundle,
  nowSec: number,
): Eligibility {
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
  // The whole fuel limit at this machine's measured speed: a job that runs out of fuel uses all of it.
  // fuelPerSecond is set by the time jobs are checked: measured at boot (service.ts) if the file has none.
  const needed = Math.ceil(bundle.limits.fuel / config.jobs.fuelPerSecond!) + config.jobs.safetyMarginSec;
  if (job.commitDeadline - nowSec < needed)
    return never(`only ${Math.floor(job.commitDeadline - nowSec)} s left to commit, ${needed} s needed`);
  return OK;
}
