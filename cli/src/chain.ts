import { usageError } from "./errors.js";

/** Named networks `--network` accepts, with their default RPC endpoint. */
export const NETWORKS: Record<string, { rpc: string }> = {
  localhost: { rpc: "http://127.0.0.1:8545" },
  hardhat: { rpc: "http://127.0.0.1:8545" },
};

/**
 * The RPC URL: flags first (--rpc, --network), then the environment (HASHWORK_RPC_URL, HASHWORK_NETWORK), then the
 * profile's `rpc`, then the localhost network.
 */
export function resolveRpcUrl(
  options: { rpc?: string; network?: string },
  env: NodeJS.ProcessEnv,
  profileRpc?: string,
): string {
  if (options.rpc) return options.rpc;
  if (options.network) return networkRpc(options.network);
  if (env.HASHWORK_RPC_URL) return env.HASHWORK_RPC_URL;
  if (env.HASHWORK_NETWORK) return networkRpc(env.HASHWORK_NETWORK);
  return profileRpc ?? networkRpc("localhost");
}

function networkRpc(name: string): string {
  const network = NETWORKS[name];
  if (!network) {
    throw usageError(
      `Unknown network "${name}".`,
      `Use one of ${Object.keys(NETWORKS).join(", ")}, or pass --rpc <url>.`,
    );
  }
  return network.rpc;
}
