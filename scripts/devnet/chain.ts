/**
 * A `hardhat node` on 127.0.0.1 and a minimal JSON-RPC client. Shared by the devnet and the provider node's
 * tests (provider-node/test/helpers/hardhat.ts).
 */
import { fileURLToPath } from "node:url";
import { Service } from "./processes.js";
import { fatal, waitFor } from "./ports.js";

/** The repository root (ends with "/"). */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));

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

export interface HardhatNode {
  url: string;
  port: number;
  service: Service;
  rpc: Rpc;
  stop(): Promise<void>;
}

export interface HardhatNodeOptions {
  port: number;
  logFile: string;
  /** Mine a block every this many ms besides automining (time advances without transactions). Default 1000. */
  intervalMs?: number;
  startTimeoutMs?: number;
}

/** Starts `hardhat node --hostname 127.0.0.1` and waits until it answers; automine plus interval mining. */
export async function startHardhatNode(o: HardhatNodeOptions): Promise<HardhatNode> {
  const service = new Service(
    "hardhat node",
    `${REPO}node_modules/.bin/hardhat`,
    ["node", "--hostname", "127.0.0.1", "--port", String(o.port)],
    { cwd: REPO, logFile: o.logFile, env: { ...process.env, FORCE_COLOR: "0" }, graceMs: 5_000 },
  );
  const url = `http://127.0.0.1:${o.port}`;
  const rpc = rpcClient(url);
  const stop = async () => void (await service.stop());
  try {
    await waitFor(
      "hardhat node",
      () => {
        if (!service.running) throw fatal(`hardhat node exited; see ${o.logFile}`);
        return rpc("eth_blockNumber");
      },
      o.startTimeoutMs ?? 90_000,
    );
    await rpc("evm_setIntervalMining", [o.intervalMs ?? 1000]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port: o.port, service, rpc, stop };
}
