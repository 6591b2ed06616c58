import { readFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

// Package boundaries: each workspace (package.json "workspaces") and the root package (everything else: hardhat.config.ts,
// ignition/, scripts/, test/) is a package of its own. A relative import may not leave the package it is written in;
// another package is imported by its name and a subpath its package.json "exports" (e.g. @hashwork/sdk/results).
const ROOT = import.meta.dirname;
const WORKSPACES = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")).workspaces.map((w) =>
  resolve(ROOT, w),
);
/** The workspace directory `file` belongs to, or the repository root (the root package). */
function packageOf(file) {
  return WORKSPACES.find((w) => file === w || file.startsWith(w + sep)) ?? ROOT;
}
const name = (dir) => (dir === ROOT ? "the root package" : relative(ROOT, dir));
const boundaries = {
  rules: {
    "no-cross-package-relative-import": {
      meta: {
        type: "problem",
        docs: { description: "relative imports stay inside their own package; other packages are imported by name" },
        schema: [],
      },
      create(context) {
        const from = packageOf(context.filename);
        const check = (node) => {
          if (node?.type !== "Literal" || typeof node.value !== "string" || !/^\.\.?(\/|$)/.test(node.value)) return;
          const target = resolve(dirname(context.filename), node.value);
          const to = target === ROOT || !target.startsWith(ROOT + sep) ? null : packageOf(target);
          if (to === from) return;
          context.report({
            node,
            message:
              `"${node.value}" leaves ${name(from)}` +
              (to
                ? ` for ${name(to)}: import it by package name (a subpath in its package.json "exports")`
                : " and the repository"),
          });
        };
        return {
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => check(node.source),
          // require() through createRequire: the same resolution, the same boundary.
          CallExpression: (node) => {
            if (node.callee.type === "Identifier" && node.callee.name === "require") check(node.arguments[0]);
          },
        };
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "artifacts/**",
      "cache/**",
      "coverage/**",
      "docs/api/**",
      "**/dist/**",
      "**/.tsbuild/**",
      "sdk/src/typechain/**",
      "subgraph/generated/**",
      "subgraph/build/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    plugins: { boundaries },
    rules: {
      "boundaries/no-cross-package-relative-import": "error",
      "no-console": ["error", { allow: ["error", "warn"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The ABI-only client reads the exported ABI files by path on purpose (it shows a client that needs no SDK package); its
  // own boundary test (test/mocha/flows/AbiOnlyClient_*.test.ts) allows exactly ethers, node:*, its files and sdk/abis/*.json.
  { files: ["test/mocha/helpers/abiClient/**"], rules: { "boundaries/no-cross-package-relative-import": "off" } },
  // Scripts, benchmarks and examples print for people; services must log through pino instead.
  {
    files: [
      "scripts/**/*.ts",
      "subgraph/scripts/**/*.ts",
      "dashboard/scripts/**/*.ts",
      "test/**/*.ts",
      "examples/**/*.ts",
    ],
    rules: { "no-console": "off" },
  },
);
