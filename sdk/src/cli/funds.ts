import { isError, type Wallet } from "ethers";
import { signPermit as signPermitOf, type PermitSignature } from "../actions/postJobWithPermit.js";
import type { HashworkToken } from "../typechain/index.js";
import { CliError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import { formatAmount, type TokenInfo } from "./format.js";
import { simulateAndSend } from "./tx.js";
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
 * An EIP-2612 permit for exactly `value`, when the token implements it (it answers `eip712Domain` and
 * `nonces`); undefined otherwise, and the caller approves with a transaction instead. A permit saves the
 * approve transaction and lets the whole operation be simulated before anything is sent.
 */
export async function signPermit(
  wallet: Wallet,
  token: HashworkToken,
  spender: string,
  value: bigint,
  validForSeconds = 3600,
): Promise<PermitSignature | undefined> {
  const latest = await wallet.provider!.getBlock("latest");
  const deadline = BigInt((latest?.timestamp ?? Math.floor(Date.now() / 1000)) + validForSeconds);
  try {
    return await signPermitOf(token, wallet, spender, value, deadline);
  } catch (error) {
    // A token without EIP-2612 reverts on eip712Domain or nonces: the caller approves with a transaction instead.
    if (isError(error, "CALL_EXCEPTION")) return undefined;
    throw error;
  }
}

/** Approves `spender` for exactly `amount` unless the allowance already covers it. Returns the tx hash, if any. */
export async function approveExactly(
  wallet: Wallet,
  token: HashworkToken,
  info: TokenInfo,
  spender: string,
  amount: bigint,
  output: Output,
): Promise<string | undefined> {
  const allowance = await token.allowance(wallet.address, spender);
  if (allowance >= amount) return undefined;
  output.note(`Approving ${formatAmount(amount, info)} for ${spender}…`);
  const data = token.interface.encodeFunctionData("approve", [spender, amount]);
  const sent = await simulateAndSend(wallet, { to: info.address, data, functionName: "approve" }, output);
  return sent.hash;
}
