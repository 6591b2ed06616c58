/**
 * Drives one job through the real contracts, with every participant acting as its strategy dictates: claims by the
 * lottery, commits, the audit decision (real block-hash randomness), the auditor, reveals, challenges, verifier panels
 * and settlement. Returns what each account gained or lost, and what happened.
 */
import { ZeroHash } from "ethers";
import { firstWinningElapsed } from "@hashwork/sdk/lottery";
import { commitment, executionProof, verdictCommitment } from "@hashwork/sdk/results";
import {
  executes,
  INPUT_MISSING,
  replicaAnswer,
  truthOf,
  verifierAnswer,
  type Actor,
  type Answer,
  type JobView,
} from "./strategies.js";
import { MFUEL, TOKEN, type Signer, type World } from "./world.js";

export const MAX_FUEL = 100n * MFUEL;
export const MAX_PRICE_PER_MFUEL = (12n * TOKEN) / 1000n; // 20% over the providers' price; budget 1.2 tokens

export interface JobSpec {
  k: number;
  withhold: boolean; // posted by the withholding requester: the first replica never gets the input
  /** Probability the external watcher re-executes the job and challenges a wrong agreed result (0 by default). */
  watchRate: number;
  /** The lazy provider whose second account challenges every agreed result it delivered, if any. */
  altPartner?: string;
  /** Probability the renters' challenger challenges an agreed (honest) result, hoping its rented seats outvote it. */
  rentAttackRate: number;
  random: () => number;
  /** Cost of computing, as a share of the provider's price (what an honest execution costs its machine). */
  costPerMfuel: bigint;
}

export type Role = "replica k=1" | "replica k=3" | "auditor" | "panel";

export interface Participation {
  actor: Actor;
  role: Role;
  profit: bigint; // token units: worth after − before − compute cost − gas cost
  gas: bigint;
}

export interface JobResult {
  id: bigint;
  k: number;
  audited: boolean;
  cartelHoldsAll: boolean;
  cheated: boolean; // some replica committed a wrong answer (made up, faulty, overstated or the cartel's)
  rounds: number; // panel rounds
  outcome: bigint;
  challenge?: { by: "watcher" | "alt" | "renter"; profit: bigint };
  participations: Participation[];
  requesterCost: bigint; // token units the requester paid in total (escrow not returned)
  requesterPaidProviders: bigint;
  auditFee: bigint;
  withholderProfit?: bigint;
  /** Every replica acted honestly (apart from the withheld input): nothing but the withholding decides the outcome. */
  replicasHonest: boolean;
}

const sameAnswer = (a: Answer | undefined, b: Answer) => a !== undefined && a.output === b.output && a.fuel === b.fuel;

export async function runJob(w: World, spec: JobSpec, gasPrice: (gas: bigint) => bigint): Promise<JobResult> {
  const { market, court, randomness, networkHelpers } = w;
  const time = networkHelpers.time;
  const poster = spec.withhold ? w.withholder : w.requester;
  const now = BigInt(await time.latest());
  const execution = await market.executionTime(MAX_FUEL);
  const claimDeadline = now + 600n;
  const request = {
    resourceClass: 0,
    replicas: spec.k,
    maxFuel: MAX_FUEL,
    maxPricePerMfuel: MAX_PRICE_PER_MFUEL,
    minReputation: 0,
    claimDeadline,
    commitDeadline: claimDeadline + 600n + execution,
    bundleHash: w.ethers.id(`bundle ${now}`),
    bundleURI: "ipfs://sim",
  };
  const accounts = [...w.actors.map((a) => a.signer.address), w.requester.address, w.withholder.address];
  const challengers = [w.watcher.address, w.alt.address, w.renterChallenger.address];
  const before = new Map<string, bigint>();
  for (const a of [...accounts, ...challengers]) before.set(a, await w.worth(a));

  await (await market.connect(poster).postJob(request)).wait();
  const jobId = await market.jobCount();
  const job0 = await market.getJob(jobId);
  const truth = truthOf(jobId, (20n + BigInt(Math.floor(spec.random() * 60))) * MFUEL);
  const gas = new Map<string, bigint>();
  const roles = new Map<string, Role>();
  let challenge: JobResult["challenge"];
  let challengerAddress: string | undefined;
  let rounds = 0; // panel rounds
  const executed = new Set<string>();
  const spend = async (who: Signer, tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) => {
    const receipt = await (await tx).wait();
    gas.set(who.address, (gas.get(who.address) ?? 0n) + (receipt?.gasUsed ?? 0n));
  };
  const tryTx = async (who: Signer, send: () => Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) => {
    try {
      await spend(who, send());
      return true;
    } catch {
      return false; // reverted in estimation (ineligible, lost race): nothing was sent
    }
  };

  // ------------------------------------------------------------------ claims, by the lottery
  const seed = await seedOf(w, job0.postedBlock);
  const schedule = await drawSchedule(w, {
    seed,
    jobId,
    stakeBlock: job0.postedBlock - 1n,
    seats: BigInt(spec.k),
    widening: w.params.wideningPeriod,
    window: claimDeadline - job0.postedAt,
    candidates: w.actors,
    random: spec.random,
  });
  const replicas: Actor[] = [];
  for (const { actor, at } of schedule) {
    if (replicas.length === spec.k) break;
    await advanceTo(w, job0.postedAt + at);
    if (await tryTx(actor.signer, () => market.connect(actor.signer).claim(jobId, ZeroHash))) {
      replicas.push(actor);
      roles.set(actor.signer.address, spec.k === 1 ? "replica k=1" : "replica k=3");
    }
  }

  const view: JobView = {
    id: jobId,
    maxFuel: MAX_FUEL,
    truth,
    cartelHoldsAll: replicas.length === spec.k && replicas.every((r) => r.strategy === "cartel"),
    withheldFrom: spec.withhold ? replicas[0]?.signer.address : undefined,
    rentedAttack: false,
    random: spec.random,
  };
  const salt = (s: Signer) => w.ethers.id(`salt:${s.address}:${jobId}`);

  // ------------------------------------------------------------------ commits
  const answers = replicas.map((r) => replicaAnswer(r, view));
  for (const [i, r] of replicas.entries()) {
    const a = answers[i];
    if (a === undefined) continue;
    if (executes(r, "replica", view)) executed.add(r.signer.address);
    const c = commitment(jobId, r.signer.address, a.output, a.fuel, salt(r.signer));
    await spend(r.signer, market.connect(r.signer).commitResult(jobId, i, c)); // replicas are in slot order
  }
  const cheated = answers.some((a) => a !== undefined && !sameAnswer(a, truth) && a.fuel !== 0n);
  let job = await market.getJob(jobId);
  if (replicas.length === 0) {
    await time.increaseTo(claimDeadline + 1n);
    await spend(w.deployer, market.connect(w.deployer).settle(jobId)); // refunded, nothing to judge
    return finish();
  }
  if (job.commitsClosedAt === 0n) await time.increaseTo(job.commitDeadline + 1n);
  if (job.committedMask === 0n) {
    await spend(w.deployer, market.connect(w.deployer).settle(jobId)); // every claimer a no-show
    return finish();
  }

  // ------------------------------------------------------------------ the audit
  await networkHelpers.mine(2);
  await w.market.connect(w.deployer).decideAudit(jobId);
  job = await market.getJob(jobId);
  const audited = job.audit === 2n;
  let auditor: Actor | undefined;
  let auditorAnswer: Answer | undefined;
  let auditProof = "";
  if (audited) {
    const [, seedBlock, openedAt, t] = await market.auditTerms(jobId);
    const parties = new Set([poster.address, ...replicas.map((r) => r.signer.address)]);
    const auditSchedule = await drawSchedule(w, {
      seed: await seedOf(w, seedBlock),
      jobId,
      stakeBlock: seedBlock - 1n,
      seats: 1n,
      widening: w.courtParams.wideningPeriod,
      window: t.auditDrawEndsAt - openedAt,
      candidates: w.actors.filter((a) => !parties.has(a.signer.address)),
      random: spec.random,
    });
    for (const { actor, at } of auditSchedule) {
      await advanceTo(w, openedAt + at);
      if (await tryTx(actor.signer, () => court.connect(actor.signer).claimVerifier(jobId))) {
        auditor = actor;
        roles.set(actor.signer.address, "auditor");
        break;
      }
    }
    if (auditor) {
      auditorAnswer = verifierAnswer(auditor, view, []); // blind: nothing is revealed yet
      if (auditorAnswer) {
        if (executes(auditor, "verifier", view)) executed.add(auditor.signer.address);
        auditProof = executionProof(await randomness.seedFor(seedBlock), auditorAnswer.state);
        const a = auditorAnswer;
        const c = verdictCommitment(jobId, auditor.signer.address, a.output, a.fuel, auditProof, salt(auditor.signer));
        await spend(auditor.signer, court.connect(auditor.signer).commitVerdict(jobId, c));
      }
    }
    if (!auditorAnswer) await time.increaseTo(t.auditCommitEndsAt + 1n);
  }

  // ------------------------------------------------------------------ reveals
  const revealed: Answer[] = [];
  for (const [i, r] of replicas.entries()) {
    const a = answers[i];
    if (a === undefined) continue;
    await spend(
      r.signer,
      market.connect(r.signer).revealResult(jobId, i, a.output, a.fuel, salt(r.signer), "ipfs://out"),
    );
    revealed.push(a);
  }
  if (auditor && auditorAnswer) {
    const a = auditorAnswer;
    const reveal = court
      .connect(auditor.signer)
      .revealVerdict(jobId, a.output, a.fuel, auditProof, salt(auditor.signer), "");
    await spend(auditor.signer, reveal);
  }
  job = await market.getJob(jobId);
  if (job.revealsClosedAt === 0n) await time.increaseTo((await market.timeline(jobId)).revealEndsAt + 1n);

  // ------------------------------------------------------------------ settlement, challenges, panels
  // Reveals closed and still not settleable: an agreed payable result sits in its challenge window (a disagreement
  // or a refund would be settleable at once), and every revealed real answer is that result.
  const agreed = revealed.find((a) => a.output !== INPUT_MISSING.output);
  if (!(await market.isSettleable(jobId)) && agreed !== undefined) {
    // An agreed payable result in its challenge window: who challenges it?
    const wrong = !sameAnswer(agreed, truth);
    const altOnJob =
      spec.k === 1 && spec.altPartner !== undefined && replicas.some((r) => r.signer.address === spec.altPartner);
    if (wrong && spec.random() < spec.watchRate) challenge = { by: "watcher", profit: 0n };
    else if (altOnJob) challenge = { by: "alt", profit: 0n };
    else if (!wrong && spec.random() < spec.rentAttackRate) {
      challenge = { by: "renter", profit: 0n };
      view.rentedAttack = true;
    }
    if (challenge) {
      const who = challenge.by === "watcher" ? w.watcher : challenge.by === "alt" ? w.alt : w.renterChallenger;
      challengerAddress = who.address;
      if (!(await tryTx(who, () => court.connect(who).challenge(jobId)))) challenge = undefined;
    }
    if (!challenge) await time.increaseTo((await market.timeline(jobId)).challengeEndsAt + 1n);
  }
  if ((await market.getJob(jobId)).status === 1n) await spend(w.deployer, market.connect(w.deployer).settle(jobId));

  const drawn = new Set<string>([...(auditor ? [auditor.signer.address] : [])]);
  while ((await court.getVerification(jobId)).status === 2n) {
    rounds++;
    const v = await court.getVerification(jobId);
    const round = await court.getRound(jobId, v.round);
    const excluded = new Set([poster.address, ...replicas.map((r) => r.signer.address), ...drawn]);
    if (challengerAddress) excluded.add(challengerAddress);
    const panelSchedule = await drawSchedule(w, {
      seed: await seedOf(w, round.openedBlock),
      jobId,
      stakeBlock: round.openedBlock - 1n,
      seats: round.seats,
      widening: w.courtParams.wideningPeriod,
      window: round.drawEndsAt - round.openedAt,
      candidates: w.actors.filter((a) => !excluded.has(a.signer.address)),
      random: spec.random,
    });
    const roundSeed = await w.randomness.seedFor(round.openedBlock);
    const seats: { actor: Actor; answer?: Answer }[] = [];
    for (const { actor, at } of panelSchedule) {
      if (seats.length === Number(round.seats)) break;
      await advanceTo(w, round.openedAt + at);
      if (await tryTx(actor.signer, () => court.connect(actor.signer).claimVerifier(jobId))) {
        drawn.add(actor.signer.address);
        roles.set(actor.signer.address, "panel");
        seats.push({ actor, answer: verifierAnswer(actor, view, revealed) });
      }
    }
    for (const s of seats) {
      if (!s.answer) continue;
      if (executes(s.actor, "verifier", view)) executed.add(s.actor.signer.address);
      const a = s.answer;
      const proof = executionProof(roundSeed, a.state);
      const c = verdictCommitment(jobId, s.actor.signer.address, a.output, a.fuel, proof, salt(s.actor.signer));
      await spend(s.actor.signer, court.connect(s.actor.signer).commitVerdict(jobId, c));
    }
    if (seats.length < Number(round.seats) || seats.some((s) => !s.answer))
      await time.increaseTo(round.commitEndsAt + 1n);
    for (const s of seats) {
      if (!s.answer) continue;
      const a = s.answer;
      const proof = executionProof(roundSeed, a.state);
      await spend(
        s.actor.signer,
        court.connect(s.actor.signer).revealVerdict(jobId, a.output, a.fuel, proof, salt(s.actor.signer), ""),
      );
    }
    if (!(await court.isResolvable(jobId))) await time.increaseTo(round.revealEndsAt + 1n);
    await spend(w.deployer, court.connect(w.deployer).resolve(jobId));
  }
  return finish();

  async function finish(): Promise<JobResult> {
    const final = await market.getJob(jobId);
    const settled = (await market.queryFilter(market.filters.JobSettled(jobId)))[0];
    const outcome = settled ? settled.args.outcome : -1n;
    const participations: Participation[] = [];
    for (const actor of w.actors) {
      const role = roles.get(actor.signer.address);
      if (!role) continue;
      const g = gas.get(actor.signer.address) ?? 0n;
      const cost = executed.has(actor.signer.address) ? (truth.fuel * spec.costPerMfuel) / MFUEL : 0n;
      const delta = (await w.worth(actor.signer.address)) - before.get(actor.signer.address)!;
      participations.push({ actor, role, profit: delta - cost - gasPrice(g), gas: g });
    }
    if (challenge && challengerAddress) {
      challenge.profit =
        (await w.worth(challengerAddress)) -
        before.get(challengerAddress)! -
        gasPrice(gas.get(challengerAddress) ?? 0n);
    }
    const requesterDelta = (await w.worth(poster.address)) - before.get(poster.address)!;
    const paidProviders = settled ? settled.args.paid : 0n;
    return {
      id: jobId,
      k: spec.k,
      audited: final.audit === 2n,
      cartelHoldsAll: view.cartelHoldsAll,
      cheated,
      rounds,
      outcome,
      challenge,
      participations,
      requesterCost: -requesterDelta - gasPrice(gas.get(poster.address) ?? 0n),
      requesterPaidProviders: paidProviders,
      auditFee: final.auditFee,
      withholderProfit: spec.withhold ? requesterDelta : undefined,
      replicasHonest: replicas.every(
        (r, i) => answers[i] !== undefined && (sameAnswer(answers[i], truth) || answers[i]!.fuel === 0n),
      ),
    };
  }
}

/** When each candidate first wins a draw (seconds after it opened), earliest first; ties in random order. */
async function drawSchedule(
  w: World,
  o: {
    seed: string;
    jobId: bigint;
    stakeBlock: bigint;
    seats: bigint;
    widening: bigint;
    window: bigint;
    candidates: Actor[];
    random: () => number;
  },
) {
  const total = await w.registry.totalStakeAt(o.stakeBlock);
  const draws: { actor: Actor; at: bigint; race: number }[] = [];
  for (const actor of o.candidates) {
    const at = firstWinningElapsed(
      {
        seed: o.seed,
        jobId: o.jobId,
        provider: actor.signer.address,
        stake: await w.registry.lotteryStakeAt(actor.signer.address, o.stakeBlock),
        totalStake: total,
        replicas: o.seats,
        wideningPeriod: o.widening,
      },
      o.window,
    );
    if (at !== undefined) draws.push({ actor, at, race: o.random() });
  }
  return draws.sort((a, b) => (a.at !== b.at ? Number(a.at - b.at) : a.race - b.race));
}

/** The seed of a draw triggered in `block`, mining the block it derives from first if needed. */
async function seedOf(w: World, block: bigint): Promise<string> {
  const head = BigInt(await w.ethers.provider.getBlockNumber());
  if (head <= block + 1n) await w.networkHelpers.mine(Number(block + 2n - head));
  return await w.randomness.seedFor(block);
}

async function advanceTo(w: World, timestamp: bigint) {
  const latest = BigInt(await w.networkHelpers.time.latest());
  if (latest < timestamp) await w.networkHelpers.time.setNextBlockTimestamp(timestamp);
}
