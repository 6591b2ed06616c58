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

/**
 * The output every honest replica posts when the job fails inside its own limits (fuel, trap, stack,
 * output cap, non-zero exit, invalid module; see `EXECUTION_ERROR_CODES`): `hashwork.error:<CODE>[:<exit
 * code>]\n`, the exit code as an unsigned 32-bit number. Failures caused by the bundle are the requester's
 * to pay for, and replicas agree on them, so nobody is slashed for a hostile bundle.
 */
export function errorOutput(code: string, exitCode?: number): Uint8Array {
  return new TextEncoder().encode(`hashwork.error:${code}${exitCode === undefined ? "" : `:${exitCode}`}\n`);
}

/** Parses an output produced by `errorOutput`; undefined for an ordinary output. */
export function parseErrorOutput(output: Uint8Array): { code: string; exitCode?: number } | undefined {
  if (output.length > 128) return undefined;
  const match = /^hashwork\.error:([A-Z_]+)(?::(\d{1,10}))?\n$/.exec(new TextDecoder().decode(output));
  if (!match || Number(match[2] ?? 0) > 0xffffffff) return undefined;
  return match[2] === undefined ? { code: match[1]! } : { code: match[1]!, exitCode: Number(match[2]) };
}
