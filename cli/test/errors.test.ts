import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEther } from "ethers";
import { explainRevert } from "../src/revert.js";
import { toCliError } from "../src/map-error.js";
import { CliError } from "../src/errors.js";
import { ExitCode } from "../src/exit-codes.js";
import { Output } from "../src/output.js";
import {
  ContentMismatchError,
  ContentNotFoundError,
  ContractRevertError,
  DeadlinesTooShortError,
  DeploymentError,
  JobHasNoResultError,
  JobNotFoundError,
  JobNotSettledError,
  ResultHashMismatchError,
  ResultUnavailableError,
  StoreUnavailableError,
  WaitForJobTimeoutError,
} from "@hashwork/sdk/errors";
import { INCLUSION_SLACK, MIN_PHASE, jobDeadlines } from "@hashwork/sdk/requester";
import {
  HashworkToken__factory,
  JobMarket__factory,
  ProviderRegistry__factory,
  VerificationCourt__factory,
} from "@hashwork/sdk/typechain";

const market = JobMarket__factory.createInterface();
const registry = ProviderRegistry__factory.createInterface();
const token = HashworkToken__factory.createInterface();
const court = VerificationCourt__factory.createInterface();
const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

// How ethers v6 surfaces a reverted eth_call: the revert data sits on the error (or nested in `info`).
const reverted = (data: string) => Object.assign(new Error("execution reverted"), { code: "CALL_EXCEPTION", data });
const nested = (data: string) => Object.assign(new Error("could not coalesce"), { info: { error: { data } } });

describe("cli revert decoding", () => {
  it("turns the market's custom errors into sentences with next steps and exit codes", () => {
    const seeded = explainRevert(reverted(market.encodeErrorResult("JobMarketSeedKnown", [7n])))!;
    assert.equal(seeded.exitCode, ExitCode.NotAllowedNow);
    assert.equal(seeded.code, "SEED_KNOWN");
    assert.match(seeded.shortMessage, /Job 7 can no longer be cancelled: its lottery seed exists/);
    assert.match(seeded.hint!, /hashwork job refund 7/);

    const missing = explainRevert(nested(market.encodeErrorResult("JobMarketJobNotOpen", [9n, 0])))!;
    assert.match(missing.shortMessage, /Job 9 does not exist/);
    const done = explainRevert(reverted(market.encodeErrorResult("JobMarketJobNotOpen", [9n, 2])))!;
    assert.match(done.shortMessage, /Job 9 is completed, not open/);
    const verifying = explainRevert(reverted(market.encodeErrorResult("JobMarketJobNotOpen", [9n, 5])))!;
    assert.match(verifying.shortMessage, /Job 9 is being verified by the court, not open/);

    const deadline = explainRevert(
      reverted(market.encodeErrorResult("JobMarketDeadlinePassed", [3n, 1_700_000_000n])),
    )!;
    assert.match(deadline.shortMessage, /passed at 2023-11-14T22:13:20Z/);
  });

  it("explains the fuel-priced budget limits with the court's maxVerifiableBudget", () => {
    const fmt = (x: bigint) => `${Number(x) / 1e18} HWK`;
    const unverifiable = explainRevert(
      reverted(market.encodeErrorResult("JobMarketUnverifiable", [parseEther("50"), parseEther("12.5")])),
      fmt,
    )!;
    assert.equal(unverifiable.code, "UNVERIFIABLE");
    assert.match(unverifiable.shortMessage, /budget of 50 HWK .* up to 12.5 HWK \(maxVerifiableBudget\)/);
    const bounds = explainRevert(
      reverted(market.encodeErrorResult("JobMarketBudgetOutOfBounds", [1n, parseEther("0.001"), parseEther("1000")])),
      fmt,
    )!;
    assert.equal(bounds.exitCode, ExitCode.Usage);
    assert.match(bounds.hint!, /--fuel or --price-per-mfuel/);
  });

  it("explains the court's errors (a replica cannot challenge its own result)", () => {
    const ineligible = explainRevert(reverted(court.encodeErrorResult("VerificationCourtIneligible", [4n, ALICE])))!;
    assert.equal(ineligible.code, "CANNOT_CHALLENGE");
    assert.match(ineligible.shortMessage, new RegExp(`${ALICE} cannot challenge job 4`));
    const notOpen = explainRevert(reverted(court.encodeErrorResult("VerificationCourtNotOpen", [4n, 3])))!;
    assert.match(notOpen.shortMessage, /verification of job 4 is final/);
  });

  it("decodes the token's and registry's errors too, with amounts in tokens when a formatter is given", () => {
    const fmt = (x: bigint) => `${Number(x) / 1e18} HWK`;
    const allowance = explainRevert(
      reverted(token.encodeErrorResult("ERC20InsufficientAllowance", [ALICE, 0n, parseEther("2")])),
      fmt,
    )!;
    assert.equal(allowance.exitCode, ExitCode.InsufficientFunds);
    assert.match(allowance.shortMessage, /may spend 0 HWK of your tokens but needs 2 HWK/);

    const unbonding = explainRevert(
      reverted(registry.encodeErrorResult("ProviderRegistryStillUnbonding", [1_700_000_000n, 1n])),
    )!;
    assert.equal(unbonding.code, "STILL_UNBONDING");
  });

  it("explains a zero deposit as a usage error", () => {
    const zero = explainRevert(reverted(market.encodeErrorResult("JobMarketZeroDeposit", [])))!;
    assert.deepEqual([zero.exitCode, zero.code], [ExitCode.Usage, "ZERO_AMOUNT"]);
    assert.match(zero.shortMessage, /deposit must be greater than zero/);
  });

  it("names errors it has no sentence for, and reports unknown revert data", () => {
    const governance = explainRevert(reverted(market.encodeErrorResult("JobMarketParametersUnchanged", [])))!;
    assert.equal(governance.exitCode, ExitCode.Unexpected);
    assert.match(governance.shortMessage, /JobMarketParametersUnchanged/);
    assert.match(explainRevert(reverted("0xdeadbeef"))!.shortMessage, /unknown error data 0xdeadbeef/);
    assert.equal(explainRevert(new Error("no data")), undefined);
  });
});

describe("cli error mapping", () => {
  it("classifies SDK and ethers errors by exit code", () => {
    assert.equal(toCliError(new ContentMismatchError("bafkA", "bafkB")).exitCode, ExitCode.VerificationFailed);
    assert.equal(toCliError(new ContentNotFoundError("bafkA")).exitCode, ExitCode.NotFound);
    assert.equal(toCliError(new StoreUnavailableError("http://127.0.0.1:1")).exitCode, ExitCode.Unreachable);
    assert.equal(toCliError(new DeploymentError("no deployment")).exitCode, ExitCode.NotFound);
    assert.equal(
      toCliError(Object.assign(new Error("x"), { code: "INSUFFICIENT_FUNDS" })).exitCode,
      ExitCode.InsufficientFunds,
    );
    assert.equal(toCliError(Object.assign(new Error("x"), { code: "NETWORK_ERROR" })).exitCode, ExitCode.Unreachable);
    assert.equal(toCliError(new Error("boom")).exitCode, ExitCode.Unexpected);
    const own = new CliError(ExitCode.TimedOut, "X", "y");
    assert.equal(toCliError(own), own);
  });
});

describe("cli output", () => {
  const capture = (json: boolean) => {
    const out = { stdout: "", stderr: "" };
    const output = new Output(json, {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
    });
    return { out, output };
  };

  it("prints errors as one JSON document in --json mode", () => {
    const { out, output } = capture(true);
    output.error(toCliError(new ResultHashMismatchError("0xaa", "0xbb", "bafkcid")));
    const body = JSON.parse(out.stdout);
    assert.equal(body.error.code, "HASH_MISMATCH");
    assert.equal(body.error.exitCode, 5);
    assert.match(body.error.message, /Hash mismatch on download/);
    assert.deepEqual(body.error.data, { expected: "0xaa", actual: "0xbb", cid: "bafkcid" });
    assert.equal(out.stderr, "");
  });

  it("prints errors as message, details and next step for people", () => {
    const { out, output } = capture(false);
    output.error(toCliError(new ResultHashMismatchError("0xaa", "0xbb", "bafkcid")));
    assert.equal(out.stdout, "");
    assert.match(
      out.stderr,
      /^error: Hash mismatch on download.*\n {2}expected keccak256 0xaa, got 0xbb.*\n {2}→ Nothing was written/,
    );
  });

  it("results: JSON with bigints as strings, or the human rendering; notes only for people", () => {
    const json = capture(true);
    json.output.result({ amount: 5n }, () => "never");
    json.output.note("approving…");
    assert.deepEqual(JSON.parse(json.out.stdout), { amount: "5" });
    assert.equal(json.out.stderr, "");
    const human = capture(false);
    human.output.result({ amount: 5n }, (v) => `amount ${v.amount}`);
    human.output.note("approving…");
    assert.equal(human.out.stdout, "amount 5\n");
    assert.equal(human.out.stderr, "approving…\n");
  });
});

describe("cli view of the SDK's requester errors", () => {
  const fmt = (x: bigint) => `${Number(x) / 1e18} HWK`;

  it("says which --timeout would do when the deadlines are too short", () => {
    const needed = 2 * MIN_PHASE + 2 * INCLUSION_SLACK;
    assert.throws(
      () => jobDeadlines(0, needed - 1),
      (e: unknown) => {
        const c = toCliError(e);
        return c.exitCode === ExitCode.Usage && c.hint === `Use --timeout ${needed}s or more.`;
      },
    );
    const slow = toCliError(new DeadlinesTooShortError(90, 91, 31));
    assert.match(slow.shortMessage, /plus the job's execution time \(31s at the reference speed\)/);
  });

  it("explains a revert predicted from a read (no revert data) like a simulated one", () => {
    const predicted = new ContractRevertError("postJob", "JobMarketUnverifiable", [parseEther("20"), parseEther("2")], {
      onChain: false,
    });
    const e = toCliError(predicted, fmt);
    assert.equal(e.code, "UNVERIFIABLE");
    assert.equal(e.exitCode, ExitCode.NotAllowedNow);
    assert.match(e.shortMessage, /budget of 20 HWK is more than the court can verify now/);
    const mined = toCliError(new ContractRevertError("settle", "unknown", [], { onChain: true }));
    assert.equal(mined.code, "REVERTED_ON_CHAIN");
  });

  it("gives every way a job can end without a result its exit code and next step", () => {
    const cancelled = toCliError(new JobHasNoResultError(4n, "cancelled", parseEther("3")), fmt);
    assert.equal(cancelled.code, "JOB_CANCELLED");
    assert.equal(cancelled.exitCode, ExitCode.NoResult);
    assert.match(cancelled.hint!, /Withdraw the 3 HWK refund with `hashwork job refund 4`/);
    const refunded = toCliError(new JobHasNoResultError(4n, "no-claims", parseEther("3")), fmt);
    assert.equal(refunded.code, "NO_RESULT");
    assert.equal(toCliError(new JobNotSettledError(4n)).code, "NOT_SETTLED");
    assert.equal(toCliError(new ResultUnavailableError(4n, "no-uri")).exitCode, ExitCode.NotFound);
    assert.equal(toCliError(new ResultUnavailableError(4n, "bad-uri", "https://x")).code, "BAD_RESULT_URI");
    const late = toCliError(new WaitForJobTimeoutError(4n, 90_000));
    assert.equal(late.exitCode, ExitCode.TimedOut);
    assert.match(late.shortMessage, /Job 4 did not finish within 1m 30s/);
    assert.equal(toCliError(new JobNotFoundError(9n, { archived: false, jobCount: 3n })).code, "JOB_NOT_FOUND");
  });
});
