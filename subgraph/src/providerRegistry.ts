// Handlers of ProviderRegistry events: offers, stake, unbonding, slashes, jailing, registry parameters.
// Events only — never a contract call.
import { BigInt } from "@graphprotocol/graph-ts";
import {
  CourtSet as CourtSetEvent,
  MarketSet as MarketSetEvent,
  ParameterUpdated as ParameterUpdatedEvent,
  ProviderJailed as ProviderJailedEvent,
  ProviderRegistered as ProviderRegisteredEvent,
  ProviderSlashed as ProviderSlashedEvent,
  ProviderUpdated as ProviderUpdatedEvent,
  StakeWithdrawn as StakeWithdrawnEvent,
  Staked as StakedEvent,
  UnstakeRequested as UnstakeRequestedEvent,
} from "../generated/ProviderRegistry/ProviderRegistry";
import {
  Provider,
  ProviderJailed,
  ProviderSlashed,
  StakeWithdrawn,
  Staked,
  UnstakeRequested,
  VerifierSeat,
} from "../generated/schema";
import {
  FAULT_NO_SHOW,
  FAULT_WITHHELD,
  SLASH_COURT,
  SLASH_MARKET,
  SOURCE_PROVIDER_REGISTRY,
  ZERO_BI,
  faultName,
} from "./helpers/constants";
import { eventId, recordParameterUpdate } from "./helpers/events";
import { loadJob } from "./helpers/job";
import {
  classesOf,
  createOrLoadProvider,
  createOrLoadProviderDay,
  saveProvider,
  saveProviderDay,
  setStake,
} from "./helpers/provider";
import { add, addAmount, countActiveProvider, openStats, saveStats } from "./helpers/stats";
import { seatId } from "./helpers/verification";

const REGISTRY_PARAMETERS: string[][] = [
  ["unbondingPeriod", "unbondingPeriod", "Int"],
  ["jailThreshold", "jailThreshold", "Int"],
  ["jailDuration", "jailDuration", "Int"],
  ["faultWindow", "faultWindow", "Int"],
];

export function handleMarketSet(event: MarketSetEvent): void {
  const stats = openStats(event);
  stats.protocol.registry = event.address;
  stats.protocol.market = event.params.market;
  saveStats(stats, event);
}

export function handleCourtSet(event: CourtSetEvent): void {
  const stats = openStats(event);
  stats.protocol.registry = event.address;
  stats.protocol.court = event.params.court;
  saveStats(stats, event);
}

export function handleProviderRegistered(event: ProviderRegisteredEvent): void {
  const p = event.params;
  const stats = openStats(event);
  stats.protocol.registry = event.address;
  const provider = createOrLoadProvider(p.provider);
  if (!provider.registered) stats.protocol.providerCount = stats.protocol.providerCount + 1;
  provider.registeredAt = event.block.timestamp;
  setOffer(provider, p.metadataURI, p.classes, p.pricePerMfuel, p.minMfuel, p.capacity);
  saveProvider(provider, event.block.timestamp);
  saveStats(stats, event);
}

export function handleProviderUpdated(event: ProviderUpdatedEvent): void {
  const p = event.params;
  const provider = createOrLoadProvider(p.provider);
  setOffer(provider, p.metadataURI, p.classes, p.pricePerMfuel, p.minMfuel, p.capacity);
  saveProvider(provider, event.block.timestamp);
}

function setOffer(
  provider: Provider,
  metadataURI: string,
  classes: BigInt,
  pricePerMfuel: BigInt,
  minMfuel: BigInt,
  capacity: i32,
): void {
  provider.registered = true;
  provider.metadataURI = metadataURI;
  provider.classes = classes.toU32() as i32; // a uint32 bitmask; bit 31 makes the Int negative
  provider.classList = classesOf(classes);
  provider.pricePerMfuel = pricePerMfuel;
  provider.minMfuel = minMfuel;
  provider.capacity = capacity;
}

export function handleStaked(event: StakedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.registry = event.address;
  const ts = event.block.timestamp;
  const provider = createOrLoadProvider(p.provider);
  setStake(protocol, provider, p.stake);
  provider.cumulativeStaked = provider.cumulativeStaked.plus(p.amount);
  saveProvider(provider, ts);
  const day = createOrLoadProviderDay(provider, ts);
  day.staked = day.staked.plus(p.amount);
  saveProviderDay(day, provider);

  const staked = new Staked(eventId(event));
  staked.provider = p.provider;
  staked.amount = p.amount;
  staked.stake = p.stake;
  staked.totalStake = p.totalStake;
  staked.blockNumber = event.block.number;
  staked.timestamp = ts;
  staked.transactionHash = event.transaction.hash;
  staked.save();

  protocol.totalStake = p.totalStake;
  addAmount(stats, "Staked", p.amount);
  saveStats(stats, event);
}

export function handleUnstakeRequested(event: UnstakeRequestedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const protocol = stats.protocol;
  const ts = event.block.timestamp;
  const provider = createOrLoadProvider(p.provider);
  setStake(protocol, provider, p.stake);
  provider.unbonding = p.unbonding;
  provider.unbondingReadyAt = p.readyAt;
  saveProvider(provider, ts);
  const day = createOrLoadProviderDay(provider, ts);
  day.unstakeRequested = day.unstakeRequested.plus(p.amount);
  saveProviderDay(day, provider);

  const request = new UnstakeRequested(eventId(event));
  request.provider = p.provider;
  request.amount = p.amount;
  request.stake = p.stake;
  request.unbonding = p.unbonding;
  request.readyAt = p.readyAt;
  request.totalStake = p.totalStake;
  request.blockNumber = event.block.number;
  request.timestamp = ts;
  request.transactionHash = event.transaction.hash;
  request.save();

  protocol.totalStake = p.totalStake;
  protocol.totalUnbonding = protocol.totalUnbonding.plus(p.amount);
  saveStats(stats, event);
}

export function handleStakeWithdrawn(event: StakeWithdrawnEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const ts = event.block.timestamp;
  const provider = createOrLoadProvider(p.provider);
  provider.unbonding = ZERO_BI;
  provider.unbondingReadyAt = ZERO_BI;
  provider.cumulativeWithdrawn = provider.cumulativeWithdrawn.plus(p.amount);
  saveProvider(provider, ts);

  const withdrawn = new StakeWithdrawn(eventId(event));
  withdrawn.provider = p.provider;
  withdrawn.amount = p.amount;
  withdrawn.blockNumber = event.block.number;
  withdrawn.timestamp = ts;
  withdrawn.transactionHash = event.transaction.hash;
  withdrawn.save();

  stats.protocol.totalUnbonding = stats.protocol.totalUnbonding.minus(p.amount);
  addAmount(stats, "StakeWithdrawn", p.amount);
  saveStats(stats, event);
}

/**
 * Every slash, by the market (a replica) or the court (a verifier: the account holds a seat of the job — a verifier
 * is never a replica of the job it verifies). This handler alone moves the stake and counts the fault; the market's
 * AssignmentSlashed and the court's VerifierSlashed (emitted just before) free the collateral.
 */
export function handleProviderSlashed(event: ProviderSlashedEvent): void {
  const p = event.params;
  const job = loadJob(p.jobId, "ProviderSlashed");
  if (job == null) return;
  const stats = openStats(event);
  const protocol = stats.protocol;
  const ts = event.block.timestamp;
  const seat = VerifierSeat.load(seatId(job.id, p.provider));

  const provider = createOrLoadProvider(p.provider);
  setStake(protocol, provider, p.stake);
  const noShow = p.reason == FAULT_NO_SHOW;
  if (noShow) provider.noShows = provider.noShows + 1;
  else provider.slashes = provider.slashes + 1;
  if (p.reason == FAULT_WITHHELD) provider.withheld = provider.withheld + 1;
  provider.slashedAmount = provider.slashedAmount.plus(p.amount);
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);
  const day = createOrLoadProviderDay(provider, ts);
  if (noShow) day.noShows = day.noShows + 1;
  else day.slashes = day.slashes + 1;
  day.slashedAmount = day.slashedAmount.plus(p.amount);
  saveProviderDay(day, provider);

  const slashed = new ProviderSlashed(eventId(event));
  slashed.provider = p.provider;
  slashed.job = job.id;
  slashed.source = seat != null ? SLASH_COURT : SLASH_MARKET;
  if (seat != null) slashed.seat = seat.id;
  slashed.reason = faultName(p.reason);
  slashed.amount = p.amount;
  slashed.stake = p.stake;
  slashed.totalStake = p.totalStake;
  slashed.blockNumber = event.block.number;
  slashed.timestamp = ts;
  slashed.transactionHash = event.transaction.hash;
  slashed.save();

  protocol.totalStake = p.totalStake;
  add(stats, "Slashes");
  if (noShow) add(stats, "NoShowSlashes");
  else if (p.reason == FAULT_WITHHELD) add(stats, "WithheldSlashes");
  else add(stats, "DissentSlashes");
  addAmount(stats, "Slashed", p.amount);
  saveStats(stats, event);
}

export function handleProviderJailed(event: ProviderJailedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const ts = event.block.timestamp;
  const provider = createOrLoadProvider(p.provider);
  provider.jailedUntil = p.until;
  provider.jailCount = provider.jailCount + 1;
  // ProviderRegistry._countFault: only faults after this one count toward the next jail (ProviderSlashed came first).
  provider.faultsAtJail = provider.slashes + provider.noShows;
  saveProvider(provider, ts);

  const jailed = new ProviderJailed(eventId(event));
  jailed.provider = p.provider;
  jailed.until = p.until;
  jailed.faults = p.faults.toI32();
  jailed.blockNumber = event.block.number;
  jailed.timestamp = ts;
  jailed.transactionHash = event.transaction.hash;
  jailed.save();

  add(stats, "Jailings");
  saveStats(stats, event);
}

export function handleParameterUpdated(event: ParameterUpdatedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  stats.protocol.registry = event.address;
  recordParameterUpdate(
    event,
    SOURCE_PROVIDER_REGISTRY,
    p.parameter,
    p.oldValue,
    p.newValue,
    stats.protocol,
    REGISTRY_PARAMETERS,
  );
  saveStats(stats, event);
}
