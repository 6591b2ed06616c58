import type { Wallet } from "ethers";
import { prepareWithdrawEarnings } from "../../actions/withdrawEarnings.js";
import type { Chain } from "../context.js";
import type { Output } from "../output.js";
import { simulateAndSend } from "../tx.js";

/**
 * Withdraws the signer's whole claimable balance from the market (refunds, compensation and earnings are
 * one balance on-chain). Returns what was withdrawn and the transaction, or nothing when the balance is zero.
 */
export async function withdrawClaimable(
  wallet: Wallet,
  chain: Chain,
  output: Output,
): Promise<{ amount: bigint; tx?: string }> {
  const amount = await chain.market.claimable(wallet.address);
  if (amount === 0n) return { amount };
  const sent = await simulateAndSend(wallet, prepareWithdrawEarnings(chain.market.connect(wallet)), output);
  return { amount, tx: sent.hash };
}
