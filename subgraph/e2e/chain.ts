/**
 * The chain side of the subgraph's end-to-end test (driven by subgraph/scripts/e2e.sh). Three steps, each one
 * `hardhat run` against the local node (HASHWORK_RPC_URL), sharing files in E2E_DIR:
 *
 *   E2E_STEP=deploy    Ignition-deploys the system, writes $E2E_DIR/deployment.json (sdk/deployments format)
 *   E2E_STEP=activity  real transactions: k = 1 and k = 3 jobs, a dissent, no-shows and a jailing, a job
 *                      without quorum, a cancellation, a job nobody claims, unstake + withdraw across days,
 *                      a full parameter change, a new treasury, a dispute overturned by its verifiers (one a
 *                      no-show), withdrawals from the market and the court; writes $E2E_DIR/accounts.json
 *   E2E_STEP=facts     reads what the chain says (contract views, token balances, logs) into $E2E_DIR/facts.json
 *
 *   E2E_STEP=deploy E2E_DIR=/tmp/x npx hardhat run subgraph/e2e/chain.ts --network localhost
 */
import { existsSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { network } from "hardhat";
import HashworkModule from "../../ignition/modules/Hashwork.js";
import { firstWinningElapsed } from "../../sdk/src/lottery.js";
import { INPUT_UNAVAILABLE, commitment } from "../../sdk/src/results.js";
import type {
  BlockhashRandomness,
  DisputeCourt,
  HashworkToken,
  JobMarket,
  ProviderRegistry,
} from "../../sdk/src/typechain/index.js";

const TOKEN = 10n ** 18n;
const STAKE = 1_000n * TOKEN;
const DEPLOYMENT_ID = "subgraph-e2e"; // its own Ignition journal, removed after the deployment
const dir = process.env.E2E_DIR ?? fail("E2E_DIR is not set");
const step = process.env.E2E_STEP ?? fail("E2E_STEP is not set (deploy | activity | facts)");

const conn = await network.getOrCreate();
const { ethers, ignition, networkHelpers } = conn;
const signers = await ethers.getSigners();
const [deployer, requester] = signers;
const providers = signers.slice(2, 6); // P1..P4
const challenger = signers[7]; // disputes a result; neither a provider nor the requester
const names = ["HashworkToken", "ProviderRegistry", "BlockhashRandomness", "JobMarket", "DisputeCourt"] as const;

if (step === "deploy") await deploy();
else if (step === "activity") await activity();
else if (step === "facts") await facts();
else fail(`unknown E2E_STEP ${step}`);

async function deploy() {
  const journal = join(import.meta.dirname, "..", "..", "ignition", "deployments", DEPLOYMENT_ID);
  rmSync(journal, { recursive: true, force: true });
  try {
    const deployed = await ignition.deploy(HashworkModule, {
      deploymentId: DEPLOYMENT_ID,
      parameters: { Hashwork: { challengeWindow: 60n } },
      displayUi: false,
    });
    const byName: Record<string, { getAddress(): Promise<string> }> = {
      HashworkToken: deployed.token,
      ProviderRegistry: deployed.registry,
      BlockhashRandomness: deployed.randomness,
      JobMarket: deployed.market,
      DisputeCourt: deployed.court,
    };
    const contracts: Record<string, { address: string; startBlock: number }> = {};
    for (const name of names) {
      const address = await byName[name].getAddress();
      contracts[name] = { address, startBlock: await firstBlockWithCode(address) };
    }
    const chainId = Number((await ethers.provider.getNetwork()).chainId);
    await writeJson("deployment.json", { chainId, network: "localhost", contracts });
    console.error(`e2e: deployed ${JSON.stringify(contracts)}`);
  } finally {
    if (existsSync(journal)) rmSync(journal, { recursive: true, force: true });
  }
}

async function contracts() {
  const { contracts: c } = JSON.parse(await readFile(join(dir, "deployment.json"), "utf8"));
  const token = (await ethers.getContractAt("HashworkToken", c.HashworkToken.address)) as unknown as HashworkToken;
  const registry = (await ethers.getContractAt(
    "ProviderRegistry",
    c.ProviderRegistry.address,
  )) as unknown as ProviderRegistry;
  const market = (await ethers.getContractAt("JobMarket", c.JobMarket.address)) as unknown as JobMarket;
  const court = (await ethers.getContractAt("DisputeCourt", c.DisputeCourt.address)) as unknown as DisputeCourt;
  const randomness = (await ethers.getContractAt(
    "BlockhashRandomness",
    c.BlockhashRandomness.address,
  )) as unknown as BlockhashRandomness;
  return {
    token,
    registry,
    market,
    court,
    randomness,
    addresses: c as Record<string, { address: string; startBlock: number }>,
  };
}

async function activity() {
  const { token, registry, market, court, randomness } = await contracts();
  const marketAddress = await market.getAddress();
  const [P1, P2, P3, P4] = providers;
  const prices = [TOKEN, (3n * TOKEN) / 2n, 2n * TOKEN, (3n * TOKEN) / 4n]; // token units per replica

  // Providers: tokens, offer, stake.
  for (const [i, p] of providers.entries()) {
    await (await token.transfer(p.address, STAKE)).wait();
    await (await token.connect(p).approve(await registry.getAddress(), STAKE)).wait();
    await (await registry.connect(p).register(`ipfs://provider-${i + 1}`, 1, prices[i], 8)).wait();
    await (await registry.connect(p).stake(STAKE)).wait();
  }
  await (await token.transfer(requester.address, 1_000n * TOKEN)).wait();
  await (await token.connect(requester).approve(marketAddress, ethers.MaxUint256)).wait();

  const { wideningPeriod } = await market.parameters();
  let nonce = 0;
  const post = async (replicas: number) => {
    const now = BigInt(await networkHelpers.time.latest());
    const claimDeadline = now + 3_600n;
    const commitDeadline = claimDeadline + 600n;
    await (
      await market.connect(requester).postJob({
        resourceClass: 0,
        replicas,
        maxPrice: 2n * TOKEN,
        minReputation: 0,
        claimDeadline,
        commitDeadline,
        revealDeadline: replicas === 1 ? 0n : commitDeadline + 600n,
        bundleHash: ethers.id(`bundle-${++nonce}`),
        bundleURI: `ipfs://bundle-${nonce}`,
      })
    ).wait();
    const jobId = await market.jobCount();
    // With 4 equal stakes every provider wins the lottery once w(t) >= 4: 3 widening periods after posting.
    await networkHelpers.time.increase(3n * wideningPeriod + 1n);
    return { jobId, claimDeadline, commitDeadline };
  };
  const claim = async (jobId: bigint, ...who: typeof providers) => {
    for (const p of who) await (await market.connect(p).claim(jobId)).wait();
  };
  const commitReveal = async (jobId: bigint, votes: [typeof P1, string][]) => {
    for (const [p, hash] of votes) {
      const salt = ethers.id(`salt-${jobId}-${p.address}`);
      await (await market.connect(p).commitResult(jobId, commitment(jobId, p.address, hash, salt))).wait();
    }
    for (const [p, hash] of votes) {
      const salt = ethers.id(`salt-${jobId}-${p.address}`);
      await (await market.connect(p).revealResult(jobId, hash, salt, `ipfs://out-${jobId}-${p.address}`)).wait();
    }
  };
  const settle = async (jobId: bigint) => (await market.settle(jobId)).wait();
  const good = ethers.id("output-good");

  // Job 1, k = 1: claim, submit, challenge window, settle → completed.
  const j1 = await post(1);
  await claim(j1.jobId, P1);
  await (await market.connect(P1).submitResult(j1.jobId, good, "ipfs://out-1")).wait();
  await networkHelpers.time.increase(61);
  await settle(j1.jobId);

  // Job 2, k = 3: P1 and P2 agree, P3 dissents → P3 slashed, P1/P2 paid plus bonus.
  const j2 = await post(3);
  await claim(j2.jobId, P1, P2, P3);
  await commitReveal(j2.jobId, [
    [P1, good],
    [P2, good],
    [P3, ethers.id("output-wrong")],
  ]);
  await settle(j2.jobId);

  // Job 3, k = 1: P3 claims and never submits → no-show slash after the commit deadline.
  const j3 = await post(1);
  await claim(j3.jobId, P3);
  await networkHelpers.time.increaseTo(j3.commitDeadline + 1n);
  await settle(j3.jobId);

  // Job 4, k = 3: three different hashes → no consensus, everyone released, requester refunded.
  const j4 = await post(3);
  await claim(j4.jobId, P1, P2, P4);
  await commitReveal(j4.jobId, [
    [P1, ethers.id("a")],
    [P2, ethers.id("b")],
    [P4, ethers.id("c")],
  ]);
  await settle(j4.jobId);

  // Job 5: cancelled before any claim.
  const j5 = await post(2);
  await (await market.connect(requester).cancelJob(j5.jobId)).wait();

  // Job 6: nobody claims; settled after the claim deadline.
  const j6 = await post(1);
  await networkHelpers.time.increaseTo(j6.claimDeadline + 1n);
  await settle(j6.jobId);

  // Job 7, k = 1: P3's third consecutive fault → jailed.
  const j7 = await post(1);
  await claim(j7.jobId, P3);
  await networkHelpers.time.increaseTo(j7.commitDeadline + 1n);
  await settle(j7.jobId);

  // Job 8, k = 1: P4 reports the input unavailable → refund, nobody paid or slashed.
  const j8 = await post(1);
  await claim(j8.jobId, P4);
  await (await market.connect(P4).submitResult(j8.jobId, INPUT_UNAVAILABLE, "")).wait();
  await networkHelpers.time.increase(61);
  await settle(j8.jobId);

  // Governance: every market parameter changes (one ParameterUpdated each). The Timelock owns the market; the
  // e2e acts as it directly (impersonated) rather than through a Governor vote.
  const owner = await market.owner();
  await networkHelpers.impersonateAccount(owner);
  await networkHelpers.setBalance(owner, 10n ** 20n);
  const governance = await ethers.getSigner(owner);
  await (
    await market.connect(governance).setParameters({
      feeBps: 300,
      collateralBps: 15_000,
      minCollateral: TOKEN / 2n,
      minPrice: 10n ** 14n,
      dissentSlashBps: 8_000,
      noShowSlashBps: 2_000,
      requesterShareBps: 4_000,
      honestShareBps: 4_000,
      challengeWindow: 120,
      wideningPeriod: 30,
    })
  ).wait();

  // The treasury moves (TreasuryUpdated); fees from now on are credited to the new one.
  await (await market.connect(governance).setTreasury(signers[6].address)).wait();

  // P4 unbonds half its free stake, waits the unbonding period (days pass), withdraws.
  await (await registry.connect(P4).requestUnstake(STAKE / 2n)).wait();
  await networkHelpers.time.increase(await registry.unbondingPeriod());
  await (await registry.connect(P4).withdraw()).wait();

  // Job 9 on the new day, k = 1 at the new fee, then everyone with a balance withdraws except the treasury.
  const j9 = await post(1);
  await claim(j9.jobId, P2);
  await (await market.connect(P2).submitResult(j9.jobId, good, "ipfs://out-9")).wait();
  await networkHelpers.time.increase(121);
  await settle(j9.jobId);

  // Job 10, k = 1: P1 submits a wrong result and a challenger disputes it in the challenge window. P2, P3 and P4
  // are drawn as verifiers (P3's jail has long ended); P2 and P4 re-execute and reveal the true output, P3 never
  // commits → overturned: the court slashes P1 (dissent) and P3 (a no-show verifier), the market refunds the job.
  const courtAddress = await court.getAddress();
  await (await token.transfer(challenger.address, 100n * TOKEN)).wait();
  await (await token.connect(challenger).approve(courtAddress, ethers.MaxUint256)).wait();
  const j10 = await post(1);
  await claim(j10.jobId, P1);
  await (await market.connect(P1).submitResult(j10.jobId, ethers.id("output-wrong"), "ipfs://out-10")).wait();
  await (await court.connect(challenger).dispute(j10.jobId)).wait();
  const verifiers = await drawVerifiers(court, registry, randomness, j10.jobId, [P2, P3, P4]);
  const honest = verifiers.filter((v) => v.address !== P3.address);
  const verdictSalt = (v: typeof P1) => ethers.id(`verdict-${j10.jobId}-${v.address}`);
  for (const v of honest) {
    const c = commitment(j10.jobId, v.address, good, verdictSalt(v));
    await (await court.connect(v).commitVerdict(j10.jobId, c)).wait();
  }
  const opened = await court.getDispute(j10.jobId);
  await networkHelpers.time.increaseTo(opened.commitDeadline + 1n); // P3 never commits: reveals open at the deadline
  for (const v of honest) {
    const uri = `ipfs://verdict-${j10.jobId}-${v.address}`;
    await (await court.connect(v).revealVerdict(j10.jobId, good, verdictSalt(v), uri)).wait();
  }
  await (await court.connect(requester).resolve(j10.jobId)).wait();

  // Everyone with a balance withdraws except the treasury; from the court the challenger and P2.
  for (const account of [requester, P1, P2]) await (await market.connect(account).withdraw()).wait();
  for (const account of [challenger, P2]) await (await court.connect(account).withdraw()).wait();

  await writeJson("accounts.json", {
    deployer: deployer.address,
    requester: requester.address,
    challenger: challenger.address,
    providers: providers.map((p) => p.address),
  });
  console.error(`e2e: activity done at block ${await ethers.provider.getBlockNumber()}`);
}

/** Draws every candidate that can win `jobId`'s verifier lottery, earliest first, moving time as a verifier node would. */
async function drawVerifiers(
  court: DisputeCourt,
  registry: ProviderRegistry,
  randomness: BlockhashRandomness,
  jobId: bigint,
  candidates: (typeof providers)[number][],
) {
  const d = await court.getDispute(jobId);
  // The seed is the hash of the block after the dispute's: it must be mined (and not be the head) first.
  if ((await ethers.provider.getBlockNumber()) <= Number(d.openedBlock) + 1) await networkHelpers.mine(2);
  const seed = await randomness.seedFor(d.openedBlock);
  const { wideningPeriod } = await court.parameters();
  const totalStake = await registry.totalStakeAt(d.openedBlock);
  const draws: { signer: (typeof providers)[number]; at: bigint }[] = [];
  for (const signer of candidates) {
    const stake = await registry.stakeAt(signer.address, d.openedBlock);
    const input = { seed, jobId, provider: signer.address, stake, totalStake, replicas: d.verifiers, wideningPeriod };
    const at = firstWinningElapsed(input, d.drawDeadline - d.openedAt);
    if (at === undefined) fail(`${signer.address} can never be drawn for job ${jobId}`);
    draws.push({ signer, at });
  }
  draws.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const { signer, at } of draws) {
    if (BigInt(await networkHelpers.time.latest()) < d.openedAt + at)
      await networkHelpers.time.setNextBlockTimestamp(d.openedAt + at);
    await (await court.connect(signer).claimVerifier(jobId)).wait();
  }
  return draws.map((d) => d.signer);
}

async function facts() {
  const { token, registry, market, court, addresses } = await contracts();
  const accounts = JSON.parse(await readFile(join(dir, "accounts.json"), "utf8"));
  const head = await ethers.provider.getBlockNumber();
  const jobCount = Number(await market.jobCount());
  const jobs = [];
  for (let id = 1; id <= jobCount; id++) {
    const job = await market.getJob(id);
    jobs.push({
      id: String(id),
      status: Number(job.status),
      outcome: Number((await market.queryFilter(market.filters.JobSettled(id)))[0]?.args.outcome ?? -1),
      claimed: Number(job.claimed),
      replicas: Number(job.replicas),
    });
  }
  const providerFacts = [];
  for (const address of accounts.providers as string[]) {
    const p = await registry.getFunction("provider")(address); // typechain omits `provider`: it clashes with ethers
    providerFacts.push({
      id: address.toLowerCase(),
      stake: p.stake.toString(),
      locked: p.locked.toString(),
      unbonding: p.unbonding.toString(),
      activeJobs: Number(p.activeJobs),
      capacity: Number(p.capacity),
      price: p.price.toString(),
      classes: Number(p.classes),
      completed: Number(p.completed),
      slashes: Number(p.slashes),
      noShows: Number(p.noShows),
      jailedUntil: p.jailedUntil.toString(),
      reputation: Number(await registry.reputation(address)),
      claimable: (await market.claimable(address)).toString(),
      courtClaimable: (await court.claimable(address)).toString(),
    });
  }
  const treasury = await market.treasury();
  // Every treasury the market ever had (the first one is the Timelock) may still hold fees to withdraw.
  const treasuries = (await market.queryFilter(market.filters.TreasuryUpdated())).map((e) => e.args.newTreasury);
  const claimableAccounts = [
    ...new Set([accounts.deployer, ...treasuries, accounts.requester, ...accounts.providers] as string[]),
  ];
  let totalClaimable = 0n;
  for (const a of claimableAccounts) totalClaimable += await market.claimable(a);
  let courtClaimable = 0n;
  for (const a of [...claimableAccounts, accounts.challenger]) courtClaimable += await court.claimable(a);
  const params = await market.parameters();

  // Every dispute: the court's views, its verifiers and their fates (from the logs), and its final accounting.
  const disputes = [];
  let cumulativeDisputeSlashed = 0n;
  for (const log of await court.queryFilter(court.filters.DisputeOpened(), 0, head)) {
    const jobId = log.args.jobId;
    const d = await court.getDispute(jobId);
    const slots = await court.getVerifiers(jobId);
    const fate: Record<string, { outcome: string; payment: string; slashed: string }> = {};
    for (const e of await court.queryFilter(court.filters.VerifierSlashed(jobId), 0, head))
      fate[e.args.verifier.toLowerCase()] = {
        outcome: Number(e.args.reason) === 1 ? "DISSENT" : "NO_SHOW",
        payment: "0",
        slashed: e.args.amount.toString(),
      };
    for (const e of await court.queryFilter(court.filters.VerifierReleased(jobId), 0, head))
      fate[e.args.verifier.toLowerCase()] = {
        outcome: e.args.majority ? "MAJORITY" : "RELEASED",
        payment: e.args.payment.toString(),
        slashed: "0",
      };
    const [resolved] = await court.queryFilter(court.filters.DisputeResolved(jobId), 0, head);
    const amounts: Record<string, string> = {};
    if (resolved) {
      for (const key of [
        "providerSlashed",
        "verifiersSlashed",
        "compensation",
        "challengerPaid",
        "providerPaid",
        "verifierPayment",
        "treasuryPaid",
      ] as const)
        amounts[key] = resolved.args[key].toString();
      cumulativeDisputeSlashed += resolved.args.providerSlashed + resolved.args.verifiersSlashed;
    }
    disputes.push({
      id: jobId.toString(),
      status: Number(d.status),
      verdict: Number(d.verdict),
      challenger: d.challenger.toLowerCase(),
      provider: d.provider.toLowerCase(),
      requester: d.requester.toLowerCase(),
      resultHash: d.resultHash,
      bond: d.bond.toString(),
      collateral: d.collateral.toString(),
      verifierCount: Number(d.verifiers),
      openedBlock: d.openedBlock.toString(),
      drawDeadline: d.drawDeadline.toString(),
      commitDeadline: d.commitDeadline.toString(),
      revealDeadline: d.revealDeadline.toString(),
      drawn: Number(d.claimed),
      revealed: slots.filter((_, i) => (Number(d.revealedMask) >> i) & 1).length,
      verifiers: slots.map((v, i) => ({
        account: v.account.toLowerCase(),
        slot: i,
        revealedHash: (Number(d.revealedMask) >> i) & 1 ? v.hash : null,
        ...fate[v.account.toLowerCase()],
      })),
      amounts,
    });
  }

  // Per-day numbers straight from the logs and their blocks' timestamps.
  const from = addresses.JobMarket.startBlock;
  const dayOf = async (blockNumber: number) =>
    Math.floor((await ethers.provider.getBlock(blockNumber))!.timestamp / 86_400);
  const days: Record<string, { jobsPosted: number; jobsCompleted: number; volume: bigint; slashedAmount: bigint }> = {};
  const day = (d: number) => (days[d] ??= { jobsPosted: 0, jobsCompleted: 0, volume: 0n, slashedAmount: 0n });
  let cumulativeVolume = 0n;
  let cumulativeSlashed = 0n;
  for (const log of await market.queryFilter(market.filters.JobPosted(), from, head))
    day(await dayOf(log.blockNumber)).jobsPosted++;
  for (const log of await market.queryFilter(market.filters.JobSettled(), from, head)) {
    const d = day(await dayOf(log.blockNumber));
    if (Number(log.args.outcome) === 0) d.jobsCompleted++;
    d.volume += log.args.paid;
    cumulativeVolume += log.args.paid;
  }
  for (const log of await registry.queryFilter(registry.filters.ProviderSlashed(), from, head)) {
    day(await dayOf(log.blockNumber)).slashedAmount += log.args.amount;
    cumulativeSlashed += log.args.amount;
  }

  await writeJson("facts.json", {
    head,
    jobCount,
    jobs,
    providers: providerFacts,
    treasury: treasury.toLowerCase(),
    paused: await market.paused(),
    totalStake: (await registry.totalStake()).toString(),
    marketBalance: (await token.balanceOf(await market.getAddress())).toString(),
    registryBalance: (await token.balanceOf(await registry.getAddress())).toString(),
    totalClaimable: totalClaimable.toString(),
    courtBalance: (await token.balanceOf(await court.getAddress())).toString(),
    courtClaimable: courtClaimable.toString(),
    cumulativeDisputeSlashed: cumulativeDisputeSlashed.toString(),
    disputes,
    cumulativeVolume: cumulativeVolume.toString(),
    cumulativeSlashed: cumulativeSlashed.toString(),
    parameters: {
      feeBps: Number(params.feeBps),
      collateralBps: Number(params.collateralBps),
      minCollateral: params.minCollateral.toString(),
      minPrice: params.minPrice.toString(),
      dissentSlashBps: Number(params.dissentSlashBps),
      noShowSlashBps: Number(params.noShowSlashBps),
      requesterShareBps: Number(params.requesterShareBps),
      honestShareBps: Number(params.honestShareBps),
      challengeWindow: Number(params.challengeWindow),
      wideningPeriod: Number(params.wideningPeriod),
      unbondingPeriod: Number(await registry.unbondingPeriod()),
      jailThreshold: Number(await registry.jailThreshold()),
      jailDuration: Number(await registry.jailDuration()),
    },
    days: Object.entries(days).map(([dayId, d]) => ({
      dayId: Number(dayId),
      jobsPosted: d.jobsPosted,
      jobsCompleted: d.jobsCompleted,
      volume: d.volume.toString(),
      slashedAmount: d.slashedAmount.toString(),
    })),
  });
  console.error(`e2e: facts written at block ${head}`);
}

async function firstBlockWithCode(address: string) {
  let lo = 0;
  let hi = await ethers.provider.getBlockNumber();
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await ethers.provider.getCode(address, mid)) !== "0x") hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

async function writeJson(name: string, value: unknown) {
  await writeFile(join(dir, name), JSON.stringify(value, null, 2) + "\n");
}

function fail(message: string): never {
  throw new Error(`e2e chain: ${message}`);
}
