import { readFileSync } from "node:fs";

/**
 * The config file's JSON Schema (draft-07), read from the published `config.schema.json` at the package root so
 * the documented schema and the validator can never diverge. Read with fs rather than a JSON import so it loads the
 * same under tsx and plain Node.
 */
export const CONFIG_SCHEMA: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(new URL("../../config.schema.json", import.meta.url), "utf8"),
);
