import { readFileSync } from "node:fs";

/**
 * The bundle's JSON Schema (draft-07), read from bundle.schema.json beside this file so the published
 * schema and the validator can never diverge. Read with fs rather than a JSON import so it loads the same
 * under tsx, Hardhat and plain Node.
 */
export const BUNDLE_SCHEMA: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(new URL("./bundle.schema.json", import.meta.url), "utf8"),
);
