import { Wallet } from "ethers";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { readDeployment } from "../config/deployment.js";
import { validateConfig } from "../config/validate.js";
import { providerPassword } from "../keystore/password.js";
import { keystoreAddress, writeKeystore } from "../sdk.js";
import type { ParsedArgs } from "./args.js";

export const PRIVATE_KEY_ENV = "HASHWORK_PRIVATE_KEY";

/**
 * `hashwork-node init`: writes a config file (validated exactly as `start` will read it) and an encrypted
 * keystore holding a new key, or the key in HASHWORK_PRIVATE_KEY with --import-key-from-env.
 */
export async function init({ options }: ParsedArgs): Promise<void> {
  const configPath = resolve(options.config ?? "hashwork-node.json");
  if (existsSync(configPath) && !options.force)
    throw new Error(`${configPath} exists (use --force to overwrite the config)`);
  const baseDir = dirname(configPath);

  // Numeric flags are converted as given: one that is not a number (NaN) fails validation, which names the setting.
  const raw: Record<string, unknown> = { chainId: Number(options["chain-id"] ?? 31337) };
  if (options.rpc) raw.rpcUrls = options.rpc;
  const { market, registry } = options;
  if (market || registry) raw.contracts = { market, registry };
  if (options["start-block"]) raw.startBlock = Number(options["start-block"]);
  if (options.deployment) raw.deployment = options.deployment;
  raw.keystore = options.keystore ?? "keystore.json";
  raw.dataDir = options["data-dir"] ?? "data";
  if (options["content-store"]) raw.contentStore = { url: options["content-store"] };
  if (options["http-port"]) raw.http = { port: Number(options["http-port"]) };
  if (options.class) raw.provider = { classes: options.class.map(Number) };

  const config = validateConfig(raw, baseDir, readDeployment); // fail before writing anything
  const importing = options["import-key-from-env"] === true;
  let address: string;
  if (existsSync(config.keystore)) {
    if (importing) throw new Error(`${config.keystore} exists; refusing to replace a key`);
    address = await keystoreAddress(config.keystore); // keep the existing key
  } else {
    const wallet = importing ? importedKey() : Wallet.createRandom();
    const password = await providerPassword(options["password-file"], true);
    await mkdir(dirname(config.keystore), { recursive: true });
    await writeKeystore(config.keystore, wallet, password);
    address = wallet.address;
  }
  await mkdir(baseDir, { recursive: true });
  await writeFile(configPath, JSON.stringify(raw, null, 2) + "\n");
  process.stdout.write(`config   ${configPath}\nkeystore ${config.keystore}\naddress  ${address}\n`);
}

function importedKey(): Wallet {
  const key = process.env[PRIVATE_KEY_ENV];
  if (!key) throw new Error(`--import-key-from-env needs ${PRIVATE_KEY_ENV}`);
  return new Wallet(key);
}
