import { parseUnits, type Provider } from "ethers";

export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface FeePolicy {
  maxFeePerGasGwei: number;
  priorityFeeGwei: number | undefined;
  feeBumpPct: number;
}

/** EIP-1559 fees for a new transaction: 2 × base fee + tip, the tip from config or the RPC, capped. */
export async function currentFees(provider: Provider, policy: FeePolicy): Promise<Fees> {
  const data = await provider.getFeeData();
  const cap = gwei(policy.maxFeePerGasGwei);
  const tip =
    policy.priorityFeeGwei === undefined ? (data.maxPriorityFeePerGas ?? gwei(1)) : gwei(policy.priorityFeeGwei);
  const suggested = data.maxFeePerGas ?? (data.gasPrice ?? gwei(1)) * 2n;
  const maxFeePerGas = min(cap, suggested > tip ? suggested : tip);
  return { maxFeePerGas, maxPriorityFeePerGas: min(tip, maxFeePerGas) };
}

/**
 * Fees for a replacement: at least `feeBumpPct` above the previous attempt in both fields (nodes reject a
 * replacement with a smaller bump) and at least the current market fees. Undefined if the cap forbids it.
 */
export function bumpedFees(previous: Fees, market: Fees, policy: FeePolicy): Fees | undefined {
  const bump = (v: bigint) => (v * BigInt(100 + policy.feeBumpPct) + 99n) / 100n;
  const cap = gwei(policy.maxFeePerGasGwei);
  const maxFeePerGas = max(bump(previous.maxFeePerGas), market.maxFeePerGas);
  const maxPriorityFeePerGas = max(bump(previous.maxPriorityFeePerGas), market.maxPriorityFeePerGas);
  if (maxFeePerGas > cap) return undefined;
  return { maxFeePerGas, maxPriorityFeePerGas: min(maxPriorityFeePerGas, maxFeePerGas) };
}

function gwei(v: number): bigint {
  return parseUnits(v.toFixed(9), "gwei");
}
function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
