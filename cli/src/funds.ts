import type { Wallet } from "ethers";
import { approveExactly as approveExactlyOf } from "@hashwork/sdk/actions";
import type { HashworkToken } from "@hashwork/sdk/typechain";
import { CliError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import { formatAmount, type TokenInfo } from "./format.js";
import { toCliError } from "./map-error.js";
import type { Output } from "./output.js";

/** Fails (exit 4) before anything is sent when the account cannot pay gas at all. */
export async function requireGas(wallet: Wallet): Promise<void> {
  const balance = await wallet.provider!.getBalance(wallet.address);
  if (balance === 0n) {
    throw new CliError(ExitCode.InsufficientFunds, "INSUFFICIENT_GAS", `${wallet.address} has no ETH to pay for gas.`, {
      hint: "Send some ETH to this address first (on the devnet: any funded hardhat account can).",
    });
  }
}

/** Fails (exit 4) before anything is sent when `owner` holds fewer than `needed` tokens. */
export async function requireTokens(
  token: HashworkToken,
  info: TokenInfo,
  owner: string,
  needed: bigint,
  purpose: string,
): Promise<void> {
  const balance = await token.balanceOf(owner);
  if (balance < needed) {
    throw new CliError(
      ExitCode.InsufficientFunds,
      "INSUFFICIENT_BALANCE",
      `${purpose} needs ${formatAmount(needed, info)} but ${owner} holds ${formatAmount(balance, info)}.`,
      {
        hint: `Get at least ${formatAmount(needed - balance, info)} more into this account, or ask for less.`,
        data: { balance, needed },
      },
    );
  }
}

/**
 * Approves `spender` for exactly `amount` unless the allowance already covers it (the SDK's `approveExactly`). Returns
 * the approval's hash, if one was sent.
 */
export async function approveExactly(
  wallet: Wallet,
  token: HashworkToken,
  info: TokenInfo,
  spender: string,
  amount: bigint,
  output: Output,
): Promise<string | undefined> {
  try {
    return await approveExactlyOf(token.connect(wallet), wallet.address, spender, amount, (hash) =>
      output.note(`Approving ${formatAmount(amount, info)} for ${spender}…\n  approve: sent ${hash}`),
    );
  } catch (error) {
    throw toCliError(error, (x) => formatAmount(x, info));
  }
}
