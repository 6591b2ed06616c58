import type { Wallet } from "ethers";
import type { PreparedCall } from "@hashwork/sdk/actions";
import { simulateAndSend as simulateAndSendOf, type SentCall as SdkSentCall } from "@hashwork/sdk/chain";
import { toCliError } from "./map-error.js";
import type { Output } from "./output.js";

export interface SentCall extends Omit<SdkSentCall, "blockNumber"> {
  block: number;
}

/**
 * The SDK's `simulateAndSend` with the CLI around it: the hash shown once sent, and whatever fails (a decoded revert,
 * simulated or mined; a transport error) as a CliError with its exit code.
 */
export async function simulateAndSend(
  wallet: Wallet,
  call: PreparedCall,
  output: Output,
  amount?: (x: bigint) => string,
): Promise<SentCall> {
  try {
    const { blockNumber, ...sent } = await simulateAndSendOf(wallet, call, {
      onSent: (hash) => output.note(`  ${call.functionName}: sent ${hash}`),
    });
    return { ...sent, block: blockNumber };
  } catch (error) {
    throw toCliError(error, amount);
  }
}
