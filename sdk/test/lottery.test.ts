import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Wallet, id } from "ethers";
import {
  auditorDraw,
  drawTime,
  firstWinningElapsed,
  lotteryWins,
  panelDraw,
  replicaDraw,
  type Draw,
  type DrawTicket,
} from "../src/index.js";

const TOKEN = 10n ** 18n;
const accounts = Array.from({ length: 40 }, (_, i) => new Wallet(id(`lottery-account-${i}`)).address);

/** A ticket of `account` with 1,000 staked out of 20,000. */
const ticket = (account: string, seed = id("seed")): DrawTicket => ({
  seed,
  jobId: 7n,
  account,
  stake: 1_000n * TOKEN,
  totalStake: 20_000n * TOKEN,
});

describe("lottery: the three draws", () => {
  it("a replica draw triggers on the posting block, counts stake the block before, k slots, the job's widening", () => {
    const d = replicaDraw({
      postedBlock: 100n,
      postedAt: 1_000,
      replicas: 3,
      claimDeadline: 1_600,
      wideningPeriod: 60n,
    });
    assert.deepEqual(d, {
      kind: "replica",
      triggerBlock: 100n,
      stakeBlock: 99n,
      seats: 3n,
      wideningPeriod: 60n,
      openedAt: 1_000n,
      closesAt: 1_600n,
    });
  });

  it("the auditor draw triggers on the commits-closed block with one seat and the job's widening", () => {
    const d = auditorDraw({ commitsClosedBlock: 250n, commitsClosedAt: 2_000, wideningPeriod: 20n }, 2_600);
    assert.deepEqual(d, {
      kind: "auditor",
      triggerBlock: 250n,
      stakeBlock: 249n,
      seats: 1n,
      wideningPeriod: 20n,
      openedAt: 2_000n,
      closesAt: 2_600n,
    });
  });

  it("a panel draw triggers on the round's opening block with the panel's seats and the round's widening", () => {
    const d = panelDraw({ openedBlock: 400n, openedAt: 5_000, seats: 5, drawEndsAt: 5_600, wideningPeriod: 20 });
    assert.deepEqual(d, {
      kind: "panel",
      triggerBlock: 400n,
      stakeBlock: 399n,
      seats: 5n,
      wideningPeriod: 20n,
      openedAt: 5_000n,
      closesAt: 5_600n,
    });
  });

  it("drawTime is the first second the contract's formula admits the account, counted from the draw's opening", () => {
    const d: Draw = replicaDraw({
      postedBlock: 10n,
      postedAt: 10_000,
      replicas: 1,
      claimDeadline: 13_600,
      wideningPeriod: 60n,
    });
    let checked = 0;
    for (const account of accounts) {
      const t = ticket(account);
      const at = drawTime(d, t);
      const input = { ...t, provider: account, replicas: d.seats, wideningPeriod: d.wideningPeriod };
      if (at === undefined) {
        assert.equal(lotteryWins({ ...input, elapsed: d.closesAt - d.openedAt }), false);
        continue;
      }
      const elapsed = at - d.openedAt;
      assert.equal(lotteryWins({ ...input, elapsed }), true, `${account} wins at ${elapsed}`);
      if (elapsed > 0n) assert.equal(lotteryWins({ ...input, elapsed: elapsed - 1n }), false, "not a second earlier");
      checked++;
    }
    // 1/20 of the stake, k = 1, widening by 1 share a minute: within an hour everyone is admitted (w reaches 61 > 20).
    assert.equal(checked, accounts.length);
  });

  it("more seats admit the same account no later, and a bigger widening period admits it no earlier", () => {
    for (const account of accounts.slice(0, 10)) {
      const t = ticket(account, id("panel-seed"));
      const round = { openedBlock: 1, openedAt: 0, drawEndsAt: 3_600 };
      const one = drawTime(panelDraw({ ...round, seats: 1, wideningPeriod: 20 }), t)!;
      const five = drawTime(panelDraw({ ...round, seats: 5, wideningPeriod: 20 }), t)!;
      const slow = drawTime(panelDraw({ ...round, seats: 1, wideningPeriod: 60 }), t)!;
      assert.ok(five <= one, `${five} <= ${one}`);
      assert.ok(slow >= one, `${slow} >= ${one}`);
    }
  });

  it("a draw that closes before the account's turn, or a zero stake, never admits it", () => {
    const late = accounts.find(
      (a) =>
        (firstWinningElapsed({ ...ticket(a), provider: a, replicas: 1n, wideningPeriod: 60n }, 3_600n) ?? 0n) > 30n,
    );
    assert.ok(late, "some account needs more than 30 s");
    const d = replicaDraw({ postedBlock: 10n, postedAt: 0, replicas: 1, claimDeadline: 30, wideningPeriod: 60n });
    assert.equal(drawTime(d, ticket(late)), undefined);
    assert.equal(drawTime({ ...d, closesAt: 3_600n }, { ...ticket(late), stake: 0n }), undefined);
    assert.equal(drawTime({ ...d, closesAt: 0n, openedAt: 10n }, ticket(late)), undefined, "closed before it opened");
  });
});
