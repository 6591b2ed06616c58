import { ZeroHash, hexlify, randomBytes, type Signer } from "ethers";
import { fetchBundle, type ContentStore, type FetchedBundle } from "./bundle.js";
import { ipfsUriOf } from "./cid.js";
import { connect, eventNamed, mined, type Hashwork, type Sent } from "./contracts.js";
import { firstWinningElapsed } from "./lottery.js";
import { commitmentOf, isAudited, outputHashOf, type Answer } from "./results.js";

/** What a provider asks (`ProviderRegistry.register`). */
export interface Offer {
  metadataURI: string;
  classes: number; // bitmask: bit i = resource class i
  pricePerMfuel: bigint; // token units per million fuel
  minMfuel: number; // million fuel billed at least
  capacity: number; // open assignments at most
}

/** Runs a fetched bundle: the executor's job, outside this client (PROTOCOL.md, "Units": fuel is the executor's). */
export type Execute = (bundle: FetchedBundle) => Answer;

/** The fields of `getJob` this client reads (ethers returns every integer as a bigint). */
interface JobView {
  replicas: bigint;
  postedBlock: bigint;
  postedAt: bigint;
  claimDeadline: bigint;
  wideningPeriod: bigint;
  totalStake: bigint;
  auditRateBps: bigint;
  commitsClosedBlock: bigint;
  commitsClosedAt: bigint;
}

/** A provider: registers, stakes, claims when drawn, commits, reveals and withdraws. */
export class ProviderClient {
  // What it committed to, by job. PROTOCOL.md asks for it on disk before the commitment is sent; a test's memory is
  // as durable as its chain.
  private readonly committed = new Map<bigint, { answer: Answer; salt: string }>();
  private readonly answers = new Map<bigint, Answer>();
  // The replica slot each claim took (its JobClaimed's `slot`): commitResult and revealResult name it.
  private readonly slots = new Map<bigint, number>();

  private constructor(
    readonly account: string,
    readonly contracts: Hashwork,
  ) {}

  static async connect(marketAddress: string, signer: Signer): Promise<ProviderClient> {
    return new ProviderClient(await signer.getAddress(), await connect(marketAddress, signer));
  }

  async register(o: Offer): Promise<Sent> {
    const { registry } = this.contracts;
    return await mined(
      this.contracts,
      registry.register(o.metadataURI, o.classes, o.pricePerMfuel, o.minMfuel, o.capacity),
    );
  }

  /** Approves the registry for exactly `amount` and stakes it. It counts for jobs posted in later blocks. */
  async stake(amount: bigint): Promise<Sent> {
    const { registry, token } = this.contracts;
    await mined(this.contracts, token.approve(registry.target, amount));
    return await mined(this.contracts, registry.stake(amount));
  }

  /**
   * The unix second from which this provider wins a slot of `jobId`, or undefined if it never does before the claim
   * deadline. Needs the job's seed: the block after the posting block must be mined.
   */
  async drawTime(jobId: bigint): Promise<bigint | undefined> {
    const { market, registry } = this.contracts;
    const job = (await market.getJob(jobId)) as JobView;
    const [seed, stake] = (await Promise.all([
      // "pending" executes after the latest block, so the seed is readable as soon as its block is mined; the market
      // keeps it once a slot is claimed (after BLOCKHASH forgot it).
      market.drawSeed(jobId, { blockTag: "pending" }),
      registry.lotteryStakeAt(this.account, job.postedBlock - 1n),
    ])) as [string, bigint];
    const ticket = {
      seed,
      jobId,
      account: this.account,
      stake,
      totalStake: job.totalStake,
      replicas: job.replicas,
      wideningPeriod: job.wideningPeriod,
    };
    const elapsed = firstWinningElapsed(ticket, job.claimDeadline - job.postedAt);
    return elapsed === undefined ? undefined : job.postedAt + elapsed;
  }

  async claim(jobId: bigint): Promise<Sent> {
    const sent = await mined(this.contracts, this.contracts.market.claim(jobId, ZeroHash));
    this.slots.set(jobId, Number(eventNamed(sent, "JobClaimed").args.slot));
    return sent;
  }

  /** Fetches and checks the job's bundle (its URI is in `JobPosted` only) and runs it. */
  async run(jobId: bigint, store: ContentStore, execute: Execute): Promise<Answer> {
    const { market } = this.contracts;
    const [log] = await market.queryFilter(market.filters.JobPosted(jobId));
    if (!log || !("args" in log)) throw new Error(`no JobPosted event for job ${jobId}`);
    const { bundleURI, bundleHash, maxFuel } = log.args;
    const answer = execute(fetchBundle(store, { bundleURI, bundleHash, maxFuel }));
    this.answers.set(jobId, answer);
    return answer;
  }

  /** Commits to the answer of `run` with a fresh secret salt. */
  async commit(jobId: bigint): Promise<Sent> {
    const answer = this.answers.get(jobId);
    if (!answer) throw new Error(`job ${jobId} has not been run`);
    const salt = hexlify(randomBytes(32));
    this.committed.set(jobId, { answer, salt });
    const commitment = commitmentOf(jobId, this.account, outputHashOf(answer.output), answer.fuel, salt);
    return await mined(this.contracts, this.contracts.market.commitResult(jobId, this.slotOf(jobId), commitment));
  }

  /** Whether the job (commits closed by its last commitment) is audited. Needs the block after that one mined. */
  async isAudited(jobId: bigint): Promise<boolean> {
    const { market, randomness } = this.contracts;
    const job = (await market.getJob(jobId)) as JobView;
    if (job.commitsClosedAt === 0n) throw new Error(`commits of job ${jobId} are open`);
    const seed = (await randomness.seedFor(job.commitsClosedBlock, { blockTag: "pending" })) as string;
    return isAudited(seed, jobId, job.auditRateBps);
  }

  /** Reveals the committed answer, storing the output under its CID as the result URI names it. */
  async reveal(jobId: bigint, store: ContentStore): Promise<Sent> {
    const c = this.committed.get(jobId);
    if (!c) throw new Error(`nothing committed for job ${jobId}`);
    store.put(c.answer.output);
    const { market } = this.contracts;
    const outputHash = outputHashOf(c.answer.output);
    const sent = await mined(
      this.contracts,
      market.revealResult(jobId, this.slotOf(jobId), outputHash, c.answer.fuel, c.salt, ipfsUriOf(c.answer.output)),
    );
    eventNamed(sent, "ResultRevealed");
    return sent;
  }

  private slotOf(jobId: bigint): number {
    const slot = this.slots.get(jobId);
    if (slot === undefined) throw new Error(`job ${jobId} was not claimed by this client`);
    return slot;
  }

  async withdraw(): Promise<Sent> {
    return await mined(this.contracts, this.contracts.market.withdraw());
  }
}
