// Worker thread of `unlockKeystore`: decrypts the keystore and answers with the key or the (password-free) error.
import { parentPort, workerData } from "node:worker_threads";
import { BaseError, readKeystore } from "../sdk.js";

const { path, password } = workerData as { path: string; password: string };
try {
  const wallet = await readKeystore(path, password);
  parentPort?.postMessage({ privateKey: wallet.privateKey });
} catch (error) {
  // readKeystore's errors never contain the password or key material.
  const e =
    error instanceof BaseError
      ? { error: error.shortMessage, code: error.code }
      : { error: "Cannot decrypt the keystore." };
  parentPort?.postMessage(e);
}
