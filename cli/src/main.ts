import { Command, CommanderError } from "commander";
import { createRequire } from "node:module";
import { allOptions, type Body } from "./command.js";
import { addCompletionCommand } from "./commands/completion.js";
import { addDepositCommand } from "./commands/deposit.js";
import { addJobCommands } from "./commands/job.js";
import { addMarketCommands } from "./commands/market-stats.js";
import { addProviderCommands } from "./commands/provider.js";
import { Context, DEFAULT_STORE_URL, type GlobalOptions } from "./context.js";
import { usageError } from "./errors.js";
import { EXIT_CODE_HELP, ExitCode } from "./exit-codes.js";
import { toCliError } from "./map-error.js";
import { Output, type Streams } from "./output.js";

/** The CLI package's version (cli/package.json). */
const { version: VERSION } = createRequire(import.meta.url)("../package.json") as { version: string };

const ENVIRONMENT_HELP = `Environment:
  HASHWORK_RPC_URL        chain RPC endpoint (--rpc)
  HASHWORK_DEPLOYMENT     deployment addresses file (--deployment; default sdk/deployments/<chainId>.json)
  HASHWORK_STORE_URL      content store API, Kubo RPC or the local store (--store; default ${DEFAULT_STORE_URL})
  HASHWORK_KEYSTORE       encrypted JSON keystore (--keystore)
  HASHWORK_PASSWORD       its password (else HASHWORK_KEYSTORE_PASSWORD, else a prompt)
  HASHWORK_PRIVATE_KEY    a raw key, used when no keystore is given (never printed)
  HASHWORK_SUBGRAPH_URL   subgraph GraphQL endpoint for \`market stats\`
  HASHWORK_PROFILE        the config file's profile to use (--profile; default: the file's "default")
  HASHWORK_CONFIG         the config file (default ~/.config/hashwork/config.json, or in $XDG_CONFIG_HOME)
  NO_COLOR, TERM=dumb     plain text: progress as one line per event, never redrawn in place

Config file, with named profiles; flags and environment variables override the selected profile:
  { "profiles": { "testnet": { "rpc": "https://…", "contentStore": "https://…", "subgraph": "https://…",
                               "deployment": "testnet.json" } },
    "default": "testnet" }`;

/** Builds the `hashwork` program; `run` executes command bodies (one program per invocation). */
export function buildProgram(run: (command: Command, body: Body) => Promise<void>): Command {
  const program = new Command("hashwork")
    .description("Hashwork: post compute jobs, verify results, run a provider — one CLI for every role")
    .version(VERSION, "-V, --version", "print the version")
    .option("--rpc <url>", "chain RPC endpoint (env HASHWORK_RPC_URL)")
    .option("--network <name>", "named network: localhost, hardhat (default localhost)")
    .option("--deployment <file>", "deployment addresses file (default: the SDK's file for the chain id)")
    .option("--store <url>", `content store API URL (env HASHWORK_STORE_URL; default ${DEFAULT_STORE_URL})`)
    .option("--keystore <file>", "encrypted JSON keystore with the signing key (env HASHWORK_KEYSTORE)")
    .option("--profile <name>", "settings profile of the config file (env HASHWORK_PROFILE)")
    .option("--json", "machine-readable output: one JSON document on stdout")
    .addHelpText("after", `\n${EXIT_CODE_HELP}\n\n${ENVIRONMENT_HELP}\n`)
    .showSuggestionAfterError()
    .exitOverride();
  addJobCommands(program, run);
  addDepositCommand(program, run);
  addProviderCommands(program, run);
  addMarketCommands(program, run);
  addCompletionCommand(program, run);
  // Subcommands inherit exit override and output settings only when set on each of them.
  const configure = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/** Runs `hashwork` with `argv` (without node and script); resolves to the exit status. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  streams: Streams = process,
): Promise<number> {
  const json = argv.includes("--json");
  let exitCode: number = ExitCode.Ok;
  let context: Context | undefined;

  const run = async (command: Command, body: Body) => {
    context = new Context(allOptions(command) as GlobalOptions, env, new Output(json, streams, env));
    exitCode = (await body(context)) ?? ExitCode.Ok;
  };
  const program = buildProgram(run);
  // Commander's own messages (help, usage errors) go to our streams; in --json mode usage errors become JSON.
  let commanderError = "";
  const silence = (command: Command) => {
    command.configureOutput({
      writeOut: (s) => streams.stdout.write(s),
      writeErr: (s) => (json ? (commanderError += s) : streams.stderr.write(s)),
    });
    command.commands.forEach(silence);
  };
  silence(program);

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.Usage;
    }
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return ExitCode.Ok;
      // `hashwork job` alone prints the group's help and is not an error in spirit, but it did nothing.
      if (error.code === "commander.help") return ExitCode.Usage;
      if (json)
        new Output(true, streams, env).error(
          usageError(error.message.replace(/^error: /, ""), "See `hashwork --help`."),
        );
      else streams.stderr.write("(see `hashwork --help`)\n");
      return ExitCode.Usage;
    }
    const output = context?.output ?? new Output(json, streams, env);
    const cliError = toCliError(error, await context?.amountFormatter());
    output.error(cliError);
    if (cliError.exitCode === ExitCode.Unexpected && env.HASHWORK_DEBUG && cliError.cause instanceof Error) {
      streams.stderr.write(`${cliError.cause.stack}\n`);
    }
    return cliError.exitCode;
  } finally {
    context?.close();
  }
}
