import type { Signer, TransactionReceipt } from "ethers";
import type { PreparedCall } from "../actions/types.js";
import { ContractRevertError } from "../errors/index.js";

/** A transaction `simulateAndSend` sent and its mined receipt. */
export interface SentCall {
  hash: string;
  blockNumber: number;
  gasUsed: bigint;
  receipt: TransactionReceipt;
}

/** Callbacks of `simulateAndSend`. */
export interface SimulateAndSendOptions {
  /** Called once the transaction is submitted, before it is mined (to show its hash). */
  onSent?: (hash: string) => void;
}

/**
 * Simulates `call` from `signer` (eth_call) and only if that succeeds sends it and waits for its receipt, so a call
 * that would revert costs nothing and changes nothing. A revert, simulated or mined, is a `ContractRevertError` with
 * the decoded custom error (`onChain` tells which; a mined revert carries no data, so its name is "unknown": the chain
 * changed between simulation and inclusion). Transport errors are ethers' own.
 */
export async function simulateAndSend(
  signer: Signer,
  call: PreparedCall,
  options: SimulateAndSendOptions = {},
): Promise<SentCall> {
  const tx = { to: call.to, data: call.data };
  try {
    await signer.call(tx);
  } catch (error) {
    throw ContractRevertError.from(call.functionName, error) ?? error;
  }
  let receipt: TransactionReceipt | null;
  try {
    const sent = await signer.sendTransaction(tx);
    options.onSent?.(sent.hash);
    receipt = await sent.wait();
  } catch (error) {
    // ethers throws CALL_EXCEPTION from `wait` for a mined revert, and from gas estimation for a simulated one.
    const onChain = (error as { receipt?: unknown }).receipt != null;
    throw ContractRevertError.from(call.functionName, error, onChain) ?? error;
  }
  if (!receipt || receipt.status !== 1)
    throw new ContractRevertError(call.functionName, "unknown", [], { onChain: true });
  return { hash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed, receipt };
}
