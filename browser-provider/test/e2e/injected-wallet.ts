// A stand-in for a wallet extension: `window.ethereum` in the page is a minimal EIP-1193 provider whose `request()`
// goes to this Node process (`page.exposeFunction`), where an ethers wallet on the real chain answers the account and
// chain questions and signs and sends `eth_sendTransaction` as the extension would after the user's confirmation.
// Every other method is the chain's answer, as a wallet forwards reads to its RPC.
import type { JsonRpcProvider, Signer } from "ethers";
import type { Page } from "playwright-core";

export interface InjectedWallet {
  /** Methods the page called, in order. */
  calls: string[];
  /** The chain id the wallet reports (a test sets another to see the page refuse it). */
  chainId: number;
}

export async function injectWallet(page: Page, signer: Signer, provider: JsonRpcProvider): Promise<InjectedWallet> {
  const address = await signer.getAddress();
  const state: InjectedWallet = { calls: [], chainId: Number((await provider.getNetwork()).chainId) };
  await page.exposeFunction("hashworkTestWallet", async (method: string, params: unknown[]) => {
    state.calls.push(method);
    switch (method) {
      case "eth_requestAccounts":
      case "eth_accounts":
        return [address];
      case "eth_chainId":
        return `0x${state.chainId.toString(16)}`;
      case "eth_sendTransaction": {
        const tx = params[0] as { from: string; to: string; value?: string; data?: string };
        if (tx.from.toLowerCase() !== address.toLowerCase()) throw new Error(`unknown account ${tx.from}`);
        const sent = await signer.sendTransaction({ to: tx.to, value: BigInt(tx.value ?? 0), data: tx.data });
        return sent.hash;
      }
      default:
        return provider.send(method, params);
    }
  });
  // A string, not a function: the test's transpiler could name helpers the page does not have.
  await page.addInitScript(`
    window.ethereum = {
      request: ({ method, params }) => window.hashworkTestWallet(method, params ?? []),
      on() {},
    };`);
  return state;
}
