import { ZeroHash } from "ethers";
import { expect } from "chai";
import {
  Fault,
  TOKEN,
  addProvider,
  answer,
  claimSeats,
  claimSlots,
  commitVerdicts,
  ethers,
  expectConservation,
  jobRequest,
  networkHelpers,
  postJob,
  providerOf,
  revealVerdicts,
  verifierPay,
} from "../fixture.js";
import { REENTRANT_CALL, asAttacker, call, deployHookSystem, type HookSystem } from "../helpers/attacker.js";
import { deliver } from "../helpers/court.js";
import { expectedSettlement } from "../helpers/money.js";

/**
 * Re-entrancy through a malicious token (the token calls out on every transfer) and through receivers (the attacker
 * contract is the recipient or sender of the transfer), into the market, the registry and the court. Every outer
 * operation must complete with exact accounting while each re-entry either fails with the guard's error or, across
 * contracts, pays nothing extra. Default job: budget 2, collateral 30, bond 8.
 */
const right = answer("right");
const wrong = answer("wrong");

/** The hook-token protocol with seven EOA providers and seven EOA verifiers registered and staked. */
async function hookNetworkFixture() {
  const sys = await deployHookSystem();
  for (const p of [...sys.providers, ...sys.verifiers]) await addProvider(sys, p);
  return sys;
}

/** Gives the attacker contract a claimable market balance (a cancelled job's escrow); returns it. */
async function attackerWithClaimable(sys: HookSystem, maxPricePerMfuel = (2n * TOKEN) / 100n) {
  const attacker = await sys.attacker.getAddress();
  const req = await jobRequest({ maxPricePerMfuel });
  const [escrow] = await sys.market.escrowFor(req);
  await sys.token.transfer(attacker, escrow);
  await asAttacker(sys, sys.token, call(sys.token, "approve", [await sys.market.getAddress(), escrow]));
  await asAttacker(sys, sys.market, call(sys.market, "postJob", [req]));
  const jobId = await sys.market.jobCount();
  await asAttacker(sys, sys.market, call(sys.market, "cancelJob", [jobId])); // in the block after posting
  expect(await sys.market.claimable(attacker)).to.equal(escrow);
  return { attacker, escrow };
}

/** The attacker contract registered as a provider with `amount` staked. */
async function attackerStaked(sys: HookSystem, amount: bigint) {
  const attacker = await sys.attacker.getAddress();
  await sys.token.transfer(attacker, amount);
  await asAttacker(sys, sys.token, call(sys.token, "approve", [await sys.registry.getAddress(), amount]));
  await asAttacker(sys, sys.registry, call(sys.registry, "register", ["ipfs://attacker", 1, TOKEN / 100n, 0, 4]));
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
    const sys = await networkHelpers.loadFixture(hookNetworkFixture);
    const { attacker, escrow } = await attackerWithClaimable(sys);
    const market = await sys.market.getAddress();
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(attacker, [market, market], [call(sys.market, "withdraw"), call(sys.market, "withdraw")]);
    const before = await sys.token.balanceOf(attacker);
    await asAttacker(sys, sys.market, call(sys.market, "withdraw"));
    expect(await sys.attacker.reentries()).to.equal(2n);
    await expectGuarded(sys, 0);
    await expectGuarded(sys, 1);
    expect((await sys.token.balanceOf(attacker)) - before).to.equal(escrow);
    expect(await sys.market.claimable(attacker)).to.equal(0n);
    expect(await sys.token.balanceOf(market)).to.equal(0n);
    await expectConservation(sys, [attacker]);
  });

  it("a token that re-enters the market, the registry and the court during a no-show's settlement gains nothing", async () => {
    const sys = await networkHelpers.loadFixture(hookNetworkFixture);
    const { attacker, escrow } = await attackerWithClaimable(sys);
    const jobId = await postJob(sys);
    const [noShow] = await claimSlots(sys, jobId, sys.providers, 1);
    const job = await sys.market.getJob(jobId);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n);
    const [market, registry, court] = await Promise.all([
      sys.market.getAddress(),
      sys.registry.getAddress(),
      sys.court.getAddress(),
    ]);
    // The no-show's slash is the only transfer of this settlement (registry -> market); the token calls out then.
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(
        ethers.ZeroAddress,
        [market, market, market, registry, court],
        [
          call(sys.market, "withdraw"),
          call(sys.market, "settle", [jobId]),
          call(sys.market, "cancelJob", [jobId]),
          call(sys.registry, "withdraw"),
          call(sys.court, "withdraw"),
        ],
      );
    const e = expectedSettlement({ job, params: await sys.market.parameters(), completed: false, noShows: 1 });
    await expect(sys.market.connect(sys.other).settle(jobId))
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, noShow!.address, Fault.NoShow, e.noShowSlash);
    await expectGuarded(sys, 0); // market.withdraw: the market's guard is held by settle
    await expectGuarded(sys, 1); // market.settle: same guard
    await expectGuarded(sys, 2); // market.cancelJob: same guard
    await expectGuarded(sys, 3); // registry.withdraw: the registry's guard is held by slash
    // The court's guard is free, but the attacker is owed nothing there.
    expect(await sys.attacker.reentryReturn(4)).to.equal(
      sys.court.interface.encodeErrorResult("VerificationCourtNothingToWithdraw", [attacker]),
    );
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester);
    expect(await sys.market.claimable(attacker)).to.equal(escrow); // untouched by the failed re-entry
    expect((await providerOf(sys.registry, noShow!)).stake).to.equal(1_000n * TOKEN - e.noShowSlash);
    await expectConservation(sys, [attacker]);
    await expect(sys.market.settle(jobId)).to.be.revertedWithCustomError(sys.market, "JobMarketJobNotOpen");
  });

  it("a token that re-enters settle and settleMany during a settleMany's slash gains nothing", async () => {
    const sys = await networkHelpers.loadFixture(hookNetworkFixture);
    const jobId = await postJob(sys);
    await claimSlots(sys, jobId, sys.providers, 1);
    const job = await sys.market.getJob(jobId);
    await networkHelpers.time.increaseTo(job.commitDeadline + 1n);
    const market = await sys.market.getAddress();
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(
        ethers.ZeroAddress,
        [market, market],
        [call(sys.market, "settle", [jobId]), call(sys.market, "settleMany", [[jobId, jobId]])],
      );
    const e = expectedSettlement({ job, params: await sys.market.parameters(), completed: false, noShows: 1 });
    await expect(sys.market.connect(sys.other).settleMany([jobId, jobId])).to.emit(sys.market, "AssignmentSlashed");
    expect(await sys.attacker.reentries()).to.equal(2n);
    await expectGuarded(sys, 0); // market.settle: the guard is held by settleMany
    await expectGuarded(sys, 1); // market.settleMany: same guard
    expect(await sys.market.claimable(sys.requester.address)).to.equal(e.requester); // refunded once
    await expectConservation(sys);
  });

  it("a token that re-enters resolve, withdraw and settle while a panel's verdict slashes the provider gains nothing", async () => {
    const sys = await networkHelpers.loadFixture(hookNetworkFixture);
    const { attacker } = await attackerWithClaimable(sys);
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await deliver(sys, jobId, [provider!], [wrong]);
    const bond = await sys.court.bondFor((await sys.market.getJob(jobId)).budget);
    await sys.token.transfer(sys.requester.address, bond);
    await sys.token.connect(sys.requester).approve(await sys.court.getAddress(), bond);
    await sys.court.connect(sys.requester).challenge(jobId);
    const panel = await claimSeats(sys, jobId, sys.verifiers, 3);
    await commitVerdicts(sys, jobId, panel, [right, right, right]);
    await revealVerdicts(sys, jobId, panel, [right, right, right]);
    const [market, court] = await Promise.all([sys.market.getAddress(), sys.court.getAddress()]);
    // The provider's slash (registry -> market, inside court.resolve -> market.finalizeVerification) calls out.
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(
        ethers.ZeroAddress,
        [court, court, market, market],
        [
          call(sys.court, "resolve", [jobId]),
          call(sys.court, "withdraw"),
          call(sys.market, "settle", [jobId]),
          call(sys.market, "withdraw"),
        ],
      );
    const job = await sys.market.getJob(jobId);
    await expect(sys.court.connect(sys.other).resolve(jobId))
      .to.emit(sys.market, "AssignmentSlashed")
      .withArgs(jobId, provider!.address, Fault.Dissent, job.collateral);
    for (let i = 0; i < 4; i++) await expectGuarded(sys, i); // the court's and the market's guards are both held
    const e = expectedSettlement({
      job,
      params: await sys.market.parameters(),
      completed: false,
      fuel: right.fuel, // the verdict's
      dissenters: 1,
      verified: true,
    });
    expect(await sys.court.claimable(sys.requester.address)).to.equal(bond + e.challengerReward);
    for (const v of panel)
      expect(await sys.court.claimable(v.address)).to.equal(verifierPay(right.fuel, job.maxPricePerMfuel));
    await expectConservation(sys, [attacker]);
  });

  it("a challenger contract that re-enters court.withdraw from its token hook is paid exactly once", async () => {
    const sys = await networkHelpers.loadFixture(hookNetworkFixture);
    const attacker = await sys.attacker.getAddress();
    const jobId = await postJob(sys);
    const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
    await deliver(sys, jobId, [provider!], [wrong]);
    const job = await sys.market.getJob(jobId);
    const court = await sys.court.getAddress();
    const bond = await sys.court.bondFor(job.budget);
    await sys.token.transfer(attacker, bond);
    await asAttacker(sys, sys.token, call(sys.token, "approve", [court, bond]));
    await asAttacker(sys, sys.court, call(sys.court, "challenge", [jobId]));
    const panel = await claimSeats(sys, jobId, sys.verifiers, 3);
    await commitVerdicts(sys, jobId, panel, [right, right, right]);
    await revealVerdicts(sys, jobId, panel, [right, right, right]);
    await sys.court.resolve(jobId);
    const e = expectedSettlement({
      job,
      params: await sys.market.parameters(),
      completed: false,
      fuel: right.fuel, // the verdict's
      dissenters: 1,
      verified: true,
    });
    const owed = bond + e.challengerReward; // 8 + 6
    expect(await sys.court.claimable(attacker)).to.equal(owed);
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(attacker, [court, court], [call(sys.court, "withdraw"), call(sys.court, "withdraw")]);
    const before = await sys.token.balanceOf(attacker);
    await asAttacker(sys, sys.court, call(sys.court, "withdraw"));
    await expectGuarded(sys, 0);
    await expectGuarded(sys, 1);
    expect((await sys.token.balanceOf(attacker)) - before).to.equal(owed);
    expect(await sys.court.claimable(attacker)).to.equal(0n);
    await expectConservation(sys, [attacker]);
  });

  it("a staker that re-enters registry.withdraw from its token hook withdraws its unbonding once", async () => {
    const sys = await networkHelpers.loadFixture(hookNetworkFixture);
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

  it("re-entering stake, postJob or fundPool from inside their own transferFrom cannot double-credit", async () => {
    const sys = await networkHelpers.loadFixture(hookNetworkFixture);
    const attacker = await attackerStaked(sys, 10n * TOKEN);
    const [registry, market, court] = await Promise.all([
      sys.registry.getAddress(),
      sys.market.getAddress(),
      sys.court.getAddress(),
    ]);
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
    const [escrow] = await sys.market.escrowFor(req);
    await sys.attacker.connect(sys.attackerOwner).arm(attacker, [market], [call(sys.market, "postJob", [req])]);
    const jobsBefore = await sys.market.jobCount();
    await asAttacker(sys, sys.market, call(sys.market, "postJob", [req]));
    await expectGuarded(sys, 0);
    expect(await sys.market.jobCount()).to.equal(jobsBefore + 1n);
    expect(await sys.token.balanceOf(market)).to.equal(escrow); // one escrow, not two

    await asAttacker(sys, sys.token, call(sys.token, "approve", [court, 10n * TOKEN]));
    const poolBefore = await sys.court.pool();
    await sys.attacker.connect(sys.attackerOwner).arm(attacker, [court], [call(sys.court, "fundPool", [TOKEN])]);
    await asAttacker(sys, sys.court, call(sys.court, "fundPool", [TOKEN]));
    await expectGuarded(sys, 0);
    expect(await sys.court.pool()).to.equal(poolBefore + TOKEN);
    await expectConservation(sys, [attacker]);
  });

  it("re-entering the other contract is harmless: a market withdrawal inside a registry withdrawal pays each once", async () => {
    const sys = await networkHelpers.loadFixture(hookNetworkFixture);
    const { attacker, escrow } = await attackerWithClaimable(sys, (3n * TOKEN) / 100n);
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
    expect(await sys.attacker.reentryOk(0)).to.equal(true); // market.withdraw: the escrow
    // The second market.withdraw runs after the first completed (the hook is not re-armed inside it): nothing left.
    expect(await sys.attacker.reentryOk(1)).to.equal(false);
    expect(await sys.attacker.reentryReturn(1)).to.equal(
      sys.market.interface.encodeErrorResult("JobMarketNothingToWithdraw", [attacker]),
    );
    await expectGuarded(sys, 2); // registry.withdraw inside registry.withdraw
    expect((await sys.token.balanceOf(attacker)) - before).to.equal(50n * TOKEN + escrow);
    expect(await sys.market.claimable(attacker)).to.equal(0n);
    expect((await providerOf(sys.registry, attacker)).unbonding).to.equal(0n);
    await expectConservation(sys, [attacker]);
  });

  it("a provider contract that re-enters claim from its withdraw hook cannot take two slots of one job", async () => {
    const sys = await networkHelpers.loadFixture(hookNetworkFixture);
    const { attacker } = await attackerWithClaimable(sys);
    await attackerStaked(sys, 1_000n * TOKEN);
    const jobId = await postJob(sys, { replicas: 3, claimWindow: 3_600n });
    const job = await sys.market.getJob(jobId);
    // Widened 61x, a fifteenth of the stake and k = 3: everyone is drawn.
    await networkHelpers.time.increaseTo(job.claimDeadline - 5n);
    await networkHelpers.mine();
    expect(await sys.market.isDrawn(jobId, attacker)).to.equal(true);
    const market = await sys.market.getAddress();
    await sys.attacker
      .connect(sys.attackerOwner)
      .arm(
        attacker,
        [market, market],
        [call(sys.market, "claim", [jobId, ZeroHash]), call(sys.market, "claim", [jobId, ZeroHash])],
      );
    await asAttacker(sys, sys.market, call(sys.market, "withdraw"));
    await expectGuarded(sys, 0);
    await expectGuarded(sys, 1);
    expect((await sys.market.getJob(jobId)).claimed).to.equal(0n);

    await asAttacker(sys, sys.market, call(sys.market, "claim", [jobId, ZeroHash]));
    await expect(asAttacker(sys, sys.market, call(sys.market, "claim", [jobId, ZeroHash])))
      .to.be.revertedWithCustomError(sys.market, "JobMarketAlreadyOnJob")
      .withArgs(jobId, attacker);
    expect((await sys.market.getJob(jobId)).claimed).to.equal(1n);
    const rec = await providerOf(sys.registry, attacker);
    expect([rec.locked, rec.activeJobs]).to.deep.equal([job.collateral, 1n]);
    await expectConservation(sys, [attacker]);
  });
});
