/**
 * Checks a running dashboard in headless Chromium against the subgraph it reads:
 *   1. the overview's numbers equal the subgraph's, at the block the dashboard shows them for;
 *   2. a settled job's page shows its full timeline and its result hash;
 *   3. a slashed provider's page shows its slash;
 *   3b. when the subgraph has a resolved dispute: its job's page shows the dispute steps and the dispute (verdict,
 *       bond, every verifier's outcome);
 *   4. with an RPC URL of a dev chain (Hardhat, anvil): the overview refetches for newly mined blocks without
 *      a reload.
 * Saves a PNG of every page it visits. Used by dashboard.e2e.ts and by the devnet's end-to-end test.
 */
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { formatInteger, formatTimestamp, formatTokens } from "../src/format";

export interface CheckDashboardOptions {
  /** The served dashboard, e.g. http://127.0.0.1:5173/ (query parameters such as ?subgraph= are kept). */
  dashboardUrl: string;
  /** The subgraph the dashboard reads, queried directly for the expected numbers. */
  subgraphUrl: string;
  /** A dev chain's JSON-RPC (answers `evm_mine`), to check that the dashboard follows new blocks; optional. */
  rpcUrl?: string;
  /** Where the PNG screenshots go (created if missing). */
  screenshotsDir: string;
  /** Chromium binary; default /usr/bin/chromium (Debian's package). */
  chromiumPath?: string;
  /** Per-page wait for data, ms; default 30 s. */
  timeoutMs?: number;
}

export interface CheckDashboardResult {
  /** Paths of the screenshots written. */
  screenshots: string[];
  /** What was checked, one line each. */
  checked: string[];
}

export async function checkDashboard(options: CheckDashboardOptions): Promise<CheckDashboardResult> {
  const { dashboardUrl, subgraphUrl, screenshotsDir, timeoutMs = 30_000 } = options;
  await mkdir(screenshotsDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  const result: CheckDashboardResult = { screenshots: [], checked: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeoutMs);
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    const open = async (hash: string, readySelector: string) => {
      const url = new URL(dashboardUrl);
      url.hash = hash;
      await page.goto(url.toString());
      await page.waitForSelector(readySelector);
    };
    const screenshot = async (name: string) => {
      const path = join(screenshotsDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      result.screenshots.push(path);
    };
    const gql = <T>(query: string, variables: Record<string, unknown> = {}) =>
      querySubgraph<T>(subgraphUrl, query, variables);

    await open("#/", '[data-testid="stat-jobs-posted"]');
    result.checked.push(await checkOverview(page, gql));
    await screenshot("overview");

    if (options.rpcUrl) result.checked.push(await checkLiveRefresh(page, options.rpcUrl, timeoutMs));

    await open("#/jobs", '[data-testid="jobs"]');
    await screenshot("jobs");

    const job = await settledJob(gql);
    await open(`#/jobs/${job.id}`, '[data-testid="timeline-settled"]');
    result.checked.push(await checkJobPage(page, job));
    await screenshot(`job-${job.id}`);

    const disputed = await resolvedDispute(gql);
    if (disputed) {
      await open(`#/jobs/${disputed.id}`, '[data-testid="dispute-verifiers"]');
      result.checked.push(await checkDisputePage(page, disputed));
      await screenshot(`job-${disputed.id}-disputed`);
    }

    await open("#/providers", '[data-testid="leaderboard"]');
    await screenshot("providers");

    const slash = await firstSlash(gql);
    await open(`#/providers/${slash.provider.id}`, '[data-testid="slashes"]');
    result.checked.push(await checkProviderPage(page, slash));
    await screenshot("provider-slashed");

    assert.deepEqual(pageErrors, [], "the dashboard threw in the browser");
    return result;
  } finally {
    await browser.close();
  }
}

type Gql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

async function querySubgraph<T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`subgraph: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Every `data-testid` element's text, read in one go so they all come from the same render. */
async function testIdTexts(page: Page): Promise<Record<string, string>> {
  return page.$$eval("[data-testid]", (elements) =>
    Object.fromEntries(elements.map((e) => [e.getAttribute("data-testid"), (e.textContent ?? "").trim()])),
  );
}

async function checkOverview(page: Page, gql: Gql): Promise<string> {
  const shown = await testIdTexts(page);
  const block = Number(shown["overview-block"]);
  assert.ok(block > 0, `overview block ${shown["overview-block"]}`);
  const { protocol: p, marketDayDatas: days } = await gql<{
    protocol: Record<string, string | number>;
    marketDayDatas: Record<string, string | number>[];
  }>(
    `query ($block: Int!) {
      protocol(id: "hashwork", block: { number: $block }) {
        jobsPosted jobsOpen jobsCompleted jobsRefunded jobsFailed jobsCancelled
        cumulativeVolume cumulativeFees cumulativeSlashed assignmentsSlashedDissent assignmentsSlashedNoShow
        verifierDissents verifierNoShows disputesOpened
        totalStake providerCount stakedProviderCount openEscrow
      }
      marketDayDatas(block: { number: $block }, orderBy: dayId, orderDirection: desc) {
        id jobsPosted jobsCompleted volume fees slashCount slashedAmount activeProviders
        disputesOpened disputesOverturned bonds
      }
    }`,
    { block },
  );
  const int = (v: string | number) => formatInteger(Number(v));
  const expected: Record<string, string> = {
    "stat-jobs-posted": int(p.jobsPosted),
    "stat-jobs-open": int(p.jobsOpen),
    "stat-jobs-completed": int(p.jobsCompleted),
    "stat-jobs-refunded": int(p.jobsRefunded),
    "stat-jobs-failed": `${int(p.jobsFailed)} failed`,
    "stat-jobs-cancelled": int(p.jobsCancelled),
    "stat-volume": formatTokens(String(p.cumulativeVolume)),
    "stat-fees": formatTokens(String(p.cumulativeFees)),
    "stat-slashed": formatTokens(String(p.cumulativeSlashed)),
    "stat-slash-count": `${int(
      Number(p.assignmentsSlashedDissent) +
        Number(p.assignmentsSlashedNoShow) +
        Number(p.verifierDissents) +
        Number(p.verifierNoShows),
    )} slash events`,
    "stat-disputes": int(p.disputesOpened),
    "stat-total-stake": formatTokens(String(p.totalStake)),
    "stat-staked-providers": int(p.stakedProviderCount),
    "stat-providers": `${int(p.providerCount)} registered`,
    "stat-open-escrow": formatTokens(String(p.openEscrow)),
  };
  for (const d of days) {
    expected[`jobs-day-${d.id}-posted`] = String(d.jobsPosted);
    expected[`jobs-day-${d.id}-completed`] = String(d.jobsCompleted);
    expected[`volume-day-${d.id}-volume`] = formatTokens(String(d.volume));
    expected[`volume-day-${d.id}-fees`] = formatTokens(String(d.fees));
    expected[`slashes-day-${d.id}-count`] = String(d.slashCount);
    expected[`slashes-day-${d.id}-amount`] = formatTokens(String(d.slashedAmount));
    expected[`providers-day-${d.id}-active`] = String(d.activeProviders);
    expected[`disputes-day-${d.id}-opened`] = String(d.disputesOpened);
    expected[`disputes-day-${d.id}-overturned`] = String(d.disputesOverturned);
    expected[`disputes-day-${d.id}-bonds`] = formatTokens(String(d.bonds));
  }
  const actual = Object.fromEntries(Object.keys(expected).map((id) => [id, shown[id]]));
  assert.deepEqual(actual, expected, `overview numbers at block ${block}`);
  return `overview: ${Object.keys(expected).length} numbers equal the subgraph's at block ${block}`;
}

/** Mines blocks and waits for the overview's data block to pass them, on the same page load. */
async function checkLiveRefresh(page: Page, rpcUrl: string, timeoutMs: number): Promise<string> {
  const before = Number(await page.textContent('[data-testid="overview-block"]'));
  // Two blocks: graph-node may wait for the next block before it indexes the head of an idle chain.
  for (let i = 0; i < 2; i++) {
    await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "evm_mine", params: [] }),
    });
  }
  await page.waitForFunction(
    (previous) => Number(document.querySelector('[data-testid="overview-block"]')?.textContent) > previous,
    before,
    { timeout: timeoutMs },
  );
  const after = await page.textContent('[data-testid="overview-block"]');
  return `live: the overview refreshed from block ${before} to ${after} without a reload`;
}

interface SettledJob {
  id: string;
  postedAt: string;
  lastClaimAt: string;
  lastCommitAt: string;
  lastRevealAt: string;
  settledAt: string;
  resultHash: string;
}

/** The settled job with the most replicas (a commit–reveal job when there is one). */
async function settledJob(gql: Gql): Promise<SettledJob> {
  const { jobs } = await gql<{ jobs: SettledJob[] }>(`{
    jobs(where: { status: COMPLETED }, first: 1, orderBy: replicas, orderDirection: desc) {
      id postedAt lastClaimAt lastCommitAt lastRevealAt settledAt resultHash
    }
  }`);
  assert.ok(jobs[0], "the subgraph has no completed job to check");
  return jobs[0];
}

async function checkJobPage(page: Page, job: SettledJob): Promise<string> {
  const shown = await testIdTexts(page);
  const steps = await page.$$eval('[data-testid="job-timeline"] > li', (items) =>
    items.map((li) => `${li.getAttribute("data-testid")}:${li.getAttribute("data-state")}`),
  );
  const phases = ["posted", "claimed", "committed", "revealed", "settled"];
  assert.deepEqual(
    steps.slice(0, phases.length),
    phases.map((phase) => `timeline-${phase}:done`),
    `job ${job.id} timeline`,
  );
  const times = { posted: job.postedAt, claimed: job.lastClaimAt, committed: job.lastCommitAt };
  for (const [phase, at] of Object.entries({ ...times, revealed: job.lastRevealAt, settled: job.settledAt })) {
    assert.equal(shown[`timeline-${phase}-time`], formatTimestamp(at), `job ${job.id}: ${phase} time`);
  }
  assert.equal(shown["job-status"], "COMPLETED");
  assert.equal(shown["job-result-hash"], job.resultHash, `job ${job.id} result hash`);
  return `job ${job.id}: timeline posted → claimed → committed → revealed → settled with its times, result hash`;
}

interface ResolvedDispute {
  id: string;
  bond: string;
  verdict: string;
  challengerPaid: string;
  openedAt: string;
  resolvedAt: string;
  verifiers: { slot: number; outcome: string; payment: string; slashed: string }[];
}

/** The newest resolved dispute, or null when the chain has none (the check is then skipped). */
async function resolvedDispute(gql: Gql): Promise<ResolvedDispute | null> {
  const { disputes } = await gql<{ disputes: ResolvedDispute[] }>(`{
    disputes(where: { status: RESOLVED }, first: 1, orderBy: resolvedAt, orderDirection: desc) {
      id bond verdict challengerPaid openedAt resolvedAt verifiers(orderBy: slot) { slot outcome payment slashed }
    }
  }`);
  return disputes[0] ?? null;
}

async function checkDisputePage(page: Page, d: ResolvedDispute): Promise<string> {
  const shown = await testIdTexts(page);
  const steps = await page.$$eval('[data-testid="job-timeline"] > li', (items) =>
    items.map((li) => `${li.getAttribute("data-testid")}:${li.getAttribute("data-state")}`),
  );
  const phases = ["posted", "claimed", "committed", "revealed", "disputed", "drawn", "verdicts", "resolved", "settled"];
  assert.deepEqual(
    steps.slice(0, phases.length),
    phases.map((phase) => `timeline-${phase}:done`),
    `job ${d.id} dispute timeline`,
  );
  assert.equal(shown["timeline-disputed-time"], formatTimestamp(d.openedAt), `job ${d.id}: disputed time`);
  assert.equal(shown["timeline-resolved-time"], formatTimestamp(d.resolvedAt), `job ${d.id}: resolved time`);
  assert.equal(shown["dispute-status"], "RESOLVED");
  assert.equal(shown["dispute-verdict"], d.verdict.replace(/_/g, " "));
  assert.equal(shown["dispute-bond"], formatTokens(d.bond), "dispute bond");
  assert.equal(shown["dispute-challenger-paid"], formatTokens(d.challengerPaid), "paid to the challenger");
  for (const v of d.verifiers) {
    const cell = (key: string) => shown[`dispute-verifiers-${v.slot}-${key}`];
    assert.equal(cell("outcome"), v.outcome.replace(/_/g, " "), `verifier ${v.slot} outcome`);
    assert.equal(cell("payment"), formatTokens(v.payment), `verifier ${v.slot} payment`);
    assert.equal(cell("slashed"), formatTokens(v.slashed), `verifier ${v.slot} slashed`);
  }
  return `job ${d.id}: dispute timeline → disputed → drawn → verdicts → resolved, verdict ${d.verdict}, bond and ${d.verifiers.length} verifiers`;
}

interface Slash {
  provider: { id: string; slashedAmount: string };
  job: { id: string };
  amount: string;
}

async function firstSlash(gql: Gql): Promise<Slash> {
  const { providerSlasheds } = await gql<{ providerSlasheds: Slash[] }>(`{
    providerSlasheds(first: 1, orderBy: timestamp) { provider { id slashedAmount } job { id } amount }
  }`);
  assert.ok(providerSlasheds[0], "the subgraph has no slash to check");
  return providerSlasheds[0];
}

async function checkProviderPage(page: Page, slash: Slash): Promise<string> {
  const shown = await testIdTexts(page);
  assert.equal(shown["provider-address"], slash.provider.id);
  assert.equal(shown["provider-slashed"], formatTokens(slash.provider.slashedAmount), "provider's slashed total");
  const rows = await page.$$eval('[data-testid="slashes"] tbody tr', (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => (td.textContent ?? "").trim())),
  );
  const slashRow = rows.find((cells) => cells[1] === `#${slash.job.id}`);
  assert.ok(slashRow, `provider ${slash.provider.id}: no slash row for job ${slash.job.id} in ${JSON.stringify(rows)}`);
  assert.equal(slashRow[3], formatTokens(slash.amount), "slashed amount");
  return `provider ${slash.provider.id}: slash of ${formatTokens(slash.amount)} for job ${slash.job.id}`;
}
