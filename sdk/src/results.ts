import { AbiCoder, keccak256, toUtf8Bytes } from "ethers";

/** Reserved result hash for "input unavailable"; equals `Results.INPUT_UNAVAILABLE` on-chain. */
export const INPUT_UNAVAILABLE = keccak256(toUtf8Bytes("hashwork.result.input-unavailable"));

/** keccak256 of the output bytes: what providers submit and requesters verify. */
export function resultHash(output: Uint8Array): string {
  return keccak256(output);
}

/** The commitment a provider posts for k >= 2; equals `Results.commitment` on-chain. */
export function commitment(jobId: bigint, provider: string, hash: string, salt: string): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(["uint256", "address", "bytes32", "bytes32"], [jobId, provider, hash, salt]),
  );
}
