import type { Wallet } from "ethers";
import { join } from "node:path";
import type { NodeConfig } from "./config/types.js";
import { CachedStore } from "./content/cached-store.js";
import { ContentCache } from "./content/content-cache.js";
import { OutputFiles } from "./content/outputs.js";
import { Database } from "./db/database.js";
import { startEngine, type EngineHandle } from "./engine.js";
import { runJob, SANDBOX_ISOLATION } from "./exec/run.js";
import { startOperatorServer, type OperatorServer } from "./http/server.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { KuboStore, measureFuelRate, type ReadProviderReturnType } from "./sdk.js";

export interface NodeHandle extends EngineHandle {
  http: OperatorServer;
}

/**
 * Starts the provider node: the engine (engine.ts) with the node's parts — SQLite on disk (node:sqlite), outputs and
 * a content cache in files, each job's sandbox in a process of its own, pino logs, prom-client metrics — and the operator server
 * (`/metrics`, `/healthz`). Measures this machine's fuel rate first when the config does not give it.
 */
export async function startNode(
  config: NodeConfig,
  wallet: Wallet,
  logger: Logger = createLogger(config.log.level),
): Promise<NodeHandle> {
  if (config.provider.fuelPerSecond === undefined) {
    const rate = await measureFuelRate({ isolation: SANDBOX_ISOLATION });
    config.provider.fuelPerSecond = Math.floor(rate.fuelPerSecond);
    logger
      .child({ provider: wallet.address })
      .info({ fuelPerSecond: config.provider.fuelPerSecond }, "measured this machine's sandbox speed");
  }
  const metrics = createMetrics();
  const db = new Database(join(config.dataDir, "node.sqlite"));
  const contentCache = new ContentCache(join(config.dataDir, "content"), config.contentStore.cacheMaxBytes);
  let engine: EngineHandle;
  try {
    engine = await startEngine(config, wallet, {
      db,
      logger,
      metrics,
      store: new CachedStore(
        new KuboStore(config.contentStore.url, { timeoutMs: config.contentStore.timeoutMs }),
        contentCache,
      ),
      contentCache,
      outputs: new OutputFiles(join(config.dataDir, "outputs")),
      verifyOutputs: new OutputFiles(join(config.dataDir, "verifier-outputs")),
      runJob,
    });
  } catch (error) {
    db.close();
    throw error;
  }
  let http: OperatorServer;
  try {
    http = await startOperatorServer(config.http.host, config.http.port, metrics.registry, engine.health);
  } catch (error) {
    await engine.stop("operator server failed to start", 0);
    throw error;
  }
  engine.common.logger.info({ http: http.url }, "operator server listening");
  let stopping: Promise<void> | undefined;
  const stop = (reason?: string, graceMs?: number): Promise<void> => {
    stopping ??= (async () => {
      await engine.stop(reason, graceMs);
      await http.close();
    })();
    return stopping;
  };
  return { ...engine, http, stop };
}

export type { ReadProviderReturnType };
