import { readFile } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/**
 * Serves the built page from `dir` on 127.0.0.1 (an ephemeral port); resolves with its URL and the server. Requests
 * under a prefix of `proxies` go to its target instead (the prefix removed), so the page reaches a devnet's RPC and
 * content store on its own origin: neither answers a browser's CORS checks.
 */
export async function serveStatic(
  dir: string,
  o: { proxies?: Record<string, string> } = {},
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    for (const [prefix, target] of Object.entries(o.proxies ?? {})) {
      if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) continue;
      const to = new URL(target);
      const upstream = httpRequest(
        {
          host: to.hostname,
          port: to.port,
          method: request.method,
          path: `${to.pathname.replace(/\/$/, "")}${url.pathname.slice(prefix.length) || "/"}${url.search}`,
          headers: { ...request.headers, host: to.host },
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on("error", () => response.headersSent || response.writeHead(502).end());
      request.pipe(upstream);
      return;
    }
    const path = normalize(decodeURIComponent(url.pathname));
    const file = join(dir, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(dir)) return void response.writeHead(403).end();
    readFile(file).then(
      (body) =>
        response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}
