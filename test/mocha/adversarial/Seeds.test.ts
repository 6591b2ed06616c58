import { ZeroHash } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { commitment, isAuditedBySeed } from "@hashwork/sdk/results";
import { firstWinningElapsed } from "@hashwork/sdk/lottery";
import {
  AuditState,
  JobStatus,
  TOKEN,
  addProvider,
  advanceTo,
  answer,
  claimAuditor,
  claimSeats,
  claimSlots,
  deploySystemWith,
  drawSchedule,
  ethers,
  expectConservation,
  forceAudit,
  jobRequest,
  networkFixture,
  networkHelpers,
  postJob,
  saltOf,
  type System,
  noClaimsSettlement,
  slotIndex,
} from "../fixture.js";
import { call, deployAttacker } from "../helpers/attacker.js";
import { deliver } from "../helpers/court.js";

/**
 * Issue 11: randomness nobody can re-roll. A seed is the hash of the block after the trigger, fixed at first use and
 * expired (fail closed) if nobody fixed it within 256 blocks; stake counts as of the block before the trigger; a
 * requester cannot cancel once the seed exists. On 985df8e a seed older than 256 blocks moved to a later block
 * (re-rolling every draw at +258), stake staked in the trigger block counted, and a requester could cancel until the
 * first claim.
 */
const SEED_WINDOW = 256; // blocks BLOCKHASH can read

/** The first-winning second of every provider for `jobId`, with the job's stored seed. */
async function firstDraws(sys: System, jobId: bigint) {
  const job = await sys.market.getJob(jobId);
  await mineTo(job.postedBlock + 2n);
  const seed = await sys.market.drawSeed(jobId); // the randomness source's, kept by the market from the first claim
  const { wideningPeriod } = await sys.market.parameters();
  const total = await sys.registry.totalStakeAt(job.postedBlock - 1n);
  const at: (bigint | undefined)[] = [];
  for (const p of sys.providers) {
    const stake = await sys.registry.lotteryStakeAt(p.address, job.postedBlock - 1n);
    const input = {
      seed,
      jobId,
      provider: p.address,
      stake,
      totalStake: total,
      replicas: job.replicas,
      wideningPeriod,
    };
    at.push(firstWinningElapsed(input, job.claimDeadline - job.postedAt));
  }
  return at;
}

/** Mines until the latest block is `target`. */
async function mineTo(target: bigint) {
  const now = BigInt(await ethers.provider.getBlockNumber());
  if (now < target) await networkHelpers.mine(target - now);
}

/**
 * An attacker contract `main` (driven by `owner`) and a second account `sybil` driven by `main`, registered as a
 * provider with `amount` tokens approved to the registry but nothing staked: `main` can stake into it and trigger a
 * draw in one transaction.
 */
async function attackerPair(sys: System, owner: HardhatEthersSigner, amount: bigint) {
  const main = await deployAttacker(owner);
  const sybil = await deployAttacker(owner, await main.getAddress());
  const registry = await sys.registry.getAddress();
  await sys.token.connect(sys.deployer).transfer(await sybil.getAddress(), amount);
  const viaMain = (target: string, data: string) =>
    main
      .connect(owner)
      .exec(target, data)
      .then((tx) => tx.wait());
  const asSybil = async (target: string, data: string) =>
    viaMain(await sybil.getAddress(), call(sybil, "exec", [target, data]));
  await asSybil(await sys.token.getAddress(), call(sys.token, "approve", [registry, amount]));
  await asSybil(registry, call(sys.registry, "register", ["ipfs://sybil", 1, TOKEN / 100n, 0, 4]));
  const stakeCall = call(sybil, "exec", [registry, call(sys.registry, "stake", [amount])]);
  return { main, sybil, sybilAddress: await sybil.getAddress(), viaMain, asSybil, stakeCall };
}
type Pair = Awaited<ReturnType<typeof attackerPair>>;

/** `main` stakes into the sybil and calls `data` on `target` in the same transaction; returns its block. */
async function stakeAndTrigger(pair: Pair, owner: HardhatEthersSigner, target: string, data: string) {
  const tx = await pair.main.connect(owner).execBatch([pair.sybilAddress, target], [pair.stakeCall, data]);
  return BigInt((await tx.wait())!.blockNumber);
}

/** Posts a k = 1 job, claims it and commits `right` in a second transaction (which closes commits); returns its id. */
async function committedJob(sys: System) {
  const jobId = await postJob(sys);
  const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
  const a = answer("right");
  await sys.market
    .connect(provider!)
    .commitResult(
      jobId,
      await slotIndex(sys.market, jobId, provider!),
      commitment(jobId, provider!.address, a.output, a.fuel, saltOf(provider!)),
    );
  return jobId;
}

describe("adversarial: Seeds", () => {
  describe("seed at +257 blocks", () => {
    it("a job nobody claimed within 256 blocks of its seed block cannot re-roll its seed: claims revert and it is refundable", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const jobId = await postJob(sys, { claimWindow: 3_600n });
      const job = await sys.market.getJob(jobId);
      const draws = await firstDraws(sys, jobId);
      // Latest block = posted + 257: the seed block (posted + 1) is 256 blocks back, the last block that can read it.
      await mineTo(job.postedBlock + 1n + BigInt(SEED_WINDOW));
      expect(await sys.randomness.seedStatus(job.postedBlock)).to.equal(1n); // Fixable
      await networkHelpers.mine();
      expect(await sys.randomness.seedStatus(job.postedBlock)).to.equal(3n); // Expired
      expect(draws.some((at) => at !== undefined)).to.equal(true);
      for (const p of sys.providers) {
        expect(await sys.market.isDrawn(jobId, p.address)).to.equal(false);
        await expect(sys.market.connect(p).claim(jobId, ZeroHash)).to.be.revertedWithCustomError(
          sys.randomness,
          "RandomnessSeedExpired",
        );
      }
      // Refundable at once, before its claim deadline, in full (fee and audit fee included: nothing was committed).
      expect(BigInt(await networkHelpers.time.latest())).to.be.lessThan(job.claimDeadline);
      await expect(sys.market.connect(sys.other).settle(jobId))
        .to.emit(sys.market, "JobSettled")
        .withArgs(...noClaimsSettlement(jobId, sys.requester.address, job.budget + job.fee + job.auditFee));
      await expectConservation(sys);
    });

    it("a seed kept by the first claim never changes: eligibility is the same 300 blocks later", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const jobId = await postJob(sys, { replicas: 3, claimWindow: 3_600n });
      const job = await sys.market.getJob(jobId);
      const before = await firstDraws(sys, jobId);
      const seed = await sys.randomness.seedFor(job.postedBlock);
      // The first claim lands in the last block that can read the seed block, and the market keeps the seed (the
      // randomness source does not store it: its status expires as BLOCKHASH forgets the block).
      await mineTo(job.postedBlock + BigInt(SEED_WINDOW));
      const [first] = await claimSlots(sys, jobId, sys.providers, 1);
      expect(await sys.market.drawSeed(jobId)).to.equal(seed);
      await networkHelpers.mine(300);
      expect(await sys.randomness.seedStatus(job.postedBlock)).to.equal(3n); // Expired in the source
      expect(await sys.market.drawSeed(jobId)).to.equal(seed); // kept by the market
      expect(await firstDraws(sys, jobId)).to.deep.equal(before);
      // The remaining slots are claimed by exactly the providers the original seed draws next.
      const rest = await claimSlots(
        sys,
        jobId,
        sys.providers.filter((p) => p !== first),
        2,
      );
      const schedule = (await drawSchedule(sys, jobId, sys.providers)).map((d) => d.signer.address);
      expect([first!, ...rest].map((p) => p.address)).to.deep.equal(schedule.slice(0, 3));
      await expectConservation(sys);
    });

    it("an audit seed nobody fixed within 256 blocks is not re-rolled: the job is audited (fail closed)", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const jobId = await committedJob(sys);
      const { commitsClosedBlock } = await sys.market.getJob(jobId);
      await mineTo(commitsClosedBlock + 2n + BigInt(SEED_WINDOW));
      expect(await sys.randomness.seedStatus(commitsClosedBlock)).to.equal(3n); // Expired
      await expect(sys.market.decideAudit(jobId)).to.emit(sys.market, "AuditDecided");
      const job = await sys.market.getJob(jobId);
      expect(job.audit).to.equal(AuditState.Audited);
      expect(job.commitsClosedBlock).to.equal(BigInt(await ethers.provider.getBlockNumber())); // a fresh audit seed
      const auditor = await claimAuditor(sys, jobId, sys.verifiers);
      expect(auditor).to.not.equal(undefined);
      await expectConservation(sys);
    });
  });

  describe("seeds read with BLOCKHASH", () => {
    /** The calls `txHash` made (CALL, STATICCALL, DELEGATECALL): callee and selector, from the node's opcode trace. */
    async function callsOf(txHash: string): Promise<{ to: string; selector: string }[]> {
      const trace = (await ethers.provider.send("debug_traceTransaction", [txHash, { enableMemory: true }])) as {
        structLogs: { op: string; stack: string[]; memory?: string[] }[];
      };
      const word = (hex: string) => BigInt(hex.startsWith("0x") ? hex : `0x${hex}`);
      const calls: { to: string; selector: string }[] = [];
      for (const { op, stack, memory } of trace.structLogs) {
        if (op !== "CALL" && op !== "STATICCALL" && op !== "DELEGATECALL") continue;
        const top = stack.length - 1;
        const to = ethers.getAddress(ethers.toBeHex(word(stack[top - 1]!), 20));
        // CALL's arguments start below its value; STATICCALL's and DELEGATECALL's right below the callee.
        const argsOffset = Number(word(stack[op === "CALL" ? top - 3 : top - 2]!));
        const bytes = (memory ?? []).map((w) => w.replace(/^0x/, "")).join("");
        calls.push({ to, selector: `0x${bytes.slice(argsOffset * 2, argsOffset * 2 + 8)}` });
      }
      return calls;
    }

    /** The selectors of `txHash`'s calls to `account`. */
    const selectorsCalled = async (txHash: string, account: string) =>
      (await callsOf(txHash)).filter((c) => c.to === account).map((c) => c.selector);

    /** networkFixture on the production source: the market reads live seeds with BLOCKHASH. */
    async function inlineFixture() {
      const sys = await deploySystemWith({ inlineSeeds: true });
      for (const p of [...sys.providers, ...sys.verifiers]) await addProvider(sys, p);
      return sys;
    }

    /** Posts a k = 1 job and has its first drawn provider claim it with a commitment; returns the claim. */
    async function claimCommitting(sys: System) {
      const jobId = await postJob(sys);
      const { signer: provider, at } = (await drawSchedule(sys, jobId, sys.providers))[0]!;
      await advanceTo((await sys.market.getJob(jobId)).postedAt, at);
      const a = answer("right");
      const claim = await sys.market
        .connect(provider)
        .claim(jobId, commitment(jobId, provider.address, a.output, a.fuel, saltOf(provider)));
      return { jobId, claim };
    }

    it("a market whose source is not readableInline asks it for every seed (the trace sees the calls)", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      expect(await sys.randomness.readableInline()).to.equal(false);
      const { claim } = await claimCommitting(sys);
      expect(await selectorsCalled(claim.hash, await sys.randomness.getAddress())).to.include(
        sys.randomness.interface.getFunction("seedFor")!.selector,
      );
    });

    it("a claim and an audit decision read a live seed themselves: no call to the randomness source", async () => {
      const sys = await networkHelpers.loadFixture(inlineFixture);
      expect(await sys.randomness.readableInline()).to.equal(true);
      const { jobId, claim } = await claimCommitting(sys);
      const { postedBlock } = await sys.market.getJob(jobId);
      const source = await sys.randomness.getAddress();
      expect(await selectorsCalled(claim.hash, source)).to.deep.equal([]);
      // The seed the claim was drawn by is the source's (stored nowhere: the job has one slot).
      expect(await sys.market.drawSeed(jobId)).to.equal(await sys.randomness.seedFor(postedBlock));
      expect(await sys.randomness.seedStatus(postedBlock)).to.equal(1n); // Fixable: not stored
      await networkHelpers.mine(1); // the audit's seed block, after the closing commitment's
      const decide = await sys.market.decideAudit(jobId);
      const job = await sys.market.getJob(jobId);
      const seed = await sys.randomness.seedFor(job.commitsClosedBlock);
      const audited = isAuditedBySeed(seed, jobId, job.auditRateBps);
      expect(job.audit).to.equal(audited ? AuditState.Audited : AuditState.NotAudited);
      // The seed is read inline either way; an audited job (1 in 10) has the source store it for the auditor's draw.
      expect(await selectorsCalled(decide.hash, source)).to.deep.equal(
        audited ? [sys.randomness.interface.getFunction("fixSeed")!.selector] : [],
      );
    });

    it("a seed the source fixed is read from it once BLOCKHASH forgot it: a claim 300 blocks later is drawn by it", async () => {
      const sys = await networkHelpers.loadFixture(inlineFixture);
      const jobId = await postJob(sys, { claimWindow: 3_600n });
      const job = await sys.market.getJob(jobId);
      await mineTo(job.postedBlock + 2n);
      await sys.randomness.connect(sys.other).fixSeed(job.postedBlock); // anyone may fix a seed
      const seed = await sys.randomness.seedFor(job.postedBlock);
      await networkHelpers.mine(300);
      expect(await sys.randomness.seedStatus(job.postedBlock)).to.equal(2n); // Fixed
      const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
      expect(await sys.market.drawSeed(jobId)).to.equal(seed);
      const schedule = await drawSchedule(sys, jobId, sys.providers);
      expect(provider!.address).to.equal(schedule[0]!.signer.address);
    });

    it("an audit seed the source fixed is read from it once BLOCKHASH forgot it: the decision is the seed's, not fail-closed", async () => {
      const sys = await networkHelpers.loadFixture(inlineFixture);
      const jobId = await committedJob(sys);
      const { commitsClosedBlock, auditRateBps } = await sys.market.getJob(jobId);
      await mineTo(commitsClosedBlock + 2n);
      await sys.randomness.connect(sys.other).fixSeed(commitsClosedBlock);
      const seed = await sys.randomness.seedFor(commitsClosedBlock);
      await mineTo(commitsClosedBlock + 2n + BigInt(SEED_WINDOW));
      await expect(sys.market.decideAudit(jobId)).to.emit(sys.market, "AuditDecided");
      const job = await sys.market.getJob(jobId);
      const audited = isAuditedBySeed(seed, jobId, auditRateBps);
      expect(job.audit).to.equal(audited ? AuditState.Audited : AuditState.NotAudited);
      expect(job.commitsClosedBlock).to.equal(commitsClosedBlock); // the original trigger: no fresh seed was needed
    });
  });

  describe("same-block stake", () => {
    const HUGE = 1_000_000n * TOKEN; // 70x everyone else's stake together

    it("staking into a second account in the posting transaction gains no weight: it is never drawn", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const owner = sys.other;
      const pair = await attackerPair(sys, owner, HUGE);
      const req = await jobRequest();
      const [escrow] = await sys.market.escrowFor(req);
      await sys.token.connect(sys.deployer).transfer(await pair.main.getAddress(), escrow);
      const market = await sys.market.getAddress();
      await pair.viaMain(await sys.token.getAddress(), call(sys.token, "approve", [market, escrow]));
      const block = await stakeAndTrigger(pair, owner, market, call(sys.market, "postJob", [req]));
      const jobId = await sys.market.jobCount();
      const job = await sys.market.getJob(jobId);
      expect(job.postedBlock).to.equal(block);
      expect(await sys.registry.stakeAt(pair.sybilAddress, block)).to.equal(HUGE);
      expect(await sys.registry.stakeAt(pair.sybilAddress, block - 1n)).to.equal(0n);
      // Even at the widest draw, the sybil's stake as of the block before the posting is zero.
      await networkHelpers.mine(2);
      await networkHelpers.time.setNextBlockTimestamp(job.claimDeadline);
      await expect(pair.asSybil(market, call(sys.market, "claim", [jobId, ZeroHash])))
        .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
        .withArgs(jobId, pair.sybilAddress);
      // The honest providers' draw is untouched by the huge stake: the total is the one before the posting.
      expect(await sys.registry.totalStakeAt(block - 1n)).to.equal(14_000n * TOKEN);
      await claimSlots(sys, jobId, sys.providers, 1);
      await expectConservation(sys, [await pair.main.getAddress(), pair.sybilAddress]);
    });

    it("staking into a second account in the transaction of the last commitment gains no weight in the audit draw", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const owner = sys.other;
      const pair = await attackerPair(sys, owner, HUGE);
      const mainAddress = await pair.main.getAddress();
      // `main` is a staked provider that claims the job; its second account waits unstaked.
      await sys.token.connect(sys.deployer).transfer(mainAddress, 1_000n * TOKEN);
      const registry = await sys.registry.getAddress();
      await pair.viaMain(await sys.token.getAddress(), call(sys.token, "approve", [registry, 1_000n * TOKEN]));
      await pair.viaMain(registry, call(sys.registry, "register", ["ipfs://main", 1, TOKEN / 100n, 0, 4]));
      await pair.viaMain(registry, call(sys.registry, "stake", [1_000n * TOKEN]));
      const jobId = await postJob(sys, { claimWindow: 3_600n });
      const job = await sys.market.getJob(jobId);
      const market = await sys.market.getAddress();
      await networkHelpers.mine(2);
      await networkHelpers.time.setNextBlockTimestamp(job.claimDeadline); // widened 61x: everyone staked is drawn
      await pair.viaMain(market, call(sys.market, "claim", [jobId, ZeroHash]));
      const a = answer("wrong");
      const c = commitment(jobId, mainAddress, a.output, a.fuel, ethers.id("main salt"));
      const block = await stakeAndTrigger(pair, owner, market, call(sys.market, "commitResult", [jobId, 0, c]));
      expect((await sys.market.getJob(jobId)).commitsClosedBlock).to.equal(block);
      await forceAudit(sys, jobId, true);
      const t = await sys.market.timeline(jobId);
      await networkHelpers.time.setNextBlockTimestamp(t.auditDrawEndsAt);
      const court = await sys.court.getAddress();
      await expect(pair.asSybil(court, call(sys.court, "claimVerifier", [jobId])))
        .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotDrawn")
        .withArgs(jobId, pair.sybilAddress);
      await networkHelpers.mine();
      expect(await sys.court.isDrawn(jobId, pair.sybilAddress)).to.equal(false);
      await expectConservation(sys, [mainAddress, pair.sybilAddress]);
    });

    it("staking into a second account in the challenge transaction gains no weight in the panel draw", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const owner = sys.other;
      const pair = await attackerPair(sys, owner, HUGE);
      const jobId = await postJob(sys);
      const [provider] = await claimSlots(sys, jobId, sys.providers, 1);
      await deliver(sys, jobId, [provider!], [answer("right")]);
      const court = await sys.court.getAddress();
      const bond = await sys.court.bondFor((await sys.market.getJob(jobId)).budget);
      await sys.token.connect(sys.deployer).transfer(await pair.main.getAddress(), bond);
      await pair.viaMain(await sys.token.getAddress(), call(sys.token, "approve", [court, bond]));
      const block = await stakeAndTrigger(pair, owner, court, call(sys.court, "challenge", [jobId]));
      const round = await sys.court.getRound(jobId, 1);
      expect(round.openedBlock).to.equal(block);
      // Honest verifiers are drawn as usual; the sybil tries for the last seat at the widest draw.
      expect((await claimSeats(sys, jobId, sys.verifiers, 2)).length).to.equal(2);
      await networkHelpers.time.setNextBlockTimestamp(round.drawEndsAt);
      await expect(pair.asSybil(court, call(sys.court, "claimVerifier", [jobId])))
        .to.be.revertedWithCustomError(sys.court, "VerificationCourtNotDrawn")
        .withArgs(jobId, pair.sybilAddress);
      await networkHelpers.mine();
      expect(await sys.court.isDrawn(jobId, pair.sybilAddress)).to.equal(false);
      await expectConservation(sys, [await pair.main.getAddress(), pair.sybilAddress]);
    });
  });

  describe("stake raised after the seed", () => {
    it("stake added once after the posting counts as the stake it replaced; added in two blocks, as none (O(1) claims)", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const [p, honest] = [sys.providers[0]!, sys.providers[1]!];
      const jobId = await postJob(sys, { claimWindow: 3_600n });
      const job = await sys.market.getJob(jobId);
      const before = await sys.registry.stakeAt(p.address, job.postedBlock - 1n);
      await networkHelpers.mine(2); // the seed exists: whoever stakes now knows the draw
      const huge = 1_000_000n * TOKEN;
      await sys.token.connect(sys.deployer).transfer(p.address, huge + 1n);
      await sys.token.connect(p).approve(await sys.registry.getAddress(), huge + 1n);
      await sys.registry.connect(p).stake(huge);
      // With the added stake counted the provider would win at once (its share alone covers the draw); it counts
      // only the stake that the raise replaced.
      const seed = await sys.randomness.seedFor(job.postedBlock);
      const draw = { seed, jobId, provider: p.address, replicas: 1n, wideningPeriod: BigInt(job.wideningPeriod) };
      expect(firstWinningElapsed({ ...draw, stake: before + huge, totalStake: job.totalStake }, 0n)).to.equal(0n);
      expect(await sys.registry.lotteryStakeAt(p.address, job.postedBlock - 1n)).to.equal(before);
      // A second raise in a later block: the stake as of the posting is off the O(1) record, and the lottery counts
      // none of it (never more than the provider had), even at the widest draw, where everyone staked is drawn.
      await sys.registry.connect(p).stake(1n);
      expect(await sys.registry.lotteryStakeAt(p.address, job.postedBlock - 1n)).to.equal(0n);
      await networkHelpers.time.setNextBlockTimestamp(job.claimDeadline);
      await expect(sys.market.connect(p).claim(jobId, ZeroHash))
        .to.be.revertedWithCustomError(sys.market, "JobMarketNotDrawn")
        .withArgs(jobId, p.address);
      await sys.market.connect(honest).claim(jobId, ZeroHash);
      await expectConservation(sys);
    });
  });

  describe("cancel-and-repost", () => {
    it("a requester may cancel only while the seed is unknowable; afterwards the job runs to its claim deadline", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const jobId = await postJob(sys);
      const job = await sys.market.getJob(jobId);
      const escrow = job.budget + job.fee + job.auditFee;
      // Right after the posting block the seed block is not mined: nobody, the requester included, knows the draw.
      expect(await ethers.provider.getBlock(job.postedBlock + 1n)).to.equal(null);
      await expect(sys.market.connect(sys.requester).cancelJob(jobId))
        .to.emit(sys.market, "JobCancelled")
        .withArgs(jobId, sys.requester.address, escrow);

      // A second job: once the seed block is mined the requester could read the draw, and can no longer cancel.
      const second = await postJob(sys);
      const { postedBlock } = await sys.market.getJob(second);
      await networkHelpers.mine();
      const seedBlock = await ethers.provider.getBlock(postedBlock + 1n); // public: the requester can read the draw
      await expect(sys.market.connect(sys.requester).cancelJob(second))
        .to.be.revertedWithCustomError(sys.market, "JobMarketSeedKnown")
        .withArgs(second);
      // Nobody it likes is drawn first? It still cannot re-roll: the drawn providers claim.
      const [first] = await drawSchedule(sys, second, sys.providers);
      const [claimer] = await claimSlots(sys, second, sys.providers, 1);
      expect(claimer).to.equal(first!.signer);
      expect(await sys.randomness.seedFor(postedBlock)).to.equal(seedBlock!.hash);
      expect((await sys.market.getJob(second)).status).to.equal(JobStatus.Open);
      // The first job's refund paid the second posting (a balance that covers an escrow pays it).
      expect(await sys.market.claimable(sys.requester.address)).to.equal(0n);
      await expectConservation(sys);
    });

    it("an unclaimed job the requester may not cancel is refunded in full after its claim deadline", async () => {
      const sys = await networkHelpers.loadFixture(networkFixture);
      const jobId = await postJob(sys);
      const job = await sys.market.getJob(jobId);
      await networkHelpers.mine(2);
      await expect(sys.market.connect(sys.requester).cancelJob(jobId)).to.be.revertedWithCustomError(
        sys.market,
        "JobMarketSeedKnown",
      );
      await networkHelpers.time.increaseTo(job.claimDeadline + 1n);
      await sys.market.connect(sys.other).settle(jobId);
      expect(await sys.market.claimable(sys.requester.address)).to.equal(job.budget + job.fee + job.auditFee);
      await expectConservation(sys);
    });
  });
});
