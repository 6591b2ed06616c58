import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { track } from "./children.js";
import { freePort, waitFor } from "./ports.js";

export const REPO = fileURLToPath(new URL("../../../", import.meta.url));

export interface HardhatNode {
  url: string;
  port: number;
  process: ChildProcess;
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts `hardhat node` on 127.0.0.1 (one per suite) with automine plus 1-second interval mining, so time
 * advances without transactions as on a live chain. Output goes to `logFile`.
 */
export async function startHardhatNode(logFile: string): Promise<HardhatNode> {
  const port = await freePort();
  const child = track(
    spawn(`${REPO}node_modules/.bin/hardhat`, ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0" },
    }),
  );
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  let id = 0;
  const rpc = async (method: string, params: unknown[] = []) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
    });
    const body = (await res.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
    log.end();
  };
  try {
    await waitFor("hardhat node", () => rpc("eth_blockNumber"), 60_000);
    await rpc("evm_setIntervalMining", [1000]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, process: child, rpc, stop };
}
