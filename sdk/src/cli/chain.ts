import { JsonRpcProvider, Network } from "ethers";
import { CliError, usageError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";

/** Named networks `--network` accepts, with their default RPC endpoint. */
export const NETWORKS: Record<string, { rpc: string }> = {
  localhost: { rpc: "http://127.0.0.1:8545" },
  hardhat: { rpc: "http://127.0.0.1:8545" },
};

/** The RPC URL from --rpc, HASHWORK_RPC_URL, or the named network (default localhost). */
export function resolveRpcUrl(options: { rpc?: string; network?: string }, env: NodeJS.ProcessEnv): string {
  if (options.rpc) return options.rpc;
  if (env.HASHWORK_RPC_URL) return env.HASHWORK_RPC_URL;
  const name = options.network ?? env.HASHWORK_NETWORK ?? "localhost";
  const network = NETWORKS[name];
  if (!network) {
    throw usageError(
      `Unknown network "${name}".`,
      `Use one of ${Object.keys(NETWORKS).join(", ")}, or pass --rpc <url>.`,
    );
  }
  return network.rpc;
}

/**
 * Asks the endpoint for its chain id with a short deadline before anything else, so an unreachable node
 * fails fast with one clear message (ethers would otherwise retry network detection forever).
 */
export async function probeChainId(url: string, timeoutMs = 5_000): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw unreachable(url, cause);
  }
  const body = (await response.json().catch(() => ({}))) as { result?: unknown };
  if (!response.ok || typeof body.result !== "string") throw unreachable(url, new Error(`HTTP ${response.status}`));
  return Number(BigInt(body.result));
}

function unreachable(url: string, cause: unknown): CliError {
  return new CliError(ExitCode.Unreachable, "RPC_UNREACHABLE", `Cannot reach the chain at ${url}.`, {
    cause,
    hint: "Start a node (`npx hardhat node --hostname 127.0.0.1`) or pass --rpc <url> / --network <name>.",
  });
}

/**
 * A provider pinned to the probed chain id (no background network detection). Its request cache is off:
 * ethers would otherwise answer a second `eth_getTransactionCount` within 250 ms from cache, and the next
 * transaction of a command (withdraw right after cancel) would reuse the previous nonce.
 */
export function connect(url: string, chainId: number): JsonRpcProvider {
  return new JsonRpcProvider(url, Network.from(chainId), {
    staticNetwork: true,
    pollingInterval: 500,
    cacheTimeout: -1,
  });
}
