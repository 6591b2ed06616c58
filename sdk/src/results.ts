import { AbiCoder, keccak256, toUtf8Bytes } from "ethers";

/** Reserved output hash for "input unavailable" (revealed with fuel 0); equals `Results.INPUT_UNAVAILABLE`. */
export const INPUT_UNAVAILABLE = keccak256(toUtf8Bytes("hashwork.result.input-unavailable"));

/** keccak256 of the output bytes: the output hash replicas reveal and requesters verify. */
export function outputHashOf(output: Uint8Array): string {
  return keccak256(output);
}

/**
 * The on-chain result word of an answer: `Results.resultOf(outputHash, fuelUsed)`. Two answers agree only when both
 * the output hash and the fuel agree; "input unavailable" is `resultOf(INPUT_UNAVAILABLE, 0)` whatever fuel was given.
 */
export function resultOf(outputHash: string, fuelUsed: bigint): string {
  const hash = outputHash.toLowerCase() === INPUT_UNAVAILABLE ? INPUT_UNAVAILABLE : outputHash;
  const fuel = hash === INPUT_UNAVAILABLE ? 0n : fuelUsed;
  return keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint64"], [hash, fuel]));
}

/** `resultOf(INPUT_UNAVAILABLE, 0)`; equals `Results.INPUT_UNAVAILABLE_RESULT` on-chain. */
export const INPUT_UNAVAILABLE_RESULT = resultOf(INPUT_UNAVAILABLE, 0n);

/**
 * The commitment a replica or a verifier posts before revealing; equals `Results.commitment` on-chain. It binds the
 * job, the account, the output hash, the fuel used and a secret salt.
 */
export function commitment(jobId: bigint, account: string, outputHash: string, fuelUsed: bigint, salt: string): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["uint256", "address", "bytes32", "uint64", "bytes32"],
      [jobId, account, outputHash, fuelUsed, salt],
    ),
  );
}

/**
 * A verifier's commitment; equals `Results.verdictCommitment` on-chain: a replica's commitment plus the verifier's
 * proof of execution.
 */
export function verdictCommitment(
  jobId: bigint,
  account: string,
  outputHash: string,
  fuelUsed: bigint,
  proof: string,
  salt: string,
): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["uint256", "address", "bytes32", "uint64", "bytes32", "bytes32"],
      [jobId, account, outputHash, fuelUsed, proof, salt],
    ),
  );
}

/**
 * A verifier's proof of execution for a round: `keccak256(abi.encode(roundSeed, stateDigest))`, the digest of the
 * module's final state (which no replica publishes) bound to the round's seed (so no later round can reuse it).
 */
export function executionProof(roundSeed: string, stateDigest: string): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32"], [roundSeed, stateDigest]));
}

/** Domain of the audit draw; equals `keccak256("hashwork.audit")` in JobMarket. */
export const AUDIT_DOMAIN = keccak256(toUtf8Bytes("hashwork.audit"));

/**
 * Whether a job is audited given the seed of its commits-closed block, computed as `JobMarket` does:
 * `keccak256(abi.encode(seed, jobId, AUDIT_DOMAIN)) % 10_000 < auditRateBps`.
 */
export function isAuditedBySeed(seed: string, jobId: bigint, auditRateBps: bigint): boolean {
  const ticket = BigInt(
    keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256", "bytes32"], [seed, jobId, AUDIT_DOMAIN])),
  );
  return ticket % 10_000n < auditRateBps;
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
