import { createInterface } from "node:readline";
import { PASSWORD_ENV } from "../keystore.js";

/** The keystore password: HASHWORK_KEYSTORE_PASSWORD, else a hidden prompt on a terminal. */
export async function keystorePassword(confirm = false): Promise<string> {
  const fromEnv = process.env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (!process.stdin.isTTY) throw new Error(`set ${PASSWORD_ENV} (no terminal to prompt on)`);
  const password = await hiddenPrompt("Keystore password: ");
  if (confirm && (await hiddenPrompt("Repeat password: ")) !== password) throw new Error("passwords differ");
  return password;
}

function hiddenPrompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const rlOutput = rl as unknown as { _writeToOutput: (s: string) => void };
    let prompted = false;
    rlOutput._writeToOutput = (s: string) => {
      if (!prompted) {
        process.stderr.write(s);
        prompted = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}
