import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { firstWinningElapsed, lotteryWins } from "@hashwork/sdk/lottery";
import { TOKEN, addProvider, deploySystem, ethers, fund, jobRequest, networkHelpers, type System } from "../fixture.js";

/**
 * Trying to be assigned by splitting stake across identities or by choosing when to post, measured
 * statistically on real on-chain seeds (one job per block, seed = `BlockhashRandomness.seedFor(postedBlock)`, stake
 * as of the block before the posting, which here equals the stake at setup),
 * with the SDK's lottery helpers (which `test_isDrawn_MatchesTheOffChainLottery` checks against the contract).
 *
 * What "proportional to stake" means here, for a job with k slots:
 *
 * 1. Eligibility. At `elapsed` seconds after posting, identity i is drawn with probability
 *    p_i = min(1, s_i · k · w / T), w = 1 + elapsed / wideningPeriod. This is linear in stake: the lottery's
 *    promise, measured per identity below.
 * 2. Splitting. Split S over N identities: the expected number of drawn identities is Σ s_j·k·w/T = p, the same
 *    as one identity of S; and P(at least one drawn) = 1 − Π(1 − p/N) ≤ p (union bound). So splitting never
 *    raises the chance that *some* identity of the owner is drawn at any moment.
 * 3. Slots. The first k drawn claimers take the slots (one per identity), so slot shares are not exactly
 *    proportional: identities are ordered by ticket/stake, which favours a single larger identity over several
 *    smaller ones, and an identity holding more than 1/k of the stake is capped at one slot per job. We assert
 *    that splitting does not raise the owner's slot share, its chance of holding at least one slot, or its
 *    chance of holding a majority of a k = 3 job beyond what independent proportional sampling implies
 *    (P[Bin(3, S/T) ≥ 2]); and we print the measured shares. (An exponential race — eligible when
 *    ticket < 1 − exp(−s·k·w/T) — would make the k = 1 slot share exactly s/T and splitting exactly neutral;
 *    see test/mocha/adversarial/README.md.)
 *
 * Bounds: each frequency is checked against its expectation ± Z standard errors with Z = 4.5 (a false alarm
 * about once in 150,000 checks); block hashes differ between runs because timestamps follow the wall clock.
 */
const Z = 4.5;
const JOBS = 300; // per k
const CHOSEN = 150; // jobs posted at attacker-chosen moments
const CLAIM_FROM = 24n; // seconds: the first claim lands two blocks after posting (seed block + 1), at 12 s blocks

const STAKES = { A: 1_000n, B: 250n, C: 2_000n, D: 1_000n }; // tokens; the owner of B runs four identities
const PRICE = TOKEN / 100n; // per Mfuel: every provider's price, so anyone drawn may claim
const TOTAL = STAKES.A + 4n * STAKES.B + STAKES.C + STAKES.D;

/** |measured − expected| within Z standard errors of a mean of `n` draws with variance `variance`. */
function expectWithin(label: string, measured: number, expected: number, variance: number, n: number) {
  const bound = Z * Math.sqrt(Math.max(variance, 1e-9) / n) + 1e-9;
  expect(
    Math.abs(measured - expected),
    `${label}: measured ${measured.toFixed(4)} vs ${expected.toFixed(4)}`,
  ).to.be.at.most(bound);
}
function expectAtMost(label: string, measured: number, limit: number, variance: number, n: number) {
  const bound = Z * Math.sqrt(Math.max(variance, 1e-9) / n);
  expect(measured, `${label}: ${measured.toFixed(4)} vs limit ${limit.toFixed(4)}`).to.be.at.most(limit + bound);
}

/** mean(xs − ys) <= 0 within Z standard errors of the paired differences (their sample variance). */
function expectPairedAtMost(label: string, xs: number[], ys: number[]) {
  const d = xs.map((x, i) => x - ys[i]);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1);
  expect(mean, `${label}: mean difference ${mean.toFixed(4)}`).to.be.at.most(Z * Math.sqrt(variance / d.length));
}

interface Population {
  sys: System;
  A: HardhatEthersSigner;
  B: HardhatEthersSigner[];
  C: HardhatEthersSigner;
  D: HardhatEthersSigner;
  all: HardhatEthersSigner[];
  wideningPeriod: bigint;
}

async function populationFixture(): Promise<Population> {
  const sys = await deploySystem();
  const signers = await ethers.getSigners();
  const [A, B1, B2, B3, B4, C, D] = signers.slice(3, 10);
  for (const p of [B1, B2, B3, B4]) await addProvider(sys, p, { stake: STAKES.B * TOKEN });
  await addProvider(sys, A, { stake: STAKES.A * TOKEN });
  await addProvider(sys, C, { stake: STAKES.C * TOKEN });
  await addProvider(sys, D, { stake: STAKES.D * TOKEN });
  expect(await sys.registry.totalStake()).to.equal(TOTAL * TOKEN);
  await fund(sys, sys.requester, 10_000n * TOKEN, await sys.market.getAddress());
  const { wideningPeriod } = await sys.market.parameters();
  return { sys, A, B: [B1, B2, B3, B4], C, D, all: [A, B1, B2, B3, B4, C, D], wideningPeriod };
}

interface Job {
  id: bigint;
  seed: string;
}

/** Posts `count` k-replica jobs, one per block, and reads each job's seed from the randomness source. */
async function postJobs(pop: Population, replicas: number, count: number): Promise<Job[]> {
  const { sys } = pop;
  const req = await jobRequest({ replicas, maxPricePerMfuel: PRICE, claimWindow: 3n * 24n * 3600n });
  const seeds = new SeedReader(sys);
  for (let i = 0; i < count; i++) {
    const receipt = await (await sys.market.connect(sys.requester).postJob(req)).wait();
    await seeds.add(await sys.market.jobCount(), receipt!.blockNumber);
  }
  return seeds.all();
}

/**
 * Reads each job's seed (the hash of the block after its posting) as soon as it exists and before it expires: a seed
 * older than 256 blocks can no longer be read, and these runs post hundreds of jobs.
 */
class SeedReader {
  private readonly pending: { id: bigint; block: number }[] = [];
  private readonly jobs: Job[] = [];
  constructor(private readonly sys: System) {}

  async add(id: bigint, block: number) {
    this.pending.push({ id, block });
    await this.poll();
  }

  /** Reads every pending seed whose block is mined. */
  async poll() {
    const latest = await ethers.provider.getBlockNumber();
    while (this.pending.length && this.pending[0]!.block + 1 < latest) await this.read();
  }

  async all() {
    await networkHelpers.mine(2);
    while (this.pending.length) await this.read();
    return this.jobs;
  }

  private async read() {
    const p = this.pending.shift()!;
    this.jobs.push({ id: p.id, seed: await this.sys.randomness.seedFor(p.block) });
  }
}

const stakeOf = (pop: Population, p: HardhatEthersSigner) =>
  (p === pop.A ? STAKES.A : p === pop.C ? STAKES.C : p === pop.D ? STAKES.D : STAKES.B) * TOKEN;

function drawn(pop: Population, job: Job, p: HardhatEthersSigner, k: number, elapsed: bigint) {
  return lotteryWins({
    seed: job.seed,
    jobId: job.id,
    provider: p.address,
    stake: stakeOf(pop, p),
    totalStake: TOTAL * TOKEN,
    replicas: BigInt(k),
    elapsed,
    wideningPeriod: pop.wideningPeriod,
  });
}

/**
 * Who takes the k slots: every identity claims as soon as it is drawn (never before CLAIM_FROM); identities drawn
 * in the same second race, modelled as a random order (keyed by a hash of the seed and the identity).
 */
function assign(pop: Population, job: Job, k: number) {
  const times = pop.all.map((p) => {
    const at = firstWinningElapsed(
      {
        seed: job.seed,
        jobId: job.id,
        provider: p.address,
        stake: stakeOf(pop, p),
        totalStake: TOTAL * TOKEN,
        replicas: BigInt(k),
        wideningPeriod: pop.wideningPeriod,
      },
      3n * 24n * 3600n,
    );
    const race = BigInt(ethers.solidityPackedKeccak256(["bytes32", "address"], [job.seed, p.address]));
    return { p, at: at === undefined ? undefined : at < CLAIM_FROM ? CLAIM_FROM : at, race };
  });
  const order = times
    .filter((t) => t.at !== undefined)
    .sort((a, b) => (a.at !== b.at ? Number(a.at! - b.at!) : a.race < b.race ? -1 : 1));
  const winners = order.slice(0, k).map((t) => t.p);
  const slotsB = pop.B.filter((b) => winners.includes(b)).length;
  return { A: winners.includes(pop.A) ? 1 : 0, B: slotsB, anyB: slotsB > 0 ? 1 : 0, twoB: slotsB >= 2 ? 1 : 0 };
}

describe("adversarial: StakeProportionality", function () {
  this.timeout(120_000);

  for (const k of [1, 3]) {
    it(`k = ${k}: each identity is drawn with probability stake · k · w / total, whether or not stake is split`, async () => {
      const pop = await networkHelpers.loadFixture(populationFixture);
      const jobs = await postJobs(pop, k, JOBS);
      for (const elapsed of [0n, pop.wideningPeriod]) {
        const w = 1 + Number(elapsed) / Number(pop.wideningPeriod);
        const p = (s: bigint) => Math.min(1, (Number(s) * k * w) / Number(TOTAL));
        const freq = (who: HardhatEthersSigner) => jobs.filter((j) => drawn(pop, j, who, k, elapsed)).length / JOBS;
        for (const who of pop.all) {
          const pi = p(stakeOf(pop, who) / TOKEN);
          expectWithin(`P(drawn) ${who.address} w=${w}`, freq(who), pi, pi * (1 - pi), JOBS);
        }
        // Splitting: same expected number of drawn identities, and no higher chance that at least one is drawn.
        const pA = p(STAKES.A);
        const countB = jobs.map((j) => pop.B.filter((b) => drawn(pop, j, b, k, elapsed)).length);
        const meanB = countB.reduce((a, b) => a + b, 0) / JOBS;
        const pB = p(STAKES.B);
        expectWithin(`E[#B drawn] w=${w}`, meanB, 4 * pB, 4 * pB * (1 - pB), JOBS);
        const anyB = countB.filter((c) => c > 0).length / JOBS;
        const anyExpected = 1 - (1 - pB) ** 4;
        expectWithin(`P(any B drawn) w=${w}`, anyB, anyExpected, anyExpected * (1 - anyExpected), JOBS);
        expect(anyExpected).to.be.at.most(pA); // the union bound, exactly
        expectAtMost(`P(any B drawn) <= P(A drawn) w=${w}`, anyB, pA, pA * (1 - pA), JOBS);
        console.log(
          `      k=${k} w=${w}: P(A)=${freq(pop.A).toFixed(3)} (expect ${pA.toFixed(3)}), ` +
            `E[#B]=${meanB.toFixed(3)}, P(any B)=${anyB.toFixed(3)} (expect ${anyExpected.toFixed(3)})`,
        );
      }
    });
  }

  for (const k of [1, 3]) {
    it(`k = ${k}: splitting stake across four identities does not win more slots than one identity`, async () => {
      const pop = await networkHelpers.loadFixture(populationFixture);
      const jobs = await postJobs(pop, k, JOBS);
      const results = jobs.map((j) => assign(pop, j, k));
      const mean = (f: (r: (typeof results)[number]) => number) => results.reduce((a, r) => a + f(r), 0) / JOBS;
      const shareA = mean((r) => r.A) / k;
      const shareB = mean((r) => r.B) / k;
      const holdA = mean((r) => r.A); // one identity holds at most one slot: P(A holds a slot)
      const holdB = mean((r) => r.anyB);
      const majorityB = mean((r) => r.twoB);
      const proportional = Number(STAKES.A) / Number(TOTAL); // = the split owner's share too
      console.log(
        `      k=${k}: slot share A=${shareA.toFixed(3)} split B=${shareB.toFixed(3)} (stake share ${proportional}); ` +
          `P(holds >= 1 slot) A=${holdA.toFixed(3)} B=${holdB.toFixed(3)}; P(B holds >= 2 slots)=${majorityB.toFixed(3)}`,
      );
      // Paired per job: the split owner's slots minus the single identity's, and likewise for holding any slot.
      const bySplit = results.map((r) => r.B);
      const bySingle = results.map((r) => r.A);
      expectPairedAtMost("slots of split B <= slots of A", bySplit, bySingle);
      expectPairedAtMost(
        "P(B holds a slot) <= P(A holds a slot)",
        results.map((r) => r.anyB),
        bySingle,
      );
      if (k === 3) {
        // A majority of a k = 3 job is only reachable by splitting; it must stay below what independent
        // proportional sampling of three slots gives a 20% owner: P[Bin(3, 0.2) >= 2] = 0.104.
        const binomial = 3 * proportional ** 2 * (1 - proportional) + proportional ** 3;
        expectAtMost("P(B holds a majority)", majorityB, binomial, binomial * (1 - binomial), JOBS);
      } else {
        expect(majorityB).to.equal(0);
      }
    });
  }

  it("choosing when to post (from the latest block hash) does not raise the chance of being drawn", async () => {
    const pop = await networkHelpers.loadFixture(populationFixture);
    const { sys, A } = pop;
    const poster = sys.other; // the owner of A posts from an account that is not a provider
    await fund(sys, poster, 1_000n * TOKEN, await sys.market.getAddress());
    const req = await jobRequest({ replicas: 1, maxPricePerMfuel: PRICE, claimWindow: 3n * 24n * 3600n });
    // Strategy: before each block, predict A's ticket with the newest block hash standing in for the (unknown)
    // seed; post only when the prediction says A is drawn at once. The seed is the hash of the block *after*
    // posting, so the prediction should be worthless.
    const seeds = new SeedReader(sys);
    let posted = 0;
    let waited = 0;
    while (posted < CHOSEN) {
      const latest = await ethers.provider.getBlock("latest");
      const nextId = (await sys.market.jobCount()) + 1n;
      const predicted = drawn(pop, { id: nextId, seed: latest!.hash! }, A, 1, 0n);
      if (!predicted) {
        await networkHelpers.mine();
        await seeds.poll();
        waited++;
        continue;
      }
      const receipt = await (await sys.market.connect(poster).postJob(req)).wait();
      await seeds.add(nextId, receipt!.blockNumber);
      posted++;
    }
    const jobs = await seeds.all();
    const p = Number(STAKES.A) / Number(TOTAL);
    const freq = jobs.filter((j) => drawn(pop, j, A, 1, 0n)).length / CHOSEN;
    console.log(`      chosen posting: waited ${waited} blocks; P(A drawn)=${freq.toFixed(3)} (unchosen ${p})`);
    expectWithin("P(A drawn | chosen posting time)", freq, p, p * (1 - p), CHOSEN);
  });
});
