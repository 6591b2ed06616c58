/**
 * A local EVM node on 127.0.0.1 — Hardhat's `hardhat node` or Foundry's anvil — and a minimal JSON-RPC client.
 * Shared by the devnet and the provider node's tests (provider-node/test/helpers/hardhat.ts).
 *
 * Both run chain id 31337 with the same 20 funded accounts (Hardhat's default mnemonic), automine plus interval
 * mining. They differ in one thing callers see: `evm_setIntervalMining` takes milliseconds on Hardhat and seconds on
 * anvil, and on anvil it also turns automine off; `setIntervalMining` below hides both.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Service } from "./processes.js";
import { fatal, waitFor } from "./ports.js";

/** The repository root (ends with "/"). */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** The EVM nodes the devnet and the end-to-end suites run on. */
export const CHAIN_KINDS = ["hardhat", "anvil"] as const;
export type ChainKind = (typeof CHAIN_KINDS)[number];

/** The chain the suites run on: `HASHWORK_CHAIN` (hardhat unless set). */
export function chainKindFromEnv(env: NodeJS.ProcessEnv = process.env): ChainKind {
  const kind = env.HASHWORK_CHAIN ?? "hardhat";
  if (!(CHAIN_KINDS as readonly string[]).includes(kind))
    throw new Error(`HASHWORK_CHAIN must be one of ${CHAIN_KINDS.join(", ")}, got "${kind}"`);
  return kind as ChainKind;
}

/**
 * The path of one of Foundry's binaries (`anvil`, `cast`) from its npm platform package (`@foundry-rs/<tool>` installs
 * the one for this machine). Run directly rather than through the package's Node wrapper, so a signal reaches it.
 */
export function foundryBinary(tool: "anvil" | "cast"): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const pkg = `@foundry-rs/${tool}-${process.platform}-${arch}`;
  try {
    const require = createRequire(join(REPO, "package.json"));
    return join(dirname(require.resolve(`${pkg}/package.json`)), "bin", tool);
  } catch {
    throw fatal(`${tool} is not installed for ${process.platform}-${process.arch} (${pkg}); run npm install`);
  }
}

export type Rpc = (method: string, params?: unknown[]) => Promise<unknown>;

/** A JSON-RPC caller for `url` (throws on transport errors and on JSON-RPC errors). */
export function rpcClient(url: string, timeoutMs = 10_000): Rpc {
  let id = 0;
  return async (method, params = []) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
}

/** A running chain node. */
export interface ChainNode {
  kind: ChainKind;
  /** Interval mining's period (ms; 0: none). */
  intervalMs: number;
  url: string;
  port: number;
  service: Service;
  rpc: Rpc;
  stop(): Promise<void>;
}

export interface ChainNodeOptions {
  /** Which node (default: `HASHWORK_CHAIN`, else hardhat). */
  kind?: ChainKind;
  port: number;
  logFile: string;
  /** Mine a block every this many ms besides automining (time advances without transactions). Default 1000; whole
   * seconds on anvil. */
  intervalMs?: number;
  /** anvil only: a public network's look — its chain id (default 31337), blocks only at the interval (no automine),
   * and a base fee in wei. */
  publicLike?: { chainId: number; baseFeeWei: bigint };
  startTimeoutMs?: number;
}

/** Starts the node on 127.0.0.1 and waits until it answers; automine plus interval mining. */
export async function startChainNode(o: ChainNodeOptions): Promise<ChainNode> {
  const kind = o.kind ?? chainKindFromEnv();
  if (o.publicLike && kind !== "anvil") throw new Error("only anvil runs with another chain id");
  const intervalMs = o.intervalMs ?? 1000;
  const service =
    kind === "anvil"
      ? new Service("anvil", foundryBinary("anvil"), anvilArgs(o.port, intervalMs, o.publicLike), {
          cwd: REPO,
          logFile: o.logFile,
          graceMs: 5_000,
        })
      : new Service(
          "hardhat node",
          `${REPO}node_modules/.bin/hardhat`,
          ["node", "--hostname", "127.0.0.1", "--port", String(o.port)],
          {
            cwd: REPO,
            logFile: o.logFile,
            env: { ...process.env, FORCE_COLOR: "0" },
            graceMs: 5_000,
          },
        );
  const url = `http://127.0.0.1:${o.port}`;
  const rpc = rpcClient(url);
  const stop = async () => void (await service.stop());
  try {
    await waitFor(
      service.name,
      () => {
        if (!service.running) throw fatal(`${service.name} exited; see ${o.logFile}`);
        return rpc("eth_blockNumber");
      },
      o.startTimeoutMs ?? 90_000,
    );
    // anvil mines both ways from its flags (no RPC call can turn on automine and interval mining together there).
    if (kind === "hardhat") await rpc("evm_setIntervalMining", [intervalMs]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { kind, intervalMs, url, port: o.port, service, rpc, stop };
}

/** anvil as `hardhat node` runs by default: chain id 31337, 20 accounts with 10,000 ETH, automine plus interval. */
function anvilArgs(port: number, intervalMs: number, publicLike?: ChainNodeOptions["publicLike"]): string[] {
  if (intervalMs % 1000 !== 0) throw new Error(`anvil mines at whole seconds, not every ${intervalMs} ms`);
  const args = ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(publicLike?.chainId ?? 31337)];
  args.push("--accounts", "20", "--balance", "10000");
  if (publicLike) {
    if (intervalMs === 0) throw new Error("a public-like chain needs a block interval");
    return [...args, "--block-time", String(intervalMs / 1000), "--base-fee", String(publicLike.baseFeeWei)];
  }
  if (intervalMs > 0) args.push("--mixed-mining", "--block-time", String(intervalMs / 1000));
  return args;
}

/**
 * Turns interval mining off (0) or back on (`intervalMs`) while automine stays on. On anvil, where interval mining
 * replaces automine, "off" means automine alone and "on" means interval mining alone: transactions then wait for the
 * next interval block.
 */
export async function setIntervalMining(chain: Pick<ChainNode, "kind" | "rpc">, intervalMs: number): Promise<void> {
  if (chain.kind === "hardhat") return void (await chain.rpc("evm_setIntervalMining", [intervalMs]));
  if (intervalMs === 0) return void (await chain.rpc("evm_setAutomine", [true]));
  await chain.rpc("evm_setIntervalMining", [intervalMs / 1000]);
}

/**
 * From now on blocks come only at the mining interval, each with every pending transaction (automine off). anvil
 * started with mixed mining keeps mining each transaction at once after `evm_setAutomine(false)`, so there interval
 * mining is set anew, which replaces automine.
 */
export async function mineAtIntervalOnly(chain: Pick<ChainNode, "kind" | "rpc" | "intervalMs">): Promise<void> {
  if (chain.kind === "hardhat") return void (await chain.rpc("evm_setAutomine", [false]));
  await chain.rpc("evm_setIntervalMining", [chain.intervalMs / 1000]);
}
