import { expect } from "chai";
import { addProvider, claimSlots, deploySystem, ethers, networkHelpers, postJob } from "./fixture.js";
import { commitment } from "../../sdk/src/results.js";

describe("smoke", () => {
  it("k=1 and k=3", async () => {
    const sys = await deploySystem();
    for (const p of sys.providers) await addProvider(sys, p);
    const jobId = await postJob(sys);
    const [p] = await claimSlots(sys, jobId, sys.providers, 1);
    const h = ethers.id("out");
    await sys.market.connect(p).submitResult(jobId, h, "ipfs://out");
    await networkHelpers.time.increase(700);
    await sys.market.settle(jobId);
    expect((await sys.market.getJob(jobId)).status).to.equal(2n);

    const j3 = await postJob(sys, { replicas: 3 });
    const ps = await claimSlots(sys, j3, sys.providers, 3);
    for (const q of ps) await sys.market.connect(q).commitResult(j3, commitment(j3, q.address, h, ethers.id("salt")));
    for (const q of ps) await sys.market.connect(q).revealResult(j3, h, ethers.id("salt"), "ipfs://out");
    await sys.market.settle(j3);
    expect((await sys.market.getJob(j3)).status).to.equal(2n);
  });
});
