import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { ParameterUpdated, Protocol, Withdrawn } from "../../generated/schema";

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

/**
 * Records a ParameterUpdated event of any contract and sets the Protocol field it maps to: `fields` lists the
 * contract's parameter names as [event name, Protocol field, "Int" | "BigInt"].
 */
export function recordParameterUpdate(
  event: ethereum.Event,
  source: string,
  key: Bytes,
  oldValue: BigInt,
  newValue: BigInt,
  protocol: Protocol,
  fields: string[][],
): void {
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
  for (let i = 0; i < fields.length; i++) {
    if (fields[i][0] != name) continue;
    if (fields[i][2] == "Int") protocol.setI32(fields[i][1], newValue.toI32());
    else protocol.setBigInt(fields[i][1], newValue);
  }
}

/** Records a withdrawal from the market or the court (`source` names which). */
export function recordWithdrawal(event: ethereum.Event, source: string, account: Bytes, amount: BigInt): void {
  const w = new Withdrawn(eventId(event));
  w.source = source;
  w.contract = event.address;
  w.account = account;
  w.amount = amount;
  w.blockNumber = event.block.number;
  w.timestamp = event.block.timestamp;
  w.transactionHash = event.transaction.hash;
  w.save();
}
