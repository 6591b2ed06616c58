import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { Health } from "./health.js";

export interface OperatorServer {
  url: string;
  close(): Promise<void>;
}

/** Prometheus `/metrics` and `/healthz` (200 or 503 with the reasons) on the configured host and port. */
export async function startOperatorServer(
  host: string,
  port: number,
  registry: Registry,
  getHealth: () => Health,
): Promise<OperatorServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405).end();
      return;
    }
    if (path === "/metrics") {
      registry
        .metrics()
        .then((body) => res.writeHead(200, { "content-type": registry.contentType }).end(body))
        .catch(() => res.writeHead(500).end());
      return;
    }
    if (path === "/healthz") {
      const h = getHealth();
      res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(h));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
