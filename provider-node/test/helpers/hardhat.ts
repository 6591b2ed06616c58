import type { ChildProcess } from "node:child_process";
import { REPO, startHardhatNode as startNode } from "../../../scripts/devnet/chain.js";
import { freePort } from "./ports.js";

export { REPO };

export interface HardhatNode {
  url: string;
  port: number;
  process: ChildProcess;
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts `hardhat node` on 127.0.0.1 (one per suite) with automine plus 1-second interval mining, so time
 * advances without transactions as on a live chain. Output goes to `logFile`. (The devnet's implementation.)
 */
export async function startHardhatNode(logFile: string): Promise<HardhatNode> {
  const node = await startNode({ port: await freePort(), logFile, intervalMs: 1000, startTimeoutMs: 60_000 });
  return { url: node.url, port: node.port, process: node.service.child, rpc: node.rpc, stop: node.stop };
}
