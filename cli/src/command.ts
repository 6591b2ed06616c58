import type { Command } from "commander";
import type { Context } from "./context.js";
import type { ExitCode } from "./exit-codes.js";

/** A command's body: gets the context, returns an exit code (Ok when it returns nothing), throws CliErrors. */
export type Body = (ctx: Context) => Promise<ExitCode | void>;

/** Runs a body for a parsed commander command (main builds the context from the global options). */
export type Run = (command: Command, body: Body) => Promise<void>;

/** Options of `command` merged with those of its ancestors (commander 8 has no `optsWithGlobals`). */
export function allOptions(command: Command): Record<string, unknown> {
  const chain: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.unshift(c);
  return Object.assign({}, ...chain.map((c) => c.opts()));
}
