import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { ParameterUpdated } from "../../generated/schema";

/** Id of an immutable event entity: transaction hash ++ log index (4 bytes, little-endian, as graph-ts concatI32 writes it). */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

/** A bytes32 parameter key (a right-padded ASCII name such as "feeBps") as a string. */
export function bytes32ToName(key: Bytes): string {
  let end = key.length;
  while (end > 0 && key[end - 1] == 0) end--;
  return Bytes.fromUint8Array(key.subarray(0, end)).toString();
}

/** Whether every byte is zero (a bytes32 "no value"). */
export function isZero(value: Bytes): boolean {
  for (let i = 0; i < value.length; i++) {
    if (value[i] != 0) return false;
  }
  return true;
}

/** Records a `ParameterUpdated` event of either contract (`source` names which) and returns the parameter's name. */
export function recordParameterUpdate(
  event: ethereum.Event,
  source: string,
  key: Bytes,
  oldValue: BigInt,
  newValue: BigInt,
): string {
  const name = bytes32ToName(key);
  const update = new ParameterUpdated(eventId(event));
  update.source = source;
  update.contract = event.address;
  update.parameter = name;
  update.parameterKey = key;
  update.oldValue = oldValue;
  update.newValue = newValue;
  update.blockNumber = event.block.number;
  update.timestamp = event.block.timestamp;
  update.transactionHash = event.transaction.hash;
  update.save();
  return name;
}
