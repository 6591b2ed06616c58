/**
 * Checks a running dashboard in headless Chromium against the subgraph it reads:
 *   1. the overview's numbers equal the subgraph's, at the block the dashboard shows them for: jobs, volume, fuel
 *      and price per Mfuel, audits (decided, audited, realised rate, upheld, overturned), challenges, panels, the
 *      verifier pool, slashes, and every day's row of each chart's table;
 *   2. a completed unaudited job's page shows its timeline (posted → claimed → committed → audit decided → revealed →
 *      settled) with the subgraph's times, and its output hash;
 *   3. an audited job settled by a panel: its timeline has the audit decision, the auditor's draw, commitment and
 *      reveal, the panel round and the settlement with the subgraph's times; the verification shows its status,
 *      verdict, verifier pay and every seat's outcome, payment and slash;
 *   4. a challenged job: the challenge step and the challenge's status, bond and reward;
 *   5. a slashed provider's page shows its slash; a verifier's page its verifier earnings and seats;
 *   6. with an RPC URL of a dev chain (Hardhat, anvil): the overview refetches for newly mined blocks without
 *      a reload.
 * Saves a PNG of every page it visits. Used by dashboard.e2e.ts and by the devnet's end-to-end test.
 */
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { formatInteger, formatMfuel, formatRatio, formatTimestamp, formatTokens } from "../src/format";
import { auditsDetail, challengesDetail, panelsDetail, poolDetail } from "../src/pages/overviewText";
import type { ProtocolTotals } from "../src/queries/marketOverview";

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
    // A hash change re-renders the app without a reload, so the previous page's elements can still match: wait
    // for `readySelector` and, when given, for `[data-testid=<idTestId>]` to read `idText` (the page's subject).
    const open = async (hash: string, readySelector: string, idTestId?: string, idText?: string) => {
      const url = new URL(dashboardUrl);
      url.hash = hash;
      await page.goto(url.toString());
      await page.waitForFunction(
        ([ready, testId, text]) =>
          document.querySelector(ready!) !== null &&
          (!testId || document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() === text),
        [readySelector, idTestId, idText] as const,
      );
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
    await open(`#/jobs/${job.id}`, '[data-testid="timeline-settled"]', "job-title", `Job #${job.id}`);
    result.checked.push(await checkJobPage(page, job));
    await screenshot(`job-${job.id}`);

    const audited = await verifiedJob(gql, "audited: true, panelRounds_gt: 0");
    await open(`#/jobs/${audited.id}`, '[data-testid="verification-seats"]', "job-title", `Job #${audited.id}`);
    result.checked.push(await checkVerificationPage(page, audited));
    await screenshot(`job-${audited.id}-audited`);

    const challenged = await verifiedJob(gql, "challenger_not: null");
    await open(`#/jobs/${challenged.id}`, '[data-testid="verification-seats"]', "job-title", `Job #${challenged.id}`);
    result.checked.push(await checkVerificationPage(page, challenged));
    await screenshot(`job-${challenged.id}-challenged`);

    await open("#/providers", '[data-testid="leaderboard"]');
    await screenshot("providers");

    const slash = await firstSlash(gql);
    await open(`#/providers/${slash.provider.id}`, '[data-testid="slashes"]', "provider-address", slash.provider.id);
    result.checked.push(await checkProviderPage(page, slash));
    await screenshot("provider-slashed");

    const verifier = await topVerifier(gql);
    await open(`#/providers/${verifier.id}`, '[data-testid="provider-seats"]', "provider-address", verifier.id);
    result.checked.push(await checkVerifierPage(page, verifier));
    await screenshot("provider-verifier");

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
  type Row = Record<string, string>;
  const { protocol: p, marketDayDatas: days } = await gql<{ protocol: ProtocolTotals; marketDayDatas: Row[] }>(
    `query ($block: Int!) {
      protocol(id: "hashwork", block: { number: $block }) {
        cumulativeJobsPosted openJobs verifyingJobs cumulativeJobsCompleted cumulativeJobsRefunded cumulativeJobsFailed
        cumulativeJobsCancelled cumulativeVolume cumulativeFees cumulativeFuelBilled averagePricePerMfuel
        cumulativeAuditsDecided cumulativeAuditsAudited auditRateRealised cumulativeAuditsUpheld cumulativeAuditsOverturned
        cumulativeAuditsNoVerdict cumulativeChallengesOpened cumulativeChallengesWon cumulativeChallengesLost
        cumulativeChallengesUndecided openChallenges cumulativePanelsStarted cumulativePanelRoundsOpened
        cumulativePanelRoundsNoMajority cumulativeVerificationsUpheld cumulativeVerificationsOverturned
        cumulativeVerificationsNoVerdict pool reserved cumulativeVerifierPay cumulativeSlashed cumulativeSlashes
        totalStake providerCount stakedProviderCount openEscrow
      }
      marketDayDatas(block: { number: $block }, orderBy: dayId, orderDirection: desc) {
        id dailyJobsPosted dailyJobsCompleted dailyVolume dailyFees dailyFuelBilled dailyAveragePricePerMfuel
        dailySlashes dailySlashed activeProviders dailyAuditsDecided dailyAuditsAudited dailyAuditRateRealised
        dailyAuditsUpheld dailyAuditsOverturned dailyAuditsNoVerdict dailyChallengesOpened dailyChallengesWon
        dailyChallengesLost dailyPanelRoundsOpened dailyVerifierPay pool
      }
    }`,
    { block },
  );
  const int = (v: string | number) => formatInteger(Number(v));
  const expected: Record<string, string> = {
    "stat-jobs-posted": int(p.cumulativeJobsPosted),
    "stat-jobs-open": int(Number(p.openJobs) + Number(p.verifyingJobs)),
    "stat-jobs-verifying": `${int(p.verifyingJobs)} with a panel`,
    "stat-jobs-completed": int(p.cumulativeJobsCompleted),
    "stat-jobs-refunded": int(p.cumulativeJobsRefunded),
    "stat-jobs-failed": `${int(p.cumulativeJobsFailed)} failed`,
    "stat-jobs-cancelled": int(p.cumulativeJobsCancelled),
    "stat-volume": formatTokens(p.cumulativeVolume),
    "stat-fees": formatTokens(p.cumulativeFees),
    "stat-fuel": formatMfuel(p.cumulativeFuelBilled),
    "stat-price-per-mfuel": `${formatTokens(p.averagePricePerMfuel)} per Mfuel paid`,
    "stat-audits": int(p.cumulativeAuditsAudited),
    "stat-audits-detail": auditsDetail(p),
    "stat-challenges": int(p.cumulativeChallengesOpened),
    "stat-challenges-detail": challengesDetail(p),
    "stat-panels": int(p.cumulativePanelsStarted),
    "stat-panels-detail": panelsDetail(p),
    "stat-pool": formatTokens(p.pool),
    "stat-pool-detail": poolDetail(p),
    "stat-slashed": formatTokens(p.cumulativeSlashed),
    "stat-slash-count": `${int(p.cumulativeSlashes)} slash events`,
    "stat-total-stake": formatTokens(p.totalStake),
    "stat-staked-providers": int(p.stakedProviderCount),
    "stat-providers": `${int(p.providerCount)} registered`,
    "stat-open-escrow": formatTokens(p.openEscrow),
  };
  for (const d of days) {
    expected[`jobs-day-${d.id}-posted`] = String(d.dailyJobsPosted);
    expected[`jobs-day-${d.id}-completed`] = String(d.dailyJobsCompleted);
    expected[`volume-day-${d.id}-volume`] = formatTokens(d.dailyVolume);
    expected[`volume-day-${d.id}-fees`] = formatTokens(d.dailyFees);
    expected[`volume-day-${d.id}-fuel`] = formatMfuel(d.dailyFuelBilled);
    expected[`volume-day-${d.id}-price`] = formatTokens(d.dailyAveragePricePerMfuel);
    expected[`slashes-day-${d.id}-count`] = String(d.dailySlashes);
    expected[`slashes-day-${d.id}-amount`] = formatTokens(d.dailySlashed);
    expected[`providers-day-${d.id}-active`] = String(d.activeProviders);
    expected[`audits-day-${d.id}-decided`] = String(d.dailyAuditsDecided);
    expected[`audits-day-${d.id}-audited`] = String(d.dailyAuditsAudited);
    expected[`audits-day-${d.id}-rate`] = formatRatio(d.dailyAuditRateRealised!);
    expected[`audits-day-${d.id}-upheld`] = String(d.dailyAuditsUpheld);
    expected[`audits-day-${d.id}-overturned`] = String(d.dailyAuditsOverturned);
    expected[`audits-day-${d.id}-noVerdict`] = String(d.dailyAuditsNoVerdict);
    expected[`audits-day-${d.id}-challenges`] = String(d.dailyChallengesOpened);
    expected[`audits-day-${d.id}-won`] = String(d.dailyChallengesWon);
    expected[`audits-day-${d.id}-lost`] = String(d.dailyChallengesLost);
    expected[`audits-day-${d.id}-panels`] = String(d.dailyPanelRoundsOpened);
    expected[`pool-day-${d.id}-verifierPay`] = formatTokens(d.dailyVerifierPay);
    expected[`pool-day-${d.id}-pool`] = formatTokens(d.pool);
  }
  const actual = Object.fromEntries(Object.keys(expected).map((id) => [id, shown[id]]));
  assert.deepEqual(actual, expected, `overview numbers at block ${block}`);
  assert.ok(Number(p.cumulativeAuditsAudited) > 0, "the overview was checked without any audit");
  return `overview: ${Object.keys(expected).length} numbers (audits, verdicts, challenges, panels, pool included) equal the subgraph's at block ${block}`;
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
  auditDecidedAt: string;
  lastRevealAt: string;
  settledAt: string;
  outputHash: string;
}

/**
 * The completed unaudited job with the most replicas that never met the court (no disagreement, no challenge): its
 * timeline is posted → claimed → committed → audit → revealed → settled, with no panel step in between.
 */
async function settledJob(gql: Gql): Promise<SettledJob> {
  const { jobs } = await gql<{ jobs: SettledJob[] }>(`{
    jobs(
      where: { status: COMPLETED, audit: NOT_AUDITED, verification: null }
      first: 1
      orderBy: replicas
      orderDirection: desc
    ) {
      id postedAt lastClaimAt lastCommitAt auditDecidedAt lastRevealAt settledAt outputHash
    }
  }`);
  assert.ok(jobs[0], "the subgraph has no completed unaudited job to check");
  return jobs[0];
}

/** The data-testid and data-state of each timeline step, in order. */
async function timelineSteps(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="job-timeline"] > li', (items) =>
    items.map(
      (li) => `${(li.getAttribute("data-testid") ?? "").replace(/^timeline-/, "")}:${li.getAttribute("data-state")}`,
    ),
  );
}

async function checkJobPage(page: Page, job: SettledJob): Promise<string> {
  const shown = await testIdTexts(page);
  const phases = ["posted", "claimed", "committed", "audit", "revealed", "settled"];
  assert.deepEqual(
    (await timelineSteps(page)).slice(0, phases.length),
    phases.map((phase) => `${phase}:done`),
    `job ${job.id} timeline`,
  );
  const times: Record<string, string> = {
    posted: job.postedAt,
    claimed: job.lastClaimAt,
    committed: job.lastCommitAt,
    audit: job.auditDecidedAt,
    revealed: job.lastRevealAt,
    settled: job.settledAt,
  };
  for (const [phase, at] of Object.entries(times)) {
    assert.equal(shown[`timeline-${phase}-time`], formatTimestamp(at), `job ${job.id}: ${phase} time`);
  }
  assert.equal(shown["job-status"], "COMPLETED");
  assert.equal(shown["job-audit"], "NOT AUDITED");
  assert.equal(shown["job-output-hash"], job.outputHash, `job ${job.id} output hash`);
  return `job ${job.id}: timeline posted → claimed → committed → not audited → revealed → settled with its times, output hash`;
}

interface VerifiedJob {
  id: string;
  job: { audit: string; lastRevealAt: string; settledAt: string; auditDecidedAt: string };
  status: string;
  verdictOutcome: string;
  verifierPay: string;
  challenger: string | null;
  challengedAt: string | null;
  challengeStatus: string | null;
  bond: string;
  challengerReward: string;
  rounds: { round: number; closedAt: string | null }[];
  seats: {
    roundIndex: number;
    seat: number;
    drawnAt: string;
    committedAt: string | null;
    revealedAt: string | null;
    outcome: string;
    payment: string;
    slashed: string;
  }[];
}

/** The newest finalized verification matching `where` (GraphQL filter fields). */
async function verifiedJob(gql: Gql, where: string): Promise<VerifiedJob> {
  const { verifications } = await gql<{ verifications: VerifiedJob[] }>(`{
    verifications(where: { status: FINAL, ${where} }, first: 1, orderBy: finalizedAt, orderDirection: desc) {
      id status verdictOutcome verifierPay challenger challengedAt challengeStatus bond challengerReward
      job { audit lastRevealAt settledAt auditDecidedAt }
      rounds(orderBy: round) { round closedAt }
      seats(first: 100) { roundIndex seat drawnAt committedAt revealedAt outcome payment slashed }
    }
  }`);
  assert.ok(verifications[0], `the subgraph has no finalized verification with ${where}`);
  return verifications[0];
}

async function checkVerificationPage(page: Page, v: VerifiedJob): Promise<string> {
  const shown = await testIdTexts(page);
  const auditor = v.seats.find((s) => s.roundIndex === 0);
  const panels = v.rounds.filter((r) => r.round > 0);
  const times: [string, string | null][] = [
    ["audit", v.job.auditDecidedAt],
    ...(auditor
      ? ([
          ["auditor-drawn", auditor.drawnAt],
          ["auditor-committed", auditor.committedAt],
          ["auditor-revealed", auditor.revealedAt],
        ] as [string, string | null][])
      : []),
    ["revealed", v.job.lastRevealAt],
    ...(v.challenger ? ([["challenged", v.challengedAt]] as [string, string | null][]) : []),
    ...panels.map((r) => [`panel-${r.round}`, r.closedAt] as [string, string | null]),
    ["settled", v.job.settledAt],
  ];
  const steps = await timelineSteps(page);
  for (const [phase, at] of times) {
    assert.ok(steps.includes(`${phase}:done`), `job ${v.id}: step ${phase} done in ${steps.join(", ")}`);
    assert.equal(shown[`timeline-${phase}-time`], formatTimestamp(at), `job ${v.id}: ${phase} time`);
  }
  assert.deepEqual(
    steps.map((s) => s.split(":")[0]).filter((s) => times.some(([phase]) => phase === s)),
    times.map(([phase]) => phase),
    `job ${v.id}: steps in order`,
  );
  assert.equal(shown["verification-status"], v.status);
  assert.equal(shown["verification-verdict"], v.verdictOutcome.replace(/_/g, " "), `job ${v.id} verdict`);
  assert.equal(shown["verification-pay"], formatTokens(v.verifierPay), `job ${v.id} verifier pay`);
  if (v.challenger) {
    assert.equal(shown["verification-challenge-status"], v.challengeStatus, `job ${v.id} challenge status`);
    assert.equal(shown["verification-bond"], formatTokens(v.bond), `job ${v.id} bond`);
    assert.equal(shown["verification-reward"], formatTokens(v.challengerReward), `job ${v.id} challenger reward`);
  }
  for (const s of v.seats) {
    const cell = (key: string) => shown[`verification-seats-${s.roundIndex}-${s.seat}-${key}`];
    assert.equal(cell("outcome"), s.outcome.replace(/_/g, " "), `job ${v.id} seat ${s.roundIndex}/${s.seat} outcome`);
    assert.equal(cell("payment"), formatTokens(s.payment), `job ${v.id} seat ${s.roundIndex}/${s.seat} payment`);
    assert.equal(cell("slashed"), formatTokens(s.slashed), `job ${v.id} seat ${s.roundIndex}/${s.seat} slashed`);
  }
  return `job ${v.id}: ${times.map(([phase]) => phase).join(" → ")} with their times; verdict ${v.verdictOutcome}, ${v.seats.length} seats${v.challenger ? `, challenge ${v.challengeStatus}` : ""}`;
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

interface Verifier {
  id: string;
  verifierEarnings: string;
  seats: { verification: { id: string }; outcome: string; payment: string }[];
}

async function topVerifier(gql: Gql): Promise<Verifier> {
  const { providers } = await gql<{ providers: Verifier[] }>(`{
    providers(first: 1, orderBy: verifierEarnings, orderDirection: desc) {
      id verifierEarnings seats(first: 50, orderBy: drawnAt, orderDirection: desc) { verification { id } outcome payment }
    }
  }`);
  assert.ok(providers[0] && providers[0].verifierEarnings !== "0", "the subgraph has no paid verifier");
  return providers[0];
}

async function checkVerifierPage(page: Page, v: Verifier): Promise<string> {
  const shown = await testIdTexts(page);
  assert.equal(shown["provider-verifier-earnings"], formatTokens(v.verifierEarnings), "verifier earnings");
  for (const seat of v.seats) {
    const cell = (key: string) => shown[`provider-seats-${seat.verification.id}-${key}`];
    assert.equal(cell("outcome"), seat.outcome.replace(/_/g, " "), `seat on job ${seat.verification.id}`);
    assert.equal(cell("payment"), formatTokens(seat.payment), `pay for job ${seat.verification.id}`);
  }
  return `verifier ${v.id}: ${formatTokens(v.verifierEarnings)} earned over ${v.seats.length} seats`;
}
