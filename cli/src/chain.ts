import { usageError } from "./errors.js";

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
