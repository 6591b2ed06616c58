import { ConfigError } from "../errors.js";
import { CONFIG_SCHEMA } from "./schema.js";

/**
 * Environment overrides of the config file, for deployments that template settings per machine (systemd drop-ins,
 * containers) rather than edit the file. Every scalar setting of the schema, and every array of scalars, has a
 * variable: `HASHWORK_NODE_` and the setting's name in upper snake case, `__` between nesting levels:
 *
 *   chainId               HASHWORK_NODE_CHAIN_ID=8453
 *   chain.pollIntervalMs  HASHWORK_NODE_CHAIN__POLL_INTERVAL_MS=2000
 *   rpcUrls               HASHWORK_NODE_RPC_URLS=https://a.example,https://b.example   (arrays: comma-separated)
 *
 * Values are parsed by the setting's schema type (numbers, `true`/`false`); a value that does not parse is passed on
 * as a string, so the schema rejects it with its usual message, to which the variable's name is added.
 */
export const ENV_PREFIX = "HASHWORK_NODE_";

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** A setting an environment variable can set: its path in the file and its schema. */
export interface Overridable {
  path: string[];
  variable: string;
  schema: SchemaNode;
}

/** `["chain", "pollIntervalMs"]` → `HASHWORK_NODE_CHAIN__POLL_INTERVAL_MS`. */
export function envVariable(path: readonly string[]): string {
  return ENV_PREFIX + path.map((key) => key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()).join("__");
}

/** Every setting of the schema an environment variable can set: scalars and arrays of scalars, at any depth. */
export function overridableSettings(
  schema: SchemaNode = CONFIG_SCHEMA as SchemaNode,
  at: string[] = [],
): Overridable[] {
  const settings: Overridable[] = [];
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    if (key === "$schema") continue; // an editor hint, not a setting
    const path = [...at, key];
    if (node.type === "object") settings.push(...overridableSettings(node, path));
    else if (node.type !== "array" || node.items?.type !== "object") {
      settings.push({ path, variable: envVariable(path), schema: node });
    }
  }
  return settings;
}

export interface EnvOverrides {
  /** The parsed file with the variables' values set in it (a copy; the input is not changed). */
  raw: unknown;
  /** The variables that were set, to name them in validation errors. */
  applied: Overridable[];
}

/** Sets every `HASHWORK_NODE_…` variable of `env` that names a setting into a copy of the parsed file. */
export function applyEnvOverrides(raw: unknown, env: NodeJS.ProcessEnv = process.env): EnvOverrides {
  const applied = overridableSettings().filter(({ variable }) => env[variable] !== undefined);
  // A file that is not an object fails the schema anyway; its error is the one to show.
  if (applied.length === 0 || raw === null || typeof raw !== "object" || Array.isArray(raw))
    return { raw, applied: [] };
  const copy = structuredClone(raw) as Record<string, unknown>;
  for (const { path, variable, schema } of applied) {
    let parent = copy;
    for (const key of path.slice(0, -1)) {
      const child = parent[key];
      parent = (parent[key] = child !== null && typeof child === "object" ? child : {}) as Record<string, unknown>;
    }
    parent[path.at(-1)!] = parseValue(env[variable]!, schema);
  }
  return { raw: copy, applied };
}

/** Adds the variable's name to each issue about a setting it set: "$.http.port (from HASHWORK_NODE_HTTP__PORT): …". */
export function blameVariables(error: ConfigError, applied: readonly Overridable[]): ConfigError {
  if (applied.length === 0) return error;
  const issues = error.issues.map((issue) => {
    const source = applied.find(({ path }) => {
      const at = `$.${path.join(".")}`;
      return issue.startsWith(`${at}:`) || issue.startsWith(`${at}.`);
    });
    if (source === undefined) return issue;
    const colon = issue.indexOf(":"); // after the issue's full path, which may go on into an array: $.rpcUrls.1
    return `${issue.slice(0, colon)} (from ${source.variable})${issue.slice(colon)}`;
  });
  return new ConfigError(issues, { cause: error.cause });
}

function parseValue(text: string, schema: SchemaNode): unknown {
  if (schema.type === "array") return text.split(",").map((item) => parseValue(item.trim(), schema.items ?? {}));
  if (schema.type === "integer" || schema.type === "number") {
    return /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text.trim()) ? Number(text) : text;
  }
  if (schema.type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  return text; // strings, enums, and amounts that may be a string or a number
}
