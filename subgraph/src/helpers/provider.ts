import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import { Protocol, Provider, ProviderDayData } from "../../generated/schema";
import {
  FAULT_WEIGHT,
  PROVIDER_ACTIVE,
  PROVIDER_INACTIVE,
  PROVIDER_JAILED,
  SECONDS_PER_DAY,
  ZERO_BI,
} from "./constants";
import { dayIdOf } from "./stats";

/**
 * The provider at `address`, created empty if no event mentioned it yet. Registration fills in the offer; every
 * provider that appears in a market or court event has registered, so the defaults are never left visible.
 */
export function createOrLoadProvider(address: Bytes): Provider {
  let provider = Provider.load(address);
  if (provider != null) return provider;
  provider = new Provider(address);
  provider.registered = false;
  provider.classes = 0;
  provider.classList = new Array<i32>(0);
  provider.pricePerMfuel = ZERO_BI;
  provider.minMfuel = ZERO_BI;
  provider.capacity = 0;
  provider.stake = ZERO_BI;
  provider.locked = ZERO_BI;
  provider.freeStake = ZERO_BI;
  provider.unbonding = ZERO_BI;
  provider.unbondingReadyAt = ZERO_BI;
  provider.cumulativeStaked = ZERO_BI;
  provider.cumulativeWithdrawn = ZERO_BI;
  provider.activeJobs = 0;
  provider.jobsClaimed = 0;
  provider.completed = 0;
  provider.slashes = 0;
  provider.withheld = 0;
  provider.noShows = 0;
  provider.released = 0;
  provider.faultsAtJail = 0;
  provider.reputation = 0;
  provider.jailCount = 0;
  provider.jailedUntil = ZERO_BI;
  provider.status = PROVIDER_INACTIVE;
  provider.earnings = ZERO_BI;
  provider.paymentEarnings = ZERO_BI;
  provider.bonusEarnings = ZERO_BI;
  provider.fuelBilled = ZERO_BI;
  provider.slashedAmount = ZERO_BI;
  provider.verifications = 0;
  provider.audits = 0;
  provider.verificationsUpheld = 0;
  provider.verificationsPaid = 0;
  provider.verificationsDissent = 0;
  provider.verificationsMissed = 0;
  provider.verifierEarnings = ZERO_BI;
  provider.verifierSlashedAmount = ZERO_BI;
  provider.totalEarnings = ZERO_BI;
  provider.updatedAt = ZERO_BI;
  provider.lastActiveDay = -1;
  provider.lastActiveHour = -1;
  return provider;
}

/** Sets the provider's stake, keeping Protocol.stakedProviderCount in step. */
export function setStake(protocol: Protocol, provider: Provider, stake: BigInt): void {
  const wasStaked = !provider.stake.isZero();
  const isStaked = !stake.isZero();
  if (!wasStaked && isStaked) protocol.stakedProviderCount = protocol.stakedProviderCount + 1;
  if (wasStaked && !isStaked) protocol.stakedProviderCount = protocol.stakedProviderCount - 1;
  provider.stake = stake;
}

/**
 * Locks (lock = true) or releases the collateral of one replica slot or verifier seat, in the provider and the
 * protocol. The registry emits no event for either: the market's and the court's events carry the amounts.
 */
export function moveCollateral(protocol: Protocol, provider: Provider, collateral: BigInt, lock: boolean): void {
  if (lock) {
    provider.locked = provider.locked.plus(collateral);
    provider.activeJobs = provider.activeJobs + 1;
    protocol.totalLocked = protocol.totalLocked.plus(collateral);
  } else {
    provider.locked = provider.locked.minus(collateral);
    provider.activeJobs = provider.activeJobs - 1;
    protocol.totalLocked = protocol.totalLocked.minus(collateral);
  }
}

/** Recomputes the derived fields (free stake, reputation, earnings, status) and saves the provider. */
export function saveProvider(provider: Provider, timestamp: BigInt): void {
  provider.freeStake = provider.stake.minus(provider.locked);
  const faults = (provider.slashes + provider.noShows) * FAULT_WEIGHT;
  provider.reputation = provider.completed > faults ? provider.completed - faults : 0;
  provider.totalEarnings = provider.earnings.plus(provider.verifierEarnings);
  if (provider.jailedUntil.gt(timestamp)) provider.status = PROVIDER_JAILED;
  else if (provider.stake.isZero()) provider.status = PROVIDER_INACTIVE;
  else provider.status = PROVIDER_ACTIVE;
  provider.updatedAt = timestamp;
  provider.save();
}

/** The resource classes set in a bitmask, ascending. */
export function classesOf(mask: BigInt): Array<i32> {
  const list = new Array<i32>(0);
  const bits = mask.toU32();
  for (let i = 0; i < 32; i++) {
    if ((bits >> i) & 1) list.push(i);
  }
  return list;
}

export function createOrLoadProviderDay(provider: Provider, timestamp: BigInt): ProviderDayData {
  const dayId = dayIdOf(timestamp);
  const id = provider.id.toHexString() + "-" + dayId.toString();
  let day = ProviderDayData.load(id);
  if (day != null) return day;
  day = new ProviderDayData(id);
  day.provider = provider.id;
  day.dayId = dayId;
  day.date = dayId * SECONDS_PER_DAY;
  day.claims = 0;
  day.deliveries = 0;
  day.completed = 0;
  day.slashes = 0;
  day.noShows = 0;
  day.earnings = ZERO_BI;
  day.verifications = 0;
  day.verifierEarnings = ZERO_BI;
  day.slashedAmount = ZERO_BI;
  day.staked = ZERO_BI;
  day.unstakeRequested = ZERO_BI;
  day.stake = ZERO_BI;
  day.locked = ZERO_BI;
  day.activeJobs = 0;
  day.reputation = 0;
  return day;
}

/** Copies the provider's snapshot fields into its day and saves it. Call after {@link saveProvider}. */
export function saveProviderDay(day: ProviderDayData, provider: Provider): void {
  day.stake = provider.stake;
  day.locked = provider.locked;
  day.activeJobs = provider.activeJobs;
  day.reputation = provider.reputation;
  day.save();
}
