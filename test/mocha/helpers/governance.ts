import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { TOKEN, deploySystem, ethers, networkHelpers, type System } from "../fixture.js";

/** `IGovernor.ProposalState` */
export const ProposalState = {
  Pending: 0n,
  Active: 1n,
  Canceled: 2n,
  Defeated: 3n,
  Succeeded: 4n,
  Queued: 5n,
  Expired: 6n,
  Executed: 7n,
} as const;

/** `GovernorCountingSimple` vote types */
export const Vote = { Against: 0n, For: 1n, Abstain: 2n } as const;

export const VOTER_TOKENS = 100_000_000n * TOKEN; // 10% of the supply: above the 4% quorum and the threshold

/** The deployed system plus a voter holding (and self-delegating) 10% of the supply. */
export async function governedFixture() {
  const sys = await deploySystem();
  const voter = sys.other;
  await sys.token.connect(sys.deployer).transfer(voter.address, VOTER_TOKENS);
  await sys.token.connect(voter).delegate(voter.address);
  return { ...sys, voter };
}

export interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
}

/** A proposal of `calls` ([target contract, function name, args]). */
export async function proposal(
  calls: [
    { getAddress(): Promise<string>; interface: { encodeFunctionData(f: string, a: unknown[]): string } },
    string,
    unknown[],
  ][],
  description: string,
): Promise<Proposal> {
  return {
    targets: await Promise.all(calls.map(([c]) => c.getAddress())),
    values: calls.map(() => 0n),
    calldatas: calls.map(([c, f, a]) => c.interface.encodeFunctionData(f, a)),
    description,
  };
}

export const descriptionHash = (p: Proposal) => ethers.id(p.description);

/** Proposes `p` from `voter` and returns its id. */
export async function propose(sys: System, voter: HardhatEthersSigner, p: Proposal) {
  await sys.governor.connect(voter).propose(p.targets, p.values, p.calldatas, p.description);
  return await sys.governor.hashProposal(p.targets, p.values, p.calldatas, descriptionHash(p));
}

/** Proposes, votes `support` through the whole voting period, and returns the id (state Succeeded or Defeated). */
export async function proposeAndVote(sys: System, voter: HardhatEthersSigner, p: Proposal, support: bigint = Vote.For) {
  const id = await propose(sys, voter, p);
  await networkHelpers.mine((await sys.governor.votingDelay()) + 1n);
  await sys.governor.connect(voter).castVote(id, support);
  await networkHelpers.mine(await sys.governor.votingPeriod());
  return id;
}

/** Proposes, votes For, queues and waits out the timelock delay: `execute` is all that is left. */
export async function passAndQueue(sys: System, voter: HardhatEthersSigner, p: Proposal) {
  const id = await proposeAndVote(sys, voter, p);
  await sys.governor.queue(p.targets, p.values, p.calldatas, descriptionHash(p));
  await networkHelpers.time.increase(await sys.timelock.getMinDelay());
  return id;
}

/** Executes a queued proposal (anyone may). */
export function execute(sys: System, p: Proposal, from?: HardhatEthersSigner) {
  const governor = from ? sys.governor.connect(from) : sys.governor;
  return governor.execute(p.targets, p.values, p.calldatas, descriptionHash(p));
}
