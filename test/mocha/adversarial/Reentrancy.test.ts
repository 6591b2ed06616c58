import { expect } from "chai";
import {
  Fault,
  TOKEN,
  addProvider,
  claimSlots,
  currentParameters,
  ethers,
  expectConservation,
  expectedSettlement,
  jobRequest,
  networkHelpers,
  postJob,
  providerOf,
} from "../fixture.js";
import { REENTRANT_CALL, asAttacker, call, deployHookSystem, type HookSystem } from "../helpers/attacker.js";

/**
 * Re-entrancy through a malicious token (the token calls out on every transfer) and through receivers (the
 * attacker contract is the recipient or sender of the transfer). Every outer operation must complete with exact
 * accounting while each re-entry either fails with the guard's error or, across contracts, pays nothing extra.
 */

/** The hook-token market with seven EOA providers registered and staked. */
async function hookProvidersFixture() {
  const sys = await deployHookSystem();
  for (const p of sys.providers) await addProvider(sys, p);
  return sys;
}

/** Gives the attacker contract a claimable market balance of `escrow` by posting and cancelling a job. */
async function attackerWithClaimable(sys: HookSystem, maxPrice = 2n * TOKEN) {
  const attacker = await sys.attacker.getAddress();
  await sys.token.transfer(attacker, maxPrice);
  await asAttacker(sys, sys.token, call(sys.token, "approve", [await sys.market.getAddress(), maxPrice]));
  await asAttacker(sys, sys.market, call(sys.market, "postJob", [await jobRequest({ maxPrice })]));
  const jobId = await sys.market.jobCount();
  await asAttacker(sys, sys.market, call(sys.market, "cancelJob", [jobId]));
  expect(await sys.market.claimable(attacker)).to.equal(maxPrice);
  return attacker;
}

/** The attacker contract registered as a provider with `amount` staked. */
async function attackerStaked(sys: HookSystem, amount: bigint) {
  const attacker = await sys.attacker.getAddress();
  await sys.token.transfer(attacker, amount);
  await asAttacker(sys, sys.token, call(sys.token, "approve", [await sys.registry.getAddress(), amount]));
  await asAttacker(sys, sys.registry, call(sys.registry, "register", ["ipfs://attacker", 1, TOKEN, 4]));
  await asAttacker(sys, sys.registry, call(sys.registry, "stake", [amount]));
  return attacker;
}

/** Expects re-entry `i` to have failed with OpenZeppelin's `ReentrancyGuardReentrantCall()`. */
async function expectGuarded(sys: HookSystem, i: number) {
  expect(await sys.attacker.reentryOk(i), `re-entry ${i} succeeded`).to.equal(false);
  expect(await sys.attacker.reentryReturn(i)).to.equal(REENTRANT_CALL);
}

describe("adversarial: Reentrancy", () => {
  it("a receiver that re-enters withdraw from its token hook is paid exactly once", async () => {
    const sys = await networkHelpers.loadFixture(hookProvidersFixture);
    const attacker = await attackerWithClaimable(sys);
    const market = await sys.market.getAddress();
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(attacker, [market, market], [call(sys.market, "withdraw"), call(sys.market, "withdraw")]);
    const before = await sys.token.balanceOf(attacker);
    await asAttacker(sys, sys.market, call(sys.market, "withdraw"));

    expect(await sys.attacker.reentries()).to.equal(2n);
    await expectGuarded(sys, 0);
    await expectGuarded(sys, 1);
    expect((await sys.token.balanceOf(attacker)) - before).to.equal(2n * TOKEN);
    expect(await sys.market.claimable(attacker)).to.equal(0n);
    expect(await sys.token.balanceOf(market)).to.equal(0n);
    await expectConservation(sys, [attacker]);
  });

  it("a token that re-enters withdraw and settle during settlement gains nothing", async () => {
    const sys = await networkHelpers.loadFixture(hookProvidersFixture);
    const attacker = await attackerWithClaimable(sys);
    const jobId = await postJob(sys);
    const [noShow] = await claimSlots(sys, jobId, sys.providers, 1);
    const job = await sys.market.getJob(jobId);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n);
    const market = await sys.market.getAddress();
    const registry = await sys.registry.getAddress();
    // The no-show's slash is the only transfer of this settlement (registry -> market); the token calls out then.
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(
        ethers.ZeroAddress,
        [market, market, market, registry],
        [
          call(sys.market, "withdraw"),
          call(sys.market, "settle", [jobId]),
          call(sys.market, "cancelJob", [jobId]),
          call(sys.registry, "withdraw"),
        ],
      );
    const tx = sys.market.connect(sys.other).settle(jobId);
    await expect(tx).to.emit(sys.market, "AssignmentSlashed").withArgs(jobId, noShow.address, Fault.NoShow, TOKEN);
    await expectGuarded(sys, 0); // market.withdraw: the market's guard is held by settle
    await expectGuarded(sys, 1); // market.settle: same guard
    await expectGuarded(sys, 2); // market.cancelJob: same guard
    await expectGuarded(sys, 3); // registry.withdraw: the registry's guard is held by slash

    const e = expectedSettlement({
      params: await currentParameters(sys.market),
      feeBps: job.feeBps,
      collateral: job.collateral,
      escrow: 2n * TOKEN,
      winnerPrices: [],
      paid: false,
      dissenters: 0,
      noShows: 1,
    });
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
    expect(await sys.market.claimable(sys.treasury.address)).to.equal(e.treasury);
    expect(await sys.market.claimable(attacker)).to.equal(2n * TOKEN); // untouched by the failed re-entry
    expect((await providerOf(sys.registry, noShow)).stake).to.equal(1_000n * TOKEN - e.noShowSlash);
    await expectConservation(sys, [attacker]);
    // Settling twice is impossible, inside or outside a callback.
    await expect(sys.market.settle(jobId)).to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen");
  });

  it("a staker that re-enters registry.withdraw from its token hook withdraws its unbonding once", async () => {
    const sys = await networkHelpers.loadFixture(hookProvidersFixture);
    const attacker = await attackerStaked(sys, 100n * TOKEN);
    await asAttacker(sys, sys.registry, call(sys.registry, "requestUnstake", [100n * TOKEN]));
    await networkHelpers.time.increase(3600n);
    const registry = await sys.registry.getAddress();
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(attacker, [registry, registry], [call(sys.registry, "withdraw"), call(sys.registry, "stake", [1n])]);
    const before = await sys.token.balanceOf(attacker);
    await asAttacker(sys, sys.registry, call(sys.registry, "withdraw"));
    await expectGuarded(sys, 0);
    await expectGuarded(sys, 1);
    expect((await sys.token.balanceOf(attacker)) - before).to.equal(100n * TOKEN);
    const rec = await providerOf(sys.registry, attacker);
    expect([rec.stake, rec.unbonding]).to.deep.equal([0n, 0n]);
    await expectConservation(sys, [attacker]);
  });

  it("re-entering stake or postJob from inside their own transferFrom cannot double-credit", async () => {
    const sys = await networkHelpers.loadFixture(hookProvidersFixture);
    const attacker = await attackerStaked(sys, 10n * TOKEN);
    const registry = await sys.registry.getAddress();
    const market = await sys.market.getAddress();
    await sys.token.transfer(attacker, 100n * TOKEN);
    await asAttacker(sys, sys.token, call(sys.token, "approve", [registry, 100n * TOKEN]));
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(attacker, [registry], [call(sys.registry, "stake", [10n * TOKEN])]);
    await asAttacker(sys, sys.registry, call(sys.registry, "stake", [10n * TOKEN]));
    await expectGuarded(sys, 0);
    expect((await providerOf(sys.registry, attacker)).stake).to.equal(20n * TOKEN);

    await asAttacker(sys, sys.token, call(sys.token, "approve", [market, 100n * TOKEN]));
    const req = await jobRequest();
    await sys.attacker.connect(sys.attackerOwner).arm(attacker, [market], [call(sys.market, "postJob", [req])]);
    const jobsBefore = await sys.market.jobCount();
    await asAttacker(sys, sys.market, call(sys.market, "postJob", [req]));
    await expectGuarded(sys, 0);
    expect(await sys.market.jobCount()).to.equal(jobsBefore + 1n);
    expect(await sys.token.balanceOf(market)).to.equal(2n * TOKEN); // one escrow, not two
    await expectConservation(sys, [attacker]);
  });

  it("re-entering the other contract is harmless: a market withdrawal inside a registry withdrawal pays each once", async () => {
    const sys = await networkHelpers.loadFixture(hookProvidersFixture);
    const attacker = await attackerWithClaimable(sys, 3n * TOKEN);
    await attackerStaked(sys, 50n * TOKEN);
    await asAttacker(sys, sys.registry, call(sys.registry, "requestUnstake", [50n * TOKEN]));
    await networkHelpers.time.increase(3600n);
    const market = await sys.market.getAddress();
    const registry = await sys.registry.getAddress();
    // The guards are per contract, so these cross-contract re-entries succeed; each pays its own balance once.
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(
        attacker,
        [market, market, registry],
        [call(sys.market, "withdraw"), call(sys.market, "withdraw"), call(sys.registry, "withdraw")],
      );
    const before = await sys.token.balanceOf(attacker);
    await asAttacker(sys, sys.registry, call(sys.registry, "withdraw"));
    expect(await sys.attacker.reentryOk(0)).to.equal(true); // market.withdraw: 3 tokens
    // The second market.withdraw runs after the first completed (the hook is not re-armed inside it): nothing left.
    expect(await sys.attacker.reentryOk(1)).to.equal(false);
    expect(await sys.attacker.reentryReturn(1)).to.equal(
      sys.market.interface.encodeErrorResult("JobMarketNothingToWithdraw", [attacker]),
    );
    await expectGuarded(sys, 2); // registry.withdraw inside registry.withdraw
    expect((await sys.token.balanceOf(attacker)) - before).to.equal(53n * TOKEN);
    expect(await sys.market.claimable(attacker)).to.equal(0n);
    expect((await providerOf(sys.registry, attacker)).unbonding).to.equal(0n);
    await expectConservation(sys, [attacker]);
  });

  it("a provider contract that re-enters claim from its withdraw hook cannot take two slots of one job", async () => {
    const sys = await networkHelpers.loadFixture(hookProvidersFixture);
    const attacker = await attackerWithClaimable(sys);
    await attackerStaked(sys, 1_000n * TOKEN);
    const jobId = await postJob(sys, { replicas: 3 });
    const job = await sys.market.getJob(jobId);
    // Near the claim deadline the draw has widened ~11x: with an eighth of the stake and k = 3, everyone is drawn.
    await networkHelpers.time.increaseTo(job.claimDeadline - 5n);
    await networkHelpers.mine(); // the seed block
    expect(await sys.market.isDrawn(jobId, attacker)).to.equal(true);
    const market = await sys.market.getAddress();
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(attacker, [market, market], [call(sys.market, "claim", [jobId]), call(sys.market, "claim", [jobId])]);
    await asAttacker(sys, sys.market, call(sys.market, "withdraw"));
    await expectGuarded(sys, 0);
    await expectGuarded(sys, 1);
    expect((await sys.market.getJob(jobId)).claimed).to.equal(0n);

    await asAttacker(sys, sys.market, call(sys.market, "claim", [jobId]));
    await expect(asAttacker(sys, sys.market, call(sys.market, "claim", [jobId])))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyOnJob")
      .withArgs(jobId, attacker);
    expect((await sys.market.getJob(jobId)).claimed).to.equal(1n);
    const rec = await providerOf(sys.registry, attacker);
    expect([rec.locked, rec.activeJobs]).to.deep.equal([job.collateral, 1n]);
    await expectConservation(sys, [attacker]);
  });
});
