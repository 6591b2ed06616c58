import { Wallet, getAddress, type HDNodeWallet } from "ethers";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { KeystoreError } from "../errors/keystore.js";

export { keystorePassword, hiddenPrompt, PASSWORD_ENVS } from "./password.js";

/** Encrypts `wallet` into an ethers JSON keystore at `path` (mode 0600); refuses to overwrite. */
export async function writeKeystore(path: string, wallet: Wallet | HDNodeWallet, password: string): Promise<void> {
  if (existsSync(path)) throw new KeystoreError(`Keystore ${path} already exists; refusing to overwrite it.`);
  if (password.length < 8) throw new KeystoreError("The keystore password must have at least 8 characters.");
  await writeFile(path, await wallet.encrypt(password), { mode: 0o600, flag: "wx" });
}

/** Decrypts the keystore at `path`. The error never contains the password or key material. */
export async function readKeystore(path: string, password: string): Promise<Wallet> {
  let json: string;
  try {
    json = await readFile(path, "utf8");
  } catch (cause) {
    throw new KeystoreError(`Cannot read keystore ${path}.`, { code: "KEYSTORE_NOT_FOUND", cause });
  }
  try {
    const wallet = await Wallet.fromEncryptedJson(json, password);
    return wallet instanceof Wallet ? wallet : new Wallet(wallet.privateKey);
  } catch {
    // The underlying error can quote parts of the file; it is dropped on purpose.
    throw new KeystoreError(`Cannot decrypt keystore ${path}: wrong password or not a keystore file.`);
  }
}

/** The address a keystore holds, read from its JSON without decrypting it. */
export async function keystoreAddress(path: string): Promise<string> {
  let parsed: { address?: unknown };
  try {
    parsed = JSON.parse(await readFile(path, "utf8")) as { address?: unknown };
  } catch (cause) {
    throw new KeystoreError(`Cannot read keystore ${path}.`, { code: "KEYSTORE_NOT_FOUND", cause });
  }
  if (typeof parsed.address !== "string") throw new KeystoreError(`Keystore ${path} has no address field.`);
  return getAddress(parsed.address.startsWith("0x") ? parsed.address : `0x${parsed.address}`);
}
