import { HashworkToken__factory } from "@hashwork/sdk";
import { getAddress, toQuantity } from "ethers";
import { tabProvider, type ChainSettings } from "./tab-chain.js";

/** An injected wallet (EIP-1193: MetaMask and the like put one at `window.ethereum`). */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
  on?(event: string, listener: (...args: unknown[]) => void): void;
}

/** The page's injected wallet, if the browser has one. */
export function injectedWallet(): Eip1193Provider | undefined {
  return (globalThis as { ethereum?: Eip1193Provider }).ethereum;
}

/** The wallet is on another chain than the page: nothing is sent until the user switches. */
export class WrongChainError extends Error {
  constructor(
    readonly walletChainId: number,
    readonly pageChainId: number,
  ) {
    super(
      `the wallet is on chain ${walletChainId}; this page works on chain ${pageChainId}: switch the wallet's network`,
    );
  }
}

async function checkChain(wallet: Eip1193Provider, chainId: number): Promise<void> {
  const walletChainId = Number(await wallet.request({ method: "eth_chainId" }));
  if (walletChainId !== chainId) throw new WrongChainError(walletChainId, chainId);
}

/**
 * Asks the wallet for its account (`eth_requestAccounts`: the wallet's own prompt) and checks it is on the page's
 * chain. `prompt` false asks without a prompt (`eth_accounts`: after a reload, an already connected wallet).
 */
export async function connectWallet(
  wallet: Eip1193Provider,
  chainId: number,
  prompt = true,
): Promise<string | undefined> {
  const accounts = (await wallet.request({ method: prompt ? "eth_requestAccounts" : "eth_accounts" })) as string[];
  if (accounts.length === 0) {
    if (prompt) throw new Error("the wallet shared no account");
    return undefined;
  }
  await checkChain(wallet, chainId);
  return getAddress(accounts[0]!);
}

export interface Funding {
  /** The connected wallet's account (pays). */
  from: string;
  /** The tab's working key (receives). */
  to: string;
  /** Gas money for the working key (wei). */
  eth: bigint;
  /** Stake for the working key, in the market's token (token units). */
  tokens: bigint;
  /** The market's token. */
  token: string;
}

/**
 * Funds the working key from the wallet: gas money, then the stake tokens (an ERC-20 `transfer` of the market's
 * token), each an `eth_sendTransaction` the wallet prompts for and signs; waits until each is mined (read through the
 * page's own RPC). `onSent` hears each transaction's hash as the wallet returns it.
 */
export async function fundWorkingKey(
  wallet: Eip1193Provider,
  chain: Pick<ChainSettings, "rpcUrl" | "chainId">,
  f: Funding,
  onSent: (what: "eth" | "tokens", hash: string) => void = () => undefined,
): Promise<void> {
  await checkChain(wallet, chain.chainId);
  const provider = tabProvider(chain);
  try {
    const send = async (what: "eth" | "tokens", tx: Record<string, string>) => {
      const hash = (await wallet.request({
        method: "eth_sendTransaction",
        params: [{ from: f.from, ...tx }],
      })) as string;
      onSent(what, hash);
      const receipt = await provider.waitForTransaction(hash);
      if (receipt?.status !== 1) throw new Error(`the wallet's ${what} transfer ${hash} failed on chain`);
    };
    if (f.eth > 0n) await send("eth", { to: f.to, value: toQuantity(f.eth) });
    if (f.tokens > 0n) {
      const data = HashworkToken__factory.createInterface().encodeFunctionData("transfer", [f.to, f.tokens]);
      await send("tokens", { to: f.token, data });
    }
  } finally {
    provider.destroy();
  }
}
