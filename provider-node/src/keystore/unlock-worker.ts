// The child process of `unlockKeystore`: receives the keystore's path and password over IPC, decrypts it and answers
// with the key or the (password-free) error, then waits for its parent to end it (or exits when the parent is gone).
import { BaseError, readKeystore } from "../sdk.js";
import type { UnlockReply } from "./unlock.js";

process.on("disconnect", () => process.exit(0));
process.once("message", async ({ path, password }: { path: string; password: string }) => {
  let reply: UnlockReply;
  try {
    reply = { privateKey: (await readKeystore(path, password)).privateKey };
  } catch (error) {
    // readKeystore's errors never contain the password or key material.
    reply =
      error instanceof BaseError
        ? { error: error.shortMessage, code: error.code }
        : { error: "Cannot decrypt the keystore." };
  }
  process.send!(reply);
});
