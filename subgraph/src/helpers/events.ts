import { Bytes, ethereum } from "@graphprotocol/graph-ts";

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
