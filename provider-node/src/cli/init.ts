import { Wallet } from "ethers";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { readDeployment } from "../config/deployment.js";
import { validateConfig } from "../config/validate.js";
import { keystoreAddress, keystorePassword, writeKeystore } from "../sdk.js";
import { flag, flags, type ParsedArgs } from "./args.js";

export const PRIVATE_KEY_ENV = "HASHWORK_PRIVATE_KEY";

/**
 * `hashwork-node init`: writes a config file (validated exactly as `start` will read it) and an encrypted
 * keystore holding a new key, or the key in HASHWORK_PRIVATE_KEY with --import-key-from-env.
 */
export async function init(args: ParsedArgs): Promise<void> {
  const configPath = resolve(flag(args, "config") ?? "hashwork-node.json");
  if (existsSync(configPath) && flag(args, "force") !== "true")
    throw new Error(`${configPath} exists (use --force to overwrite the config)`);
  const baseDir = dirname(configPath);

  const raw: Record<string, unknown> = { chainId: Number(flag(args, "chain-id") ?? 31337) };
  const rpcUrls = flags(args, "rpc");
  if (rpcUrls.length > 0) raw.rpcUrls = rpcUrls;
  const market = flag(args, "market");
  const registry = flag(args, "registry");
  if (market || registry) raw.contracts = { market, registry };
  if (flag(args, "start-block")) raw.startBlock = Number(flag(args, "start-block"));
  if (flag(args, "deployment")) raw.deployment = flag(args, "deployment");
  raw.keystore = flag(args, "keystore") ?? "keystore.json";
  raw.dataDir = flag(args, "data-dir") ?? "data";
  if (flag(args, "content-store")) raw.contentStore = { url: flag(args, "content-store") };
  if (flag(args, "http-port")) raw.http = { port: Number(flag(args, "http-port")) };
  if (flags(args, "class").length > 0) raw.provider = { classes: flags(args, "class").map(Number) };

  const config = validateConfig(raw, baseDir, readDeployment); // fail before writing anything
  const importing = flag(args, "import-key-from-env") === "true";
  let address: string;
  if (existsSync(config.keystore)) {
    if (importing) throw new Error(`${config.keystore} exists; refusing to replace a key`);
    address = await keystoreAddress(config.keystore); // keep the existing key
  } else {
    const wallet = importing ? importedKey() : Wallet.createRandom();
    const password = await keystorePassword(process.env, true);
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
