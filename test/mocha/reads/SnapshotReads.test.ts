import { expect } from "chai";
import type { ContractRunner, TransactionRequest } from "ethers";
import { AuditState, readJob } from "@hashwork/sdk/actions";
import { JobMarket__factory } from "@hashwork/sdk/typechain";
import { ethers, networkHelpers } from "../fixture.js";
import { committedJobFixture, setAuditSeed } from "../helpers/stages.js";

/**
 * A snapshot read (a job with its timeline and slots, a verification with its rounds, a provider with its reputation) is several `eth_call`s sent
 * together. At "latest", a block mined between them mixed two states: on a devnet, a provider node read a job already
 * decided beside a timeline from before the decision (all zeros), took its reveal deadline for passed, never revealed,
 * and was slashed for withholding. Here a runner mines exactly such a block after the first call.
 */
function runnerMiningAfterFirstCall(mine: () => Promise<unknown>): ContractRunner {
  const inner = ethers.provider;
  let firstDone: Promise<void> | undefined;
  const runner = {
    provider: null as unknown,
    send: (method: string, params: unknown[]) => inner.send(method, params),
    getBlockNumber: () => inner.getBlockNumber(),
    async call(tx: TransactionRequest) {
      if (firstDone !== undefined) {
        await firstDone; // the other calls of the read reach the chain after the block
        return inner.call(tx);
      }
      let release!: () => void;
      firstDone = new Promise((resolve) => (release = resolve));
      const answer = await inner.call(tx);
      await mine();
      release();
      return answer;
    },
  };
  runner.provider = runner;
  return runner as unknown as ContractRunner;
}

describe("Snapshot reads: every call of one read sees the same block", function () {
  it("a job read while its audit is decided is wholly before the decision or wholly after it", async function () {
    const sys = await networkHelpers.loadFixture(committedJobFixture);
    await setAuditSeed(sys, sys.jobId, false);
    const market = JobMarket__factory.connect(
      await sys.market.getAddress(),
      runnerMiningAfterFirstCall(() => sys.market.decideAudit(sys.jobId)),
    );

    const job = await readJob(market, { jobId: sys.jobId });

    const decided = (await sys.market.getJob(sys.jobId)).audit;
    expect(decided).to.equal(BigInt(AuditState.NotAudited), "the decision was mined during the read");
    expect(job.audit).to.equal(AuditState.Undecided, "the read is pinned to the block it started at");
    // The timeline of that block: a k = 1 job undecided reports the challenge window counted from its commitment (the
    // decision moved its reveal period to count from the decision).
    // (fixture: a challenge window and a reveal period of 600 s, an execution time of 32 s).
    expect(job.timeline.revealEndsAt).to.equal(job.commitsClosedAt + 600 + 32 + 600, "the timeline of that block");
    expect(job.timeline.revealEndsAt).to.not.equal(Number((await sys.market.timeline(sys.jobId)).revealEndsAt));
  });
});
