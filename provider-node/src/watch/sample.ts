import { AbiCoder, id, keccak256 } from "ethers";

const DOMAIN = id("hashwork.watch");
const SCALE = 1_000_000n;

/**
 * Whether this node watches `jobId`: a hash of (job id, our address) below `rate`. Deterministic per node (a restart
 * or a replayed log picks the same jobs) and different across nodes (watchers cover different jobs), and nobody can
 * tell from the chain which jobs a given watcher checks before it challenges.
 */
export function isSampled(jobId: bigint, me: string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  const ticket = BigInt(
    keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "address", "bytes32"], [jobId, me, DOMAIN])),
  );
  return ticket % SCALE < BigInt(Math.floor(rate * Number(SCALE)));
}
