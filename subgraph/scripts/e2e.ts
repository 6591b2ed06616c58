/**
 * End-to-end test of the subgraph in a real graph-node against a live local chain:
 *   hardhat node (127.0.0.1) + the SDK's embedded content store (graph-node checks /api/v0/version)
 *   → Ignition deployment → manifest for those addresses → codegen + build → gnd dev (indexing live)
 *   → real transactions (scripts/subgraph/e2e-chain.ts) → facts from contract views and logs → GraphQL checks and every
 *   examples/queries/*.graphql (e2e/assert.mjs). Exits non-zero on any failure and then keeps the logs.
 *
 *   npm run test:e2e -w subgraph     (PostgreSQL as @hashwork/devkit/postgres says; database HASHWORK_E2E_DB)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findGnd, requireAbis, run, SUBGRAPH } from "@hashwork/devkit/graph-node";
import { main } from "@hashwork/devkit/script";
import { startStack } from "@hashwork/devkit/subgraph-stack";

main("e2e", async (stop) => {
  findGnd();
  requireAbis();
  const work = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), "hashwork-subgraph-e2e."));
  console.log(`e2e: work dir ${work} (logs: hardhat.log, gnd.log)`);
  let ok = false;
  // Registered first, so it runs last: once the chain and graph-node have stopped.
  stop.onShutdown(() =>
    ok ? rmSync(work, { recursive: true, force: true }) : console.error(`e2e: logs kept in ${work}`),
  );

  const stack = await startStack(stop, work, process.env.HASHWORK_E2E_DB ?? "hashwork_subgraph_e2e");
  // Real transactions while graph-node indexes, then what the chain says, then the checks.
  await stack.hardhatRun("scripts/subgraph/e2e-chain.ts", { E2E_STEP: "activity" });
  await stack.hardhatRun("scripts/subgraph/e2e-chain.ts", { E2E_STEP: "facts" });
  await run("e2e/assert.mjs", process.execPath, ["e2e/assert.mjs", stack.subgraphUrl, work, stack.chain.url], {
    cwd: SUBGRAPH,
  });
  ok = true;
});
