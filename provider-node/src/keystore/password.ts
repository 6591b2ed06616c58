import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { KeystoreError, keystorePassword } from "../sdk.js";

/** Docker and Compose mount secrets here, world-readable inside the container only; the mode says nothing there. */
const SECRET_MOUNTS = ["/run/secrets/"];

/**
 * The keystore password: from `--password-file` when given, else HASHWORK_KEYSTORE_PASSWORD, else a prompt on the
 * terminal (asked twice when `confirm`, as `init` does for a new keystore).
 */
export async function providerPassword(passwordFile: string | undefined, confirm = false): Promise<string> {
  return passwordFile === undefined ? keystorePassword(process.env, confirm) : readPasswordFile(passwordFile);
}

/**
 * Reads a password file: its content without one trailing newline. Like ssh with a private key, a regular file that
 * group or others may read is refused, since a secret that anyone on the machine can read is not one. Special files
 * (/dev/stdin, a FIFO, a systemd credential or process substitution) and Docker's /run/secrets/ are taken as they are.
 */
export function readPasswordFile(path: string): string {
  const file = resolve(path);
  let text: string;
  // Standard input is read from descriptor 0: opening /dev/stdin fails when it is a socket (as a supervisor may pass).
  if (file === "/dev/stdin") return passwordIn(readFileSync(0, "utf8"), file);
  try {
    const stat = statSync(file);
    const exempt = !stat.isFile() || SECRET_MOUNTS.some((prefix) => file.startsWith(prefix));
    if (!exempt && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, "0");
      throw new KeystoreError(
        `The password file ${file} is readable by group or others (mode ${mode}); run chmod 600 ${file}.`,
        { code: "KEYSTORE_PASSWORD_FILE_OPEN" },
      );
    }
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof KeystoreError) throw error;
    throw new KeystoreError(`Cannot read the password file ${file}: ${(error as Error).message}`, {
      code: "KEYSTORE_PASSWORD_FILE",
      cause: error,
    });
  }
  return passwordIn(text, file);
}

/** The file's text without one trailing newline (an editor's or echo's), refused when that leaves nothing. */
function passwordIn(text: string, file: string): string {
  const password = text.replace(/\r?\n$/, "");
  if (password === "") {
    throw new KeystoreError(`The password file ${file} is empty.`, { code: "KEYSTORE_PASSWORD_FILE_EMPTY" });
  }
  return password;
}
