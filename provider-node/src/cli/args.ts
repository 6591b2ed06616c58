import { parseArgs as parseArgv, type ParseArgsConfig } from "node:util";

/**
 * Every option of `hashwork-node`, parsed by Node's `util.parseArgs`: `--name value` or `--name=value`; a string
 * option given twice keeps the last value, a `multiple` one collects them; booleans take no value.
 */
const OPTIONS = {
  config: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
  // init
  "chain-id": { type: "string" },
  rpc: { type: "string", multiple: true },
  market: { type: "string" },
  registry: { type: "string" },
  "start-block": { type: "string" },
  deployment: { type: "string" },
  keystore: { type: "string" },
  "data-dir": { type: "string" },
  "content-store": { type: "string" },
  "http-port": { type: "string" },
  class: { type: "string", multiple: true },
  "import-key-from-env": { type: "boolean" },
  force: { type: "boolean" },
  // init and start
  "password-file": { type: "string" },
  // start
  faulty: { type: "boolean" },
  "log-format": { type: "string" },
  // status
  json: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

type OptionName = keyof typeof OPTIONS;

/** Which options each command accepts (`--config`, `--help` and `--version` are everyone's). */
export const COMMAND_OPTIONS = {
  init: [
    "chain-id",
    "rpc",
    "market",
    "registry",
    "start-block",
    "deployment",
    "keystore",
    "data-dir",
    "content-store",
    "http-port",
    "class",
    "import-key-from-env",
    "force",
    "password-file",
  ],
  start: ["faulty", "password-file", "log-format"],
  status: ["json"],
} as const satisfies Record<string, readonly OptionName[]>;

export type Command = keyof typeof COMMAND_OPTIONS;

function parse(argv: string[]) {
  return parseArgv({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
}

export type Options = ReturnType<typeof parse>["values"];

export interface ParsedArgs {
  /** undefined when no command was given (`hashwork-node --help`, or nothing at all). */
  command: Command | undefined;
  options: Options;
}

/** A command line the CLI cannot run: the message says why; the caller prints it with the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Parses argv (without node and the script). Unknown options, missing values and stray arguments throw `UsageError`. */
export function parseArgs(argv: string[]): ParsedArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // Node's message for an unknown option goes on about positionals; the rest name the option and the problem.
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
      throw new UsageError(`unknown option ${/'[^']+'/.exec(message)?.[0] ?? message}`);
    throw new UsageError(message);
  }
  const { values, positionals } = parsed;
  const [name, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (name !== undefined && !Object.hasOwn(COMMAND_OPTIONS, name)) throw new UsageError(`unknown command "${name}"`);
  const command = name as Command | undefined;
  if (command) {
    const allowed = new Set<string>(["config", "help", "version", ...COMMAND_OPTIONS[command]]);
    const foreign = Object.keys(values).filter((option) => !allowed.has(option));
    if (foreign.length > 0) {
      const list = foreign.map((option) => `--${option}`).join(", ");
      throw new UsageError(`hashwork-node ${command} does not take ${list}`);
    }
  }
  return { command, options: { ...values } };
}
