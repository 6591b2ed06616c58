/**
 * The chain side of the subgraph's end-to-end test (driven by subgraph/scripts/e2e.ts, on devkit/src/subgraph-stack.ts,
 * which deploys the system into $E2E_DIR/deployment.json first). Two steps, each one `hardhat run` against the local
 * node (HASHWORK_RPC_URL), sharing files in E2E_DIR:
 *
 *   E2E_STEP=activity  real jobs through every path the subgraph tells apart: k = 1 unaudited; audited and upheld;
 *                      audited and overturned by a panel; challenged and won; challenged and lost; k = 3 with a
 *                      no-show and a withholder (fail-closed audit, no consensus); a cancellation; a job nobody
 *                      claims; unbonding across days; a job on the new day; withdrawals from the market and the
 *                      court. Writes $E2E_DIR/accounts.json
 *   E2E_STEP=facts     reads what the chain says (contract views, token balances, logs) into $E2E_DIR/facts.json
 *
 * The steps use the mocha fixture's helpers (test/mocha/fixture.ts): the lottery schedule, commit–reveal, the audit
 * decision made deterministic (forceAudit), verifier draws. The audit seed is chosen; everything else is the
 * contracts' own logic.
 *
 *   E2E_STEP=activity E2E_DIR=/tmp/x npx hardhat run scripts/subgraph/e2e-chain.ts --network localhost
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type {
  BlockhashRandomness,
  HashworkToken,
  JobMarket,
  ProviderRegistry,
  VerificationCourt,
} from "@hashwork/sdk/typechain";
import {
  addProvider,
  answer,
  claimAuditor,
  claimSeats,
  claimSlots,
  commitAll,
  commitVerdicts,
  ethers,
  forceAudit,
  fund,
  networkHelpers,
  passChallengeWindow,
  postJob,
  providerOf,
  revealAll,
  revealVerdicts,
  TOKEN,
} from "../../test/mocha/fixture.js";

const POOL = 1_000n * TOKEN;
const dir = process.env.E2E_DIR ?? fail("E2E_DIR is not set");
const step = process.env.E2E_STEP ?? fail("E2E_STEP is not set (activity | facts)");

const signers = await ethers.getSigners();
const [deployer, requester, challenger] = signers;
const providers = signers.slice(3, 8); // P1..P5, replicas
const verifiers = signers.slice(10, 18); // V1..V8, auditors and panels (providers too)

if (step === "activity") await activity();
else if (step === "facts") await facts();
else fail(`unknown E2E_STEP ${step}`);

async function system() {
  const { contracts: c } = JSON.parse(await readFile(join(dir, "deployment.json"), "utf8"));
  const at = async <T>(name: string) => (await ethers.getContractAt(name, c[name].address)) as unknown as T;
  return {
    token: await at<HashworkToken>("HashworkToken"),
    registry: await at<ProviderRegistry>("ProviderRegistry"),
    market: await at<JobMarket>("JobMarket"),
    court: await at<VerificationCourt>("VerificationCourt"),
    randomness: await at<BlockhashRandomness>("BlockhashRandomness"),
    deployer: deployer!,
    requester: requester!,
    addresses: c as Record<string, { address: string; startBlock: number }>,
  };
}

async function activity() {
  const sys = await system();
  const { market, court, registry } = sys;
  const courtAddress = await court.getAddress();
  await (await sys.token.connect(deployer!).approve(courtAddress, POOL)).wait();
  await (await court.connect(deployer!).fundPool(POOL)).wait();
  // Providers ask 0.01, 0.012, 0.014… token per Mfuel (a spread for the price statistics), P2 bills at least 50 Mfuel.
  for (const [i, p] of providers.entries()) {
    await addProvider(sys, p, { pricePerMfuel: TOKEN / 100n + (BigInt(i) * TOKEN) / 500n, minMfuel: i === 1 ? 50 : 0 });
  }
  for (const v of verifiers) await addProvider(sys, v);
  const right = answer("right");
  const wrong = answer("wrong");
  const resolve = async (jobId: bigint) => await (await court.resolve(jobId)).wait();
  const settle = async (jobId: bigint) => await (await market.settle(jobId)).wait();

  // Job 1, k = 1, not audited: paid for its fuel after the challenge window.
  const j1 = await postJob(sys);
  const [a1] = await claimSlots(sys, j1, providers, 1);
  await commitAll(sys, j1, [a1!], [right]);
  await forceAudit(sys, j1, false);
  await revealAll(sys, j1, [a1!], [right]);
  await passChallengeWindow(sys, j1);
  await settle(j1);

  // Job 2, k = 1, audited; the auditor agrees: the replica is paid, the auditor paid its budget from the pool.
  const j2 = await postJob(sys);
  const [a2] = await claimSlots(sys, j2, providers, 1);
  await commitAll(sys, j2, [a2!], [right]);
  await forceAudit(sys, j2, true);
  const auditor2 = await claimAuditor(sys, j2, verifiers);
  await commitVerdicts(sys, j2, [auditor2], [right]);
  await revealAll(sys, j2, [a2!], [right]);
  await revealVerdicts(sys, j2, [auditor2], [right]);
  await passChallengeWindow(sys, j2);
  await settle(j2);

  // Job 3, k = 1, audited; the replica is wrong: a panel overturns it (one panel member sides with the replica).
  const j3 = await postJob(sys);
  const [a3] = await claimSlots(sys, j3, providers, 1);
  await commitAll(sys, j3, [a3!], [wrong]);
  await forceAudit(sys, j3, true);
  const auditor3 = await claimAuditor(sys, j3, verifiers);
  await commitVerdicts(sys, j3, [auditor3], [right]);
  await revealAll(sys, j3, [a3!], [wrong]);
  await revealVerdicts(sys, j3, [auditor3], [right]);
  await settle(j3); // disagreement: the panel opens at once
  const panel3 = await claimSeats(
    sys,
    j3,
    verifiers.filter((v) => v !== auditor3),
    3,
  );
  await commitVerdicts(sys, j3, panel3, [right, right, wrong]);
  await revealVerdicts(sys, j3, panel3, [right, right, wrong]);
  await resolve(j3);

  // Jobs 4 and 5, k = 1, not audited, challenged with a bond: job 4's wrong result is overturned (the challenge
  // wins), job 5's right result is confirmed (the challenge loses its bond to the pool).
  const bondFunds = 100n * TOKEN;
  await fund(sys, challenger!, bondFunds, courtAddress);
  for (const [answerOfReplica, panelAnswers] of [
    [wrong, [right, right, right]],
    [right, [right, right, right]],
  ] as const) {
    const jobId = await postJob(sys);
    const [replica] = await claimSlots(sys, jobId, providers, 1);
    await commitAll(sys, jobId, [replica!], [answerOfReplica]);
    await forceAudit(sys, jobId, false);
    await revealAll(sys, jobId, [replica!], [answerOfReplica]);
    await (await court.connect(challenger!).challenge(jobId)).wait();
    const panel = await claimSeats(sys, jobId, verifiers, 3);
    await commitVerdicts(sys, jobId, panel, [...panelAnswers]);
    await revealVerdicts(sys, jobId, panel, [...panelAnswers]);
    await resolve(jobId);
  }

  // Job 6, k = 3: one replica never commits, so commits close at the deadline and the job is audited (fail closed);
  // nobody audits it; one replica reveals, one withholds: no consensus, the no-show and the withholder are slashed.
  const j6 = await postJob(sys, { replicas: 3 });
  const c6 = await claimSlots(sys, j6, providers, 3);
  await commitAll(sys, j6, c6.slice(0, 2), [right, right]);
  const job6 = await market.getJob(j6);
  await networkHelpers.time.increaseTo(job6.commitDeadline + 1n);
  await (await market.decideAudit(j6)).wait();
  const t6 = await market.timeline(j6);
  await networkHelpers.time.increaseTo(t6.auditCommitEndsAt + 1n);
  await revealAll(sys, j6, c6.slice(0, 1), [right]);
  await networkHelpers.time.increaseTo(t6.revealEndsAt + 1n);
  await settle(j6);

  // Job 7 is cancelled in the block after its posting; job 8 is never claimed.
  const j7 = await postJob(sys);
  await (await market.connect(requester!).cancelJob(j7)).wait();
  const j8 = await postJob(sys);
  await networkHelpers.time.increaseTo((await market.getJob(j8)).claimDeadline + 1n);
  await settle(j8);

  // P5 unbonds half its stake, waits the unbonding period (days pass), withdraws; job 9 runs on the new day.
  const p5 = providers[4]!;
  const free = (await providerOf(registry, p5)).stake / 2n;
  await (await registry.connect(p5).requestUnstake(free)).wait();
  await networkHelpers.time.increase(await registry.unbondingPeriod());
  await (await registry.connect(p5).withdraw()).wait();
  const j9 = await postJob(sys);
  const [a9] = await claimSlots(sys, j9, providers, 1);
  await commitAll(sys, j9, [a9!], [right]);
  await forceAudit(sys, j9, false);
  await revealAll(sys, j9, [a9!], [right]);
  await passChallengeWindow(sys, j9);
  await settle(j9);

  // Withdrawals: the requester and job 1's replica from the market; job 2's auditor and the challenger from the court.
  for (const account of [requester!, a1!]) await (await market.connect(account).withdraw()).wait();
  for (const account of [auditor2, challenger!]) await (await court.connect(account).withdraw()).wait();

  await writeJson("accounts.json", {
    deployer: deployer!.address,
    requester: requester!.address,
    challenger: challenger!.address,
    providers: providers.map((p) => p.address),
    verifiers: verifiers.map((v) => v.address),
  });
  console.error(`e2e: activity done at block ${await ethers.provider.getBlockNumber()}`);
}

async function facts() {
  const { token, registry, market, court, addresses } = await system();
  const accounts = JSON.parse(await readFile(join(dir, "accounts.json"), "utf8"));
  const head = await ethers.provider.getBlockNumber();
  const from = addresses.JobMarket!.startBlock;

  const settledLogs = await market.queryFilter(market.filters.JobSettled(), from, head);
  const jobCount = Number(await market.jobCount());
  const jobs = [];
  for (let id = 1n; id <= BigInt(jobCount); id++) {
    const job = await market.getJob(id);
    const settled = settledLogs.find((l) => l.args.jobId === id);
    const v = await court.getVerification(id);
    const seats = [];
    for (let round = 0; round <= Number(v.round) && v.status !== 0n; round++) {
      for (const [seat, s] of (await court.getSeats(id, round)).entries())
        seats.push({ round, seat, account: s.account.toLowerCase(), fuelUsed: s.fuelUsed.toString() });
    }
    jobs.push({
      id: String(id),
      status: Number(job.status),
      audit: Number(job.audit),
      outcome: settled ? Number(settled.args.outcome) : null,
      paid: settled ? settled.args.paid.toString() : "0",
      refund: settled ? settled.args.refund.toString() : "0",
      fuelUsed: settled ? settled.args.fuelUsed.toString() : null,
      claimed: Number(job.claimed),
      replicas: Number(job.replicas),
      verification:
        v.status === 0n
          ? null
          : {
              status: Number(v.status),
              round: Number(v.round),
              challenger: v.challenger === ethers.ZeroAddress ? null : v.challenger.toLowerCase(),
              bond: v.bond.toString(),
              agreed: v.agreed === ethers.ZeroHash ? null : v.agreed,
              verdict: v.verdict === ethers.ZeroHash ? null : v.verdict,
              seats,
            },
    });
  }

  const sumBy = (entries: { account: string; amount: bigint }[]) => {
    const out: Record<string, bigint> = {};
    for (const e of entries) out[e.account] = (out[e.account] ?? 0n) + e.amount;
    return out;
  };
  const replicaEarnings = sumBy(
    (await market.queryFilter(market.filters.ProviderPaid(), from, head)).map((l) => ({
      account: l.args.provider.toLowerCase(),
      amount: l.args.payment + l.args.bonus,
    })),
  );
  const verifierPay = sumBy(
    (await court.queryFilter(court.filters.VerifierPaid(), from, head)).map((l) => ({
      account: l.args.verifier.toLowerCase(),
      amount: l.args.pay,
    })),
  );
  const providerFacts = [];
  for (const address of [...accounts.providers, ...accounts.verifiers] as string[]) {
    const p = await providerOf(registry, address);
    const id = address.toLowerCase();
    providerFacts.push({
      id,
      stake: p.stake.toString(),
      locked: p.locked.toString(),
      unbonding: p.unbonding.toString(),
      activeJobs: Number(p.activeJobs),
      pricePerMfuel: p.pricePerMfuel.toString(),
      minMfuel: p.minMfuel.toString(),
      completed: Number(p.completed),
      slashes: Number(p.slashes),
      noShows: Number(p.noShows),
      faultsAtJail: Number(p.faultsAtJail),
      jailedUntil: p.jailedUntil.toString(),
      reputation: Number(await registry.reputation(address)),
      earnings: (replicaEarnings[id] ?? 0n).toString(),
      verifierEarnings: (verifierPay[id] ?? 0n).toString(),
    });
  }

  // Every account the market or the court may owe: the signers, every treasury the market had, the court.
  const courtAddress = (await court.getAddress()).toLowerCase();
  const treasuries = (await market.queryFilter(market.filters.TreasuryUpdated(), from, head)).map(
    (l) => l.args.newTreasury,
  );
  const owed = [...new Set([...signers.map((s) => s.address), ...treasuries, courtAddress])];
  let marketClaimable = 0n;
  let courtClaimable = 0n;
  for (const a of owed) {
    marketClaimable += await market.claimable(a);
    courtClaimable += await court.claimable(a);
  }

  // Counts and sums straight from the logs, and per UTC day of their blocks.
  const decided = await market.queryFilter(market.filters.AuditDecided(), from, head);
  const challengesSettled = await court.queryFilter(court.filters.ChallengeSettled(), from, head);
  const rounds = await court.queryFilter(court.filters.RoundOpened(), from, head);
  const slashes = await registry.queryFilter(registry.filters.ProviderSlashed(), from, head);
  const dayOf = async (blockNumber: number) =>
    Math.floor((await ethers.provider.getBlock(blockNumber))!.timestamp / 86_400);
  const days: Record<
    string,
    { jobsPosted: number; jobsCompleted: number; volume: bigint; slashed: bigint; audits: number }
  > = {};
  const day = (d: number) => (days[d] ??= { jobsPosted: 0, jobsCompleted: 0, volume: 0n, slashed: 0n, audits: 0 });
  for (const l of await market.queryFilter(market.filters.JobPosted(), from, head))
    day(await dayOf(l.blockNumber)).jobsPosted++;
  for (const l of settledLogs) {
    const d = day(await dayOf(l.blockNumber));
    if (l.args.outcome === 0n) d.jobsCompleted++;
    d.volume += l.args.paid;
  }
  for (const l of slashes) day(await dayOf(l.blockNumber)).slashed += l.args.amount;
  for (const l of decided) day(await dayOf(l.blockNumber)).audits++;
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n).toString();

  await writeJson("facts.json", {
    head,
    jobCount,
    jobs,
    providers: providerFacts,
    court: courtAddress,
    treasury: (await market.treasury()).toLowerCase(),
    totalStake: (await registry.totalStake()).toString(),
    marketBalance: (await token.balanceOf(await market.getAddress())).toString(),
    registryBalance: (await token.balanceOf(await registry.getAddress())).toString(),
    courtBalance: (await token.balanceOf(courtAddress)).toString(),
    marketClaimable: marketClaimable.toString(),
    courtMarketClaimable: (await market.claimable(courtAddress)).toString(),
    courtClaimable: courtClaimable.toString(),
    pool: (await court.pool()).toString(),
    reserved: (await court.reserved()).toString(),
    counts: {
      auditsDecided: decided.length,
      auditsAudited: decided.filter((l) => l.args.audited).length,
      challengesOpened: (await court.queryFilter(court.filters.ChallengeOpened(), from, head)).length,
      challengesWon: challengesSettled.filter((l) => l.args.won).length,
      challengesLost: challengesSettled.filter((l) => !l.args.won && l.args.bondReturned === 0n).length,
      panelRoundsOpened: rounds.filter((l) => l.args.round > 0n).length,
      panelsStarted: (await market.queryFilter(market.filters.VerificationStarted(), from, head)).length,
      verifiersDrawn: (await court.queryFilter(court.filters.VerifierDrawn(), from, head)).length,
      slashes: slashes.length,
    },
    sums: {
      volume: sum(settledLogs.map((l) => l.args.paid)),
      fees: sum(settledLogs.map((l) => l.args.fee)),
      auditFees: sum(settledLogs.map((l) => l.args.auditFee)),
      fuelUsed: sum(settledLogs.filter((l) => l.args.outcome === 0n).map((l) => l.args.fuelUsed)),
      slashed: sum(slashes.map((l) => l.args.amount)),
      verifierPay: sum(Object.values(verifierPay)),
      bonds: sum((await court.queryFilter(court.filters.ChallengeOpened(), from, head)).map((l) => l.args.bond)),
      poolFundedDirectly: sum(
        (await court.queryFilter(court.filters.PoolFunded(), from, head)).map((l) => l.args.amount),
      ),
    },
    days: Object.entries(days).map(([dayId, d]) => ({
      dayId: Number(dayId),
      jobsPosted: d.jobsPosted,
      jobsCompleted: d.jobsCompleted,
      volume: d.volume.toString(),
      slashed: d.slashed.toString(),
      auditsDecided: d.audits,
    })),
  });
  console.error(`e2e: facts written at block ${head}`);
}

async function writeJson(name: string, value: unknown) {
  await writeFile(join(dir, name), JSON.stringify(value, null, 2) + "\n");
}

function fail(message: string): never {
  throw new Error(`e2e chain: ${message}`);
}
