// Handlers of ProviderRegistry events: offers, stake, unbonding, slashes, jailing, registry parameters.
// Events only — never a contract call.
import {
  DisputeCourtSet as DisputeCourtSetEvent,
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
  Dispute,
  DisputeVerifier,
  Provider,
  ProviderJailed,
  ProviderSlashed,
  StakeWithdrawn,
  Staked,
  UnstakeRequested,
} from "../generated/schema";
import { BigInt } from "@graphprotocol/graph-ts";
import {
  SLASH_DISPUTE_PROVIDER,
  SLASH_DISPUTE_VERIFIER,
  SLASH_MARKET,
  SOURCE_PROVIDER_REGISTRY,
  ZERO_BI,
  faultName,
} from "./helpers/constants";
import { disputeVerifierId } from "./helpers/dispute";
import { eventId, recordParameterUpdate } from "./helpers/events";
import { jobIdString, loadJob } from "./helpers/job";
import {
  classesOf,
  createOrLoadProvider,
  createOrLoadProviderDay,
  moveCollateral,
  saveProvider,
  saveProviderDay,
  setStake,
} from "./helpers/provider";
import { countActiveProvider, countSlash, openStats, saveStats } from "./helpers/stats";

export function handleMarketSet(event: MarketSetEvent): void {
  const stats = openStats(event);
  stats.protocol.registry = event.address;
  stats.protocol.market = event.params.market;
  saveStats(stats, event);
}

export function handleDisputeCourtSet(event: DisputeCourtSetEvent): void {
  const stats = openStats(event);
  stats.protocol.registry = event.address;
  stats.protocol.court = event.params.court;
  saveStats(stats, event);
}

export function handleProviderRegistered(event: ProviderRegisteredEvent): void {
  const stats = openStats(event);
  stats.protocol.registry = event.address;
  const provider = createOrLoadProvider(event.params.provider);
  if (!provider.registered) stats.protocol.providerCount = stats.protocol.providerCount + 1;
  provider.registered = true;
  provider.registeredAt = event.block.timestamp;
  provider.registeredAtBlock = event.block.number;
  const p = event.params;
  setOffer(provider, p.metadataURI, p.classes, p.price, p.capacity);
  saveProvider(provider, event.block.timestamp);
  saveStats(stats, event);
}

export function handleProviderUpdated(event: ProviderUpdatedEvent): void {
  const p = event.params;
  const provider = createOrLoadProvider(p.provider);
  setOffer(provider, p.metadataURI, p.classes, p.price, p.capacity);
  saveProvider(provider, event.block.timestamp);
}

function setOffer(provider: Provider, metadataURI: string, classes: BigInt, price: BigInt, capacity: i32): void {
  provider.registered = true;
  provider.metadataURI = metadataURI;
  provider.classes = classes.toU32() as i32; // a uint32 bitmask; bit 31 makes the Int negative
  provider.classList = classesOf(classes);
  provider.price = price;
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
  protocol.cumulativeStaked = protocol.cumulativeStaked.plus(p.amount);
  saveStats(stats, event);
}

export function handleUnstakeRequested(event: UnstakeRequestedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.registry = event.address;
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

/** Pays out everything that finished unbonding: the provider's unbonding amount drops to zero. */
export function handleStakeWithdrawn(event: StakeWithdrawnEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.registry = event.address;
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

  protocol.totalUnbonding = protocol.totalUnbonding.minus(p.amount);
  protocol.cumulativeStakeWithdrawn = protocol.cumulativeStakeWithdrawn.plus(p.amount);
  saveStats(stats, event);
}

/**
 * The registry releases the assignment's (or verifier slot's) collateral, takes `amount` of it, and counts the
 * fault. The jail, if any, follows as ProviderJailed; the assignment's outcome comes from the market's
 * AssignmentSlashed, a verifier's from the court's VerifierSlashed.
 *
 * Who slashed: the market only slashes at settlement, and a disputed job settles only through the court, whose
 * slashes of the provider and the verifiers come before its JobSettled. So a slash for a job with a Dispute is the
 * court's: of a verifier if the account holds one of its verifier slots (the provider, requester and challenger
 * never can), else of the overturned provider. Everything is counted here once: the stake, the provider's
 * counters, cumulativeSlashed and the period's slashes; the court's handlers count only its own totals
 * (cumulativeDisputeSlashed, Dispute amounts), never the stake side again.
 */
export function handleProviderSlashed(event: ProviderSlashedEvent): void {
  const p = event.params;
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.registry = event.address;
  const ts = event.block.timestamp;
  const dissent = p.reason == 1;
  const job = loadJob(p.jobId, "ProviderSlashed");
  // A verifier locked the job's collateral too (DisputeOpened.collateral = the job's).
  const collateral = job != null ? job.collateral : ZERO_BI;
  const dispute = Dispute.load(jobIdString(p.jobId));
  let source = SLASH_MARKET;
  if (dispute != null) {
    source =
      DisputeVerifier.load(disputeVerifierId(dispute.id, p.provider)) != null
        ? SLASH_DISPUTE_VERIFIER
        : SLASH_DISPUTE_PROVIDER;
  }
  const verifier = source == SLASH_DISPUTE_VERIFIER;

  const provider = createOrLoadProvider(p.provider);
  moveCollateral(protocol, provider, collateral, false);
  setStake(protocol, provider, p.stake);
  if (dissent) provider.slashes = provider.slashes + 1;
  else provider.noShows = provider.noShows + 1;
  provider.consecutiveFaults = provider.consecutiveFaults + 1;
  provider.slashedAmount = provider.slashedAmount.plus(p.amount);
  countActiveProvider(stats, provider);
  saveProvider(provider, ts);
  const day = createOrLoadProviderDay(provider, ts);
  if (dissent) day.slashes = day.slashes + 1;
  else day.noShows = day.noShows + 1;
  day.slashedAmount = day.slashedAmount.plus(p.amount);
  saveProviderDay(day, provider);

  const slashed = new ProviderSlashed(eventId(event));
  slashed.provider = p.provider;
  slashed.job = jobIdString(p.jobId);
  slashed.source = source;
  slashed.dispute = dispute != null ? dispute.id : null;
  slashed.reason = faultName(p.reason);
  slashed.amount = p.amount;
  slashed.stake = p.stake;
  slashed.totalStake = p.totalStake;
  slashed.blockNumber = event.block.number;
  slashed.timestamp = ts;
  slashed.transactionHash = event.transaction.hash;
  slashed.save();

  protocol.totalStake = p.totalStake;
  protocol.cumulativeSlashed = protocol.cumulativeSlashed.plus(p.amount);
  // Verifier slots are not assignments; an overturned provider's slot is (a dissent).
  if (!verifier) {
    if (dissent) protocol.assignmentsSlashedDissent = protocol.assignmentsSlashedDissent + 1;
    else protocol.assignmentsSlashedNoShow = protocol.assignmentsSlashedNoShow + 1;
  }
  countSlash(stats, dissent, p.amount, verifier);
  saveStats(stats, event);
}

export function handleProviderJailed(event: ProviderJailedEvent): void {
  const p = event.params;
  const ts = event.block.timestamp;
  const provider = createOrLoadProvider(p.provider);
  provider.jailedUntil = p.until;
  provider.jailCount = provider.jailCount + 1;
  provider.consecutiveFaults = 0; // the registry resets the count when it jails
  saveProvider(provider, ts);

  const jailed = new ProviderJailed(eventId(event));
  jailed.provider = p.provider;
  jailed.until = p.until;
  jailed.consecutiveFaults = p.consecutiveFaults.toI32();
  jailed.blockNumber = event.block.number;
  jailed.timestamp = ts;
  jailed.transactionHash = event.transaction.hash;
  jailed.save();
}

export function handleParameterUpdated(event: ParameterUpdatedEvent): void {
  const stats = openStats(event);
  const protocol = stats.protocol;
  protocol.registry = event.address;
  const p = event.params;
  const value = p.newValue;
  const name = recordParameterUpdate(event, SOURCE_PROVIDER_REGISTRY, p.parameter, p.oldValue, value);
  if (name == "unbondingPeriod") protocol.unbondingPeriod = value.toI32();
  else if (name == "jailThreshold") protocol.jailThreshold = value.toI32();
  else if (name == "jailDuration") protocol.jailDuration = value.toI32();
  saveStats(stats, event);
}
