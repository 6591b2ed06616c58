import type { Wallet } from "ethers";
import { prepareWithdrawCourt, prepareWithdrawEarnings } from "@hashwork/sdk/actions";
import type { Chain } from "../context.js";
import { courtClaimable, courtOf } from "../court.js";
import type { Output } from "../output.js";
import { simulateAndSend } from "../tx.js";

/**
 * Withdraws the signer's whole claimable balance from the market (refunds, compensation and earnings are
 * one balance on-chain) and from the verification court (verifier pay, bonds back, challenger rewards). Returns the total withdrawn and the transactions (the market's first), or nothing when both
 * balances are zero.
 */
export async function withdrawClaimable(
  wallet: Wallet,
  chain: Chain,
  output: Output,
): Promise<{ amount: bigint; tx?: string; court: bigint; courtTx?: string }> {
  const [market, court] = await Promise.all([
    chain.market.claimable(wallet.address),
    courtClaimable(chain, wallet.address),
  ]);
  let tx: string | undefined;
  let courtTx: string | undefined;
  if (market > 0n)
    tx = (await simulateAndSend(wallet, prepareWithdrawEarnings(chain.market.connect(wallet)), output)).hash;
  if (court > 0n) {
    const call = prepareWithdrawCourt(courtOf(chain, wallet));
    courtTx = (await simulateAndSend(wallet, call, output)).hash;
  }
  return { amount: market + court, tx: tx ?? courtTx, court, courtTx };
}
