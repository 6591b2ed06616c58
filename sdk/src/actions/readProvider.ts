import type { BlockTag } from "ethers";
import type { ProviderRegistry } from "../typechain/index.js";
import { pinBlock } from "./pinBlock.js";

/** Arguments of {@link readProvider}. */
export interface ReadProviderParameters {
  provider: string;
  blockTag?: BlockTag;
}

/** A provider's registry record plus its reputation, in plain types. */
export interface ReadProviderReturnType {
  address: string;
  registered: boolean;
  stake: bigint; // token units
  locked: bigint; // token units
  free: bigint; // stake - locked
  activeJobs: number;
  capacity: number;
  jailedUntil: number; // unix seconds
  pricePerMfuel: bigint; // token units per million fuel
  minMfuel: number; // million fuel billed at least per job
  classes: number; // bitmask
  /** slashes + noShows when the provider was last jailed: only later faults count toward the next jail. */
  faultsAtJail: number;
  completed: number;
  slashes: number;
  noShows: number;
  unbonding: bigint;
  unbondingReadyAt: number;
  /** Completed minus twice the faults, floored at zero. */
  reputation: bigint;
}

/** Reads a provider's record and reputation (both at one block, see `pinBlock`). */
export async function readProvider(
  registry: ProviderRegistry,
  p: ReadProviderParameters,
): Promise<ReadProviderReturnType> {
  const blockTag = await pinBlock(registry, p.blockTag);
  const [r, reputation] = await Promise.all([
    registry.getFunction("provider")(p.provider, { blockTag }),
    registry.reputation(p.provider, { blockTag }),
  ]);
  return {
    address: p.provider,
    registered: r.registered,
    stake: r.stake,
    locked: r.locked,
    free: r.stake - r.locked,
    activeJobs: Number(r.activeJobs),
    capacity: Number(r.capacity),
    jailedUntil: Number(r.jailedUntil),
    pricePerMfuel: r.pricePerMfuel,
    minMfuel: Number(r.minMfuel),
    classes: Number(r.classes),
    faultsAtJail: Number(r.faultsAtJail),
    completed: Number(r.completed),
    slashes: Number(r.slashes),
    noShows: Number(r.noShows),
    unbonding: r.unbonding,
    unbondingReadyAt: Number(r.unbondingReadyAt),
    reputation,
  };
}
