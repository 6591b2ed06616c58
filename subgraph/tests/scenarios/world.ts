/**
 * The cast and the numbers every scenario shares, and the events of the common steps. The numbers are small and
 * round so each expected value can be checked by hand:
 * - a job of 10 Mfuel at 100 per Mfuel: budget 1,000; fee 250 bps of k × budget (25 per replica); audit fee 1,200 bps
 *   of one budget (120); collateral 15,000 per slot; execution time 30 + 10 = 40 s (fuelPerSecond = 1e6);
 * - providers ask 80 per Mfuel with a 2 Mfuel minimum: 6 Mfuel of fuel pays 480, 1 Mfuel pays the minimum 160.
 */
import { AbiCoder, keccak256, toUtf8Bytes } from "ethers";
import { ADDRESS, ZERO32, court, key, market, registry, type MockEvent } from "./lib.ts";

export const T0 = 1700006400; // 2023-11-15 00:00 UTC: dayId 19676, hourId 472224
export const DAY = 19676;
export const HOUR = 472224;

export const REQUESTER = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
export const TREASURY = "0x9999999999999999999999999999999999999999";
export const FUNDER = "0xffffffffffffffffffffffffffffffffffffffff";
export const CHALLENGER = "0xcccccccccccccccccccccccccccccccccccccccc";
export const P1 = "0x1111111111111111111111111111111111111111";
export const P2 = "0x2222222222222222222222222222222222222222";
export const P3 = "0x3333333333333333333333333333333333333333";
export const V1 = "0x4444444444444444444444444444444444444444";
export const V2 = "0x5555555555555555555555555555555555555555";
export const V3 = "0x6666666666666666666666666666666666666666";
export const V4 = "0x7777777777777777777777777777777777777777";
export const V5 = "0x8888888888888888888888888888888888888888";
export const V6 = "0x9191919191919191919191919191919191919191";
export const V7 = "0x9292929292929292929292929292929292929292";

export const BUDGET = 1000n;
export const FEE_PER_REPLICA = 25n;
export const AUDIT_FEE = 120n;
export const COLLATERAL = 15000n;
export const MAX_FUEL = 10_000_000n;
export const EXECUTION_TIME = 40;
export const REVEAL_PERIOD = 600;
export const CHALLENGE_WINDOW = 600;
export const AUDIT_DRAW_PERIOD = 300;
export const STAKE = 100000n;
export const POOL_FUNDING = 100000n;
export const PRICE = 80n;
export const MIN_MFUEL = 2n;

export const OUT_A = "0x" + "a1".repeat(32);
export const OUT_B = "0x" + "b2".repeat(32);
export const OUT_C = "0x" + "c3".repeat(32);
export const INPUT_UNAVAILABLE = keccak256(toUtf8Bytes("hashwork.result.input-unavailable"));

/** Results.resultOf(outputHash, fuelUsed): the pair's keccak256 with its low 64 bits replaced by the fuel. */
export function resultOf(outputHash: string, fuel: bigint): string {
  const digest = BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint64"], [outputHash, fuel])));
  return "0x" + (((digest >> 64n) << 64n) | fuel).toString(16).padStart(64, "0");
}
export const INPUT_UNAVAILABLE_RESULT = resultOf(INPUT_UNAVAILABLE, 0n);

/** A commitment placeholder (the subgraph stores it as given; the chain checks it). */
export function commitmentOf(jobId: number, account: string): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "address"], [jobId, account]));
}

/** What the constructors and the wiring emit: parameters from zero, the treasury, the court; a funded pool. */
export function deployment(): MockEvent[] {
  const m = (name: string, value: bigint | number) =>
    market("ParameterUpdated", { parameter: key(name), oldValue: 0, newValue: value });
  const r = (name: string, value: bigint | number) =>
    registry("ParameterUpdated", { parameter: key(name), oldValue: 0, newValue: value });
  const c = (name: string, value: bigint | number) =>
    court("ParameterUpdated", { parameter: key(name), oldValue: 0, newValue: value });
  return [
    r("unbondingPeriod", 604800),
    r("jailThreshold", 3),
    r("jailDuration", 86400),
    r("faultWindow", 604800),
    market("TreasuryUpdated", { oldTreasury: "0x0000000000000000000000000000000000000000", newTreasury: TREASURY }),
    m("feeBps", 250),
    m("auditFeeBps", 1200),
    m("auditRateBps", 1000),
    m("collateralBps", 150000),
    m("minFee", 10),
    m("dissentSlashBps", 10000),
    m("noShowSlashBps", 2500),
    m("requesterShareBps", 5000),
    m("honestShareBps", 3000),
    m("challengerShareBps", 1000),
    m("revealPeriod", REVEAL_PERIOD),
    m("challengeWindow", CHALLENGE_WINDOW),
    m("auditDrawPeriod", AUDIT_DRAW_PERIOD),
    m("wideningPeriod", 60),
    m("fuelPerSecond", 1000000),
    c("panelSize", 3),
    c("maxRounds", 2),
    c("bondBps", 30000),
    c("minBond", 1),
    c("verifierSlashBps", 5000),
    c("drawPeriod", 300),
    c("revealPeriod", 600),
    c("wideningPeriod", 60),
    registry("MarketSet", { market: ADDRESS.market }),
    registry("CourtSet", { court: ADDRESS.court }),
    court("PoolFunded", { from: FUNDER, amount: POOL_FUNDING }),
  ];
}

/** Registers and stakes `providers` (STAKE each); `totalBefore` is the total stake before them. */
export function providers(list: string[], totalBefore = 0n): MockEvent[] {
  const events: MockEvent[] = [];
  let total = totalBefore;
  for (const p of list) {
    total += STAKE;
    events.push(
      registry("ProviderRegistered", {
        provider: p,
        metadataURI: `ipfs://meta-${p.slice(2, 6)}`,
        classes: 1,
        pricePerMfuel: PRICE,
        minMfuel: MIN_MFUEL,
        capacity: 4,
      }),
      registry("Staked", { provider: p, amount: STAKE, stake: STAKE, totalStake: total }),
    );
  }
  return events;
}

export const escrowOf = (k: number) => BigInt(k) * (BUDGET + FEE_PER_REPLICA) + AUDIT_FEE;

/** A posting; `escrowFromBalance`: its escrow came from the requester's balance in the market, not its wallet. */
export function post(jobId: number, k: number, postedAt: number, escrowFromBalance = false): MockEvent {
  return market("JobPosted", {
    jobId,
    requester: REQUESTER,
    resourceClass: 0,
    replicas: k,
    maxFuel: MAX_FUEL,
    maxPricePerMfuel: 100,
    budget: BUDGET,
    collateral: COLLATERAL,
    minReputation: 0,
    fee: BigInt(k) * FEE_PER_REPLICA,
    auditFee: AUDIT_FEE,
    auditRateBps: 1000,
    claimDeadline: postedAt + 300,
    commitDeadline: postedAt + 900,
    bundleHash: "0x" + "bb".repeat(32),
    bundleURI: `ipfs://bundle-${jobId}`,
    escrowFromBalance,
  });
}

/** A claim alone (`commitment` zero), or with `commitment` a claim that commits too (and emits no ResultCommitted). */
export const claim = (jobId: number, provider: string, slot: number, pricePerMfuel = PRICE, commitment = ZERO32) =>
  market("JobClaimed", {
    jobId,
    provider,
    slot,
    pricePerMfuel,
    minMfuel: MIN_MFUEL,
    collateral: COLLATERAL,
    commitment,
  });

/** claim(jobId, commitment): the claim commits to the slot's result in the same transaction (see {@link commit}). */
export const claimCommitting = (jobId: number, provider: string, slot: number, pricePerMfuel = PRICE) =>
  claim(jobId, provider, slot, pricePerMfuel, commitmentOf(jobId, provider));

export const commit = (jobId: number, provider: string) =>
  market("ResultCommitted", { jobId, provider, commitment: commitmentOf(jobId, provider) });

export const commitsClosed = (jobId: number, blockNumber: number) => market("CommitsClosed", { jobId, blockNumber });

/** AuditDecided for commits closed at `closedAt` in block `seedBlock`: the windows as Jobs.sol computes them. */
export function decide(jobId: number, audited: boolean, seedBlock: number, closedAt: number): MockEvent {
  const drawEnds = closedAt + AUDIT_DRAW_PERIOD;
  const commitEnds = drawEnds + EXECUTION_TIME;
  return market("AuditDecided", {
    jobId,
    audited,
    seedBlock,
    auditDrawEndsAt: audited ? drawEnds : 0,
    auditCommitEndsAt: audited ? commitEnds : 0,
    revealEndsAt: (audited ? commitEnds : closedAt) + REVEAL_PERIOD,
  });
}

export const reveal = (jobId: number, provider: string, outputHash: string, fuelUsed: bigint) =>
  market("ResultRevealed", { jobId, provider, outputHash, fuelUsed, resultURI: `ipfs://out-${provider.slice(2, 6)}` });

export const paid = (jobId: number, provider: string, payment: bigint, bonus = 0n) =>
  market("ProviderPaid", { jobId, provider, payment, bonus });

export const slashedAssignment = (jobId: number, provider: string, reason: number, amount: bigint) =>
  market("AssignmentSlashed", { jobId, provider, reason, amount });

/** The registry's ProviderSlashed: `stake` and `total` afterwards. */
export const providerSlashed = (
  jobId: number,
  provider: string,
  reason: number,
  amount: bigint,
  stake: bigint,
  total: bigint,
) => registry("ProviderSlashed", { provider, jobId, reason, amount, stake, totalStake: total });

/** Unix seconds `seconds` after T0, as the BigInt the subgraph stores. */
export const at = (seconds: number) => BigInt(T0 + seconds);

export const released = (jobId: number, provider: string) =>
  market("AssignmentReleased", { jobId, provider, collateral: COLLATERAL });

export type Settlement = {
  outcome: number;
  result?: string;
  fuelUsed?: bigint;
  paid?: bigint;
  fee?: bigint;
  auditFee?: bigint;
  refund: bigint;
  compensation?: bigint;
  slashed?: bigint;
  /** Bonuses paid to winners out of `slashed` (ProviderPaid.bonus): not an event field, only for `toCourt`. */
  bonuses?: bigint;
};

export function settled(jobId: number, s: Settlement): MockEvent {
  return market("JobSettled", {
    jobId,
    requester: REQUESTER,
    outcome: s.outcome,
    result: s.result ?? ZERO32,
    fuelUsed: s.fuelUsed ?? 0n,
    paid: s.paid ?? 0n,
    fee: s.fee ?? 0n,
    auditFee: s.auditFee ?? 0n,
    refund: s.refund,
    compensation: s.compensation ?? 0n,
    slashed: s.slashed ?? 0n,
    // As Settlement.finalize credits the court: the audit fee and the slashed tokens paid to nobody else.
    toCourt: (s.auditFee ?? 0n) + (s.slashed ?? 0n) - (s.compensation ?? 0n) - (s.bonuses ?? 0n),
  });
}

// IJobMarket.Outcome, IProviderRegistry.Fault, IJobMarket.VerificationReason
export const COMPLETED = 0;
export const INPUT_UNAVAILABLE_OUTCOME = 1;
export const NO_CONSENSUS = 2;
export const NO_CLAIMS = 3;
export const NO_RESULT = 4;
export const OVERTURNED = 5;
export const NO_VERDICT = 6;
export const DISSENT = 1;
export const NO_SHOW = 2;
export const WITHHELD = 3;
export const DISAGREEMENT = 0;
export const AUDIT_UNANSWERED = 1;
export const CHALLENGE = 2;

// ------------------------------------------------------------------ court

/** The audit round, opened by the first auditor draw with the market's windows. */
export function auditRound(jobId: number, seedBlock: number, closedAt: number): MockEvent {
  const drawEnds = closedAt + AUDIT_DRAW_PERIOD;
  return court("RoundOpened", {
    jobId,
    round: 0,
    seats: 1,
    openedBlock: seedBlock,
    drawEndsAt: drawEnds,
    commitEndsAt: drawEnds + EXECUTION_TIME,
    revealEndsAt: drawEnds + EXECUTION_TIME + REVEAL_PERIOD,
  });
}

/** A panel round opened at `openedAt` in block `openedBlock` (draw 300 s, execution 40 s, reveal 600 s). */
export function panelRound(jobId: number, round: number, openedBlock: number, openedAt: number): MockEvent {
  return court("RoundOpened", {
    jobId,
    round,
    seats: 3,
    openedBlock,
    drawEndsAt: openedAt + 300,
    commitEndsAt: openedAt + 300 + EXECUTION_TIME,
    revealEndsAt: openedAt + 300 + EXECUTION_TIME + 600,
  });
}

export const drawn = (jobId: number, verifier: string, round: number, seat: number) =>
  court("VerifierDrawn", { jobId, verifier, round, seat, collateral: COLLATERAL, pay: BUDGET });

export const verdictCommitted = (jobId: number, verifier: string, round: number) =>
  court("VerdictCommitted", { jobId, verifier, round, commitment: commitmentOf(jobId, verifier) });

/** A verifier's proof of execution in the tests: one per (answer, round), as honest runs of one round agree. */
export const proofOf = (outputHash: string, round: number) =>
  keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint8"], [outputHash, round]));

export const verdictRevealed = (jobId: number, verifier: string, round: number, outputHash: string, fuelUsed: bigint) =>
  court("VerdictRevealed", {
    jobId,
    verifier,
    round,
    outputHash,
    fuelUsed,
    proof: proofOf(outputHash, round),
    resultURI: `ipfs://verdict-${verifier.slice(2, 6)}`,
  });

export const roundClosed = (jobId: number, round: number, majority: string, fuelUsed: bigint) =>
  court("RoundClosed", { jobId, round, majority, fuelUsed });

export const verifierPaid = (jobId: number, verifier: string, round: number, upheld: boolean) =>
  court("VerifierPaid", { jobId, verifier, round, pay: BUDGET, upheld });

/** Verifier slash: 5,000 bps of the 15,000 collateral. */
export const VERIFIER_SLASH = 7500n;
export const verifierSlashed = (jobId: number, verifier: string, round: number, reason: number) =>
  court("VerifierSlashed", { jobId, verifier, round, reason, amount: VERIFIER_SLASH });

export const finalized = (jobId: number, verdict: string, rounds: number) =>
  court("VerificationFinalized", { jobId, verdict, rounds });

export const verificationStarted = (jobId: number, reason: number, challenger: string, agreed: string) =>
  market("VerificationStarted", { jobId, reason, challenger, agreed });

export const NO_ONE = "0x0000000000000000000000000000000000000000";
