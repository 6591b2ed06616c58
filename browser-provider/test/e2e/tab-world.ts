// What both e2e tests stand on: a hardhat node with the contracts and a local content store (the provider node's
// suite world), the pages built with Vite and served on 127.0.0.1 with the chain's RPC and the content store proxied
// on the page's origin (neither answers a browser's CORS checks).
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createWorld, type World } from "@hashwork/provider-node/test-helpers/suite";
import { build } from "vite";
import { serveStatic } from "../serve-static.js";

export const PACKAGE = fileURLToPath(new URL("../..", import.meta.url));

export interface TabWorld {
  world: World;
  /** A scratch directory (the build, browser profiles). */
  work: string;
  /** The provider page's URL with the chain's addresses and `extra` in its query string. */
  pageUrl(extra?: Record<string, string>): Promise<string>;
  teardown(): Promise<void>;
}

export async function startTabWorld(name: string): Promise<TabWorld> {
  const work = await mkdtemp(join(tmpdir(), `hashwork-${name}-`));
  const outDir = join(work, "dist");
  let world: World | undefined;
  let server: Server | undefined;
  try {
    const [w] = await Promise.all([
      createWorld(name),
      build({ root: PACKAGE, logLevel: "error", build: { outDir, emptyOutDir: true } }),
    ]);
    world = w;
    const served = await serveStatic(outDir, { proxies: { "/rpc": w.chain.url, "/store": w.store.url } });
    server = served.server;
    return {
      world: w,
      work,
      async pageUrl(extra = {}) {
        const query = new URLSearchParams({
          market: await w.sys.market.getAddress(),
          registry: await w.sys.registry.getAddress(),
          startBlock: String(w.sys.startBlock),
          ...extra,
        });
        return `${served.url}provider.html?${query}`;
      },
      async teardown() {
        server?.close();
        await w.teardown();
        await rm(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    server?.close();
    await world?.teardown();
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}
