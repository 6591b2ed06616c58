import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { CliError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";

/** What a profile may set: the endpoints and files that flags and environment variables set otherwise. */
export interface Profile {
  rpc?: string;
  contentStore?: string;
  subgraph?: string;
  deployment?: string;
}

const PROFILE_KEYS: readonly (keyof Profile)[] = ["rpc", "contentStore", "subgraph", "deployment"];

/** `$HASHWORK_CONFIG`, else `hashwork/config.json` in `$XDG_CONFIG_HOME` (default `~/.config`). */
export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.HASHWORK_CONFIG) return env.HASHWORK_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "hashwork", "config.json");
}

const configError = (file: string, problem: string) =>
  new CliError(ExitCode.Usage, "CONFIG_INVALID", `The config file ${file} ${problem}.`, {
    hint: 'It holds { "profiles": { "<name>": { "rpc": …, "contentStore": …, "subgraph": …, "deployment": … } }, "default": "<name>" }.',
  });

/**
 * The profile named by `name` (from --profile or HASHWORK_PROFILE), else the config file's `default`; none when
 * neither names one. A missing file is no error unless a profile is asked for: the file is optional.
 */
export function loadProfile(name: string | undefined, env: NodeJS.ProcessEnv): Profile {
  const file = configPath(env);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "ENOENT") throw configError(file, "cannot be read");
    if (name === undefined) return {};
    throw new CliError(
      ExitCode.Usage,
      "UNKNOWN_PROFILE",
      `Unknown profile "${name}": there is no config file ${file}.`,
      {
        hint: "Create it (see `hashwork --help`), point HASHWORK_CONFIG at one, or drop --profile / HASHWORK_PROFILE.",
      },
    );
  }
  const { profiles, default: fallback } = parseConfig(text, file);
  const selected = name ?? fallback;
  if (selected === undefined) return {};
  const profile = profiles[selected];
  if (!profile) {
    const known = Object.keys(profiles);
    throw new CliError(ExitCode.Usage, "UNKNOWN_PROFILE", `Unknown profile "${selected}" in ${file}.`, {
      hint: known.length ? `Its profiles: ${known.join(", ")}.` : "It defines no profiles.",
    });
  }
  // A relative deployment file is relative to the config file, not to wherever the command happens to run.
  return profile.deployment ? { ...profile, deployment: resolve(dirname(file), profile.deployment) } : profile;
}

/** Checks the file's shape; unknown keys are errors, so that a misspelt "rcp" does not silently fall through. */
function parseConfig(text: string, file: string): { profiles: Record<string, Profile>; default?: string } {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (cause) {
    throw configError(file, `is not valid JSON (${(cause as Error).message})`);
  }
  if (!isObject(config)) throw configError(file, "does not hold a JSON object");
  for (const key of Object.keys(config)) {
    if (key !== "profiles" && key !== "default") throw configError(file, `has an unknown key "${key}"`);
  }
  const profiles = config.profiles ?? {};
  if (!isObject(profiles)) throw configError(file, 'has a "profiles" that is not an object');
  for (const [name, profile] of Object.entries(profiles)) {
    if (!isObject(profile)) throw configError(file, `has a profile "${name}" that is not an object`);
    for (const [key, value] of Object.entries(profile)) {
      if (!PROFILE_KEYS.includes(key as keyof Profile)) {
        throw configError(file, `has an unknown key "${key}" in profile "${name}" (known: ${PROFILE_KEYS.join(", ")})`);
      }
      if (typeof value !== "string") throw configError(file, `has a non-string "${key}" in profile "${name}"`);
    }
  }
  if (config.default !== undefined && typeof config.default !== "string") {
    throw configError(file, 'has a "default" that is not a profile name');
  }
  return { profiles: profiles as Record<string, Profile>, default: config.default };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
