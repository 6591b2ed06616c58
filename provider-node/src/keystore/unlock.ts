import { Wallet } from "ethers";
import { Worker } from "node:worker_threads";
import { KeystoreError } from "../sdk.js";

/**
 * Decrypts the keystore in a worker thread and returns the wallet. The keystore's scrypt (N = 2^17, r = 8) allocates a
 * 128 MiB buffer; decrypted in the main thread, that buffer stays in the process's external memory for as long as V8
 * sees no reason to collect it (a node's heap is small, so: for hours), doubling its resident set. A worker's memory
 * goes with the worker.
 */
export async function unlockKeystore(path: string, password: string): Promise<Wallet> {
  const { url, execArgv } = workerSpec();
  const worker = new Worker(url, { workerData: { path, password }, execArgv });
  try {
    const reply = await new Promise<{ privateKey?: string; error?: string; code?: string }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`keystore worker exited (${code}) without an answer`)));
    });
    if (reply.privateKey === undefined) {
      throw new KeystoreError(reply.error ?? "Cannot decrypt the keystore.", { code: reply.code ?? "KEYSTORE" });
    }
    return new Wallet(reply.privateKey);
  } finally {
    await worker.terminate();
  }
}

// The worker is a .ts file under tsx and .js once compiled; a TypeScript worker needs the tsx loader, which worker
// threads do not inherit from an in-process registration (the SDK's executor does the same).
function workerSpec(): { url: URL; execArgv: string[] | undefined } {
  const ts = import.meta.url.endsWith(".ts");
  const url = new URL(ts ? "./unlock-worker.ts" : "./unlock-worker.js", import.meta.url);
  if (!ts) return { url, execArgv: undefined };
  const inherited = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
  if (/\btsx\b/.test(inherited)) return { url, execArgv: undefined };
  return { url, execArgv: [...process.execArgv, "--import", import.meta.resolve("tsx/esm")] };
}
