/**
 * Who does what in the economics simulation: provider strategies (as replica and as verifier) and the answers they
 * give. An answer is what the protocol compares: an output hash and the fuel used.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { AbiCoder, keccak256 } from "ethers";
import { INPUT_UNAVAILABLE } from "@hashwork/sdk/results";

export type Strategy =
  | "honest" // runs every job and verifies honestly
  | "lazy" // makes up an output and claims the fuel limit, as replica and as verifier, without running anything
  | "faulty" // a machine that computes a wrong output of its own (right fuel), as replica and as verifier
  | "overstater" // the right output, but claims the fuel limit to be paid more
  | "cartel" // selective cartel: one agreed wrong answer, but only on jobs where it holds every slot; votes it as verifier
  | "no-show" // claims slots and seats, never commits
  | "lazy-verifier" // honest replica; as verifier copies an answer it can see (a revealed one) or makes one up
  | "renter"; // rented stake: votes the coalition's answer as verifier on jobs its challenger challenged, else honest

/** Strategies that are dishonest in some role, each gated on negative expected profit. */
export const DISHONEST: Strategy[] = ["lazy", "faulty", "overstater", "cartel", "no-show", "lazy-verifier", "renter"];

export interface Actor {
  signer: HardhatEthersSigner;
  strategy: Strategy;
}

export interface Answer {
  output: string; // bytes32 output hash
  fuel: bigint;
  state: string; // digest of the final state: what executing leaves behind (a verifier's proof of execution)
}

const enc = AbiCoder.defaultAbiCoder();
const tagged = (...parts: (string | bigint)[]) =>
  keccak256(
    enc.encode(
      parts.map((p) => (typeof p === "bigint" ? "uint256" : "string")),
      parts,
    ),
  );

/** The true answer of a job (what every honest execution gives). */
export const truthOf = (jobId: bigint, fuel: bigint): Answer => ({
  output: tagged("output", jobId),
  fuel,
  state: tagged("state", jobId),
});

/** The cartel's agreed wrong answer on a job. */
export const cartelAnswer = (jobId: bigint, maxFuel: bigint): Answer => ({
  output: tagged("cartel", jobId),
  fuel: maxFuel,
  state: tagged("cartel state", jobId), // agreed among members, as everything else
});

/** The renters' answer on a job they attack. */
export const renterAnswer = (jobId: bigint, truth: Answer): Answer => ({
  output: tagged("rented", jobId),
  fuel: truth.fuel,
  state: tagged("rented state", jobId),
});

/** "Input unavailable". */
export const INPUT_MISSING: Answer = { output: INPUT_UNAVAILABLE, fuel: 0n, state: `0x${"00".repeat(32)}` };

export interface JobView {
  id: bigint;
  maxFuel: bigint;
  truth: Answer;
  /** Every replica is a cartel member (a selective cartel cheats only then). */
  cartelHoldsAll: boolean;
  /** The replica the requester withholds the input from, if any. */
  withheldFrom?: string;
  /** Whether the renters' challenger challenged this job. */
  rentedAttack: boolean;
  random: () => number;
}

/** What a replica of `strategy` commits; undefined: nothing (it never commits). */
export function replicaAnswer(a: Actor, job: JobView): Answer | undefined {
  if (job.withheldFrom === a.signer.address) return INPUT_MISSING;
  switch (a.strategy) {
    case "honest":
    case "lazy-verifier":
    case "renter":
      return job.truth;
    case "lazy":
      return madeUp(job);
    case "faulty":
      return faultyAnswer(a, job);
    case "overstater":
      return { ...job.truth, fuel: job.maxFuel };
    case "cartel":
      return job.cartelHoldsAll ? cartelAnswer(job.id, job.maxFuel) : job.truth;
    case "no-show":
      return undefined;
  }
}

/**
 * What a verifier of `strategy` commits. `visible` are the answers already revealed (a panel sees them; the auditor
 * never does, it commits before any reveal).
 */
export function verifierAnswer(a: Actor, job: JobView, visible: Answer[]): Answer | undefined {
  switch (a.strategy) {
    case "honest":
    case "overstater": // overstating fuel only pays as a replica; as verifier it is paid the budget anyway
      return job.truth;
    case "lazy":
      return madeUp(job);
    case "faulty":
      return faultyAnswer(a, job);
    case "cartel":
      return job.cartelHoldsAll ? cartelAnswer(job.id, job.maxFuel) : job.truth;
    case "renter":
      return job.rentedAttack ? renterAnswer(job.id, job.truth) : job.truth;
    case "lazy-verifier":
      // It can copy a revealed output and fuel, not the final state of a run it never made.
      return visible[0] ? { ...visible[0], state: randomWord(job.random) } : madeUp(job);
    case "no-show":
      return undefined;
  }
}

/** Whether executing the job costs this actor compute (made-up and copied answers cost nothing). */
export function executes(a: Actor, role: "replica" | "verifier", job: JobView): boolean {
  if (a.strategy === "lazy" || a.strategy === "no-show") return false;
  if (role === "verifier" && a.strategy === "lazy-verifier") return false;
  if (role === "replica" && a.strategy === "cartel" && job.cartelHoldsAll) return false;
  if (role === "verifier" && a.strategy === "cartel" && job.cartelHoldsAll) return false;
  if (role === "verifier" && a.strategy === "renter" && job.rentedAttack) return false;
  return job.withheldFrom !== a.signer.address;
}

const madeUp = (job: JobView): Answer => ({
  output: randomWord(job.random),
  fuel: job.maxFuel,
  state: randomWord(job.random),
});

const faultyAnswer = (a: Actor, job: JobView): Answer => ({
  output: tagged("faulty", job.id, BigInt(a.signer.address)),
  fuel: job.truth.fuel,
  state: tagged("faulty state", job.id, BigInt(a.signer.address)),
});

function randomWord(random: () => number): string {
  return `0x${Array.from({ length: 32 }, () =>
    Math.floor(random() * 256)
      .toString(16)
      .padStart(2, "0"),
  ).join("")}`;
}

/** Deterministic PRNG (mulberry32) so runs are reproducible for a given seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
