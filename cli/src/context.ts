import type { Wallet } from "ethers";
import { marketContracts, type MarketContracts } from "@hashwork/sdk/chain";
import { KuboStore } from "@hashwork/sdk/content";
import { connectMarket, type ConnectedMarket, type MarketClient } from "@hashwork/sdk/requester";
import { resolveRpcUrl } from "./chain.js";
import { loadProfile } from "./config.js";
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
  profile?: string;
  json?: boolean;
  /** `market stats` only. */
  subgraph?: string;
}

export const DEFAULT_STORE_URL = "http://127.0.0.1:5001";
export const DEFAULT_SUBGRAPH_URL = "http://127.0.0.1:8000/subgraphs/name/subgraph-0";

/** Where commands connect. `deployment` undefined: the SDK's file for the chain id. */
export interface Settings {
  rpc: string;
  store: string;
  subgraph: string;
  deployment: string | undefined;
}

/**
 * Each setting from its flag, else its environment variable, else the selected profile of the config file
 * (--profile, HASHWORK_PROFILE or the file's default), else the built-in default.
 */
export function resolveSettings(options: GlobalOptions, env: NodeJS.ProcessEnv): Settings {
  const profile = loadProfile(options.profile ?? env.HASHWORK_PROFILE, env);
  return {
    rpc: resolveRpcUrl(options, env, profile.rpc),
    store: options.store ?? env.HASHWORK_STORE_URL ?? profile.contentStore ?? DEFAULT_STORE_URL,
    subgraph: options.subgraph ?? env.HASHWORK_SUBGRAPH_URL ?? profile.subgraph ?? DEFAULT_SUBGRAPH_URL,
    deployment: options.deployment ?? env.HASHWORK_DEPLOYMENT ?? profile.deployment,
  };
}

/** The market as the SDK connects to it (contracts bound to the read-only provider), and its token for messages. */
export interface Chain extends ConnectedMarket {
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
  private resolved: Settings | undefined;

  constructor(
    readonly options: GlobalOptions,
    readonly env: NodeJS.ProcessEnv = process.env,
    output?: Output,
  ) {
    this.output = output ?? new Output(options.json === true, process, env);
  }

  /** Resolved on first use: commands that connect nowhere (`job run`, `completion`) never read the config file. */
  settings(): Settings {
    this.resolved ??= resolveSettings(this.options, this.env);
    return this.resolved;
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
  async writable(): Promise<MarketContracts & { wallet: Wallet; address: string }> {
    const wallet = await this.signer();
    const { addresses } = await this.chain();
    return { wallet, address: wallet.address, ...marketContracts(addresses, wallet) };
  }

  /** The SDK's view of the market, for its requester actions: the contracts bound to the signer or read-only. */
  async client(o: { sign: boolean }): Promise<MarketClient> {
    const chain = await this.chain();
    return o.sign ? { ...chain, ...marketContracts(chain.addresses, await this.signer()) } : chain;
  }

  store(): KuboStore {
    const url = this.settings().store;
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
    void this.chainPromise?.then((c) => c.close()).catch(() => undefined);
  }

  private async connect(): Promise<Chain> {
    const { rpc, deployment: file } = this.settings();
    const market = await connectMarket({
      rpcUrl: rpc,
      store: this.store(),
      ...(file ? { deployment: file } : {}),
    });
    const [symbol, decimals] = await Promise.all([market.token.symbol(), market.token.decimals()]);
    return { ...market, tokenInfo: { address: market.addresses.token, symbol, decimals: Number(decimals) } };
  }
}
