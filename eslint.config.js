import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "artifacts/**",
      "cache/**",
      "coverage/**",
      "docs/api/**",
      "**/dist/**",
      "sdk/src/typechain/**",
      "subgraph/generated/**",
      "subgraph/build/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    rules: {
      "no-console": ["error", { allow: ["error", "warn"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Scripts, benchmarks and examples print for people; services must log through pino instead.
  { files: ["scripts/**/*.ts", "test/**/*.ts", "examples/**/*.ts"], rules: { "no-console": "off" } },
);
