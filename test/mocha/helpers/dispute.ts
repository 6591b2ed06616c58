import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { firstWinningElapsed } from "../../../sdk/src/lottery.js";
import { commitment } from "../../../sdk/src/results.js";
import { TOKEN, claimedJobFixture, ethers, fund, networkHelpers, saltOf, type System } from "../fixture.js";

/** The result the k = 1 claimer submits in these fixtures, and the verifiers' "true" output. */
export const OUT = ethers.id("out");
export const TRUE_OUT = ethers.id("true out");

/** `IDisputeCourt.DisputeStatus` */
export const DisputeStatus = { None: 0n, Open: 1n, Resolved: 2n } as const;
/** `IDisputeCourt.Verdict` */
export const Verdict = { None: 0n, Upheld: 1n, Overturned: 2n, Inconclusive: 3n } as const;

/** The court's defaults as deployed by Ignition. */
export const COURT_DEFAULTS = {
  bondBps: 10_000n,
  minBond: TOKEN,
  verifiers: 3n,
  providerSlashBps: 10_000n,
  verifierSlashBps: 2_500n,
  requesterShareBps: 4_000n,
  challengerShareBps: 2_000n,
  verifierShareBps: 3_000n,
  drawPeriod: 600n,
  commitPeriod: 600n,
  revealPeriod: 600n,
  wideningPeriod: 60n,
};
export type CourtParams = typeof COURT_DEFAULTS;

/** Plain-object copy of the court parameters. */
export async function courtParameters(sys: System): Promise<CourtParams> {
  const p = await sys.court.parameters();
  return Object.fromEntries(Object.keys(COURT_DEFAULTS).map((k) => [k, p[k as keyof CourtParams]])) as CourtParams;
}

/** `claimedJobFixture` with `OUT` submitted by the claimer; the challenge window is open. */
export async function submittedJobFixture() {
  const sys = await claimedJobFixture();
  await sys.market.connect(sys.claimer).submitResult(sys.jobId, OUT, "ipfs://out");
  const challenger = sys.other;
  await fund(sys, challenger, 100n * TOKEN, await sys.court.getAddress());
  // Verifier candidates: every provider but the claimer.
  const candidates = sys.providers.filter((p) => p.address !== sys.claimer.address);
  return { ...sys, challenger, candidates };
}

/** `submittedJobFixture` with the result disputed by `challenger` (sys.other, not a provider). */
export async function disputedJobFixture() {
  const sys = await submittedJobFixture();
  await sys.court.connect(sys.challenger).dispute(sys.jobId);
  return sys;
}

/** When each candidate first wins the verifier lottery of `jobId`'s dispute, earliest first. */
export async function verifierSchedule(sys: System, jobId: bigint, candidates: HardhatEthersSigner[]) {
  const d = await sys.court.getDispute(jobId);
  if ((await ethers.provider.getBlockNumber()) <= Number(d.openedBlock) + 1) await networkHelpers.mine(2);
  const seed = await sys.randomness.seedFor(d.openedBlock);
  const { wideningPeriod } = await sys.court.parameters();
  const total = await sys.registry.totalStakeAt(d.openedBlock);
  const draws: { signer: HardhatEthersSigner; at: bigint }[] = [];
  for (const signer of candidates) {
    const stake = await sys.registry.stakeAt(signer.address, d.openedBlock);
    const at = firstWinningElapsed(
      { seed, jobId, provider: signer.address, stake, totalStake: total, replicas: d.verifiers, wideningPeriod },
      d.drawDeadline - d.openedAt,
    );
    if (at !== undefined) draws.push({ signer, at });
  }
  draws.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return draws;
}

/** Draws the first `count` verifiers that can win, advancing time as a verifier node would. */
export async function drawVerifiers(sys: System, jobId: bigint, candidates: HardhatEthersSigner[], count: number) {
  const draws = await verifierSchedule(sys, jobId, candidates);
  const { openedAt } = await sys.court.getDispute(jobId);
  const verifiers: HardhatEthersSigner[] = [];
  for (const { signer, at } of draws.slice(0, count)) {
    const now = BigInt(await networkHelpers.time.latest());
    if (now < openedAt + at) await networkHelpers.time.setNextBlockTimestamp(openedAt + at);
    await sys.court.connect(signer).claimVerifier(jobId);
    verifiers.push(signer);
  }
  if (verifiers.length < count) throw new Error(`only ${verifiers.length} of ${count} verifiers can be drawn`);
  return verifiers;
}

/** Commits `hashes[i]` for `verifiers[i]` (a verifier whose hash is undefined stays silent). */
export async function commitVerdicts(sys: System, jobId: bigint, verifiers: HardhatEthersSigner[], hashes: string[]) {
  for (const [i, v] of verifiers.entries()) {
    if (hashes[i] === undefined) continue;
    await sys.court.connect(v).commitVerdict(jobId, commitment(jobId, v.address, hashes[i], saltOf(v, "verdict")));
  }
}

/** Reveals what `commitVerdicts` committed (undefined: stays silent). */
export async function revealVerdicts(sys: System, jobId: bigint, verifiers: HardhatEthersSigner[], hashes: string[]) {
  for (const [i, v] of verifiers.entries()) {
    if (hashes[i] === undefined) continue;
    await sys.court.connect(v).revealVerdict(jobId, hashes[i], saltOf(v, "verdict"), `ipfs://verdict/${i}`);
  }
}

/** `disputedJobFixture` with three verifiers drawn. */
export async function drawnDisputeFixture() {
  const sys = await disputedJobFixture();
  const verifiers = await drawVerifiers(sys, sys.jobId, sys.candidates, 3);
  return { ...sys, verifiers };
}

/** Credits of one resolution, computed from the parameters as `DisputeCourt` does. */
export function expectedResolution(o: {
  params: CourtParams;
  verdict: bigint;
  bond: bigint;
  collateral: bigint; // per verifier and the provider's
  winners: number; // majority verifiers (deciding verdicts only)
  faulty: number; // verifiers slashed
}) {
  const BPS = 10_000n;
  const verifiersSlashed = ((o.collateral * o.params.verifierSlashBps) / BPS) * BigInt(o.faulty);
  let providerSlashed = 0n;
  let compensation = 0n;
  let challengerPaid = 0n;
  let providerPaid = 0n;
  let pool = verifiersSlashed;
  if (o.verdict === Verdict.Overturned) {
    providerSlashed = (o.collateral * o.params.providerSlashBps) / BPS;
    compensation = (providerSlashed * o.params.requesterShareBps) / BPS;
    challengerPaid = o.bond + (providerSlashed * o.params.challengerShareBps) / BPS;
    pool += (providerSlashed * o.params.verifierShareBps) / BPS;
  } else if (o.verdict === Verdict.Upheld) {
    const share = (o.bond * o.params.verifierShareBps) / BPS;
    pool += share;
    providerPaid = o.bond - share;
  } else {
    challengerPaid = o.bond;
  }
  const winners = BigInt(o.winners);
  const verifierPayment = winners === 0n ? 0n : pool / winners;
  const treasuryPaid =
    o.bond +
    providerSlashed +
    verifiersSlashed -
    compensation -
    challengerPaid -
    providerPaid -
    verifierPayment * winners;
  return {
    providerSlashed,
    verifiersSlashed,
    compensation,
    challengerPaid,
    providerPaid,
    verifierPayment,
    treasuryPaid,
  };
}
