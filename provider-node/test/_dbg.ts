import { toUtf8Bytes } from "ethers";
import { createWorld } from "./helpers/suite.js";
import { account, postJob } from "./helpers/market.js";
import { UPPERCASE, wat } from "./helpers/wasm.js";
import { loadConfig } from "../src/config/load.js";
import { startNode } from "../src/service.js";

const world = await createWorld("dbg");
try {
  const module = await wat(UPPERCASE);
  const node = await world.addNode("alice", 3);
  const config = loadConfig(node.configPath);
  const handle = await startNode(
    { ...config, log: { level: "trace" } },
    account(3),
    (await import("../src/logger.js")).createLogger("trace"),
  );
  const jobId = await postJob(world.sys, world.store.store, { module, input: toUtf8Bytes("hi"), replicas: 1 });
  await new Promise((r) => setTimeout(r, 15000));
  console.error(jobId, node.job(jobId));
  await handle.stop();
} finally {
  await world.teardown();
}
