import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import {
  MFUEL,
  TOKEN,
  addProvider,
  answer,
  claimSlots,
  expectConservation,
  fund,
  jobRequest,
  networkFixture,
  networkHelpers,
  passChallengeWindow,
  providerOf,
  revealAll,
  type System,
} from "../fixture.js";
import { abandonRound, deliver } from "../helpers/court.js";
import { worth } from "../helpers/money.js";

/**
 * Issue 11: buying reputation. A provider posts minimum-budget jobs from a second account in a resource class only it
 * serves, and completes them. Paying itself costs nothing, so what it pays per completion is the protocol's price of
 * a completion: the fee floor (minFee) and the audit fee; an audited job finds no auditor in a private class and
 * fails closed (no completion, the audit fee lost). Faults are counted within a window that completions never reset.
 * On 985df8e a completion cost 2.5% of a 0.001-token price (0.000025 per point) and reset the fault count.
 */
const PRIVATE_CLASS = 31;

async function farmFixture() {
  const sys = await networkFixture();
  const { minBudget } = await sys.market.parameters();
  const [farmer, poster] = [sys.other, sys.requester];
  // The farmer alone serves the private class, at a price that fits a minimum-budget job of 1 Mfuel.
  await addProvider(sys, farmer, { classes: 2 ** PRIVATE_CLASS, pricePerMfuel: minBudget });
  await fund(sys, poster, 10n * TOKEN);
  return { ...sys, farmer, poster, minBudget };
}
type Farm = Awaited<ReturnType<typeof farmFixture>>;

/** One self-posted minimum-budget job in the private class, completed (or, audited, failed closed). */
async function farmJob(sys: Farm, audited: boolean) {
  const req = await jobRequest({
    resourceClass: PRIVATE_CLASS,
    maxFuel: MFUEL,
    maxPricePerMfuel: sys.minBudget,
    claimWindow: 3_600n, // the farmer holds a fifteenth of the stake: let the draw widen past it
  });
  const [escrow] = await sys.market.escrowFor(req);
  await sys.token.connect(sys.poster).approve(await sys.market.getAddress(), escrow);
  await sys.market.connect(sys.poster).postJob(req);
  const jobId = await sys.market.jobCount();
  await claimSlots(sys, jobId, [sys.farmer], 1);
  const a = answer("farmed", MFUEL);
  await deliver(sys, jobId, [sys.farmer], [a], audited);
  if (audited) {
    // Nobody else serves the class: no auditor can be drawn, and later no panel.
    const t = await sys.market.timeline(jobId);
    await networkHelpers.time.increaseTo(t.auditCommitEndsAt + 1n);
    await revealAll(sys, jobId, [sys.farmer], [a]);
    await networkHelpers.time.increaseTo(t.revealEndsAt + 1n);
    await sys.market.settle(jobId);
    await abandonRound(sys, jobId);
    await abandonRound(sys, jobId);
  } else {
    await passChallengeWindow(sys, jobId);
    await sys.market.settle(jobId);
  }
  return jobId;
}

/** A job in class 0 that `p` claims and never commits to (a no-show), settled after the commit deadline. */
async function noShow(sys: System, p: HardhatEthersSigner) {
  const req = await jobRequest({ claimWindow: 3_600n });
  const [escrow] = await sys.market.escrowFor(req);
  await sys.token.connect(sys.deployer).approve(await sys.market.getAddress(), escrow);
  await sys.market.connect(sys.deployer).postJob(req);
  const jobId = await sys.market.jobCount();
  await claimSlots(sys, jobId, [p], 1);
  await networkHelpers.time.increaseTo(req.commitDeadline + 1n);
  return sys.market.settle(jobId);
}

describe("adversarial: Reputation", () => {
  it("farming completions with self-posted minimum-budget jobs costs at least minFee + the audit fee per reputation point", async () => {
    const sys = await networkHelpers.loadFixture(farmFixture);
    const params = await sys.market.parameters();
    // Dust cannot be posted at all: a replica's budget is floored.
    const dust = await jobRequest({ resourceClass: PRIVATE_CLASS, maxFuel: 1n, maxPricePerMfuel: 1n });
    await expect(sys.market.connect(sys.poster).postJob(dust))
      .to.be.revertedWithCustomError(sys.market, "JobMarketBudgetOutOfBounds")
      .withArgs(0n, params.minBudget, await sys.market.MAX_BUDGET());

    const start = (await worth(sys, sys.farmer)) + (await worth(sys, sys.poster));
    const unaudited = 5;
    for (let i = 0; i < unaudited; i++) await farmJob(sys, false);
    await farmJob(sys, true); // the audited one: refunded (fee included), no completion, the audit fee lost
    const spent = start - (await worth(sys, sys.farmer)) - (await worth(sys, sys.poster));
    const reputation = await sys.registry.reputation(sys.farmer.address);
    expect(reputation).to.equal(BigInt(unaudited));

    const auditFee = (params.minBudget * params.auditFeeBps) / 10_000n;
    expect(spent).to.equal(BigInt(unaudited) * (params.minFee + auditFee) + auditFee);
    expect(spent / reputation).to.be.at.least(params.minFee + auditFee);
    // 0.01012 token per point, against 0.000025 on 985df8e (measured): 400x dearer.
    expect(params.minFee + auditFee).to.equal(10_120_000_000_000_000n);
    console.log(`      cost per reputation point: ${Number(spent / reputation) / 1e18} token`);
    await expectConservation(sys);
  });

  it("completions do not erase faults: fault, fault, farmed completions, fault → jailed", async () => {
    const sys = await networkHelpers.loadFixture(farmFixture);
    // The farmer also serves class 0 here, so ordinary jobs can draw it.
    await sys.registry.connect(sys.farmer).updateOffer("ipfs://farmer", 1 + 2 ** PRIVATE_CLASS, sys.minBudget, 0, 4);
    const threshold = await sys.registry.jailThreshold();
    expect(threshold).to.equal(3n);
    await noShow(sys, sys.farmer);
    await noShow(sys, sys.farmer);
    for (let i = 0; i < 3; i++) await farmJob(sys, false);
    let p = await providerOf(sys.registry, sys.farmer);
    expect([p.recentFaults, p.completed, p.noShows]).to.deep.equal([2n, 3n, 2n]);
    const settle = await noShow(sys, sys.farmer);
    const until = BigInt((await settle.getBlock())!.timestamp) + (await sys.registry.jailDuration());
    await expect(settle).to.emit(sys.registry, "ProviderJailed").withArgs(sys.farmer.address, until, threshold);
    p = await providerOf(sys.registry, sys.farmer);
    expect(p.jailedUntil).to.equal(until);
    expect(await sys.registry.reputation(sys.farmer.address)).to.equal(0n); // 3 completions - 2 x 3 faults
    await expectConservation(sys);
  });
});
