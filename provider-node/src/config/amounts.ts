import { parseUnits } from "ethers";
import type { NodeConfig } from "./types.js";

/** The config's token amounts in the market token's units: whole tokens scale by the token's decimals, read from
 * the chain at start (18 for the bundled token, 6 for USDC). */
export interface TokenAmounts {
  /** What our open challenges may bond at most, in sum. */
  maxWatcherBond: bigint;
  /** Claimable balance at which the node withdraws (0: never). */
  withdrawThreshold: bigint;
}

const DEFAULT_WITHDRAW_TOKENS = 10n;

/** Throws when a whole-token amount has more fractional digits than the token has decimals. */
export function tokenAmounts(config: Pick<NodeConfig, "watcher" | "earnings">, decimals: number): TokenAmounts {
  let maxWatcherBond: bigint;
  try {
    maxWatcherBond = parseUnits(config.watcher.maxBondTokens, decimals);
  } catch {
    throw new Error(
      `watcher.maxBondTokens ${config.watcher.maxBondTokens} has more decimals than the token's ${decimals}`,
    );
  }
  const withdrawThreshold = config.earnings.withdrawThreshold ?? DEFAULT_WITHDRAW_TOKENS * 10n ** BigInt(decimals);
  return { maxWatcherBond, withdrawThreshold };
}
