import { fork } from "node:child_process";
import { Wallet } from "ethers";
import { KeystoreError } from "../sdk.js";

/** What the unlock process answers: the key, or the keystore's (password-free) error. */
export type UnlockReply = { privateKey?: string; error?: string; code?: string };

/**
 * Decrypts the keystore in a child process and returns the wallet. The keystore's scrypt (N = 2^17, r = 8) allocates a
 * 128 MiB buffer; decrypted in the main thread, that buffer stays in the process's external memory for as long as V8
 * sees no reason to collect it (a node's heap is small, so: for hours), doubling its resident set. A worker thread's
 * buffer goes with the worker, but not the allocator's free space its isolate leaves in the node (measured: some nodes
 * of a run kept ~10 MiB more for their whole life); a process takes all of it with it. The password travels over the
 * IPC channel, never in the child's arguments or environment.
 */
export async function unlockKeystore(path: string, password: string): Promise<Wallet> {
  const { url, execArgv } = unlockProcess();
  const child = fork(url, [], { execArgv, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  try {
    const reply = await new Promise<UnlockReply>((resolve, reject) => {
      child.once("message", (message: UnlockReply) => resolve(message));
      child.once("error", reject);
      child.once("exit", (code, signal) => {
        reject(new Error(`keystore process exited (${signal ?? code}) without an answer`));
      });
      child.send({ path, password });
    });
    if (reply.privateKey === undefined) {
      throw new KeystoreError(reply.error ?? "Cannot decrypt the keystore.", { code: reply.code ?? "KEYSTORE" });
    }
    return new Wallet(reply.privateKey);
  } finally {
    child.kill("SIGKILL");
  }
}

// The script is a .ts file under tsx and .js once compiled; a TypeScript child needs the tsx loader (the SDK's
// executor does the same for its sandbox process).
function unlockProcess(): { url: URL; execArgv: string[] } {
  const ts = import.meta.url.endsWith(".ts");
  const url = new URL(ts ? "./unlock-worker.ts" : "./unlock-worker.js", import.meta.url);
  const inherited = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
  if (!ts || /\btsx\b/.test(inherited)) return { url, execArgv: process.execArgv };
  return { url, execArgv: [...process.execArgv, "--import", import.meta.resolve("tsx/esm")] };
}
