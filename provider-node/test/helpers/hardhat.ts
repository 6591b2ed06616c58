import type { ChildProcess } from "node:child_process";
import { REPO, startChainNode, type ChainKind } from "@hashwork/harness/chain";
import { freePort } from "./ports.js";

export { REPO };

export interface HardhatNode {
  kind: ChainKind;
  url: string;
  port: number;
  process: ChildProcess;
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts the suite's chain node (HASHWORK_CHAIN: `hardhat node` unless anvil) on 127.0.0.1 (one per suite) with automine plus 1-second interval mining, so time
 * advances without transactions as on a live chain. Output goes to `logFile`. (The devnet's implementation.)
 */
export async function startHardhatNode(logFile: string): Promise<HardhatNode> {
  const node = await startChainNode({ port: await freePort(), logFile, intervalMs: 1000, startTimeoutMs: 60_000 });
  return {
    kind: node.kind,
    url: node.url,
    port: node.port,
    process: node.service.child,
    rpc: node.rpc,
    stop: node.stop,
  };
}
