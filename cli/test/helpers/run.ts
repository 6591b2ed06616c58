import { main } from "../../src/main.js";

/** Runs `hashwork` in-process with captured streams and an environment without keys or endpoints. */
export async function hashwork(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: "", stderr: "" };
  const code = await main(argv, env, {
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: { write: (s: string) => (out.stderr += s) },
  });
  return { code, ...out };
}
