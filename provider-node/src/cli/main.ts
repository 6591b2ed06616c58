import { createRequire } from "node:module";
import { BaseError } from "../sdk.js";
import { parseArgs, type Command, type ParsedArgs } from "./args.js";
import { init } from "./init.js";
import { start } from "./start.js";
import { status } from "./status.js";

/** The provider-node package's version: operators quote it in bug reports and check it after an upgrade. */
export const VERSION: string = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

const USAGE = `hashwork-node — Hashwork provider node

Usage:
  hashwork-node init   [--config hashwork-node.json] [--chain-id 31337] [--rpc URL]... [--market ADDR --registry ADDR]
                       [--start-block N] [--deployment FILE] [--content-store URL] [--data-dir DIR] [--keystore FILE]
                       [--class N]... [--http-port N] [--import-key-from-env] [--password-file FILE] [--force]
  hashwork-node start  [--config hashwork-node.json] [--password-file FILE] [--log-format pretty|json] [--faulty]
  hashwork-node status [--config hashwork-node.json] [--json]
  hashwork-node --version

Logs: --log-format pretty (one readable line) or json (one JSON object a line); without it, the config's
log.format, else pretty on a terminal and json otherwise (journald, pipes).

Settings: start and status let HASHWORK_NODE_<SETTING> override any scalar setting of the config file, in
upper snake case with __ between levels (HASHWORK_NODE_CHAIN_ID, HASHWORK_NODE_CHAIN__POLL_INTERVAL_MS,
HASHWORK_NODE_RPC_URLS=a,b for arrays).

Secrets: the keystore password comes from --password-file FILE, else HASHWORK_KEYSTORE_PASSWORD, else a
prompt. The file's content is the password (one trailing newline dropped); a regular file that group or
others can read is refused (chmod 600, as ssh asks of a key); special files (/dev/stdin, a pipe) and
Docker's /run/secrets/ are read as they are. Under systemd, pass it with LoadCredential= (see ops/).
--import-key-from-env reads the key to import from HASHWORK_PRIVATE_KEY. Keys are never written to logs.
`;

const COMMANDS: Record<Command, (args: ParsedArgs) => Promise<void>> = { init, start, status };

export async function main(argv: string[]): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.options.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (args.options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!args.command) {
    process.stderr.write(USAGE);
    return 2;
  }
  const command = COMMANDS[args.command];
  try {
    await command(args);
    return 0;
  } catch (error) {
    const message =
      error instanceof BaseError
        ? `${error.shortMessage}${error.details ? `\n${error.details}` : ""}`
        : (error as Error).message;
    process.stderr.write(`hashwork-node ${args.command}: ${message}\n`);
    return 1;
  }
}
