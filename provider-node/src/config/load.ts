import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { readDeployment } from "./deployment.js";
import { applyEnvOverrides, blameVariables } from "./env.js";
import type { NodeConfig } from "./types.js";
import { validateConfig } from "./validate.js";

export interface LoadConfigOverrides {
  /** `--faulty` on the command line. */
  faulty?: boolean;
}

/**
 * Reads the config file at `path`, sets the `HASHWORK_NODE_…` environment overrides in it (see env.ts), then defaults
 * and validates it; throws ConfigError with every problem found, naming the variable behind an overridden setting.
 */
export function loadConfig(
  path: string,
  overrides: LoadConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): NodeConfig {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : (cause as Error).message;
    throw new ConfigError([`${file}: ${reason}`], { cause });
  }
  const { raw: overridden, applied } = applyEnvOverrides(raw, env);
  let config: NodeConfig;
  try {
    config = validateConfig(overridden, dirname(file), readDeployment);
  } catch (error) {
    throw error instanceof ConfigError ? blameVariables(error, applied) : error;
  }
  return overrides.faulty ? { ...config, faulty: true } : config;
}
