// Bundles the provider node (and the SDK parts it uses) into plain JavaScript under provider-node/dist/, so that
// `hashwork-node` runs without a TypeScript loader: tsx's loader thread and its transpiled-source caches cost a node
// ~34 MiB of its resident set. `npm run build` runs this; bin/hashwork-node.mjs runs it again when a source is newer
// than the bundle (see `stale()`), so an edit is never run from an old bundle.
//
//   node provider-node/scripts/build.mjs   # writes dist/main.js, dist/unlock-worker.js, dist/worker.js, dist/process-host.js
//
// Four entry points, one file each: the node, its keystore-unlock worker, the SDK's sandbox process and the sandbox
// worker it starts (all started by path beside the code that starts them, as their compiled form; see
// keystore/unlock.ts and the SDK's executor/worker-source.ts). pino stays external (its transports start workers by
// module path) and so does esbuild (only the TypeScript path of the SDK imports it); every other dependency is
// bundled, tree-shaken.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const NODE = fileURLToPath(new URL("..", import.meta.url));
const REPO = join(NODE, "..");
export const DIST = join(NODE, "dist");
export const MAIN = join(DIST, "main.js");
// The lockfile too: the bundle holds the dependencies (a changed one is a changed bundle).
const SOURCES = [
  join(NODE, "src"),
  join(REPO, "sdk/src"),
  join(REPO, "harness/src"),
  join(REPO, "package-lock.json"),
  fileURLToPath(import.meta.url),
];
const EXTERNAL = ["pino", "esbuild"];
/** These decide between their .ts and their compiled .js worker by import.meta.url: they must see the bundle's. */
const OWN_URL = [join(NODE, "src/keystore/unlock.ts"), join(REPO, "sdk/src/executor/worker-source.ts")];

/** Newest modification time (ms) of a file or, recursively, of a directory and everything in it. */
function newest(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs; // a deleted or renamed file shows here
  for (const entry of readdirSync(path)) t = Math.max(t, newest(join(path, entry)));
  return t;
}

/** Whether the bundle is missing or older than any source it was built from. */
export function stale() {
  let built;
  try {
    built = statSync(MAIN).mtimeMs;
  } catch {
    return true;
  }
  return SOURCES.some((s) => newest(s) > built);
}

/**
 * import.meta.url of a bundled source file, rewritten to that file's own URL (relative to the bundle, so the tree
 * may move): the sources find their JSON schemas, package.json, workloads and deployments beside themselves.
 */
const sourceUrls = {
  name: "source-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const { readFile } = await import("node:fs/promises");
      let contents = await readFile(args.path, "utf8");
      if (!OWN_URL.includes(args.path) && contents.includes("import.meta.url")) {
        const rel = relative(DIST, args.path).split(sep).join("/");
        contents = contents.replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
      }
      return { contents, loader: "ts" };
    });
  },
};

export async function build() {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: {
      main: join(NODE, "src/cli/main.ts"),
      "unlock-worker": join(NODE, "src/keystore/unlock-worker.ts"),
      worker: join(REPO, "sdk/src/executor/worker.ts"),
      "process-host": join(REPO, "sdk/src/executor/process-host.ts"),
    },
    outdir: DIST,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    external: EXTERNAL,
    plugins: [sourceUrls],
    // Bundled CommonJS dependencies (ajv, prom-client) call require() for Node's built-ins.
    banner: {
      js: 'import { createRequire as __hwRequire } from "node:module"; const require = __hwRequire(import.meta.url);',
    },
    legalComments: "none",
    // A node keeps its bundle's source in its heap, with the offset of every line: ASCII keeps it a one-byte string
    // (a single em dash made main.js a two-byte string, 3.5 MB) and whitespace/syntax minification cuts it to
    // 1.2 MB on a few lines. Identifiers and names stay (keepNames): stack traces still name the functions
    // (HASHWORK_NODE_TSX=1 runs the sources, with their lines).
    charset: "ascii",
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    logLevel: "warning",
    write: false,
  });
  mkdirSync(DIST, { recursive: true });
  // Each file written beside its place and renamed over it: nodes starting together may all rebuild at once.
  // main.js last: its modification time is what stale() compares the sources with.
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === MAIN) - Number(b.path === MAIN));
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
