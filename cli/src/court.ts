import type { JsonRpcProvider, Wallet } from "ethers";
import type { VerificationCourt } from "@hashwork/sdk/typechain";
import type { Chain } from "./context.js";

/**
 * The market's VerificationCourt (from the deployment file, which names it beside the market), bound to `runner`
 * (default: the read-only provider).
 */
export function courtOf(chain: Chain, runner: JsonRpcProvider | Wallet = chain.provider): VerificationCourt {
  return chain.court.connect(runner);
}

/** The court's claimable balance of `account` (verifier pay, bonds back, challenger rewards). */
export async function courtClaimable(chain: Chain, account: string): Promise<bigint> {
  return chain.court.claimable(account);
}
