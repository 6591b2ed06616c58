type ConfigObject = Record<string, unknown>;

const isObject = (v: unknown): v is ConfigObject => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * A node config with `patch` laid over `base`: objects merge key by key, anything else (values, arrays) replaces. How
 * the devnet and the tests write a node's config.json from the defaults `hashwork-node init` wrote and their changes.
 */
export function mergeConfig(base: ConfigObject, patch: ConfigObject): ConfigObject {
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const previous = out[key];
    out[key] = isObject(value) && isObject(previous) ? mergeConfig(previous, value) : value;
  }
  return out;
}
