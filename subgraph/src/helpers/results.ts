import { BigInt, ByteArray, Bytes, crypto } from "@graphprotocol/graph-ts";

/** keccak256("hashwork.result.input-unavailable"): the output hash a replica reveals when it cannot fetch the input. */
export const INPUT_UNAVAILABLE = Bytes.fromByteArray(
  crypto.keccak256(ByteArray.fromUTF8("hashwork.result.input-unavailable")),
);

/**
 * Results.resultOf: the top 192 bits of keccak256(abi.encode(bytes32 outputHash, uint64 fuelUsed)) above the fuel in
 * the low 64 bits (big-endian: the word's last 8 bytes are the fuel's, as abi.encode's).
 */
export function resultOf(outputHash: Bytes, fuelUsed: BigInt): Bytes {
  const encoded = new ByteArray(64);
  for (let i = 0; i < 32; i++) encoded[i] = outputHash[i];
  let fuel = fuelUsed.toU64();
  for (let i = 63; i >= 56; i--) {
    encoded[i] = (fuel & 0xff) as u8;
    fuel = fuel >> 8;
  }
  const word = crypto.keccak256(encoded);
  for (let i = 24; i < 32; i++) word[i] = encoded[i + 32];
  return Bytes.fromByteArray(word);
}

/** The word a reveal stands for on-chain: "input unavailable" abstains with any fuel (Results.INPUT_UNAVAILABLE_RESULT). */
export function revealedResult(outputHash: Bytes, fuelUsed: BigInt): Bytes {
  if (outputHash.equals(INPUT_UNAVAILABLE)) return resultOf(INPUT_UNAVAILABLE, BigInt.zero());
  return resultOf(outputHash, fuelUsed);
}

/** Whether a bytes32 is zero ("none"). */
export function isZero(value: Bytes): boolean {
  for (let i = 0; i < value.length; i++) {
    if (value[i] != 0) return false;
  }
  return true;
}
