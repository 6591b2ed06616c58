import { AbiCoder, keccak256, toUtf8Bytes } from "ethers";

// PROTOCOL.md, "Results": every word below is keccak256 of a Solidity `abi.encode` (the result word keeps the fuel in
// its low 64 bits).
const abi = AbiCoder.defaultAbiCoder();

/** A job's answer: the output bytes and the fuel the metered run used. */
export interface Answer {
  output: Uint8Array;
  fuel: bigint;
}

/** `keccak256(output bytes)`. */
export const outputHashOf = (output: Uint8Array) => keccak256(output);

/** The on-chain result word: `keccak256(abi.encode(bytes32 outputHash, uint64 fuelUsed))`, low 64 bits := fuel. */
export const resultOf = (outputHash: string, fuelUsed: bigint) => {
  const digest = BigInt(keccak256(abi.encode(["bytes32", "uint64"], [outputHash, fuelUsed])));
  return "0x" + (((digest >> 64n) << 64n) | fuelUsed).toString(16).padStart(64, "0");
};

/** A replica's commitment: `keccak256(abi.encode(uint256 jobId, address account, bytes32, uint64, bytes32 salt))`. */
export const commitmentOf = (jobId: bigint, account: string, outputHash: string, fuelUsed: bigint, salt: string) =>
  keccak256(
    abi.encode(["uint256", "address", "bytes32", "uint64", "bytes32"], [jobId, account, outputHash, fuelUsed, salt]),
  );

const AUDIT_DOMAIN = keccak256(toUtf8Bytes("hashwork.audit"));

/** Whether a full job is audited: `keccak256(abi.encode(seed, jobId, keccak256("hashwork.audit"))) % 10000 < rate`. */
export function isAudited(auditSeed: string, jobId: bigint, auditRateBps: bigint): boolean {
  const ticket = BigInt(keccak256(abi.encode(["bytes32", "uint256", "bytes32"], [auditSeed, jobId, AUDIT_DOMAIN])));
  return ticket % 10_000n < auditRateBps;
}
