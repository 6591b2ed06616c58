import { readProvider, register, stake } from "@hashwork/sdk";
import { NonceManager, type Wallet } from "ethers";
import { tabContracts, tabProvider, type ChainSettings } from "./tab-chain.js";

/**
 * The offer a tab registers with (test-network prices: 0.00001 token per million fuel, at least 50 Mfuel a job). Its
 * capacity (jobs held on chain from claim to settlement) is the devnet nodes': a job stays held through its challenge
 * window after the tab is done with it, and with 2 a tab took under four jobs a minute (bench:tab). What a closed tab
 * puts at risk is bounded by the engine's local queue (one execution, one queued), not by this.
 */
export const TAB_OFFER = { classes: 1, pricePerMfuel: 10n ** 13n, minMfuel: 50, capacity: 32 };

export interface Registration {
  registered: boolean;
  stake: bigint;
  /** Stake locked as collateral of claimed jobs. */
  locked: bigint;
  /** Stake on its way out (requested unstake) and the chain second it can be withdrawn from. */
  unbonding: bigint;
  unbondingReadyAt: number;
  /** Tokens in the working key, not staked. */
  balance: bigint;
  /** Gas money. */
  eth: bigint;
}

/** What the chain says about the working key: its registration, stake, token balance and ETH. */
export async function readRegistration(s: ChainSettings, address: string): Promise<Registration> {
  const provider = tabProvider(s);
  try {
    const { registry, token } = await tabContracts(s, provider);
    const [record, balance, eth] = await Promise.all([
      readProvider(registry, { provider: address }),
      token.balanceOf(address),
      provider.getBalance(address),
    ]);
    const { registered, stake, locked, unbonding, unbondingReadyAt } = record;
    return { registered, stake, locked, unbonding, unbondingReadyAt, balance, eth };
  } finally {
    provider.destroy();
  }
}

/**
 * Registers the working key with TAB_OFFER (unless it is registered) and stakes every token it holds, with the SDK's
 * actions. Runs before the engine starts: the engine's transaction manager takes the account's nonce from there.
 */
export async function registerAndStake(s: ChainSettings, wallet: Wallet): Promise<void> {
  const provider = tabProvider(s);
  try {
    // Nonces counted locally: register, approve and stake follow each other faster than some nodes' pending count.
    const signer = new NonceManager(wallet.connect(provider));
    const { registry, token } = await tabContracts(s, signer);
    const record = await readProvider(registry, { provider: wallet.address });
    if (!record.registered) {
      await (await register(registry, { metadataURI: `browser-tab:${wallet.address}`, ...TAB_OFFER })).wait();
    }
    const amount = await token.balanceOf(wallet.address);
    if (amount > 0n) await (await stake(registry, token, { amount })).wait();
  } finally {
    provider.destroy();
  }
}
