import { Wallet } from "ethers";
import { KeystoreError } from "@hashwork/sdk/errors";
import { keystorePassword, readKeystore } from "@hashwork/sdk/keystore";
import { CliError, usageError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";

export const PRIVATE_KEY_ENV = "HASHWORK_PRIVATE_KEY";

/**
 * The signing key: an encrypted JSON keystore (--keystore / HASHWORK_KEYSTORE; the password from the
 * environment or a hidden prompt), else HASHWORK_PRIVATE_KEY. Key material never appears in messages.
 */
export async function loadWallet(keystore: string | undefined, env: NodeJS.ProcessEnv): Promise<Wallet> {
  const path = keystore ?? env.HASHWORK_KEYSTORE;
  if (path) return decryptKeystore(path, env);
  const key = env[PRIVATE_KEY_ENV];
  if (key) {
    try {
      return new Wallet(key.startsWith("0x") ? key : `0x${key}`);
    } catch {
      throw usageError(`${PRIVATE_KEY_ENV} is not a valid private key (32 bytes of hex).`);
    }
  }
  throw usageError(
    "This command sends transactions and needs a key.",
    `Pass --keystore <file> (password in HASHWORK_PASSWORD or at the prompt) or set ${PRIVATE_KEY_ENV}.`,
  );
}

/** The SDK's keystore errors, as CLI errors with their exit codes. */
async function decryptKeystore(path: string, env: NodeJS.ProcessEnv): Promise<Wallet> {
  try {
    return await readKeystore(path, await keystorePassword(env));
  } catch (error) {
    if (!(error instanceof KeystoreError)) throw error;
    if (error.code === "KEYSTORE_NOT_FOUND") {
      throw new CliError(ExitCode.NotFound, error.code, error.shortMessage, {
        hint: "Check the path given to --keystore.",
      });
    }
    throw usageError(error.shortMessage);
  }
}
