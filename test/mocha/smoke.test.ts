import { expect } from "chai";
import {
  JobStatus,
  addProvider,
  answer,
  claimSlots,
  commitAll,
  connection,
  deploySystem,
  ethers,
  forceAudit,
  passChallengeWindow,
  networkFixture,
  networkHelpers,
  postJob,
  revealAll,
} from "./fixture.js";

/** The shortest path through the protocol for k = 1 and k = 3: a quick check that deployment and fixture work. */
describe("smoke", () => {
  it("k = 1 and k = 3 jobs complete", async () => {
    const sys = await deploySystem();
    for (const p of sys.providers) await addProvider(sys, p);
    const out = answer("out");
    for (const replicas of [1, 3]) {
      const jobId = await postJob(sys, { replicas });
      const claimers = await claimSlots(sys, jobId, sys.providers, replicas);
      const answers = claimers.map(() => out);
      await commitAll(sys, jobId, claimers, answers);
      await forceAudit(sys, jobId, false);
      await revealAll(sys, jobId, claimers, answers);
      await passChallengeWindow(sys, jobId);
      await sys.market.settle(jobId);
      expect((await sys.market.getJob(jobId)).status).to.equal(JobStatus.Completed);
    }
  });

  it("a fixture loaded later resumes at the fixture's time, so jobs posted in it get their whole claim window", async () => {
    const sys = await connection.networkHelpers.loadFixture(networkFixture); // as loaded without the clock restored
    const fixtureTime = BigInt(await networkHelpers.time.latest());
    // Wall-clock seconds pass while other tests run, until the next block would be this late.
    const late = fixtureTime + 5n;
    while (BigInt((await ethers.provider.send("eth_getBlockByNumber", ["pending", false])).timestamp) < late) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await networkHelpers.loadFixture(networkFixture);
    const jobId = await postJob(sys); // funds the requester first: two blocks
    const job = await sys.market.getJob(jobId);
    expect(job.postedAt).to.be.lessThan(late);
    expect(job.claimDeadline - job.postedAt).to.be.greaterThan(595n);
  });
});
