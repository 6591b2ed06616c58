/** Minimal argv parser: `--name value`, `--name=value`, repeated flags collect, `--flag` alone is true. */
export interface ParsedArgs {
  command: string | undefined;
  flags: Map<string, string[]>;
}

const BOOLEAN_FLAGS = new Set(["faulty", "help", "json", "import-key-from-env", "force"]);

export function parseArgs(argv: string[]): ParsedArgs {
  const flags = new Map<string, string[]>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) {
      if (command === undefined) command = arg;
      else throw new Error(`unexpected argument "${arg}"`);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (BOOLEAN_FLAGS.has(name)) value = "true";
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw new Error(`--${name} needs a value`);
      value = next;
      i++;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { command, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.at(-1);
}

export function flags(args: ParsedArgs, name: string): string[] {
  return args.flags.get(name) ?? [];
}
