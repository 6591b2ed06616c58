import { BigInt, Bytes, log } from "@graphprotocol/graph-ts";
import { Dispute, DisputeVerifier } from "../../generated/schema";
import { jobIdString } from "./job";

/** Id of a verifier slot: "<jobId>-<verifier address>" (events name the verifier, not its slot). */
export function disputeVerifierId(disputeId: string, verifier: Bytes): string {
  return disputeId + "-" + verifier.toHexString();
}

/** The dispute of `jobId`, or null (logged) if its DisputeOpened was never indexed — only with a wrong startBlock. */
export function loadDispute(jobId: BigInt, handler: string): Dispute | null {
  const dispute = Dispute.load(jobIdString(jobId));
  if (dispute == null)
    log.error("{}: dispute of job {} is not indexed (startBlock after its DisputeOpened?)", [
      handler,
      jobId.toString(),
    ]);
  return dispute;
}

/** The verifier slot `verifier` holds in `dispute`, or null (logged). */
export function loadDisputeVerifier(dispute: Dispute, verifier: Bytes, handler: string): DisputeVerifier | null {
  const slot = DisputeVerifier.load(disputeVerifierId(dispute.id, verifier));
  if (slot == null)
    log.error("{}: {} holds no verifier slot in the dispute of job {}", [handler, verifier.toHexString(), dispute.id]);
  return slot;
}
