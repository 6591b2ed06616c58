/**
 * A populated stack to develop and check the dashboard against, in the foreground until Ctrl-C / SIGTERM:
 *   hardhat node → Ignition deploy (scripts/subgraph/e2e-chain.ts) → graph-node (the subgraph e2e's stack,
 *   @hashwork/devkit/subgraph-stack) → the subgraph e2e's real transactions (audited, challenged, panel-verified,
 *   slashed, refunded, cancelled jobs) → the built dashboard served by `vite preview`. Every server binds 127.0.0.1 on
 *   a free port.
 *
 *   npm run stack -w dashboard      (PostgreSQL as subgraph/README.md says)
 *
 * Prints the URLs and writes them to $DASHBOARD_STACK_ENV (default /tmp/hashwork-dashboard-stack.env) as
 * SUBGRAPH_URL, RPC_URL and DASHBOARD_URL, ready for `source` before the e2e check. New blocks are mined every
 * DASHBOARD_DEV_MINE_MS milliseconds (default 5000; 0 disables) so the live view has something to follow.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findGnd } from "@hashwork/devkit/graph-node";
import { main } from "@hashwork/devkit/script";
import { startStack } from "@hashwork/devkit/subgraph-stack";
import { REPO, setIntervalMining } from "@hashwork/harness/chain";
import { freePort, waitFor } from "@hashwork/harness/ports";
import { runToCompletion, Service } from "@hashwork/harness/processes";

const DASHBOARD = join(REPO, "dashboard");
const VITE = join(REPO, "node_modules/.bin/vite");

main("dev-stack", async (stop) => {
  findGnd();
  const work = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), "hashwork-dashboard-stack."));
  const stackEnv = process.env.DASHBOARD_STACK_ENV ?? "/tmp/hashwork-dashboard-stack.env";
  stop.onShutdown(() => rmSync(stackEnv, { force: true }));
  console.log(`dev-stack: work dir ${work} (logs: hardhat.log, gnd.log, build.log, preview.log)`);

  const stack = await startStack(stop, work, "hashwork_dashboard_dev");
  await stack.hardhatRun("scripts/subgraph/e2e-chain.ts", { E2E_STEP: "activity" });
  const mineMs = Number(process.env.DASHBOARD_DEV_MINE_MS ?? 5000);
  if (mineMs > 0) await setIntervalMining(stack.chain, mineMs);

  await runToCompletion("vite build", VITE, ["build"], { cwd: DASHBOARD, logFile: join(work, "build.log") });
  const port = await freePort();
  const preview = new Service(
    "vite preview",
    VITE,
    ["preview", DASHBOARD, "--host", "127.0.0.1", "--port", String(port), "--strictPort"],
    {
      cwd: DASHBOARD,
      logFile: join(work, "preview.log"),
    },
  );
  stop.onShutdown(async () => void (await preview.stop()));
  await waitFor("vite preview", async () => ((await fetch(`http://127.0.0.1:${port}/`)).ok ? true : undefined));

  const dashboardUrl = `http://127.0.0.1:${port}/?subgraph=${stack.subgraphUrl}&rpc=${stack.chain.url}`;
  writeFileSync(
    stackEnv,
    `export SUBGRAPH_URL='${stack.subgraphUrl}'\nexport RPC_URL='${stack.chain.url}'\nexport DASHBOARD_URL='${dashboardUrl}'\n`,
  );
  console.log(`dev-stack: subgraph ${stack.subgraphUrl}`);
  console.log(`dev-stack: chain    ${stack.chain.url}`);
  console.log(`dev-stack: open     ${dashboardUrl}`);
  console.log(`dev-stack: URLs in ${stackEnv}; Ctrl-C stops everything`);
  const { code, signal } = await stack.chain.service.exited;
  if (stop.requested) return;
  console.error(`dev-stack: hardhat node exited (${signal ?? `exit ${code}`}); see ${join(work, "hardhat.log")}`);
  return 1;
});
