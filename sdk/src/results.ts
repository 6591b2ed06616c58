import { AbiCoder, keccak256, toBeHex, toUtf8Bytes } from "ethers";

/** Reserved output hash for "input unavailable" (revealed with fuel 0); equals `Results.INPUT_UNAVAILABLE`. */
export const INPUT_UNAVAILABLE = keccak256(toUtf8Bytes("hashwork.result.input-unavailable"));

/** keccak256 of the output bytes: the output hash replicas reveal and requesters verify. */
export function outputHashOf(output: Uint8Array): string {
  return keccak256(output);
}

const FUEL_BITS = 64n;
const FUEL_MASK = (1n << FUEL_BITS) - 1n;

/**
 * The on-chain result word of an answer: `Results.resultOf(outputHash, fuelUsed)`, the top 192 bits of
 * `keccak256(abi.encode(bytes32 outputHash, uint64 fuelUsed))` above the fuel in the low 64 bits. Two answers agree
 * only when both the output hash and the fuel agree; "input unavailable" is `resultOf(INPUT_UNAVAILABLE, 0)` whatever
 * fuel was given.
 */
export function resultOf(outputHash: string, fuelUsed: bigint): string {
  const hash = outputHash.toLowerCase() === INPUT_UNAVAILABLE ? INPUT_UNAVAILABLE : outputHash;
  const fuel = hash === INPUT_UNAVAILABLE ? 0n : fuelUsed;
  const digest = BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint64"], [hash, fuel])));
  return toBeHex(((digest >> FUEL_BITS) << FUEL_BITS) | fuel, 32);
}

/** The fuel a result word carries (`Results.fuelOf`): its low 64 bits; zero for "input unavailable" and no result. */
export function fuelOfResult(result: string): bigint {
  return BigInt(result) & FUEL_MASK;
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

const ZERO_WORD = "0x" + "00".repeat(32);

/** Whether an on-chain result word is an actual answer: revealed (non-zero) and not "input unavailable". */
export function isRealResult(result: string): boolean {
  const r = result.toLowerCase();
  return r !== ZERO_WORD && r !== INPUT_UNAVAILABLE_RESULT;
}

/**
 * The result revealed by more than half of `seats` (zero entries are seats that revealed nothing), or the zero word;
 * mirrors `Results.majority`.
 */
export function majorityOf(results: readonly string[], seats: number): string {
  const counts = new Map<string, number>();
  for (const r of results) {
    const key = r.toLowerCase();
    if (key !== ZERO_WORD) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [r, n] of counts) if (n * 2 > seats) return r;
  return ZERO_WORD;
}
