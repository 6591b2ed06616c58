import assert from "node:assert/strict";
import { test } from "node:test";
import { jobTimeline } from "../src/pages/timelineSteps";
import type { JobDetail, JobVerification, VerifierSeat } from "../src/queries/jobDetail";

const ADDRESS = "0x1111111111111111111111111111111111111111";

/** A k = 1 job as the subgraph returns it, posted at 1000 and settled at 2000; `over` replaces fields. */
function job(over: Partial<JobDetail> = {}): JobDetail {
  return {
    id: "7",
    requester: ADDRESS,
    resourceClass: 0,
    replicas: 1,
    maxFuel: "100000000",
    maxPricePerMfuel: "20000000000000000",
    budget: "2000000000000000000",
    collateral: "30000000000000000000",
    minReputation: "0",
    fee: "50000000000000000",
    auditFee: "240000000000000000",
    auditRateBps: 1000,
    escrow: "2290000000000000000",
    status: "COMPLETED",
    outcome: "COMPLETED",
    bundleHash: "0x" + "bb".repeat(32),
    bundleURI: "ipfs://bundle",
    claimDeadline: "1600",
    commitDeadline: "2200",
    executionTime: "32",
    audit: "NOT_AUDITED",
    auditDecidedAt: "1300",
    auditDrawEndsAt: null,
    auditCommitEndsAt: null,
    revealEndsAt: "1360",
    revealsClosedAt: "1300",
    challengeEndsAt: "1392",
    postedAt: "1000",
    postedTx: "0x" + "01".repeat(32),
    firstClaimAt: "1100",
    lastClaimAt: "1100",
    lastCommitAt: "1200",
    commitsClosedAt: "1200",
    lastRevealAt: "1300",
    verificationStartedAt: null,
    settledAt: "2000",
    settledTx: "0x" + "02".repeat(32),
    claimed: 1,
    committed: 1,
    revealed: 1,
    result: "0x" + "cc".repeat(32),
    outputHash: "0x" + "aa".repeat(32),
    resultURI: "ipfs://out",
    fuelUsed: "40000000",
    fuelBilled: "40000000",
    paid: "400000000000000000",
    feeCharged: "50000000000000000",
    auditFeeCharged: "240000000000000000",
    refund: "1600000000000000000",
    compensation: "0",
    slashed: "0",
    bonuses: "0",
    courtCredit: "240000000000000000",
    verification: null,
    assignments: [],
    slashEvents: [],
    ...over,
  };
}

function seat(roundIndex: number, at: number, over: Partial<VerifierSeat> = {}): VerifierSeat {
  return {
    roundIndex,
    seat: 0,
    verifier: { id: ADDRESS },
    collateral: "1",
    pay: "2000000000000000000",
    drawnAt: String(at),
    committedAt: String(at + 10),
    revealedAt: String(at + 20),
    outputHash: "0x" + "dd".repeat(32),
    fuelUsed: "40000000",
    resultURI: null,
    outcome: "UPHELD",
    payment: "2000000000000000000",
    slashed: "0",
    ...over,
  };
}

const names = (j: JobDetail) => jobTimeline(j).map((s) => `${s.name}:${s.state}`);

test("an unaudited job: posted → claimed → committed → not audited → revealed → settled", () => {
  assert.deepEqual(names(job()), [
    "posted:done",
    "claimed:done",
    "committed:done",
    "audit:done",
    "revealed:done",
    "settled:done",
  ]);
  assert.equal(jobTimeline(job())[3]!.label, "Not audited");
  assert.equal(jobTimeline(job())[3]!.at, "1300");
});

test("an audited job overturned by a panel: the auditor's steps, the panel round, the verdict", () => {
  const verification: JobVerification = {
    audited: true,
    reason: "DISAGREEMENT",
    status: "FINAL",
    round: 1,
    panelRounds: 1,
    agreed: "0x" + "cc".repeat(32),
    challenger: null,
    bond: "0",
    challengeStatus: null,
    bondReturned: "0",
    challengerReward: "0",
    challengedAt: null,
    verdict: "0x" + "ee".repeat(32),
    verdictOutcome: "OVERTURNED",
    verifiersDrawn: 4,
    verifierPay: "8000000000000000000",
    verifierSlashed: "0",
    startedAt: "1250",
    finalizedAt: "1900",
    finalizedTx: null,
    rounds: [
      {
        round: 0,
        seats: 1,
        openedAt: "1250",
        drawEndsAt: "1",
        commitEndsAt: "1",
        revealEndsAt: "1",
        drawn: 1,
        committed: 1,
        revealed: 1,
        majority: null,
        closed: true,
        closedAt: "1900",
      },
      {
        round: 1,
        seats: 3,
        openedAt: "1400",
        drawEndsAt: "1",
        commitEndsAt: "1",
        revealEndsAt: "1",
        drawn: 3,
        committed: 3,
        revealed: 3,
        majority: "0x" + "ee".repeat(32),
        closed: true,
        closedAt: "1900",
      },
    ],
    seats: [seat(0, 1250), seat(1, 1500, { seat: 0 }), seat(1, 1500, { seat: 1 }), seat(1, 1500, { seat: 2 })],
  };
  const steps = jobTimeline(
    job({ audit: "AUDITED", status: "REFUNDED", outcome: "OVERTURNED", verification, lastRevealAt: "1265" }),
  );
  assert.deepEqual(
    steps.map((s) => `${s.name}:${s.state}`),
    [
      "posted:done",
      "claimed:done",
      "committed:done",
      "audit:done",
      "auditor-drawn:done",
      "auditor-committed:done",
      "auditor-revealed:done",
      "revealed:done",
      "panel-1:done",
      "settled:done",
    ],
  );
  assert.deepEqual(
    steps.filter((s) => s.name.startsWith("auditor")).map((s) => s.at),
    ["1250", "1260", "1270"],
  );
  assert.match(
    steps.find((s) => s.name === "panel-1")!.detail,
    /3 of 3 verifiers drawn, 3 committed, 3 revealed; majority/,
  );
  assert.match(steps.find((s) => s.name === "settled")!.detail, /^Overturned \(verdict: Overturned\)/);
});

test("an open audited job waits for its auditor; a cancelled job skips what never happened", () => {
  const open = jobTimeline(
    job({ status: "OPEN", outcome: null, audit: "AUDITED", revealed: 0, lastRevealAt: null, settledAt: null }),
  );
  assert.deepEqual(
    open.filter((s) => s.state === "pending").map((s) => s.name),
    ["auditor-drawn", "auditor-committed", "auditor-revealed", "revealed", "settled"],
  );
  const cancelled = jobTimeline(
    job({ status: "CANCELLED", outcome: null, audit: "UNDECIDED", claimed: 0, committed: 0, revealed: 0 }),
  );
  assert.deepEqual(
    cancelled.map((s) => `${s.name}:${s.state}`),
    ["posted:done", "claimed:skipped", "committed:skipped", "audit:skipped", "revealed:skipped", "settled:done"],
  );
});

test("a challenged job shows the challenge and its settlement", () => {
  const verification = {
    ...({} as JobVerification),
    audited: false,
    reason: "CHALLENGE",
    status: "FINAL",
    challenger: ADDRESS,
    bond: "8000000000000000000",
    challengeStatus: "WON",
    challengedAt: "1350",
    agreed: "0x" + "cc".repeat(32),
    verdictOutcome: "OVERTURNED",
    rounds: [],
    seats: [],
  } satisfies Partial<JobVerification> as JobVerification;
  const step = jobTimeline(job({ verification })).find((s) => s.name === "challenged")!;
  assert.equal(step.at, "1350");
  assert.equal(step.detail, "0x1111…1111 bonded 8 against 0xcccc…cccc: Won");
});
