/**
 * k = 1 disputes for the economics simulation (scripts/sim-economics.ts): who challenges a submitted result, and
 * how a dispute runs once opened (verifiers drawn from the simulated population by the court's own lottery, each
 * committing and revealing what its strategy makes it reveal, then a third party resolves).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { AbiCoder, keccak256 } from "ethers";
import { firstWinningElapsed } from "../../sdk/src/lottery.js";
import { commitment } from "../../sdk/src/results.js";
import type { BlockhashRandomness, DisputeCourt, ProviderRegistry } from "../../sdk/src/typechain/index.js";

/** `IDisputeCourt.Verdict`, by value. */
export const VERDICTS = ["none", "upheld", "overturned", "inconclusive"] as const;
export type VerdictName = (typeof VERDICTS)[number];

export type Strategy = "honest" | "lazy" | "faulty" | "colluding" | "no-show";

export interface Participant {
  signer: HardhatEthersSigner;
  strategy: Strategy;
}

export interface K1Submission {
  id: bigint;
  submitted: string;
  truth: string;
  provider: Participant;
}

/**
 * Whoever watches k = 1 results during the challenge window. `onSubmitted` decides, and if it disputes it posts
 * the bond through `court.dispute` before returning; the simulation then runs the dispute.
 */
export interface K1Challenger {
  readonly name: string;
  readonly signer?: HardhatEthersSigner;
  /** Whether it disputed, and the gas it spent doing so. */
  onSubmitted(job: K1Submission): Promise<{ disputed: boolean; gas: bigint }>;
}

/** Never challenges: k = 1 results are final after the window whatever they are. */
export const NoDisputes: K1Challenger = {
  name: "none",
  onSubmitted: async () => ({ disputed: false, gas: 0n }),
};

/**
 * A watcher that re-executes a fraction `rate` of k = 1 results before the window closes (the requester checking
 * the output it paid for, or a third-party checker) and disputes the wrong ones; of the right results it checks, it
 * disputes a fraction `mistakeRate` anyway (a flaky re-execution, a misread output) and pays for it.
 */
export function watcher(o: {
  signer: HardhatEthersSigner;
  court: DisputeCourt;
  rate: number;
  mistakeRate: number;
  random: () => number;
}): K1Challenger {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return {
    name: `watcher re-executing ${pct(o.rate)} of k=1 results, disputing wrong ones and ${pct(o.mistakeRate)} of checked right ones`,
    signer: o.signer,
    async onSubmitted(job) {
      // Two draws every time, so the random stream does not depend on the outcome.
      const checks = o.random() < o.rate;
      const errs = o.random() < o.mistakeRate;
      if (!checks) return { disputed: false, gas: 0n };
      if (job.submitted === job.truth && !errs) return { disputed: false, gas: 0n };
      const receipt = await (await o.court.connect(o.signer).dispute(job.id)).wait();
      return { disputed: true, gas: receipt?.gasUsed ?? 0n };
    },
  };
}

const enc = AbiCoder.defaultAbiCoder();

/**
 * What a verifier of `strategy` reveals on a dispute of `provider`'s result; undefined: never commits (it still
 * claimed the slot). Lazy and faulty verifiers reveal a wrong hash of their own; cartel verifiers vote the cartel's
 * hash when a cartel member's result is disputed and re-execute honestly otherwise (nothing to gain there).
 */
export function verdictOf(
  verifier: Participant,
  provider: Participant,
  jobId: bigint,
  truth: string,
  submitted: string,
  randomHash: () => string,
): string | undefined {
  switch (verifier.strategy) {
    case "honest":
      return truth;
    case "lazy":
      return randomHash();
    case "faulty":
      return keccak256(
        enc.encode(["string", "uint256", "address"], ["faulty verdict", jobId, verifier.signer.address]),
      );
    case "colluding":
      return provider.strategy === "colluding" ? submitted : truth;
    case "no-show":
      return undefined;
  }
}

export interface DisputeRun {
  verdict: VerdictName;
  verifiers: Participant[];
  /** Each verifier's worth just before its claim (its change over the dispute is its profit). */
  before: Map<Participant, bigint>;
  gas: Map<Participant, bigint>;
  /** Verifiers of the cartel among the drawn (for the note on cartels). */
  cartelVerifiers: number;
}

/**
 * Runs an opened dispute to resolution, as verifier nodes would: each candidate claims a verifier slot as soon as
 * the court's lottery draws it (ties race in random order; ineligible candidates are skipped since their claim
 * would revert), commits, reveals once commits close, and a third party resolves.
 */
export async function runDispute(o: {
  court: DisputeCourt;
  registry: ProviderRegistry;
  randomness: BlockhashRandomness;
  networkHelpers: {
    mine(blocks?: number): Promise<void>;
    time: {
      latest(): Promise<number>;
      setNextBlockTimestamp(t: bigint): Promise<void>;
      increaseTo(t: bigint): Promise<void>;
    };
  };
  resolver: HardhatEthersSigner;
  job: K1Submission;
  candidates: Participant[];
  worth: (p: Participant) => Promise<bigint>;
  random: () => number;
  randomHash: () => string;
}): Promise<DisputeRun> {
  const { court, registry, job } = o;
  await o.networkHelpers.mine(2); // the seed block after the dispute block
  const d = await court.getDispute(job.id);
  const { wideningPeriod } = await court.parameters();
  const seed = await o.randomness.seedFor(d.openedBlock);
  const total = await registry.totalStakeAt(d.openedBlock);
  const draws: { p: Participant; at: bigint; race: number }[] = [];
  for (const p of o.candidates) {
    if (p === job.provider) continue;
    const at = firstWinningElapsed(
      {
        seed,
        jobId: job.id,
        provider: p.signer.address,
        stake: await registry.stakeAt(p.signer.address, d.openedBlock),
        totalStake: total,
        replicas: d.verifiers,
        wideningPeriod,
      },
      d.drawDeadline - d.openedAt,
    );
    if (at !== undefined) draws.push({ p, at, race: o.random() });
  }
  draws.sort((a, b) => (a.at !== b.at ? Number(a.at - b.at) : a.race - b.race));

  const verifiers: Participant[] = [];
  const before = new Map<Participant, bigint>();
  const gas = new Map<Participant, bigint>();
  const spend = async (p: Participant, tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) => {
    const receipt = await (await tx).wait();
    gas.set(p, (gas.get(p) ?? 0n) + (receipt?.gasUsed ?? 0n));
  };
  for (const { p, at } of draws) {
    if (verifiers.length === Number(d.verifiers)) break;
    const latest = BigInt(await o.networkHelpers.time.latest());
    if (latest < d.openedAt + at) await o.networkHelpers.time.setNextBlockTimestamp(d.openedAt + at);
    const worthBefore = await o.worth(p);
    try {
      await spend(p, court.connect(p.signer).claimVerifier(job.id));
    } catch {
      gas.delete(p); // reverted in estimation (jailed, short of free stake): nothing was sent
      continue;
    }
    before.set(p, worthBefore);
    verifiers.push(p);
  }

  const hashes = verifiers.map((v) => verdictOf(v, job.provider, job.id, job.truth, job.submitted, o.randomHash));
  const salt = (p: Participant) =>
    keccak256(enc.encode(["string", "address", "uint256"], ["verdict", p.signer.address, job.id]));
  for (const [i, v] of verifiers.entries()) {
    const h = hashes[i];
    if (h === undefined) continue;
    await spend(v, court.connect(v.signer).commitVerdict(job.id, commitment(job.id, v.signer.address, h, salt(v))));
  }
  // Commits close early only when every slot is taken and committed; otherwise at the commit deadline.
  if (verifiers.length < Number(d.verifiers) || hashes.some((h) => h === undefined)) {
    await o.networkHelpers.time.increaseTo(d.commitDeadline + 1n);
  }
  for (const [i, v] of verifiers.entries()) {
    const h = hashes[i];
    if (h === undefined) continue;
    await spend(v, court.connect(v.signer).revealVerdict(job.id, h, salt(v), ""));
  }
  await (await court.connect(o.resolver).resolve(job.id)).wait(); // a third party; its gas is nobody's strategy cost
  const resolved = await court.getDispute(job.id);
  return {
    verdict: VERDICTS[Number(resolved.verdict)],
    verifiers,
    before,
    gas,
    cartelVerifiers: verifiers.filter((v) => v.strategy === "colluding").length,
  };
}
