import {
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  readProvider,
  register,
  stake,
} from "@hashwork/sdk";
import { JsonRpcProvider, Network, NonceManager, Wallet } from "ethers";

const KEY = "hashwork.devnet.burnerKey";

/**
 * The tab's devnet key: made in the page and kept in this browser's localStorage, in the clear. Anyone with access to
 * this browser profile can use it. For a devnet only — never fund it with anything of value.
 */
export function burnerWallet(): Wallet {
  let key = localStorage.getItem(KEY);
  if (key === null) {
    key = Wallet.createRandom().privateKey;
    localStorage.setItem(KEY, key);
  }
  return new Wallet(key);
}

/** The offer a tab registers with (test-network prices: 0.00001 token per million fuel, at least 50 Mfuel a job). */
export const TAB_OFFER = { classes: 1, pricePerMfuel: 10n ** 13n, minMfuel: 50, capacity: 2 };

export interface Registration {
  registered: boolean;
  stake: bigint;
  /** Tokens in the wallet, not staked. */
  balance: bigint;
  /** Gas money. */
  eth: bigint;
}

/** What the chain says about the burner: its registration, stake, token balance and ETH. */
export async function readRegistration(
  rpcUrl: string,
  chainId: number,
  addresses: { market: string; registry: string },
  wallet: Wallet,
): Promise<Registration> {
  const provider = new JsonRpcProvider(rpcUrl, Network.from(chainId), { staticNetwork: true });
  try {
    const registry = ProviderRegistry__factory.connect(addresses.registry, provider);
    const token = HashworkToken__factory.connect(
      await JobMarket__factory.connect(addresses.market, provider).token(),
      provider,
    );
    const [record, balance, eth] = await Promise.all([
      readProvider(registry, { provider: wallet.address }),
      token.balanceOf(wallet.address),
      provider.getBalance(wallet.address),
    ]);
    return { registered: record.registered, stake: record.stake, balance, eth };
  } finally {
    provider.destroy();
  }
}

/**
 * Registers the burner with TAB_OFFER (unless it is registered) and stakes every token it holds, with the SDK's
 * actions. Runs before the engine starts: the engine's transaction manager takes the account's nonce from there.
 */
export async function registerAndStake(
  rpcUrl: string,
  chainId: number,
  addresses: { market: string; registry: string },
  wallet: Wallet,
): Promise<void> {
  const provider = new JsonRpcProvider(rpcUrl, Network.from(chainId), { staticNetwork: true, pollingInterval: 250 });
  try {
    // Nonces counted locally: register, approve and stake follow each other faster than some nodes' pending count.
    const signer = new NonceManager(wallet.connect(provider));
    const registry = ProviderRegistry__factory.connect(addresses.registry, signer);
    const token = HashworkToken__factory.connect(
      await JobMarket__factory.connect(addresses.market, provider).token(),
      signer,
    );
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
