import { expect } from "chai";
import {
  JobStatus,
  addProvider,
  answer,
  claimSlots,
  commitAll,
  deploySystem,
  forceAudit,
  passChallengeWindow,
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
});
