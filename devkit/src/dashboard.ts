/**
 * The dashboard: `dashboard/dist` (built with `npm run build -w dashboard` when missing or older than its
 * sources) served on 127.0.0.1 by a small static server that also answers `/config.json` with the devnet's
 * endpoints. When the dashboard cannot be built, the server says so on its index page and the devnet runs on.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { REPO } from "@hashwork/harness/chain";
import { runToCompletion } from "@hashwork/harness/processes";

export const DASHBOARD_DIR = join(REPO, "dashboard");
export const DIST_DIR = join(DASHBOARD_DIR, "dist");

/** Newest modification time under `path` (files only; node_modules and dist skipped). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "dist") continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

/** Why the dashboard needs a build, or undefined when dist/ is up to date. */
export function dashboardBuildReason(): string | undefined {
  const index = join(DIST_DIR, "index.html");
  if (!existsSync(index)) return "dashboard/dist is missing";
  const sources = ["index.html", "vite.config.ts", "package.json", "src", "public"].map((p) =>
    newest(join(DASHBOARD_DIR, p)),
  );
  return Math.max(...sources) > statSync(index).mtimeMs ? "dashboard sources changed since the last build" : undefined;
}

/** Builds the dashboard when needed. Resolves to a note for the user when it could not be built. */
export async function ensureDashboardBuilt(logFile: string): Promise<{ built: boolean; note?: string }> {
  if (!existsSync(join(DASHBOARD_DIR, "index.html")))
    return { built: false, note: "dashboard/ has no index.html yet: the dashboard is not written yet" };
  const reason = dashboardBuildReason();
  if (!reason) return { built: true };
  try {
    await runToCompletion("dashboard build", "npm", ["run", "build", "-w", "dashboard"], {
      cwd: REPO,
      logFile,
      timeoutMs: 300_000,
    });
    return { built: true };
  } catch {
    const stale = existsSync(join(DIST_DIR, "index.html"));
    return {
      built: stale,
      note: `the dashboard build failed (see ${logFile})${stale ? "; serving the previous build" : ""}`,
    };
  }
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dist` (SPA: unknown paths without an extension get index.html) and `/config.json`. */
export async function serveDashboard(o: {
  port: number;
  config: Record<string, unknown>;
  dist?: string;
  note?: string;
}): Promise<DashboardServer> {
  const dist = o.dist ?? DIST_DIR;
  const configBody = JSON.stringify(o.config, null, 2);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405).end();
        return;
      }
      if (path === "/config.json") {
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : configBody);
        return;
      }
      if (!existsSync(join(dist, "index.html"))) {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
        res.end(`The dashboard is not built: ${o.note ?? "dashboard/dist is missing"}.\n\n${configBody}\n`);
        return;
      }
      let file = normalize(join(dist, path));
      if (!file.startsWith(dist + sep) && file !== dist) {
        res.writeHead(403).end();
        return;
      }
      if (!existsSync(file) || statSync(file).isDirectory()) {
        if (extname(path) && path !== "/") {
          res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
          return;
        }
        file = join(dist, "index.html");
      }
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": body.length,
        "cache-control": file.endsWith("index.html") ? "no-store" : "public, max-age=3600",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${o.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
