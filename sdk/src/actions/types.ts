import type { ContractRunner, ContractTransactionResponse } from "ethers";

/**
 * A contract call encoded and ready to simulate, sign and send. Actions return one from their `prepare…`
 * function so a caller with its own transaction pipeline (the provider node's nonce, fee and replacement
 * manager) can send it; the plain action sends it through the contract's signer instead.
 */
export interface PreparedCall {
  /** Contract address. */
  to: string;
  /** ABI-encoded calldata. */
  data: string;
  /** Function name, for logs and metrics. */
  functionName: string;
}

/** What a plain (sending) action resolves to: the submitted transaction. */
export type SentTransaction = ContractTransactionResponse;

/** A contract handle as typechain builds it: an address (`target`) and a runner. */
export interface ContractLike {
  readonly target:
    | string
    | {
        /** Resolves the contract's address. */
        getAddress(): Promise<string>;
      };
  readonly runner: ContractRunner | null;
}

/** The contract's address as a string (typechain contracts expose `target` as `string | Addressable`). */
export function addressOf(contract: { readonly target: unknown }): string {
  if (typeof contract.target !== "string") throw new TypeError("contract target must be a resolved address");
  return contract.target;
}

/** The address of the signer a contract is connected to; `action` names the caller in the error. */
export async function signerAddressOf(contract: ContractLike, action: string): Promise<string> {
  const runner = contract.runner;
  if (!runner || !("getAddress" in runner) || typeof runner.getAddress !== "function") {
    throw new TypeError(`${action} needs a contract connected to a signer`);
  }
  return (await runner.getAddress()) as string;
}

/**
 * Approves `spender` for exactly `amount` when the owner's allowance is short (an ERC-20 `approve`, waited for), so
 * the next transaction can pull it. Never approves more than the call needs. Returns the approval's hash, if one was
 * sent (`onSent` hears it before it is mined).
 */
export async function approveExactly(
  token: {
    allowance(owner: string, spender: string): Promise<bigint>;
    approve(spender: string, amount: bigint): Promise<ContractTransactionResponse>;
  },
  owner: string,
  spender: string,
  amount: bigint,
  onSent?: (hash: string) => void,
): Promise<string | undefined> {
  if ((await token.allowance(owner, spender)) >= amount) return undefined;
  const sent = await token.approve(spender, amount);
  onSent?.(sent.hash);
  await sent.wait();
  return sent.hash;
}
