import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

/**
 * The SDK reads the bundle's JSON Schema from disk at load time (sdk/src/bundle/schema.ts, node:fs) so that schema and
 * validator never diverge; a page has no disk, so the build inlines the same file in that module's place.
 */
function inlineBundleSchema(): Plugin {
  const sdk = createRequire(import.meta.url).resolve("@hashwork/sdk/package.json");
  const schemaModule = new URL("./src/bundle/schema.ts", `file://${sdk}`).pathname;
  const schemaJson = new URL("./src/bundle/bundle.schema.json", `file://${sdk}`);
  return {
    name: "hashwork-inline-bundle-schema",
    enforce: "pre",
    load(id) {
      if (id !== schemaModule) return null;
      return `export const BUNDLE_SCHEMA = ${readFileSync(schemaJson, "utf8")};`;
    },
  };
}

// `base: "./"` keeps asset URLs relative, so the built dist/ works from any path it is served under.
export default defineConfig({
  base: "./",
  plugins: [inlineBundleSchema()],
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  // The sandbox worker is an ES module (it imports the SDK's run loop); BigInt needs ES2020 anyway.
  worker: { format: "es" },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 800,
    // Two pages: the executor bench (index.html) and the provider (provider.html).
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL("./index.html", import.meta.url)),
        provider: fileURLToPath(new URL("./provider.html", import.meta.url)),
      },
    },
  },
});
