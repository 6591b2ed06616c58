import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Interface, ZeroHash, id } from "ethers";
import {
  AuditState,
  ContractRevertError,
  Fault,
  JobMarket__factory,
  JobStatus,
  Outcome,
  ProviderRegistry__factory,
  SeedStatus,
  VerificationCourt__factory,
  VerificationReason,
  VerificationStatus,
  commitment,
  decodeContractError,
  deposit,
  executionProof,
  jobCommitsClosed,
  jobRevealsClosed,
  postJob,
  postedJobId,
  prepareChallenge,
  prepareClaim,
  prepareClaimVerifier,
  prepareCommit,
  prepareCommitVerdict,
  prepareDeposit,
  preparePostJob,
  preparePostJobWithPermit,
  prepareRegister,
  prepareReveal,
  prepareRevealVerdict,
  prepareSettleMany,
  prepareUpdateOffer,
  revertDataOf,
  roundCommitsClosed,
  roundResolvable,
  verdictCommitment,
  type HashworkToken,
  type JobMarket,
  type JobRequest,
  type ReadJobReturnType,
  type RoundState,
} from "../src/index.js";

const MARKET = "0x0000000000000000000000000000000000000a11";
const COURT = "0x0000000000000000000000000000000000000c00";
const REGISTRY = "0x0000000000000000000000000000000000000e91";
const ME = "0x00000000000000000000000000000000000000aa";
const market = JobMarket__factory.connect(MARKET);
const court = VerificationCourt__factory.connect(COURT);
const registry = ProviderRegistry__factory.connect(REGISTRY);

const request: JobRequest = {
  resourceClass: 2,
  replicas: 3,
  maxFuel: 100_000_000n,
  maxPricePerMfuel: 20_000_000_000_000_000n,
  minReputation: 4,
  claimDeadline: 1_000n,
  commitDeadline: 2_000n,
  bundleHash: id("bundle"),
  bundleURI: "ipfs://bafybundle",
};

/** The enum `name` of a Solidity interface file, as its member names in order (comments stripped). */
function solidityEnum(file: string, name: string): string[] {
  const source = readFileSync(new URL(`../../contracts/interfaces/${file}`, import.meta.url), "utf8")
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, ""))
    .join("\n");
  const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(source)?.[1];
  assert.ok(body, `enum ${name} in ${file}`);
  return body
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The member names of a TypeScript numeric enum, by value. */
const members = (e: Record<string, string | number>) =>
  Object.entries(e)
    .filter(([, v]) => typeof v === "number")
    .sort((a, b) => (a[1] as number) - (b[1] as number))
    .map(([k]) => k);

describe("SDK enums", () => {
  it("mirror the contracts' enums member for member", () => {
    assert.deepEqual(members(JobStatus), solidityEnum("IJobMarket.sol", "JobStatus"));
    assert.deepEqual(members(AuditState), solidityEnum("IJobMarket.sol", "AuditState"));
    assert.deepEqual(members(Outcome), solidityEnum("IJobMarket.sol", "Outcome"));
    assert.deepEqual(members(VerificationReason), solidityEnum("IJobMarket.sol", "VerificationReason"));
    assert.deepEqual(members(Fault), solidityEnum("IProviderRegistry.sol", "Fault"));
    assert.deepEqual(members(VerificationStatus), solidityEnum("IVerificationCourt.sol", "VerificationStatus"));
    assert.deepEqual(members(SeedStatus), solidityEnum("IRandomnessSource.sol", "SeedStatus"));
  });
});

describe("SDK actions: prepared calls", () => {
  it("postJob and postJobWithPermit encode the request for the market", () => {
    const call = preparePostJob(market, { request });
    assert.equal(call.to, MARKET);
    const decoded = market.interface.decodeFunctionData("postJob", call.data);
    assert.equal(decoded[0].maxFuel, request.maxFuel);
    assert.equal(decoded[0].bundleURI, request.bundleURI);
    const permit = { deadline: 99n, v: 27, r: id("r"), s: id("s") };
    const withPermit = preparePostJobWithPermit(market, { request, permit });
    const args = market.interface.decodeFunctionData("postJobWithPermit", withPermit.data);
    assert.deepEqual([args[1], args[2], args[3], args[4]], [99n, 27n, permit.r, permit.s]);
    assert.equal(withPermit.functionName, "postJobWithPermit");
  });

  it("deposit encodes the amount for the market", () => {
    const call = prepareDeposit(market, { amount: 5n * 10n ** 18n });
    assert.deepEqual([call.to, call.functionName], [MARKET, "deposit"]);
    assert.deepEqual([...market.interface.decodeFunctionData("deposit", call.data)], [5n * 10n ** 18n]);
  });

  it("commit binds job, account, output hash, fuel and salt; commitVerdict the proof of execution too", () => {
    const p = { jobId: 5n, outputHash: id("out"), fuelUsed: 1_234n, salt: id("salt") };
    const expected = commitment(5n, ME, p.outputHash, p.fuelUsed, p.salt);
    const c = prepareCommit(market, { ...p, slot: 2, provider: ME });
    assert.deepEqual([...market.interface.decodeFunctionData("commitResult", c.data)], [5n, 2n, expected]);
    const other = commitment(5n, ME, p.outputHash, p.fuelUsed + 1n, p.salt);
    assert.notEqual(other, expected, "the fuel is part of the commitment");

    const proof = executionProof(id("round seed"), id("final state"));
    const v = prepareCommitVerdict(court, { ...p, proof, verifier: ME });
    const verdict = verdictCommitment(5n, ME, p.outputHash, p.fuelUsed, proof, p.salt);
    assert.deepEqual([...court.interface.decodeFunctionData("commitVerdict", v.data)], [5n, verdict]);
    assert.equal(v.to, COURT);
    assert.notEqual(verdict, expected, "a verdict binds its proof");
  });

  it("reveal and revealVerdict carry what was committed", () => {
    const p = { jobId: 5n, outputHash: id("out"), fuelUsed: 1_234n, salt: id("salt"), resultURI: "ipfs://bafyout" };
    const r = market.interface.decodeFunctionData("revealResult", prepareReveal(market, { ...p, slot: 2 }).data);
    assert.deepEqual([...r], [5n, 2n, p.outputHash, 1_234n, p.salt, p.resultURI]);
    const proof = id("proof");
    const v = court.interface.decodeFunctionData("revealVerdict", prepareRevealVerdict(court, { ...p, proof }).data);
    assert.deepEqual([...v], [5n, p.outputHash, 1_234n, proof, p.salt, p.resultURI]);
  });

  it("settleMany carries the batch in order", () => {
    const call = prepareSettleMany(market, { jobIds: [7n, 3n, 9n] });
    assert.equal(call.functionName, "settleMany");
    assert.equal(call.to, MARKET);
    const [ids] = market.interface.decodeFunctionData("settleMany", call.data);
    assert.deepEqual([...ids], [7n, 3n, 9n]);
  });

  it("claim commits to its answer in the same call, or to nothing (zero) without one", () => {
    const plain = market.interface.decodeFunctionData("claim", prepareClaim(market, { jobId: 5n }).data);
    assert.deepEqual([...plain], [5n, ZeroHash]);
    const answer = { provider: ME, outputHash: id("out"), fuelUsed: 1_234n, salt: id("salt") };
    const call = prepareClaim(market, { jobId: 5n, answer });
    assert.equal(call.functionName, "claim");
    assert.equal(call.to, MARKET);
    const c = market.interface.decodeFunctionData("claim", call.data);
    assert.deepEqual([...c], [5n, commitment(5n, ME, answer.outputHash, 1_234n, answer.salt)]);
    assert.notEqual(c[1], ZeroHash);
  });

  it("register and updateOffer encode the fuel offer; court calls go to the court", () => {
    const offer = { metadataURI: "ipfs://me", classes: 3, pricePerMfuel: 10n ** 16n, minMfuel: 5, capacity: 8 };
    for (const [fn, call] of [
      ["register", prepareRegister(registry, offer)],
      ["updateOffer", prepareUpdateOffer(registry, offer)],
    ] as const) {
      assert.deepEqual(
        [...registry.interface.decodeFunctionData(fn, call.data)],
        ["ipfs://me", 3n, 10n ** 16n, 5n, 8n],
      );
    }
    assert.equal(prepareChallenge(court, { jobId: 9n }).functionName, "challenge");
    assert.equal(prepareClaimVerifier(court, { jobId: 9n }).to, COURT);
  });

  it("postedJobId reads the JobPosted log of this market only", () => {
    const event = market.interface.getEvent("JobPosted");
    const encoded = market.interface.encodeEventLog(event, [
      42n,
      ME,
      0,
      1,
      1n,
      1n,
      1n,
      1n,
      0,
      1n,
      1n,
      100,
      1n,
      2n,
      id("b"),
      "ipfs://b",
      false,
    ]);
    const log = { address: MARKET, topics: encoded.topics, data: encoded.data };
    assert.equal(postedJobId(market, { logs: [log] } as never), 42n);
    assert.throws(() => postedJobId(market, { logs: [{ ...log, address: COURT }] } as never), /no JobPosted/);
  });
});

describe("SDK actions: paying for tokens", () => {
  /** A market and a token that record the calls the actions make; `claimable` is the signer's balance in the market. */
  const scripted = (o: { claimable: bigint; allowance?: bigint; escrow?: bigint }) => {
    const calls: string[] = [];
    const sent =
      (name: string) =>
      async (...args: unknown[]) => {
        calls.push(`${name}(${args.map((a) => (typeof a === "object" ? "request" : String(a))).join(", ")})`);
        return { hash: `0x${name}`, wait: async () => ({}) };
      };
    const fakeMarket = {
      target: MARKET,
      runner: { getAddress: async () => ME },
      escrowFor: async () => [o.escrow ?? 100n, 30n],
      claimable: async (account: string) => {
        calls.push(`claimable(${account})`);
        return o.claimable;
      },
      postJob: sent("postJob"),
      deposit: sent("deposit"),
    } as unknown as JobMarket;
    const token = {
      allowance: async () => o.allowance ?? 0n,
      approve: sent("approve"),
    } as unknown as HashworkToken;
    return { market: fakeMarket, token, calls };
  };

  it("postJob pays from the market balance when it covers the whole escrow, and approves nothing", async () => {
    const { market: m, token, calls } = scripted({ claimable: 100n });
    await postJob(m, token, { request });
    assert.deepEqual(calls, [`claimable(${ME})`, "postJob(request)"]);
  });

  it("postJob approves exactly the escrow when the balance falls short of it, unless the allowance covers it", async () => {
    const short = scripted({ claimable: 99n });
    await postJob(short.market, short.token, { request });
    assert.deepEqual(short.calls.slice(1), [`approve(${MARKET}, 100)`, "postJob(request)"]);
    const allowed = scripted({ claimable: 0n, allowance: 100n });
    await postJob(allowed.market, allowed.token, { request });
    assert.deepEqual(allowed.calls.slice(1), ["postJob(request)"]);
  });

  it("deposit approves exactly the amount when the allowance is short, then deposits it", async () => {
    const { market: m, token, calls } = scripted({ claimable: 0n, allowance: 4n });
    await deposit(m, token, { amount: 5n });
    assert.deepEqual(calls, [`approve(${MARKET}, 5)`, "deposit(5)"]);
    const allowed = scripted({ claimable: 0n, allowance: 5n });
    await deposit(allowed.market, allowed.token, { amount: 5n });
    assert.deepEqual(allowed.calls, ["deposit(5)"]);
  });
});

describe("SDK contract errors", () => {
  it("decodes the market's, court's, registry's and randomness source's custom errors from nested RPC errors", () => {
    const all = new Interface([
      ...JobMarket__factory.abi,
      ...VerificationCourt__factory.abi,
      ...ProviderRegistry__factory.abi,
    ]);
    const data = all.encodeErrorResult("VerificationCourtNotDrawn", [5n, ME]);
    const nested = { code: "CALL_EXCEPTION", info: { error: { data: { message: "revert", data } } } };
    assert.equal(revertDataOf(nested), data);
    assert.equal(decodeContractError(data)?.name, "VerificationCourtNotDrawn");
    const seed = all.encodeErrorResult("ProviderRegistryMinimumTooHigh", [5_000_000n, 1_000n]);
    assert.equal(decodeContractError(seed)?.name, "ProviderRegistryMinimumTooHigh");
    assert.equal(decodeContractError(all.encodeErrorResult("JobMarketZeroDeposit", []))?.name, "JobMarketZeroDeposit");
    const error = ContractRevertError.from("claimVerifier", nested);
    assert.ok(error instanceof ContractRevertError);
    assert.equal(error.errorName, "VerificationCourtNotDrawn");
    assert.equal(error.onChain, false);
    assert.equal(ContractRevertError.from("claim", new Error("ECONNREFUSED")), undefined, "not a revert");
    assert.equal(decodeContractError("0xdeadbeef"), undefined);
  });
});

describe("SDK phase mirrors", () => {
  const round: RoundState = {
    index: 1,
    seats: 3,
    claimed: 3,
    committedMask: 0b011,
    revealedMask: 0,
    openedAt: 0,
    drawEndsAt: 100,
    commitEndsAt: 200,
    revealEndsAt: 300,
    openedBlock: 1n,
    wideningPeriod: 10n,
    taken: [],
  };

  it("a panel's reveals open when every drawn seat committed after the draw, or at the commit deadline", () => {
    assert.equal(roundCommitsClosed(round, 150), false);
    assert.equal(roundCommitsClosed({ ...round, committedMask: 0b111 }, 150), true);
    assert.equal(roundCommitsClosed(round, 201), true);
    assert.equal(roundCommitsClosed({ ...round, claimed: 2 }, 50), false, "the draw is still open");
    assert.equal(roundCommitsClosed({ ...round, claimed: 2 }, 101), true, "draw over, both drawn committed");
  });

  it("a panel is resolvable once every committed seat revealed, or after its reveal deadline", () => {
    assert.equal(roundResolvable({ ...round, committedMask: 0b111, revealedMask: 0b011 }, 250), false);
    assert.equal(roundResolvable({ ...round, committedMask: 0b111, revealedMask: 0b111 }, 250), true);
    assert.equal(roundResolvable(round, 301), true);
  });

  it("a job's commits close at the last commitment or the deadline; its reveals once the audit is decided", () => {
    const job = {
      commitsClosedAt: 0,
      commitDeadline: 100,
      audit: AuditState.Undecided,
      revealsClosedAt: 0,
      timeline: { auditDrawEndsAt: 0, auditCommitEndsAt: 0, revealEndsAt: 0, challengeEndsAt: 0 },
    } satisfies Partial<ReadJobReturnType>;
    assert.equal(jobCommitsClosed(job, 100), false);
    assert.equal(jobCommitsClosed(job, 101), true);
    assert.equal(jobCommitsClosed({ ...job, commitsClosedAt: 50 }, 60), true);
    assert.equal(jobRevealsClosed({ ...job, revealsClosedAt: 70 }, 80), false, "undecided audit: nothing closes");
    const decided = { ...job, audit: AuditState.NotAudited, timeline: { ...job.timeline, revealEndsAt: 200 } };
    assert.equal(jobRevealsClosed(decided, 200), false);
    assert.equal(jobRevealsClosed(decided, 201), true);
    assert.equal(jobRevealsClosed({ ...decided, revealsClosedAt: 150 }, 160), true);
  });
});
