/**
 * The live-market scenarios of the gas benchmark (scripts/bench-gas.ts): stake churn around a job's claims, long stake
 * histories, and winners that already hold a market balance or withdrew it. Each scenario is a lifecycle Plan (which
 * candidates take which seat, and what happens around the claims) plus what it does between jobs.
 *
 * Why these cost gas: a claim reads the claimer's stake as of the block before the job's posting (the total was
 * recorded at posting). The registry keeps the latest stake in a hot slot and answers from it while nothing changed
 * since that block; once the claimer's stake changed after it, the claim reads the stake that change replaced, kept in
 * a slot of its own. Stake changes by others cost a claim nothing; they lengthen the total's history, which only the
 * posting and the court's draws read. Settlement credits each winner's market balance: a new storage slot for a winner
 * holding none (never paid, or withdrawn since), a cheaper update for one already holding a balance.
 */
import { MaxUint256, toQuantity } from "ethers";
import {
  at,
  measure,
  post,
  runLifecycle,
  STAKE,
  TOKEN,
  type LifecycleResult,
  type Market,
  type Plan,
  type PostedJob,
  type Seat,
  type Step,
} from "./lifecycle.js";

export type Scenario = {
  name: string;
  /** One line for the legend under the scenario table. */
  what: string;
  /** Runs once before the scenario's first lifecycle. */
  prepare?: () => Promise<void>;
  plan: (replicas: number) => Plan;
  /** Runs after each lifecycle (measured or not): e.g. winners withdrawing their pay. */
  afterJob?: (result: LifecycleResult) => Promise<void>;
  /** Runs once after the scenario's last lifecycle. */
  cleanup?: () => Promise<void>;
};

/**
 * Fresh records: a job posted before the scenario stays open throughout, so every measured job finds its ring
 * position busy and takes a new record (today's cost for a market's first jobs, plus a cold read per transaction to
 * learn that the ring's record is another job's). The blocker is settled (refunded) afterwards.
 */
export function freshRecords(m: Market): Scenario {
  let blocker: bigint | undefined;
  return {
    name: "fresh records",
    what:
      "as flattering, but the job a ring before each job is still running, so each job takes new storage (the " +
      "market's first 65,536 jobs cost the same less one cold read per transaction)",
    prepare: async () => {
      blocker = (await post(m, 1)).jobId;
    },
    plan: () => ({}),
    cleanup: async () => {
      const job = await m.market.getJob(blocker!);
      await at(m, job.claimDeadline + 1n);
      await (await m.market.settle(blocker!)).wait();
    },
  };
}

const CHURN_STAKE = 3n * TOKEN; // a churner's top-up
const CHURN_UNSTAKE = 1n * TOKEN; // a churner's unstaking request: unequal to the top-up, so the total keeps moving
const TOP_UP = 5n * TOKEN; // a claimer's own top-up after the posting
const HISTORY_STEP = 1n * TOKEN; // each long-history stake change

/** Providers set aside (from the registered ones) for the scenarios' own roles. */
export type Roles = {
  churners: string[]; // change stake around other providers' claims; never claim
  historyClaimers: string[]; // given ≥ 1,000 stake changes; claim only in the long-history scenarios
  general: string[]; // everyone else
};

export function reserveRoles(m: Market, counts: { churners: number; historyClaimers: number }): Roles {
  const special = m.providers.slice(-(counts.churners + counts.historyClaimers));
  const churners = special.slice(0, counts.churners);
  const historyClaimers = special.slice(counts.churners);
  for (const provider of special) m.reserved.add(provider);
  return { churners, historyClaimers, general: m.providers.filter((provider) => !m.reserved.has(provider)) };
}

const signer = (m: Market, account: string) => m.ethers.getSigner(account);

/** Gives `accounts` tokens to stake with and an unlimited allowance for the registry (they staked all they had). */
async function fundForStaking(m: Market, accounts: string[], amount: bigint) {
  const registry = await m.registry.getAddress();
  for (const account of accounts) {
    await (await m.token.transfer(account, amount)).wait();
    await (await m.token.connect(await signer(m, account)).approve(registry, MaxUint256)).wait();
  }
}

// ------------------------------------------------------------------ who wins

export type WinnerKind = "first-time" | "repeat" | "withdrawn";

/** Providers of `pool` that have never been paid, hold an unwithdrawn market balance, or withdrew theirs. */
function ofKind(m: Market, kind: WinnerKind, pool: string[]) {
  if (kind === "first-time") return pool.filter((p) => !m.paid.has(p));
  if (kind === "repeat") return pool.filter((p) => m.holding.has(p));
  return pool.filter((p) => m.withdrew.has(p) && !m.holding.has(p));
}

/**
 * A seat for one kind of winner from `pool`. Checks on chain that the claimer's market balance is what the kind says
 * (zero for first-time and withdrawn winners, non-zero for repeat winners). With `topUp`, the claimer stakes more after
 * the posting and before its claim, so the claim finds its own stake as of the posting block in its replaced stake.
 */
export function winnerSeat(m: Market, kind: WinnerKind, pool: string[], topUp = false): Seat {
  const label = topUp ? `${kind}, staked more after the posting` : kind;
  return {
    label,
    candidates: () => ofKind(m, kind, pool),
    beforeClaim: async (claimer, job) => {
      const balance = await m.market.claimable(claimer);
      if ((balance !== 0n) !== (kind === "repeat")) {
        throw new Error(`${claimer} is no ${kind} winner: it holds ${balance}`);
      }
      if (!topUp) return;
      await stakeMore(m, claimer, TOP_UP);
      if ((await m.registry.stakeAt(claimer, job.postedBlock - 1n)) === (await liveStake(m, claimer))) {
        throw new Error(`${label}: ${claimer}'s stake has not moved since job ${job.jobId} was posted`);
      }
    },
  };
}

/**
 * Repeat winners from every provider not reserved for a role: the like-for-like measure across market sizes. A
 * 10-provider market runs out of first-time winners (whose payments open a balance) while a large one never does, so
 * the flattering lifecycle compares different winners across sizes; every size has repeat winners. Unmeasured jobs
 * first give enough providers a balance that each seat finds a winner by the claim deadline in a 10,000-provider
 * market too (a given provider is eligible for a k = 3 seat by then with probability about 0.43 there).
 */
export async function repeatWinnersAtEverySize(m: Market): Promise<Scenario> {
  const pool = m.providers.filter((provider) => !m.reserved.has(provider));
  const enough = Math.min(24, pool.length);
  for (let jobs = 0; jobs < 20 && ofKind(m, "repeat", pool).length < enough; jobs++) await runLifecycle(m, 3);
  return {
    name: "repeat winners at every size",
    what: "every winner already holds an unwithdrawn market balance, drawn from all providers; no churn",
    plan: (k) => ({ seats: Array.from({ length: k }, () => winnerSeat(m, "repeat", pool)) }),
  };
}

async function stakeMore(m: Market, provider: string, amount: bigint) {
  if ((await m.token.allowance(provider, await m.registry.getAddress())) < amount) {
    await fundForStaking(m, [provider], 10n * amount); // token transfers and approvals move no stake
  }
  m.touched.add(provider);
  await (await m.registry.connect(await signer(m, provider)).stake(amount)).wait();
}

/** The registry's record of a provider (typechain hides `provider()`: ethers reserves the name). */
const record = async (m: Market, provider: string) =>
  (await m.registry.getFunction("provider")(provider)) as { stake: bigint; unbonding: bigint };
const liveStake = async (m: Market, provider: string) => (await record(m, provider)).stake;

/** Winners withdraw their market balance, so their next payment opens a new slot again. Returns each withdrawal. */
export async function withdrawEarnings(m: Market, winners: string[]) {
  const steps: Step[] = [];
  for (const winner of winners) {
    steps.push(await measure("withdraw", m.market.connect(await signer(m, winner)).withdraw()));
    m.holding.delete(winner);
    m.withdrew.add(winner);
  }
  return steps;
}

// ------------------------------------------------------------------ churn

/**
 * Other providers changing stake, one transaction (so one block) per change: the churners take turns, alternately
 * staking CHURN_STAKE and requesting to unstake CHURN_UNSTAKE. Returns the block of each change.
 */
async function churner(m: Market, churners: string[]) {
  await fundForStaking(m, churners, 1_000n * TOKEN);
  for (const c of churners) m.touched.add(c);
  let changes = 0;
  return async function changeStake() {
    const registry = m.registry.connect(await signer(m, churners[changes % churners.length]));
    const tx = changes % 2 === 0 ? registry.stake(CHURN_STAKE) : registry.requestUnstake(CHURN_UNSTAKE);
    changes++;
    return BigInt((await (await tx).wait())!.blockNumber);
  };
}

/**
 * Churn around a job: right after the posting one stake and one unstaking request, then one change before each later
 * claim. Before every claim it checks that the claim takes the history path, so no contract or setup change can
 * quietly turn the scenario into the flattering one: the latest total stake changed in a block after the posting (and
 * the total as of the block before the posting differs from it). The first job's check goes to `checks`.
 */
function churnAround(m: Market, changeStake: () => Promise<bigint>, scenario: string, checks: string[]) {
  let lastChange = 0n;
  let reported = false;
  const afterPost = async () => {
    await changeStake();
    lastChange = await changeStake();
  };
  const beforeClaim = async (claimer: string, job: PostedJob, index: number) => {
    if (index > 0) lastChange = await changeStake();
    const asOf = job.postedBlock - 1n;
    const [then, now] = await Promise.all([m.registry.totalStakeAt(asOf), m.registry.totalStake()]);
    if (then === now || lastChange <= job.postedBlock) {
      throw new Error(`${scenario}: the total stake has not moved since job ${job.jobId} was posted`);
    }
    if (reported) return;
    reported = true;
    const [own, ownNow] = await Promise.all([m.registry.stakeAt(claimer, asOf), liveStake(m, claimer)]);
    checks.push(
      `${scenario}: job ${job.jobId} posted in block ${job.postedBlock}; before claim ${index + 1} the total stake ` +
        `last changed in block ${lastChange} (${tokens(then)} as of block ${asOf}, ${tokens(now)} now); ` +
        `the claimer's own stake ${own === ownNow ? "unchanged" : `${tokens(own)} then, ${tokens(ownNow)} now`}`,
    );
  };
  return { afterPost, beforeClaim };
}

const OTHER_PRICE_PER_MFUEL = (3n * TOKEN) / 100n; // another requester's ceiling (the benchmark's jobs offer 2/100)

/**
 * Checks that the record a realistic job recycled (the benchmark's ring is one job: job n - 1's) held another
 * requester's job, at another price and another total stake, so no setup change can quietly let posting find the
 * record's slots unchanged. Reports the first check to `checks`.
 */
async function recycledAnotherJob(m: Market, job: PostedJob, checks: string[]) {
  const previous = job.jobId - 1n;
  const [posted] = await m.market.queryFilter(m.market.filters.JobPosted(previous));
  const [now, before] = await Promise.all([
    m.market.getJob(job.jobId),
    m.registry.totalStakeAt(BigInt(posted.blockNumber) - 1n),
  ]);
  const same = [
    now.requester === posted.args.requester && "requester",
    now.maxPricePerMfuel === posted.args.maxPricePerMfuel && "price",
    now.totalStake === before && "total stake",
  ].filter(Boolean);
  if (same.length)
    throw new Error(`realistic: job ${job.jobId} recycled job ${previous}'s record with the same ${same}`);
  if (checks.some((c) => c.startsWith("realistic: recycled"))) return;
  checks.push(
    `realistic: recycled records: job ${job.jobId} took job ${previous}'s record, posted by another requester at ` +
      `another price (${posted.args.maxPricePerMfuel} then, ${now.maxPricePerMfuel} now, token units per Mfuel) ` +
      `and total stake (${tokens(before)} then, ${tokens(now.totalStake)} now)`,
  );
}

const tokens = (units: bigint) => `${(units / TOKEN).toLocaleString("en-US")} tokens`;

// ------------------------------------------------------------------ the scenarios

/**
 * The live-market scenarios on a market whose providers are split into `roles`. Prepares the churners (tokens and
 * allowances), so call it before the first job that should see churn. `checks` collects the churn checks' reports;
 * `withdrawals` every measured market withdrawal.
 */
export async function liveMarketScenarios(m: Market, roles: Roles, checks: string[], withdrawals: Step[]) {
  const changeStake = await churner(m, roles.churners);
  const { general, historyClaimers: veterans } = roles;
  const seats = (k: number, ...kinds: Seat[]) => kinds.slice(0, k);
  const firstTime = (pool: string[], topUp = false) => winnerSeat(m, "first-time", pool, topUp);
  const withdrawEach = async (winners: string[]) => {
    withdrawals.push(...(await withdrawEarnings(m, winners)));
  };
  // One set of churn hooks per scenario: each reports its first check only.
  const churnHooks = {
    churn: churnAround(m, changeStake, "churn", checks),
    churnLongHistories: churnAround(m, changeStake, "churn + long histories", checks),
    realistic: churnAround(m, changeStake, "realistic", checks),
  };
  const churn: Scenario = {
    name: "churn",
    what:
      "after the posting another provider stakes and another requests to unstake, and one more changes stake " +
      "before each later claim; the first seat's claimer stakes more itself before claiming; first-time winners",
    plan: (k) => ({
      seats: seats(k, firstTime(general, true), firstTime(general), firstTime(general)),
      ...churnHooks.churn,
    }),
  };
  const repeat: Scenario = {
    name: "repeat winners",
    what: "every winner already holds an unwithdrawn market balance from an earlier job; no churn",
    plan: (k) => ({ seats: seats(k, ...[0, 1, 2].map(() => winnerSeat(m, "repeat", general))) }),
  };
  const withdrawn: Scenario = {
    name: "withdrawals between jobs",
    what: "every winner withdrew its market balance after its previous job (and does again after this one); no churn",
    prepare: () => withdrawEach(general.filter((p) => m.holding.has(p))),
    plan: (k) => ({ seats: seats(k, ...[0, 1, 2].map(() => winnerSeat(m, "withdrawn", general))) }),
    afterJob: (r) => withdrawEach(r.claimers.map((c) => c.address)),
  };
  const firstTimers: Scenario = {
    name: "first-time winners",
    what: "as flattering, measured after the scenarios above: winners that never held a market balance; no churn",
    plan: (k) => ({ seats: seats(k, firstTime(general), firstTime(general), firstTime(general)) }),
  };
  const longHistories: Scenario = {
    name: "long histories",
    what:
      "claimers changed stake ≥ 1,000 times and the total stake has a ≥ 1,000-entry history; no stake changed " +
      "since the posting; " +
      "first-time winners",
    plan: (k) => ({ seats: seats(k, firstTime(veterans), firstTime(veterans), firstTime(veterans)) }),
  };
  const churnLongHistories: Scenario = {
    name: "churn + long histories",
    what: "churn as above, with the long-history claimers and total; first-time winners",
    plan: (k) => ({
      seats: seats(k, firstTime(veterans, true), firstTime(veterans), firstTime(veterans)),
      ...churnHooks.churnLongHistories,
    }),
  };
  // The record a measured job recycles last held another job: on a live market (a ring of 65,536 jobs) that job is
  // almost never the same requester's on the same terms, nor the same providers' in the same slots, and stakes have
  // changed since it was posted. So a job of another requester, at another price, with a stake change after its
  // posting, runs before each realistic job: posting then rewrites the record's requester and total-stake slots,
  // which an unchanged record would let it only read (about 5,600 gas less), and no winner rewrites its own old
  // assignment unchanged (about 5,000 less, and a total that depended on which earlier jobs the randomness audited).
  const anotherRequestersJob = () =>
    runLifecycle(m, 3, {
      seats: seats(3, firstTime(general), firstTime(general), firstTime(general)),
      requester: m.otherRequester,
      maxPricePerMfuel: OTHER_PRICE_PER_MFUEL,
      afterPost: async () => void (await changeStake()),
    });
  const realistic: Scenario = {
    name: "realistic",
    what:
      "churn + long histories; seat 1 (the k = 1 winner): withdrew its pay after its previous job and stakes more " +
      "after the posting, and withdraws again after this job; seat 2: a repeat winner holding a balance; seat 3: a " +
      "first-time winner; the requester pays from its balance in the market (a repeat requester: its deposit and " +
      "refunds); the record the job recycles held another requester's job on other terms, posted before a stake change",
    // Winners of each kind must exist first: one unmeasured job pays three, and one of them withdraws.
    prepare: async () => {
      const primer = await runLifecycle(m, 3, {
        seats: seats(3, firstTime(veterans), firstTime(veterans), firstTime(veterans)),
      });
      await withdrawEach([primer.claimers[0].address]);
      await anotherRequestersJob();
    },
    plan: (k) => ({
      seats: seats(
        k,
        winnerSeat(m, "withdrawn", veterans, true),
        winnerSeat(m, "repeat", veterans),
        winnerSeat(m, "first-time", veterans),
      ),
      payment: "balance",
      ...churnHooks.realistic,
      afterPost: async (job) => {
        await recycledAnotherJob(m, job, checks);
        await churnHooks.realistic.afterPost();
      },
    }),
    afterJob: async (r) => {
      await withdrawEach(r.claimers.filter((c) => c.seat === 0).map((c) => c.address));
      await anotherRequestersJob();
    },
  };
  return { churn, repeat, withdrawn, firstTimers, longHistories, churnLongHistories, realistic, anotherRequestersJob };
}

// ------------------------------------------------------------------ long histories

/**
 * Gives each of `claimers` `blocks` stake changes, and the total stake a history of `blocks` entries more: every block
 * holds one stake change per claimer, alternately a HISTORY_STEP top-up and an unstaking request of as much (the
 * total's history grows by one entry per block in which any stake changes; a provider keeps only its latest stake and
 * the one it replaced, however often it changed: a veteran shows that its claims and stake changes cost the same). The
 * transactions go out as raw requests with explicit gas and nonces, a block's worth at a time, mined with automine off.
 * Returns the number of transactions sent.
 */
export async function growHistories(m: Market, claimers: string[], blocks: number) {
  const rpc = (method: string, params: unknown[] = []) => m.ethers.provider.send(method, params);
  await fundForStaking(m, claimers, BigInt(blocks) * HISTORY_STEP);
  const registry = await m.registry.getAddress();
  const stake = m.registry.interface.encodeFunctionData("stake", [HISTORY_STEP]);
  const unstake = m.registry.interface.encodeFunctionData("requestUnstake", [HISTORY_STEP]);
  const before = await Promise.all(claimers.map((c) => record(m, c)));
  const nonces = await Promise.all(claimers.map((c) => m.ethers.provider.getTransactionCount(c)));
  await rpc("evm_setAutomine", [false]);
  try {
    for (let b = 0; b < blocks; b++) {
      const data = b % 2 === 0 ? stake : unstake;
      await Promise.all(
        claimers.map((from, i) =>
          rpc("eth_sendTransaction", [
            { from, to: registry, data, gas: toQuantity(300_000), nonce: toQuantity(nonces[i] + b) },
          ]),
        ),
      );
      await rpc("evm_mine");
    }
  } finally {
    await rpc("evm_setAutomine", [true]);
  }
  // A reverted change would leave a shorter history than claimed: every one must show in the claimer's books.
  const unstaked = BigInt(Math.floor(blocks / 2)) * HISTORY_STEP;
  const staked = BigInt(Math.ceil(blocks / 2)) * HISTORY_STEP;
  for (const [i, claimer] of claimers.entries()) {
    const after = await record(m, claimer);
    if (after.stake !== before[i].stake + staked - unstaked || after.unbonding !== before[i].unbonding + unstaked) {
      throw new Error(`growHistories: ${claimer}'s stake changes did not all land`);
    }
    m.touched.add(claimer);
  }
  return claimers.length * blocks;
}

// ------------------------------------------------------------------ per-provider operations

/**
 * What a provider's own operations cost. A newcomer registers, stakes, tops up and requests to unstake twice each (the
 * first top-up writes the slot that keeps its replaced stake, the first request its unbonding balance: each pays for a
 * new slot once), then withdraws after the unbonding period; `veteran`, which changed stake 1,000+ times and is already
 * unbonding, tops up and requests to unstake once more, to compare with the newcomer's second ones.
 */
export async function providerOperations(m: Market, newcomer: string, veteran: string, historyEntries: number) {
  await m.ethers.provider.send("hardhat_impersonateAccount", [newcomer]);
  await m.ethers.provider.send("hardhat_setBalance", [newcomer, toQuantity(10n ** 20n)]);
  await fundForStaking(m, [newcomer], 2n * STAKE);
  m.touched.add(newcomer);
  const registry = m.registry.connect(await signer(m, newcomer));
  const rows: { operation: string; gas: bigint }[] = [];
  const row = async (operation: string, tx: Parameters<typeof measure>[1]) =>
    rows.push({ operation, gas: (await measure(operation, tx)).gas });
  await row("register", registry.register("ipfs://provider", 1, TOKEN / 100n, 0, 64));
  await row("stake, first", registry.stake(STAKE));
  await row("stake, top-up: its first change (opens its replaced-stake slot)", registry.stake(TOP_UP));
  await row("requestUnstake, first: opens its unbonding balance (2nd change)", registry.requestUnstake(TOP_UP));
  await row("stake, top-up (3rd change)", registry.stake(TOP_UP));
  await row("requestUnstake, again (4th change)", registry.requestUnstake(TOP_UP));
  await m.networkHelpers.time.increase(await m.registry.unbondingPeriod());
  await row("withdraw, after the unbonding period", registry.withdraw());
  const long = m.registry.connect(await signer(m, veteran));
  const entries = `after ${historyEntries.toLocaleString("en-US")}+ changes`;
  await row(`stake, top-up (${entries})`, long.stake(HISTORY_STEP));
  await row(`requestUnstake, again (${entries})`, long.requestUnstake(HISTORY_STEP));
  return rows;
}

// ------------------------------------------------------------------ batched settlement

export type BatchRow = { jobs: number; perJob: bigint; reveal: bigint };

/**
 * A node settling its own finished jobs together, by one `settleMany` it sends itself: for each batch size, that many
 * unaudited k = 1 jobs revealed at once (as when somebody takes the audit decision to see the answer; a node otherwise
 * reveals and settles a k = 1 job in one transaction) won by the same provider (a long-history veteran holding no market balance, as the realistic
 * k = 1 winner) for as many different requesters (each a repeat requester paying from its balance, so that no
 * requester's balance is shared between the batch's settlements). Returns the settlement's gas per job. Only the
 * settlement is measured: with settlement deferred, the benchmark's one-record ring cannot recycle records for the
 * batch's postings and claims (each takes fresh storage), which a live market's 65,536-record ring always can.
 */
export async function batchedSettlements(m: Market, veterans: string[], sizes: number[]): Promise<BatchRow[]> {
  const node = winnerSeat(m, "withdrawn", veterans).candidates()[0];
  if (!node) throw new Error("batched settlement: no long-history provider without a market balance");
  const nodeSigner = await signer(m, node);
  const requesters = (await m.ethers.getSigners()).slice(3, 3 + Math.max(...sizes));
  for (const r of requesters) {
    await (await m.token.transfer(r.address, 1_000n * TOKEN)).wait();
    await (await m.token.connect(r).approve(await m.market.getAddress(), MaxUint256)).wait();
    await (await m.market.connect(r).deposit(100n * TOKEN)).wait();
  }
  const seat: Seat = { label: "the node", candidates: () => [node] };
  const rows: BatchRow[] = [];
  for (const size of sizes) {
    const jobIds: bigint[] = [];
    let reveal = 0n;
    for (let i = 0; jobIds.length < size; i++) {
      const requester = requesters[jobIds.length];
      const r = await runLifecycle(m, 1, { seats: [seat], payment: "balance", requester, deferSettle: true });
      if (!r.audited) jobIds.push(r.jobId);
      if (!r.audited) reveal = r.steps.find((s) => s.step === "revealResult")!.gas;
      else await settleAfterWindow(m, [r.jobId]); // an audited job's settlement also closes its audit: not this row
      if (i > 4 * size) throw new Error("batched settlement: too many audited jobs");
    }
    await settleAfterWindow(m, [], jobIds);
    const settled = await measure("settleMany", m.market.connect(nodeSigner).settleMany(jobIds));
    rows.push({ jobs: size, perJob: settled.gas / BigInt(size), reveal });
    await withdrawEarnings(m, [node]); // a withdrawn winner again for the next batch
  }
  return rows;
}

/** Moves past the challenge windows of `jobs` and `waitFor`, then settles `jobs` one by one (unmeasured). */
async function settleAfterWindow(m: Market, jobs: bigint[], waitFor: bigint[] = []) {
  let end = 0n;
  for (const id of [...jobs, ...waitFor]) {
    const t = (await m.market.timeline(id)).challengeEndsAt;
    if (t > end) end = t;
  }
  await at(m, end + 1n);
  for (const id of jobs) await (await m.market.settle(id)).wait();
  if (jobs.length === 0) await m.networkHelpers.mine();
}
