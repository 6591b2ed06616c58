import { ethereum } from "@graphprotocol/graph-ts";
import { Protocol } from "../../generated/schema";
import { PROTOCOL_ID, ZERO_BI } from "./constants";
import { initCounters } from "./stats";

/** The single Protocol entity, created with zero totals and unknown parameters on first use. */
export function createOrLoadProtocol(): Protocol {
  let protocol = Protocol.load(PROTOCOL_ID);
  if (protocol != null) return protocol;
  protocol = new Protocol(PROTOCOL_ID);
  protocol.paused = false;
  protocol.pausedUntil = ZERO_BI;
  initCounters(protocol, "cumulative");
  protocol.updatedAt = ZERO_BI;
  protocol.updatedAtBlock = ZERO_BI;
  return protocol;
}

/** Stamps the protocol with the event's block. */
export function touchProtocol(protocol: Protocol, event: ethereum.Event): void {
  protocol.updatedAt = event.block.timestamp;
  protocol.updatedAtBlock = event.block.number;
}
