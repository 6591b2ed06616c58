import { ethereum } from "@graphprotocol/graph-ts";
import { Protocol } from "../../generated/schema";
import { PROTOCOL_ID, ZERO_BI } from "./constants";

/** The single Protocol entity, created with zero totals and unknown parameters on first use. */
export function createOrLoadProtocol(): Protocol {
  let protocol = Protocol.load(PROTOCOL_ID);
  if (protocol != null) return protocol;
  protocol = new Protocol(PROTOCOL_ID);
  protocol.paused = false;
  protocol.jobsPosted = 0;
  protocol.jobsOpen = 0;
  protocol.jobsCompleted = 0;
  protocol.jobsRefunded = 0;
  protocol.jobsCancelled = 0;
  protocol.jobsFailed = 0;
  protocol.jobsInputUnavailable = 0;
  protocol.jobsNoConsensus = 0;
  protocol.jobsNoClaims = 0;
  protocol.jobsNoResult = 0;
  protocol.jobsOverturned = 0;
  protocol.assignmentsClaimed = 0;
  protocol.assignmentsPaid = 0;
  protocol.assignmentsSlashedDissent = 0;
  protocol.assignmentsSlashedNoShow = 0;
  protocol.assignmentsReleased = 0;
  protocol.cumulativeEscrow = ZERO_BI;
  protocol.cumulativeVolume = ZERO_BI;
  protocol.cumulativeFees = ZERO_BI;
  protocol.cumulativeProviderEarnings = ZERO_BI;
  protocol.cumulativeBonuses = ZERO_BI;
  protocol.cumulativeSlashed = ZERO_BI;
  protocol.cumulativeRefunded = ZERO_BI;
  protocol.cumulativeCompensation = ZERO_BI;
  protocol.cumulativeTreasuryRevenue = ZERO_BI;
  protocol.cumulativeWithdrawn = ZERO_BI;
  protocol.openEscrow = ZERO_BI;
  protocol.totalClaimable = ZERO_BI;
  protocol.providerCount = 0;
  protocol.stakedProviderCount = 0;
  protocol.totalStake = ZERO_BI;
  protocol.totalLocked = ZERO_BI;
  protocol.totalUnbonding = ZERO_BI;
  protocol.cumulativeStaked = ZERO_BI;
  protocol.cumulativeStakeWithdrawn = ZERO_BI;
  protocol.disputesOpened = 0;
  protocol.disputesOpen = 0;
  protocol.disputesResolved = 0;
  protocol.disputesUpheld = 0;
  protocol.disputesOverturned = 0;
  protocol.disputesInconclusive = 0;
  protocol.verifiersDrawn = 0;
  protocol.verifierMajorities = 0;
  protocol.verifierDissents = 0;
  protocol.verifierNoShows = 0;
  protocol.verifiersReleased = 0;
  protocol.cumulativeBonds = ZERO_BI;
  protocol.openBonds = ZERO_BI;
  protocol.cumulativeDisputeSlashed = ZERO_BI;
  protocol.cumulativeOverturnSlashed = ZERO_BI;
  protocol.cumulativeVerifierSlashed = ZERO_BI;
  protocol.cumulativeDisputeCompensation = ZERO_BI;
  protocol.cumulativeChallengerPaid = ZERO_BI;
  protocol.cumulativeBondToProviders = ZERO_BI;
  protocol.cumulativeVerifierPayments = ZERO_BI;
  protocol.cumulativeCourtTreasuryRevenue = ZERO_BI;
  protocol.cumulativeCourtWithdrawn = ZERO_BI;
  protocol.courtClaimable = ZERO_BI;
  protocol.updatedAt = ZERO_BI;
  protocol.updatedAtBlock = ZERO_BI;
  return protocol;
}

/** Stamps the protocol with the event's block. */
export function touchProtocol(protocol: Protocol, event: ethereum.Event): void {
  protocol.updatedAt = event.block.timestamp;
  protocol.updatedAtBlock = event.block.number;
}
