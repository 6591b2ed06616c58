import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { readDeployment } from "./deployment.js";
import type { NodeConfig } from "./types.js";
import { validateConfig } from "./validate.js";

export interface LoadConfigOverrides {
  /** `--faulty` on the command line. */
  faulty?: boolean;
}

/** Reads, defaults and validates the config file at `path`; throws ConfigError with every problem found. */
export function loadConfig(path: string, overrides: LoadConfigOverrides = {}): NodeConfig {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : (cause as Error).message;
    throw new ConfigError([`${file}: ${reason}`], { cause });
  }
  const config = validateConfig(raw, dirname(file), readDeployment);
  return overrides.faulty ? { ...config, faulty: true } : config;
}
