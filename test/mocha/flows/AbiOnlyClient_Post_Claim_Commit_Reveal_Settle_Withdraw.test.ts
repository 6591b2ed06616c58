import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Contract } from "ethers";
import { expect } from "chai";
import { TOKEN, ethers, fund, networkHelpers, providersFixture } from "../fixture.js";
import {
  ProviderClient,
  RequesterClient,
  auditFeeKeptOf,
  cidOf,
  deadlineBounds,
  escrowOf,
  eventNamed,
  executionTimeOf,
  ipfsUriOf,
  outputHashOf,
  paymentOf,
  publishBundle,
  resultOf,
  type Answer,
  type ContentStore,
  type Execute,
  type Sent,
} from "../helpers/abiClient/index.js";
// The SDK, only where the last test checks PROTOCOL.md against the implementation; never passed to the clients.
import { bundleHash as sdkBundleHash, canonicalBundleBytes, createBundle } from "@hashwork/sdk/bundle";
import { computeCid } from "@hashwork/sdk/cid";

/**
 * Issue 14: PROTOCOL.md is a spec someone else could implement. A requester and a provider driven by
 * test/mocha/helpers/abiClient (ethers, Node built-ins and sdk/abis/*.json, nothing else of this repository) post a
 * k = 1 job, claim it when the provider's own lottery computation says it is drawn, commit, reveal, settle and
 * withdraw, and every amount is the one the page's formulas give. Deployment and funding are the fixture's (not a
 * client's job); time travel and block production are the test's. The SDK appears once, in the last test, to check
 * the page against the implementation.
 */

const MODULE = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]); // "\0asm", version 1: an empty module
const INPUT = new TextEncoder().encode("3 4\n");
// Names that sort differently by code unit than by locale, and non-ASCII text: the canonical form must get both right.
const PARTS = { module: MODULE, input: INPUT, args: ["--sum", "größe=é"], env: { b: "2", B: "1", _z: "" } };
const LIMITS = { memoryMiB: 16, fuel: 100_000_000, maxOutputBytes: 1_024 };
/** The executor's answer (fuel metering is not the client's): 40 million fuel, below the provider's 50 minimum. */
const ANSWER: Answer = { output: new TextEncoder().encode("7\n"), fuel: 40_000_000n };
const OFFER = { metadataURI: "ipfs://offer", classes: 0b1, pricePerMfuel: TOKEN / 100n, minMfuel: 50, capacity: 1 };
const MAX_PRICE = (2n * TOKEN) / 100n; // per million fuel: a budget of 2 tokens
/** 100 of the 7,100 tokens staked: the provider is drawn only once the lottery has widened. */
const STAKE = 100n * TOKEN;

/** IPFS as far as the clients need it: bytes by the CID the client computes. */
class MemoryStore implements ContentStore {
  private readonly files = new Map<string, Uint8Array>();
  put(bytes: Uint8Array) {
    const cid = cidOf(bytes);
    this.files.set(cid, bytes);
    return cid;
  }
  get(cid: string) {
    return this.files.get(cid);
  }
}

/** Seven providers staked 1,000 each (the fixture's), and the two client accounts funded. */
async function clientsFixture() {
  const sys = await providersFixture();
  const provider = sys.verifiers[0]!; // not registered by the fixture
  await fund(sys, sys.requester, 10n * TOKEN);
  await fund(sys, provider, STAKE);
  const market = await sys.market.getAddress();
  return {
    requester: await RequesterClient.connect(market, sys.requester),
    provider: await ProviderClient.connect(market, provider),
  };
}

const names = (sent: Sent) => sent.events.map((e) => e.name);

/**
 * Mines the next block as its proposer may (PROTOCOL.md, "Randomness": the proposer of block b + 1 can withhold it),
 * trying successive timestamps and withholding each candidate `keep` rejects. The seeds of the lottery and the audit
 * are such blocks' hashes: this reaches the branch under test in every run, and the clients read only the block kept.
 */
async function proposeNextBlock(keep: () => Promise<boolean>, tries = 500) {
  const latest = BigInt(await networkHelpers.time.latest());
  for (let i = 1n; i <= tries; i++) {
    const snapshot = await networkHelpers.takeSnapshot();
    await networkHelpers.time.setNextBlockTimestamp(latest + i);
    await networkHelpers.mine();
    if (await keep()) return;
    await snapshot.restore();
  }
  throw new Error(`no block in ${tries} tries`);
}

/** Asserts that `action`, mined at `timestamp`, reverts with `error` of `contract`; then forgets it happened. */
async function expectRevertAt(timestamp: bigint, action: () => Promise<unknown>, contract: Contract, error: string) {
  const snapshot = await networkHelpers.takeSnapshot();
  await networkHelpers.time.setNextBlockTimestamp(timestamp);
  await expect(action()).to.be.revertedWithCustomError(contract, error);
  await snapshot.restore();
}

describe("flow: AbiOnlyClient_Post_Claim_Commit_Reveal_Settle_Withdraw", () => {
  it("a requester and a provider built from PROTOCOL.md and ABIs alone run a k = 1 job to the last token", async () => {
    const { requester, provider } = await networkHelpers.loadFixture(clientsFixture);
    const { market, registry, randomness, token } = requester.contracts;
    const store = new MemoryStore();
    const wallet = async (account: string) => (await token.balanceOf(account)) as bigint;
    const before = { requester: await wallet(requester.account), provider: await wallet(provider.account) };

    // The provider joins: an offer, then stake (which counts for jobs posted in later blocks).
    expect(names(await provider.register(OFFER))).to.deep.equal(["ProviderRegistered"]);
    expect(names(await provider.stake(STAKE))).to.deep.equal(["Staked"]);

    // The requester posts the bundle's job and escrows exactly what the page's formulas say.
    const bundle = publishBundle(store, PARTS, LIMITS);
    const request = await requester.request(bundle, { replicas: 1, maxPricePerMfuel: MAX_PRICE, claimWindow: 7_200n });
    const params = await market.parameters();
    const money = escrowOf({ replicas: 1n, maxFuel: request.maxFuel, maxPricePerMfuel: MAX_PRICE }, params);
    expect([money.budget, money.fee, money.auditFee, money.escrow]).to.deep.equal(
      [2_000n, 50n, 240n, 2_290n].map((milli) => (milli * TOKEN) / 1_000n), // 2 + 2.5% fee + 12% audit fee
    );
    const [escrowFor, budgetFor] = (await market.escrowFor(request)) as bigint[];
    expect([escrowFor, budgetFor]).to.deep.equal([money.escrow, money.budget]);
    const { jobId, escrow, posted } = await requester.post(request);
    expect(escrow).to.equal(money.escrow);
    expect(names(posted)).to.deep.equal(["JobPosted"]);
    const postedArgs = eventNamed(posted, "JobPosted").args;
    expect(jobId).to.equal(await market.jobCount());
    expect([postedArgs.budget, postedArgs.fee, postedArgs.auditFee]).to.deep.equal([
      money.budget,
      money.fee,
      money.auditFee,
    ]);
    expect([postedArgs.bundleHash, postedArgs.bundleURI]).to.deep.equal([bundle.bundleHash, bundle.bundleURI]);
    expect(await wallet(requester.account)).to.equal(before.requester - money.escrow);
    const job = await market.getJob(jobId);
    expect([job.postedBlock, job.postedAt]).to.deep.equal([posted.block, posted.timestamp]);

    // The seed block. The provider computes the second it is drawn; it is not drawn a second earlier.
    let drawnAt = 0n;
    await proposeNextBlock(async () => {
      drawnAt = (await provider.drawTime(jobId)) ?? 0n;
      return drawnAt - 1n > BigInt(await networkHelpers.time.latest()); // a second to try before it
    });
    const seedBlock = await ethers.provider.getBlock(Number(job.postedBlock) + 1);
    const seed = await randomness.seedFor(job.postedBlock, { blockTag: "pending" });
    expect(seed).to.equal(seedBlock!.hash); // the hash of the block after the posting block
    await expectRevertAt(drawnAt - 1n, () => provider.claim(jobId), market, "JobMarketNotDrawn");
    await networkHelpers.time.setNextBlockTimestamp(drawnAt);
    const claimed = await provider.claim(jobId);
    expect(names(claimed)).to.deep.equal(["JobClaimed"]); // the last slot only reads the seed: no SeedFixed
    const claimArgs = eventNamed(claimed, "JobClaimed").args;
    expect([claimArgs.slot, claimArgs.pricePerMfuel, claimArgs.minMfuel]).to.deep.equal([0n, OFFER.pricePerMfuel, 50n]);

    // It fetches and checks the bundle, runs it (the executor's part is ANSWER) and commits; commits close.
    const execute: Execute = (fetched) => {
      expect([fetched.module, fetched.input, fetched.bundle.args]).to.deep.equal([MODULE, INPUT, PARTS.args]);
      return ANSWER;
    };
    await provider.run(jobId, store, execute);
    const committed = await provider.commit(jobId);
    expect(names(committed)).to.deep.equal(["ResultCommitted", "CommitsClosed"]);
    expect(eventNamed(committed, "CommitsClosed").args.blockNumber).to.equal(committed.block);

    // The audit seed block: the default audit rate (10%) cannot be set to zero (at least 7%), and an audited job waits
    // for an auditor this client does not implement, so the proposer withholds audited blocks. Every withheld
    // candidate has the market decide, which must match the provider's prediction, and at least one was audited.
    let audited = 0;
    await proposeNextBlock(async () => {
      const predicted = await provider.isAudited(jobId);
      if (!predicted && audited > 0) return true;
      const decision = await requester.decideAudit(jobId);
      expect(names(decision)).to.deep.equal(predicted ? ["SeedFixed", "AuditDecided"] : ["AuditDecided"]);
      expect(eventNamed(decision, "AuditDecided").args.audited).to.equal(predicted);
      if (predicted) audited++;
      return false;
    });

    // Revealing takes the decision (not audited, as predicted) and opens the commitment.
    const revealed = await provider.reveal(jobId, store);
    expect(names(revealed)).to.deep.equal(["AuditDecided", "ResultRevealed"]);
    expect(eventNamed(revealed, "AuditDecided").args.audited).to.equal(false);
    const revealArgs = eventNamed(revealed, "ResultRevealed").args;
    expect([revealArgs.outputHash, revealArgs.fuelUsed]).to.deep.equal([outputHashOf(ANSWER.output), ANSWER.fuel]);
    expect(store.get(revealArgs.resultURI.replace("ipfs://", ""))).to.deep.equal(ANSWER.output);
    expect(revealArgs.resultURI).to.equal(ipfsUriOf(ANSWER.output));

    // Unchallenged, it settles just after the challenge window: reveals closed + challengeWindow + execution time.
    const settleAt = await requester.settleableAt(jobId);
    const executionTime = executionTimeOf(request.maxFuel, params.fuelPerSecond);
    expect(settleAt).to.equal(revealed.timestamp + params.challengeWindow + executionTime + 1n);
    await expectRevertAt(settleAt - 1n, () => requester.settle(jobId), market, "JobMarketNotSettleable");
    await networkHelpers.time.setNextBlockTimestamp(settleAt);
    const settled = await requester.settle(jobId);
    expect(names(settled)).to.deep.equal(["ProviderPaid", "JobSettled"]);

    // Paid its 50 Mfuel minimum at 0.01; the court keeps 12% of the 40 Mfuel used at the job's 0.02; the rest returns.
    const offer = { pricePerMfuel: OFFER.pricePerMfuel, minMfuel: BigInt(OFFER.minMfuel) };
    const payment = paymentOf(ANSWER.fuel, offer, money.budget);
    const kept = auditFeeKeptOf(ANSWER.fuel, MAX_PRICE, params.auditFeeBps);
    const refund = money.escrow - payment - money.fee - kept;
    expect([payment, kept, refund]).to.deep.equal([500n, 96n, 1_644n].map((milli) => (milli * TOKEN) / 1_000n));
    expect(eventNamed(settled, "ProviderPaid").args.toArray()).to.deep.equal([jobId, provider.account, payment, 0n]);
    const result = resultOf(outputHashOf(ANSWER.output), ANSWER.fuel);
    expect(eventNamed(settled, "JobSettled").args.toArray()).to.deep.equal([
      jobId,
      requester.account,
      0n /* Completed */,
      result,
      ANSWER.fuel,
      payment,
      money.fee,
      kept,
      refund,
      0n,
      0n,
      kept, // the court's credit: the audit fee it kept
    ]);

    // Both withdraw; what stays in the market is the treasury's fee and the court's share.
    expect(eventNamed(await provider.withdraw(), "Withdrawn").args.amount).to.equal(payment);
    expect(eventNamed(await requester.withdraw(), "Withdrawn").args.amount).to.equal(refund);
    expect(await wallet(provider.account)).to.equal(before.provider - STAKE + payment);
    expect(await wallet(requester.account)).to.equal(before.requester - escrow + refund);
    expect(await market.claimable(await market.treasury())).to.equal(money.fee);
    expect(await market.claimable(await registry.court())).to.equal(kept);
    expect(await wallet(String(market.target))).to.equal(money.fee + kept);
    const record = await registry.provider(provider.account);
    expect([record.stake, record.locked, record.completed]).to.deep.equal([STAKE, 0n, 1n]);
  });

  it("the deadline bounds PROTOCOL.md states are the market's, to the second", async () => {
    const { requester } = await networkHelpers.loadFixture(clientsFixture);
    const { market } = requester.contracts;
    // 5 billion fuel at 50 million per second: an execution time of 130 s, longer than the 30 s claim phase.
    const bundle = publishBundle(new MemoryStore(), PARTS, { ...LIMITS, fuel: 5_000_000_000 });
    const request = await requester.request(bundle, {
      replicas: 1,
      maxPricePerMfuel: TOKEN / 10_000n,
      claimWindow: 30n,
    });
    const { fuelPerSecond } = await market.parameters();
    const executionTime = executionTimeOf(request.maxFuel, fuelPerSecond);
    expect(executionTime).to.equal(130n);
    expect(await market.executionTime(request.maxFuel)).to.equal(executionTime);
    // One approval for every case: each posting is undone (and in the posting block, not one after an approval).
    const [escrow] = (await market.escrowFor(request)) as bigint[];
    await (await requester.contracts.token.approve(market.target, escrow)).wait();

    const postedAt = BigInt(await networkHelpers.time.latest()) + 100n;
    const b = deadlineBounds(postedAt, executionTime);
    const late = postedAt + 1_000n; // a claim deadline after which the claim phase's 30 s bind the commit deadline
    const cases: [claimDeadline: bigint, commitDeadline: bigint, accepted: boolean][] = [
      [b.earliestClaimDeadline, b.earliestCommitDeadline(b.earliestClaimDeadline), true],
      [b.earliestClaimDeadline - 1n, b.earliestCommitDeadline(b.earliestClaimDeadline), false],
      [b.earliestClaimDeadline, b.earliestCommitDeadline(b.earliestClaimDeadline) - 1n, false],
      [late, b.earliestCommitDeadline(late), true],
      [late, b.earliestCommitDeadline(late) - 1n, false],
      [late, b.latestCommitDeadline, true],
      [late, b.latestCommitDeadline + 1n, false],
    ];
    expect(b.earliestCommitDeadline(b.earliestClaimDeadline)).to.equal(postedAt + 30n + executionTime);
    expect(b.earliestCommitDeadline(late)).to.equal(late + 30n);
    for (const [claimDeadline, commitDeadline, accepted] of cases) {
      const snapshot = await networkHelpers.takeSnapshot();
      await networkHelpers.time.setNextBlockTimestamp(postedAt);
      const posting = market.postJob({ ...request, claimDeadline, commitDeadline });
      if (accepted) {
        await (await posting).wait();
        expect((await market.getJob(await market.jobCount())).postedAt).to.equal(postedAt);
      } else await expect(posting).to.be.revertedWithCustomError(market, "JobMarketInvalidDeadlines");
      await snapshot.restore();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The client's boundary, and PROTOCOL.md against the implementation.

const CLIENT_DIR = fileURLToPath(new URL("../helpers/abiClient", import.meta.url));
const ABI_DIR = fileURLToPath(new URL("../../../sdk/abis", import.meta.url));
/** `from "x"`, `import "x"`, `import("x")` and `require("x")`: every way a client file can load a module. */
const SPECIFIER = /\bfrom\s+["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']|\brequire\s*\(\s*["']([^"']+)["']/g;
/** A load whose module is computed: the guard could not see what it loads. */
const COMPUTED_LOAD = /\b(?:import|require)\s*\(\s*[^"'\s)]/;

/** Whether a client file may load `specifier`: ethers, a Node built-in, another client file, or an ABI JSON. */
function allowedImport(specifier: string): boolean {
  if (specifier === "ethers" || specifier.startsWith("node:")) return true;
  if (!specifier.startsWith(".")) return false;
  const target = resolve(CLIENT_DIR, specifier);
  if (dirname(target) === CLIENT_DIR) return existsSync(target.replace(/\.js$/, ".ts"));
  return dirname(target) === ABI_DIR && target.endsWith(".json") && existsSync(target);
}

describe("abiClient: the boundary", () => {
  it("imports only ethers, Node built-ins, its own files and sdk/abis/*.json", () => {
    const files = readdirSync(CLIENT_DIR);
    expect(
      files.every((f) => f.endsWith(".ts")),
      files.join(", "),
    ).to.equal(true);
    const loaded = new Set<string>();
    for (const file of files) {
      const source = readFileSync(join(CLIENT_DIR, file), "utf8");
      expect(COMPUTED_LOAD.test(source), `${file} loads a computed module name`).to.equal(false);
      for (const m of source.matchAll(SPECIFIER)) {
        const specifier = (m[1] ?? m[2] ?? m[3])!;
        expect(allowedImport(specifier), `${file} loads ${specifier}`).to.equal(true);
        loaded.add(specifier);
      }
    }
    expect(loaded).to.include("ethers").and.to.include("../../../../sdk/abis/JobMarket.json");
    // The guard can fail: what the client must not load.
    for (const forbidden of ["../../../../sdk/src/lottery.js", "../../fixture.js", "hardhat", "multiformats"])
      expect(allowedImport(forbidden), forbidden).to.equal(false);
  });

  it("its bundle hash and CIDs are the SDK's (the one use of the SDK: it checks the page against the code)", () => {
    const ours = publishBundle(new MemoryStore(), PARTS, LIMITS);
    const sdk = createBundle({ ...PARTS, limits: LIMITS });
    expect(ours.bundle).to.deep.equal(sdk);
    expect(new TextDecoder().decode(ours.bytes)).to.equal(new TextDecoder().decode(canonicalBundleBytes(sdk)));
    expect(ours.bundleHash).to.equal(sdkBundleHash(sdk));
    expect(ours.bundleURI).to.equal(`ipfs://${computeCid(canonicalBundleBytes(sdk))}`);
    for (const size of [0, 1, 5, 262_144]) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7) % 256);
      expect(cidOf(bytes), `${size} bytes`).to.equal(computeCid(bytes));
    }
    // PROTOCOL.md's test vector: the empty file.
    expect(cidOf(new Uint8Array(0))).to.equal("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  });
});
