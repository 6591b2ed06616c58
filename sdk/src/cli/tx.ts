import type { TransactionReceipt, Wallet } from "ethers";
import type { PreparedCall } from "../actions/types.js";
import { CliError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import { toCliError } from "./map-error.js";
import type { Output } from "./output.js";

export interface SentCall {
  hash: string;
  block: number;
  gasUsed: bigint;
  receipt: TransactionReceipt;
}

/**
 * Simulates `call` from the signer (eth_call), and only if that succeeds signs, sends and waits for it.
 * A call that would revert therefore costs nothing and changes nothing; its custom error is decoded.
 */
export async function simulate(wallet: Wallet, call: PreparedCall, amount?: (x: bigint) => string): Promise<void> {
  try {
    await wallet.call({ to: call.to, data: call.data });
  } catch (error) {
    throw toCliError(error, amount);
  }
}

export async function simulateAndSend(
  wallet: Wallet,
  call: PreparedCall,
  output: Output,
  amount?: (x: bigint) => string,
): Promise<SentCall> {
  await simulate(wallet, call, amount);
  let receipt: TransactionReceipt | null;
  try {
    const tx = await wallet.sendTransaction({ to: call.to, data: call.data });
    output.note(`  ${call.functionName}: sent ${tx.hash}`);
    receipt = await tx.wait();
  } catch (error) {
    throw toCliError(error, amount);
  }
  if (!receipt || receipt.status !== 1) {
    // Simulation passed but the mined call reverted: the state changed in between (another transaction won a race).
    throw new CliError(
      ExitCode.NotAllowedNow,
      "REVERTED_ON_CHAIN",
      `${call.functionName} reverted when mined (the chain changed after simulation).`,
      {
        hint: "Check the current state with a status command and run it again if still needed.",
      },
    );
  }
  return { hash: receipt.hash, block: receipt.blockNumber, gasUsed: receipt.gasUsed, receipt };
}
