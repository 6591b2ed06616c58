/**
 * The devnet's provider nodes: each a hardhat account, funded with tokens by the deployer, registered and
 * staked through the SDK actions, then run as a real `hashwork-node` process (init, then start) with its
 * config, keystore and database under the state dir.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { NonceManager, formatEther, parseEther, type JsonRpcProvider, type Wallet } from "ethers";
import { hardhatAccount, ROLES } from "./accounts.js";
import { REPO, type Rpc } from "@hashwork/harness/chain";
import { fatal, waitFor } from "@hashwork/harness/ports";
import { runToCompletion, Service } from "@hashwork/harness/processes";
import { prepareStake, register, type HashworkToken, type ProviderRegistry } from "@hashwork/sdk";
import type { StateLayout } from "./state.js";
import { NODE_ENV, NODE_FLAGS } from "@hashwork/provider-node/process-settings";
import { mergeConfig } from "@hashwork/provider-node/config/merge";

const BIN = join(REPO, "provider-node/bin/hashwork-node.mjs");
/** Devnet only: the keystores guard hardhat's public test keys. */
export const DEVNET_KEYSTORE_PASSWORD = "hashwork-devnet";

/**
 * The devnet's going rate, token units per million fuel: providers ask around it (PRICE_STEPS), the workload generator
 * bids up to 1.25x it (every provider is eligible on price; a cheaper one is paid less for the same fuel).
 */
export const MARKET_PRICE_PER_MFUEL = parseEther("0.001");
/** Provider i asks PRICE_STEPS[i mod n] % of the market price. */
const PRICE_STEPS = [80n, 100n, 120n, 90n, 110n, 100n, 95n];
/**
 * A faulty node undercuts every honest offer, as a cheat would: 70% of the market price, below the lowest step. So a job
 * capped at its price is for it alone, which is how the devnet test makes sure one of its wrong results goes
 * unaudited and only the watcher's challenge can catch it.
 */
export const FAULTY_PRICE_PER_MFUEL = (MARKET_PRICE_PER_MFUEL * 70n) / 100n;

/** What each provider offers and bonds on the devnet (prices per provider: `priceOf`). */
export const OFFER = {
  classes: 1, // bitmask: resource class 0
  minMfuel: 1, // million fuel billed at least per job: small, every sample job fits it
  // Assignments held at once (replica slots and verifier seats), each from claim to settlement: ~100 s at the devnet's
  // windows, of which a sample job executes for about a second. The node's own queue rule (provider.maxConcurrent
  // executors, provider.maxQueued waiting, every commit deadline kept) decides what it can run; this on-chain bound
  // only has to leave it room (at 8, eight nodes carried ~16 jobs/min and the market queued on slots, not on CPU).
  capacity: 32,
  stake: parseEther("1000"),
};

/** Tokens a watcher node keeps in its wallet: challenge bonds come from its balance, not its stake. */
export const WATCHER_BALANCE = parseEther("200");

/** Provider i's asking price, token units per million fuel. */
export const priceOf = (i: number): bigint => (MARKET_PRICE_PER_MFUEL * PRICE_STEPS[i % PRICE_STEPS.length]) / 100n;

/** Node settings for a 1-second devnet: react within a block, log at info. */
const DEVNET_NODE_CONFIG = {
  chain: { confirmations: 1, pollIntervalMs: 500, rpcTimeoutMs: 5_000 },
  tx: { pollIntervalMs: 300, replaceAfterMs: 15_000 },
  jobs: { safetyMarginSec: 5 },
  earnings: { withdrawThreshold: parseEther("50").toString() },
  log: { level: "info" },
};

/** A watcher re-executes every job it is no party of and challenges an agreed result that differs from its own. */
const WATCHER_NODE_CONFIG = { watcher: { sampleRate: 1, maxBondTokens: "100" } };

export interface ProviderSpec {
  index: number;
  name: string;
  wallet: Wallet;
  faulty: boolean;
  /** Also a watcher (never a faulty node). */
  watcher: boolean;
  /** Token units per million fuel. */
  pricePerMfuel: bigint;
  dir: string;
  configPath: string;
  metricsUrl: string;
  metricsPort: number;
}

export function providerSpecs(
  state: StateLayout,
  o: { count: number; faulty: number; watchers: number; metricsBase: number },
): ProviderSpec[] {
  const { count, faulty, watchers, metricsBase } = o;
  return Array.from({ length: count }, (_, i) => {
    const dir = state.provider(i);
    const isFaulty = i >= count - faulty; // the last `faulty` nodes
    return {
      index: i,
      name: `p${i + 1}`,
      wallet: hardhatAccount(ROLES.firstProvider + i),
      faulty: isFaulty,
      watcher: i < watchers, // the first `watchers` nodes
      pricePerMfuel: isFaulty ? FAULTY_PRICE_PER_MFUEL : priceOf(i),
      dir,
      configPath: join(dir, "config.json"),
      metricsPort: metricsBase + i,
      metricsUrl: `http://127.0.0.1:${metricsBase + i}/metrics`,
    };
  });
}

export interface Chain {
  provider: JsonRpcProvider;
  rpc: Rpc;
  deployer: NonceManager;
  token: HashworkToken;
  registry: ProviderRegistry;
}

/** Gives every provider gas money (when short), tokens, an offer and stake. */
export async function fundAndRegister(chain: Chain, specs: ProviderSpec[]): Promise<void> {
  for (const s of specs) await ensureEth(chain, s.wallet.address);
  // Token transfers from the one deployer account, in order (its NonceManager hands out nonces).
  const transfers = [];
  for (const s of specs) {
    const amount = OFFER.stake + (s.watcher ? WATCHER_BALANCE : 0n);
    transfers.push(await chain.token.connect(chain.deployer).transfer(s.wallet.address, amount));
  }
  await Promise.all(transfers.map((t) => t.wait()));
  // One nonce manager per account for every step (a fresh one would ask the chain, which may lag by a block).
  const signers = new Map(specs.map((s) => [s.name, new NonceManager(s.wallet.connect(chain.provider))]));
  await Promise.all(
    specs.map(async (s) => {
      const signer = signers.get(s.name)!;
      const registry = chain.registry.connect(signer);
      await (
        await register(registry, {
          metadataURI: `devnet://provider/${s.name}${s.faulty ? "?faulty" : ""}`,
          classes: OFFER.classes,
          pricePerMfuel: s.pricePerMfuel,
          minMfuel: OFFER.minMfuel,
          capacity: OFFER.capacity,
        })
      ).wait();
    }),
  );
  // Stakes one after another, each with a gas margin: the registry archives the previous total-stake checkpoint
  // only when it was set in an earlier block, so a stake estimated while another lands in the same block would
  // be estimated ~20k short and run out of gas.
  for (const s of specs) {
    const signer = signers.get(s.name)!;
    const registry = chain.registry.connect(signer);
    const spender = await registry.getAddress();
    const token = chain.token.connect(signer);
    if ((await token.allowance(s.wallet.address, spender)) < OFFER.stake)
      await (await token.approve(spender, OFFER.stake)).wait();
    const call = prepareStake(registry, { amount: OFFER.stake });
    const gasLimit = ((await signer.estimateGas(call)) * 3n) / 2n;
    await (await signer.sendTransaction({ to: call.to, data: call.data, gasLimit })).wait();
  }
}

/** Tops an account up to 1,000 ETH on the devnet when it has less than 1 (hardhat funds only 20 accounts). */
export async function ensureEth(chain: Pick<Chain, "provider" | "rpc">, address: string): Promise<void> {
  if ((await chain.provider.getBalance(address)) >= parseEther("1")) return;
  await chain.rpc("hardhat_setBalance", [address, `0x${parseEther("1000").toString(16)}`]);
}

/**
 * Writes each node's config for this chain with `hashwork-node init` (first run: imports the hardhat key into
 * an encrypted keystore; later runs keep the keystore), then applies the devnet's node settings.
 */
export async function initNodes(
  specs: ProviderSpec[],
  o: { rpcUrl: string; contentUrl: string; market: string; registry: string; startBlock: number; logFile: string },
): Promise<void> {
  await Promise.all(
    specs.map(async (s) => {
      await mkdir(s.dir, { recursive: true });
      const keystore = join(s.dir, "keystore.json");
      const importing = !existsSync(keystore);
      if (!importing) {
        const address = (JSON.parse(readFileSync(keystore, "utf8")) as { address: string }).address;
        if (address.replace(/^0x/, "").toLowerCase() !== s.wallet.address.slice(2).toLowerCase())
          throw new Error(`${keystore} holds 0x${address}, not ${s.wallet.address}; start with --reset`);
      }
      const args = [
        BIN,
        "init",
        "--force",
        "--config",
        s.configPath,
        "--chain-id",
        "31337",
        "--rpc",
        o.rpcUrl,
        "--market",
        o.market,
        "--registry",
        o.registry,
        "--start-block",
        String(o.startBlock),
        "--content-store",
        o.contentUrl,
        "--http-port",
        String(s.metricsPort),
        ...(importing ? ["--import-key-from-env"] : []),
      ];
      await runToCompletion(`hashwork-node init ${s.name}`, process.execPath, args, {
        cwd: REPO,
        logFile: o.logFile,
        env: {
          ...process.env,
          HASHWORK_KEYSTORE_PASSWORD: DEVNET_KEYSTORE_PASSWORD,
          ...(importing ? { HASHWORK_PRIVATE_KEY: s.wallet.privateKey } : {}),
        },
        timeoutMs: 120_000,
      });
      const config = JSON.parse(readFileSync(s.configPath, "utf8")) as Record<string, unknown>;
      const settings = s.watcher ? mergeConfig(DEVNET_NODE_CONFIG, WATCHER_NODE_CONFIG) : DEVNET_NODE_CONFIG;
      writeFileSync(s.configPath, JSON.stringify(mergeConfig(config, settings), null, 2) + "\n");
    }),
  );
}

/** Starts `hashwork-node start` for one spec (also what the supervisor runs again after a crash). */
export function spawnNode(s: ProviderSpec, logFile: (name: string) => string): Service {
  return new Service(
    `provider ${s.name}${s.faulty ? " (faulty)" : ""}`,
    process.execPath,
    [...NODE_FLAGS, BIN, "start", "--config", s.configPath, ...(s.faulty ? ["--faulty"] : [])],
    {
      cwd: REPO,
      logFile: logFile(`provider-${s.name}`),
      env: { ...process.env, ...NODE_ENV, HASHWORK_KEYSTORE_PASSWORD: DEVNET_KEYSTORE_PASSWORD },
      graceMs: 15_000,
    },
  );
}

/** Resolves once the node's /healthz answers (200 or 503: it is up); rejects at once if it exits first. */
export function nodeAnswers(
  s: ProviderSpec,
  service: Service,
  logFile: (name: string) => string,
  timeoutMs = 90_000,
): Promise<true> {
  return waitFor(
    `provider ${s.name} /healthz`,
    async () => {
      if (!service.running) throw fatal(`provider ${s.name} exited; see ${logFile(`provider-${s.name}`)}`);
      const res = await fetch(`http://127.0.0.1:${s.metricsPort}/healthz`);
      return res.status > 0 ? true : undefined;
    },
    timeoutMs,
  );
}

/** Starts every node and waits until each answers (a node exiting now is a startup failure, not a crash). */
export async function startNodes(specs: ProviderSpec[], logFile: (name: string) => string): Promise<Service[]> {
  const services = specs.map((s) => spawnNode(s, logFile));
  // All boot at once (unlock their keystores, measure their fuel rate): on a small machine 32 nodes take a while.
  const timeoutMs = Math.max(90_000, specs.length * 5_000);
  await Promise.all(specs.map((s, i) => nodeAnswers(s, services[i], logFile, timeoutMs)));
  return services;
}

export function describeOffers(specs: ProviderSpec[]): string {
  const prices = specs.map((s) => formatEther(s.pricePerMfuel)).join("/");
  return `${prices} HWK per Mfuel, min ${OFFER.minMfuel} Mfuel, capacity ${OFFER.capacity}, stake ${formatEther(OFFER.stake)}`;
}
