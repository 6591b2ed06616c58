// "Connect wallet" and "Fund the working key": an injected EIP-1193 wallet pays the tab's working key its gas money
// and stake (transactions the wallet prompts for); the working key itself then registers, stakes and works.
import { parseEther, parseUnits } from "ethers";
import { WrongChainError, connectWallet, fundWorkingKey, type Eip1193Provider } from "./engine/injected-wallet.js";
import { tabContracts, tabProvider, type ChainSettings } from "./engine/tab-chain.js";
import { ownerOf, setOwner } from "./engine/working-key.js";
import { $, errorText, log, show } from "./page.js";

export function showOwner(chainId: number, working: string): void {
  const owner = ownerOf(chainId, working);
  const el = $("#owner");
  el.dataset.address = owner ?? "";
  el.textContent = owner
    ? `${owner} funded the working key; withdrawals go there`
    : "none (withdrawals stay with the working key)";
  $("#withdraw").textContent = owner ? "Stop and withdraw to wallet" : "Stop and withdraw";
}

/** Wires the wallet section for `injected`: connect, check the chain, fund `working` (the tab's working key). */
export function setupWalletPanel(injected: Eip1193Provider, settings: ChainSettings, working: string): void {
  const status = $("#wallet-status");
  const fundButton = $<HTMLButtonElement>("#fund-button");
  let account: string | undefined;
  $("#wallet").hidden = false;
  showOwner(settings.chainId, working);

  const connected = (address: string | undefined) => {
    account = address;
    fundButton.disabled = address === undefined;
    status.dataset.address = address ?? "";
    if (address === undefined) return show(status, "disconnected", "no wallet connected");
    const owner = ownerOf(settings.chainId, working);
    const note =
      owner && owner.toLowerCase() !== address.toLowerCase()
        ? `; the working key was funded by ${owner}: funding it from this account makes this account the one withdrawals go to`
        : "";
    show(status, "connected", `connected: ${address} on chain ${settings.chainId}${note}`);
  };
  const failed = (error: unknown) => {
    fundButton.disabled = true;
    account = undefined;
    show(status, error instanceof WrongChainError ? "wrong-chain" : "failed", errorText(error));
  };
  const recheck = () => connectWallet(injected, settings.chainId, false).then(connected, failed);

  $("#connect").addEventListener("click", () => {
    show(status, "connecting", "waiting for the wallet…");
    connectWallet(injected, settings.chainId).then(connected, failed);
  });
  injected.on?.("accountsChanged", () => void recheck());
  injected.on?.("chainChanged", () => void recheck());
  void recheck(); // a wallet that already shares its account with this page connects without a prompt

  $<HTMLFormElement>("#fund").addEventListener("submit", (event) => {
    event.preventDefault();
    if (account === undefined) return;
    const from = account;
    fundButton.disabled = true;
    void (async () => {
      try {
        const eth = parseEther($<HTMLInputElement>("#fund-eth").value.trim() || "0");
        const amount = parseUnits($<HTMLInputElement>("#fund-tokens").value.trim() || "0", 18);
        if (eth === 0n && amount === 0n) throw new Error("give an amount of ETH or tokens");
        const provider = tabProvider(settings);
        const token = await tabContracts(settings, provider)
          .then((c) => c.token.getAddress())
          .finally(() => provider.destroy());
        // Recorded before any money moves: a reload mid-funding still knows where withdrawals go.
        setOwner(settings.chainId, working, from);
        showOwner(settings.chainId, working);
        show(status, "funding", "confirm the transfers in your wallet…");
        await fundWorkingKey(injected, settings, { from, to: working, eth, tokens: amount, token }, (what, hash) => {
          log(`wallet sent ${what} to the working key: ${hash}`);
          show(status, "funding", `waiting for the ${what} transfer ${hash} to be mined…`);
        });
        show(status, "funded", `funded the working key from ${from}`);
      } catch (error) {
        show(
          status,
          "failed",
          `funding failed: ${errorText(error)} (any transfer already mined stays with the working key; try again)`,
        );
      } finally {
        fundButton.disabled = account === undefined;
      }
    })();
  });
}
