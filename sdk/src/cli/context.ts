import type { JsonRpcProvider, Wallet } from "ethers";
import { KuboStore } from "../content/index.js";
import { loadDeployment, marketAddresses, type MarketAddresses } from "../deployments/index.js";
import {
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  VerificationCourt__factory,
  type HashworkToken,
  type JobMarket,
  type ProviderRegistry,
  type VerificationCourt,
} from "../typechain/index.js";
import { connect, probeChainId, resolveRpcUrl } from "./chain.js";
import { formatAmount, type TokenInfo } from "./format.js";
import { loadWallet } from "./keys.js";
import { Output } from "./output.js";

/** Options every command accepts (set before or after the command name). */
export interface GlobalOptions {
  rpc?: string;
  network?: string;
  deployment?: string;
  store?: string;
  keystore?: string;
  json?: boolean;
}

export const DEFAULT_STORE_URL = "http://127.0.0.1:5001";

/** The market's contracts bound to one runner (the read-only provider or the signer). */
export interface Contracts {
  market: JobMarket;
  registry: ProviderRegistry;
  token: HashworkToken;
  /** The VerificationCourt: audits, panels, challenges; its pool pays verifiers. */
  court: VerificationCourt;
}

export interface Chain extends Contracts {
  provider: JsonRpcProvider;
  chainId: number;
  addresses: MarketAddresses;
  tokenInfo: TokenInfo;
}

/**
 * What a command needs, built lazily from the global options and the environment: commands that only
 * print examples never touch the chain, read-only commands never ask for a key.
 */
export class Context {
  readonly output: Output;
  private chainPromise: Promise<Chain> | undefined;
  private walletPromise: Promise<Wallet> | undefined;

  constructor(
    readonly options: GlobalOptions,
    readonly env: NodeJS.ProcessEnv = process.env,
    output?: Output,
  ) {
    this.output = output ?? new Output(options.json === true);
  }

  chain(): Promise<Chain> {
    this.chainPromise ??= this.connect();
    return this.chainPromise;
  }

  /** The signer, connected to the chain. */
  async signer(): Promise<Wallet> {
    const { provider } = await this.chain();
    this.walletPromise ??= loadWallet(this.options.keystore, this.env).then((w) => w.connect(provider));
    return this.walletPromise;
  }

  /** The contracts bound to the signer, for sending. */
  async writable(): Promise<Contracts & { wallet: Wallet; address: string }> {
    const wallet = await this.signer();
    const { addresses } = await this.chain();
    return { wallet, address: wallet.address, ...bind(addresses, wallet) };
  }

  store(): KuboStore {
    const url = this.options.store ?? this.env.HASHWORK_STORE_URL ?? DEFAULT_STORE_URL;
    // Few retries: a CLI user would rather hear "unreachable" quickly than wait out a long backoff.
    return new KuboStore(url, { timeoutMs: 30_000, retry: { retries: 2, baseDelayMs: 200 } });
  }

  /** Formats token amounts for messages (falls back to base units before the chain is known). */
  async amountFormatter(): Promise<(amount: bigint) => string> {
    const info = this.chainPromise
      ? await this.chainPromise.then((c) => c.tokenInfo).catch(() => undefined)
      : undefined;
    return info ? (x) => formatAmount(x, info) : (x) => `${x} base units`;
  }

  close(): void {
    void this.chainPromise?.then((c) => c.provider.destroy()).catch(() => undefined);
  }

  private async connect(): Promise<Chain> {
    const url = resolveRpcUrl(this.options, this.env);
    const chainId = await probeChainId(url);
    const file = this.options.deployment ?? this.env.HASHWORK_DEPLOYMENT;
    const deployment = file ? loadDeployment(chainId, file) : loadDeployment(chainId);
    const addresses = marketAddresses(deployment, file);
    const provider = connect(url, chainId);
    const contracts = bind(addresses, provider);
    const [symbol, decimals] = await Promise.all([contracts.token.symbol(), contracts.token.decimals()]);
    const tokenInfo = { address: addresses.token, symbol, decimals: Number(decimals) };
    return { provider, chainId, addresses, tokenInfo, ...contracts };
  }
}

function bind(addresses: MarketAddresses, runner: JsonRpcProvider | Wallet): Contracts {
  return {
    market: JobMarket__factory.connect(addresses.market, runner),
    registry: ProviderRegistry__factory.connect(addresses.registry, runner),
    token: HashworkToken__factory.connect(addresses.token, runner),
    court: VerificationCourt__factory.connect(addresses.court, runner),
  };
}
