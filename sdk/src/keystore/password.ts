import { createInterface } from "node:readline";
import { KeystoreError } from "../errors/keystore.js";

/** Where a keystore password may come from, first match wins: the CLI's variable, then the node's. */
export const PASSWORD_ENVS = ["HASHWORK_PASSWORD", "HASHWORK_KEYSTORE_PASSWORD"] as const;

/** The keystore password from the environment, else a hidden prompt on a terminal (`confirm`: type it twice). */
export async function keystorePassword(env: NodeJS.ProcessEnv = process.env, confirm = false): Promise<string> {
  for (const name of PASSWORD_ENVS) {
    const value = env[name];
    if (value) return value;
  }
  if (!process.stdin.isTTY) {
    throw new KeystoreError(
      `The keystore needs a password and there is no terminal to ask on: set ${PASSWORD_ENVS[0]}.`,
      {
        code: "KEYSTORE_PASSWORD_MISSING",
      },
    );
  }
  const password = await hiddenPrompt("Keystore password: ");
  if (confirm && (await hiddenPrompt("Repeat password: ")) !== password) {
    throw new KeystoreError("The passwords differ.", { code: "KEYSTORE_PASSWORD_MISMATCH" });
  }
  return password;
}

/** Asks on stderr and reads a line without echoing it: the typed password must not appear on screen. */
export function hiddenPrompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let asked = false;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
      if (!asked) process.stderr.write(s);
      asked = true;
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}
