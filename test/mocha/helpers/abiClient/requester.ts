import type { Signer } from "ethers";
import type { PublishedBundle } from "./bundle.js";
import { connect, eventNamed, mined, type Hashwork, type Sent } from "./contracts.js";
import { deadlineBounds, executionTimeOf } from "./deadlines.js";

/** `IJobMarket.JobRequest`, encoded by field name. */
export interface JobRequest {
  resourceClass: number;
  replicas: number;
  maxFuel: bigint;
  maxPricePerMfuel: bigint;
  minReputation: number;
  claimDeadline: bigint;
  commitDeadline: bigint;
  bundleHash: string;
  bundleURI: string;
}

export interface RequestOptions {
  replicas: number;
  maxPricePerMfuel: bigint;
  /** seconds from posting to the claim deadline (at least 30) */
  claimWindow: bigint;
  resourceClass?: number;
  minReputation?: number;
}

// The posting block is mined after the latest one we see: deadlines assume it comes up to this much later.
const POSTING_DELAY = 60n; // seconds

/** A requester: posts jobs and pays for them. Settling and the audit decision are anyone's; it does both. */
export class RequesterClient {
  private constructor(
    readonly account: string,
    readonly contracts: Hashwork,
    private readonly signer: Signer,
  ) {}

  static async connect(marketAddress: string, signer: Signer): Promise<RequesterClient> {
    return new RequesterClient(await signer.getAddress(), await connect(marketAddress, signer), signer);
  }

  /** A request for `bundle` with the earliest commit deadline the market accepts after `o.claimWindow`. */
  async request(bundle: PublishedBundle, o: RequestOptions): Promise<JobRequest> {
    const maxFuel = BigInt(bundle.bundle.limits.fuel); // the job's maxFuel is the bundle's limits.fuel
    const { fuelPerSecond } = await this.contracts.market.parameters();
    const latest = await this.signer.provider!.getBlock("latest");
    const postedAt = BigInt(latest!.timestamp) + POSTING_DELAY;
    const bounds = deadlineBounds(postedAt, executionTimeOf(maxFuel, fuelPerSecond as bigint));
    const claimDeadline = postedAt + o.claimWindow;
    if (claimDeadline < bounds.earliestClaimDeadline) throw new RangeError("a claim window is at least 30 s");
    return {
      resourceClass: o.resourceClass ?? 0,
      replicas: o.replicas,
      maxFuel,
      maxPricePerMfuel: o.maxPricePerMfuel,
      minReputation: o.minReputation ?? 0,
      claimDeadline,
      commitDeadline: bounds.earliestCommitDeadline(claimDeadline),
      bundleHash: bundle.bundleHash,
      bundleURI: bundle.bundleURI,
    };
  }

  /** Approves exactly `escrowFor(request)` and posts; the job id comes from the `JobPosted` event. */
  async post(request: JobRequest): Promise<{ jobId: bigint; escrow: bigint; approved: Sent; posted: Sent }> {
    const { market, token } = this.contracts;
    const [escrow] = (await market.escrowFor(request)) as bigint[];
    const approved = await mined(this.contracts, token.approve(market.target, escrow));
    const posted = await mined(this.contracts, market.postJob(request));
    return { jobId: eventNamed(posted, "JobPosted").args.jobId as bigint, escrow: escrow!, approved, posted };
  }

  /** Takes a job's audit decision (anyone may, once the block after its commits closed is mined). */
  async decideAudit(jobId: bigint): Promise<Sent> {
    return await mined(this.contracts, this.contracts.market.decideAudit(jobId));
  }

  /** The first second `settle` can succeed for a revealed, agreed job: just after its challenge window. */
  async settleableAt(jobId: bigint): Promise<bigint> {
    const { challengeEndsAt } = await this.contracts.market.timeline(jobId);
    return (challengeEndsAt as bigint) + 1n;
  }

  async settle(jobId: bigint): Promise<Sent> {
    return await mined(this.contracts, this.contracts.market.settle(jobId));
  }

  async withdraw(): Promise<Sent> {
    return await mined(this.contracts, this.contracts.market.withdraw());
  }
}
