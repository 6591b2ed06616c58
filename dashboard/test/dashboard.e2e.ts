/**
 * The dashboard in headless Chromium against a running stack:
 *
 *   SUBGRAPH_URL=… DASHBOARD_URL=… [RPC_URL=…] [SCREENSHOTS_DIR=…] node --import tsx --test dashboard/test/dashboard.e2e.ts
 *
 * RPC_URL (a dev chain that answers evm_mine) adds the live-refresh check.
 *
 * `npm run stack -w dashboard` brings up such a stack and writes these variables to a file to source.
 */
import { test } from "node:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkDashboard } from "./checkDashboard";

const { SUBGRAPH_URL, DASHBOARD_URL, RPC_URL } = process.env;
const screenshotsDir = process.env.SCREENSHOTS_DIR ?? join(tmpdir(), "hashwork-dashboard-screenshots");

test("the dashboard shows the subgraph's numbers, a job's timeline and a provider's slash", async (t) => {
  if (!SUBGRAPH_URL || !DASHBOARD_URL) {
    throw new Error("set SUBGRAPH_URL and DASHBOARD_URL (e.g. source what `npm run stack -w dashboard` writes)");
  }
  const { checked, screenshots } = await checkDashboard({
    dashboardUrl: DASHBOARD_URL,
    subgraphUrl: SUBGRAPH_URL,
    rpcUrl: RPC_URL,
    screenshotsDir,
  });
  for (const line of checked) t.diagnostic(line);
  t.diagnostic(`screenshots: ${screenshots.join(", ")}`);
});
