// The requester's actions without a chain: their pure rules (price, deadlines, URIs), and fetchResult, submitJob and
// waitForJob against an in-memory store and a scripted provider. test/e2e/examples.test.ts runs them on a devnet.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Wallet, id, keccak256, toUtf8Bytes, type Log } from "ethers";
import {
  AbortedError,
  BundleValidationError,
  ContentMismatchError,
  ContractRevertError,
  DeadlinesTooShortError,
  FUEL_MAX,
  INCLUSION_SLACK,
  JobHasNoResultError,
  JobMarket__factory,
  JobNotSettledError,
  MIN_PHASE,
  ModuleHashMismatchError,
  Outcome,
  ResultHashMismatchError,
  ResultUnavailableError,
  VerificationCourt__factory,
  WaitForJobTimeoutError,
  bundleHash,
  canonicalBundleBytes,
  cidOfUri,
  computeCid,
  createBundle,
  fetchBundle,
  fetchResult,
  fuelLimitFor,
  jobDeadlines,
  jobEvents,
  pickPrice,
  quoteJob,
  resultOf,
  roundUp,
  submitJob,
  waitForJob,
  type ContentStore,
  type JobEvent,
  type MarketClient,
  type QuoteJobReturnType,
} from "../src/index.js";

const MARKET = "0x0000000000000000000000000000000000000a11";
const COURT = "0x0000000000000000000000000000000000000c00";
const market = JobMarket__factory.connect(MARKET);
const court = VerificationCourt__factory.connect(COURT);
const encoder = new TextEncoder();

/** A content store in memory; `serve` overrides what `get` returns for a CID (a faulty store, no CID check). */
function memoryStore(serve: Record<string, Uint8Array> = {}): ContentStore & { held: Map<string, Uint8Array> } {
  const held = new Map<string, Uint8Array>();
  return {
    held,
    async put(bytes) {
      const cid = computeCid(bytes);
      held.set(cid, bytes);
      return { cid, size: bytes.length };
    },
    async get(cid) {
      const bytes = serve[cid] ?? held.get(cid);
      if (!bytes) throw new Error(`no ${cid}`);
      return bytes;
    },
    async has(cid) {
      return held.has(cid);
    },
  };
}

const clientWith = (store: ContentStore, provider: unknown = {}) =>
  ({ market, court, store, provider }) as unknown as MarketClient;

describe("suggestPrice's rule", () => {
  const offers = [50n, 10n, 40n, 20n, 30n]; // sorted: 10 20 30 40 50, median 30

  it("takes the median of the eligible offers", () => {
    const p = pickPrice(offers, 1, 0n, 1_000_000n);
    assert.equal(p.pricePerMfuel, 30n);
    assert.match(p.rule, /the median of 5 eligible offers/);
  });

  it("takes at least the k-th cheapest, so k providers can claim", () => {
    const p = pickPrice(offers, 4, 0n, 1_000_000n);
    assert.equal(p.pricePerMfuel, 40n);
    assert.match(p.rule, /the 4th cheapest of 5/);
    const few = pickPrice([10n, 20n], 3, 0n, 1_000_000n);
    assert.equal(few.pricePerMfuel, 20n);
    assert.match(few.rule, /dearest of only 2 eligible offers \(fewer than 3 replicas\)/);
  });

  it("raises the price to the market's minimum budget over the fuel, rounded up", () => {
    const p = pickPrice(offers, 1, 1_408_903_140_726_882n, 709_772n);
    assert.equal(p.pricePerMfuel, 1_500_000_000_000_000n);
    assert.match(p.rule, /minimum budget per replica over 709772 fuel, rounded up \(above the median/);
  });

  it("rounds a computed price up to two significant digits, never down", () => {
    assert.equal(roundUp(1_408_903_140_726_882n), 1_500_000_000_000_000n);
    assert.equal(roundUp(20_000_000_000_000n), 20_000_000_000_000n);
    assert.equal(roundUp(101n), 110n);
    assert.equal(roundUp(7n), 7n);
  });
});

describe("fuelLimitFor", () => {
  it("asks 1.5x the measured fuel, rounded up, within the minimum and FUEL_MAX", () => {
    assert.equal(fuelLimitFor(10_000_000n), 15_000_000n);
    assert.equal(fuelLimitFor(10_000_001n), 15_000_002n); // 15,000,001.5 rounded up
    assert.equal(fuelLimitFor(0n), 1n);
    assert.equal(fuelLimitFor(1_000n, 50_000_000n), 50_000_000n);
    assert.equal(fuelLimitFor(BigInt(FUEL_MAX)), BigInt(FUEL_MAX));
  });
});

describe("jobDeadlines", () => {
  it("splits the timeout into equal claim and commit phases after the inclusion slack", () => {
    assert.deepEqual(jobDeadlines(1_000, 615), {
      claimDeadline: 1_000 + INCLUSION_SLACK + 300,
      commitDeadline: 1_000 + INCLUSION_SLACK + 600,
    });
  });

  it("refuses a timeout with a phase shorter than the market's minimum and says what would do", () => {
    const needed = 2 * MIN_PHASE + 2 * INCLUSION_SLACK;
    assert.doesNotThrow(() => jobDeadlines(0, needed));
    assert.throws(
      () => jobDeadlines(0, needed - 1),
      (e: unknown) => e instanceof DeadlinesTooShortError && e.needed === needed && e.code === "DEADLINES_TOO_SHORT",
    );
  });

  it("leaves the job's execution time (at the reference speed) before the commit deadline", () => {
    const needed = MIN_PHASE + 200 + 2 * INCLUSION_SLACK;
    assert.throws(
      () => jobDeadlines(0, needed - 1, 200),
      (e: unknown) => e instanceof DeadlinesTooShortError && e.needed === needed && e.executionTime === 200,
    );
    const d = jobDeadlines(0, needed, 200);
    assert.ok(d.commitDeadline >= MIN_PHASE + 200, "the market's check: commit ≥ posting + MIN_PHASE + execution");
  });
});

describe("bundle and result URIs", () => {
  it("reads the CID of ipfs://, /ipfs/ and bare URIs, and nothing else", () => {
    const cid = "bafkreihst4wmw4mnj7trygw7e2sl5fgfp6hqt3vxgnsly6lhncxy47wlga";
    assert.equal(cidOfUri(`ipfs://${cid}`), cid);
    assert.equal(cidOfUri(`/ipfs/${cid}/`), cid);
    assert.equal(cidOfUri(cid), cid);
    assert.equal(cidOfUri("https://example.com/bundle.json"), undefined);
  });

  it("fetchBundle refuses a URI without a CID and bytes that are not the on-chain bundle", async () => {
    const store = memoryStore();
    const { cid } = await store.put(encoder.encode("{}"));
    await assert.rejects(fetchBundle(store, "https://example.com/b", keccak256("0x")), BundleValidationError);
    await assert.rejects(fetchBundle(store, `ipfs://${cid}`, keccak256("0x01")), ContentMismatchError);
  });
});

describe("fetchResult", () => {
  const output = encoder.encode("HELLO HASHWORK");
  const outputHash = keccak256(output);
  const cid = computeCid(output);
  const at = { block: 3, tx: "0x" };
  const revealed = (uri: string): JobEvent => ({
    ...at,
    type: "revealed",
    provider: "0x1111111111111111111111111111111111111111",
    outputHash,
    fuelUsed: 700n,
    result: resultOf(outputHash, 700n),
    resultURI: uri,
  });
  const settled = (outcome: "completed" | "no-claims" = "completed"): JobEvent => ({
    ...at,
    block: 4,
    type: "settled",
    outcome,
    result: outcome === "completed" ? resultOf(outputHash, 700n) : "0x" + "00".repeat(32),
    fuelUsed: 700n,
    paid: 7n,
    fee: 1n,
    auditFee: 1n,
    refund: 90n,
    compensation: 10n,
    slashed: 0n,
    toCourt: 1n,
  });

  it("returns the output once it matches its CID and the hash agreed on-chain", async () => {
    const store = memoryStore();
    await store.put(output);
    const r = await fetchResult(clientWith(store), { jobId: 5n, events: [revealed(`ipfs://${cid}`), settled()] });
    assert.deepEqual(r.bytes, output);
    assert.equal(r.outputHash, outputHash);
    assert.equal(r.cid, cid);
    assert.equal(r.refund, 100n);
    assert.equal(r.programError, undefined);
  });

  it("refuses other bytes than the agreed result, and tries the next URI first", async () => {
    const forged = encoder.encode("HELLO HASHWORX");
    const store = memoryStore({ [cid]: forged });
    await assert.rejects(
      fetchResult(clientWith(store), { jobId: 5n, events: [revealed(`ipfs://${cid}`), settled()] }),
      (e: unknown) => e instanceof ResultHashMismatchError && e.expected === outputHash && e.cid === cid,
    );
    const honest = memoryStore();
    const { cid: other } = await honest.put(output);
    const events = [revealed("https://evil.example/x"), revealed(`/ipfs/${other}`), settled()];
    assert.equal((await fetchResult(clientWith(honest), { jobId: 5n, events })).uri, `/ipfs/${other}`);
  });

  it("says why there is no result: not settled, cancelled, refunded, never published", async () => {
    const client = clientWith(memoryStore());
    await assert.rejects(fetchResult(client, { jobId: 5n, events: [revealed(`ipfs://${cid}`)] }), JobNotSettledError);
    await assert.rejects(
      fetchResult(client, { jobId: 5n, events: [{ ...at, type: "cancelled", refund: 3n }] }),
      (e: unknown) => e instanceof JobHasNoResultError && e.outcome === "cancelled" && e.refund === 3n,
    );
    await assert.rejects(
      fetchResult(client, { jobId: 5n, events: [settled("no-claims")] }),
      (e: unknown) => e instanceof JobHasNoResultError && e.outcome === "no-claims" && e.refund === 100n,
    );
    await assert.rejects(
      fetchResult(client, { jobId: 5n, events: [settled()] }),
      (e: unknown) => e instanceof ResultUnavailableError && e.reason === "no-uri",
    );
  });
});

describe("submitJob", () => {
  it("refuses module bytes that are not the bundle's before reading the chain or uploading", async () => {
    const store = memoryStore();
    const bundle = createBundle({
      module: encoder.encode("a module of some bytes"),
      limits: { memoryMiB: 1, fuel: 1, maxOutputBytes: 1 },
    });
    const signed = { market: market.connect(Wallet.createRandom()), court, store, provider: {} } as unknown;
    await assert.rejects(
      submitJob(signed as MarketClient, { bundle, module: encoder.encode("other"), maxPricePerMfuel: 1n }),
      ModuleHashMismatchError,
    );
    assert.equal(store.held.size, 0);
  });

  const ME = "0x00000000000000000000000000000000000000aa";
  const module = encoder.encode("a module of some bytes");
  const bundle = createBundle({ module, limits: { memoryMiB: 1, fuel: 1, maxOutputBytes: 1 } });
  const quote: QuoteJobReturnType = {
    request: {
      resourceClass: 0,
      replicas: 1,
      maxFuel: 1n,
      maxPricePerMfuel: 1n,
      minReputation: 0,
      claimDeadline: 1_000n,
      commitDeadline: 2_000n,
      bundleHash: bundleHash(bundle),
      bundleURI: `ipfs://${computeCid(canonicalBundleBytes(bundle))}`,
    },
    escrow: 100n,
    budget: 90n,
    fee: 5n,
    auditFee: 5n,
    maxVerifiableBudget: 1_000n,
    executionTime: 1,
  };
  /**
   * A chain where the signer holds `balance` tokens in its wallet and `claimable` in the market; it records the
   * approvals, permits, simulations and transactions, and mines every posting as job 42.
   */
  const chainWith = (o: { claimable: bigint; balance: bigint }) => {
    const calls: string[] = [];
    const log = market.interface.encodeEventLog("JobPosted", [
      ...[42n, ME, 0, 1, 1n, 1n, 1n, 1n, 0, 1n, 1n, 100, 1n, 2n],
      ...[id("b"), "ipfs://b", false], // escrowFromBalance: submitJob reads only the job id
    ]);
    const receipt = { status: 1, hash: "0x01", blockNumber: 12, gasUsed: 1n, logs: [{ ...log, address: MARKET }] };
    const name = (data: string) => market.interface.parseTransaction({ data })!.name;
    const signer = {
      getAddress: async () => ME,
      call: async (tx: { data: string }) => {
        calls.push(`simulate ${name(tx.data)}`);
        return "0x";
      },
      sendTransaction: async (tx: { data: string }) => {
        calls.push(`send ${name(tx.data)}`);
        return { hash: "0x01", wait: async () => receipt };
      },
    };
    const token = {
      balanceOf: async () => o.balance,
      allowance: async () => 0n,
      approve: async (_spender: string, amount: bigint) => {
        calls.push(`approve ${amount}`);
        return { hash: "0x0a", wait: async () => ({}) };
      },
      // A token without EIP-2612: a permit falls back to an approval.
      eip712Domain: async () => {
        calls.push("sign a permit");
        throw Object.assign(new Error("no EIP-2612"), { code: "CALL_EXCEPTION" });
      },
      nonces: async () => {
        throw Object.assign(new Error("no EIP-2612"), { code: "CALL_EXCEPTION" });
      },
    };
    const claimable = async () => o.claimable;
    const signed = { target: MARKET, interface: market.interface, runner: signer, claimable };
    const store = memoryStore();
    const client = { market: signed, token, court, store, provider: {} } as unknown as MarketClient;
    return { client, calls, store };
  };

  it("pays from the market balance when it covers the escrow: no approval, no permit, a plain postJob", async () => {
    const { client, calls } = chainWith({ claimable: 150n, balance: 0n });
    const posted = await submitJob(client, { bundle, module, quote, authorization: "permit" });
    assert.deepEqual(calls, ["simulate postJob", "send postJob"]);
    assert.deepEqual(posted.authorization, { kind: "balance", remaining: 50n });
    assert.equal(posted.jobId, 42n);
  });

  it("pulls the escrow from the wallet when the balance in the market falls short of it", async () => {
    const { client, calls } = chainWith({ claimable: 99n, balance: 100n });
    const sent: string[] = [];
    const posted = await submitJob(client, {
      bundle,
      module,
      quote,
      onProgress: (step) => step.type === "sent" && sent.push(step.functionName),
    });
    assert.deepEqual(calls, ["approve 100", "simulate postJob", "send postJob"]);
    assert.deepEqual(posted.authorization, { kind: "approve", hash: "0x0a" });
    assert.deepEqual(sent, ["approve", "postJob"]);
    const permitted = chainWith({ claimable: 0n, balance: 100n });
    await submitJob(permitted.client, { bundle, module, quote, authorization: "permit" });
    assert.deepEqual(permitted.calls, ["sign a permit", "approve 100", "simulate postJob", "send postJob"]);
  });

  it("refuses before uploading when neither the market balance nor the wallet covers the escrow", async () => {
    const { client, calls, store } = chainWith({ claimable: 50n, balance: 60n });
    await assert.rejects(
      submitJob(client, { bundle, module, quote }),
      (e: unknown) =>
        e instanceof ContractRevertError &&
        e.errorName === "ERC20InsufficientBalance" &&
        /its balance of 50 in the market/.test(e.message),
    );
    assert.deepEqual([calls, store.held.size], [[], 0]);
  });
});

describe("quoteJob", () => {
  it("reports the requester's balance in the market when given the requester", async () => {
    const ME = "0x00000000000000000000000000000000000000aa";
    const bundle = createBundle({
      module: encoder.encode("a module"),
      limits: { memoryMiB: 1, fuel: 1_000_000, maxOutputBytes: 1 },
    });
    const reads = {
      target: MARKET,
      executionTime: async () => 1n,
      pausedUntil: async () => 0n,
      escrowFor: async () => [110n, 100n],
      parameters: async () => ({ auditFeeBps: 500n }),
      maxVerifiableBudget: async () => 1_000n,
      claimable: async (account: string) => (account === ME ? 7n : 0n),
    };
    const client = { market: reads, provider: { getBlock: async () => ({ timestamp: 1_000 }) } } as never;
    const quoted = await quoteJob(client, { bundle, maxPricePerMfuel: 100n });
    assert.deepEqual([quoted.escrow, quoted.auditFee, quoted.fee, "claimable" in quoted], [110n, 5n, 5n, false]);
    assert.equal((await quoteJob(client, { bundle, maxPricePerMfuel: 100n, requester: ME })).claimable, 7n);
  });
});

describe("waitForJob", () => {
  const jobId = 5n;
  const log = (block: number, name: string, args: unknown[]): Log => {
    const encoded = market.interface.encodeEventLog(name, args);
    const tx = keccak256(toUtf8Bytes(`${block}`));
    return { ...encoded, address: MARKET, blockNumber: block, transactionHash: tx } as unknown as Log;
  };
  /** A chain that mines a block per call of getBlockNumber and holds `logs`; `getLogs` filters them by range. */
  const scripted = (logs: Log[]) => {
    let head = 0;
    return {
      getBlockNumber: async () => ++head,
      getLogs: async (f: { fromBlock: number; toBlock: number }) =>
        logs.filter((l) => l.blockNumber >= f.fromBlock && l.blockNumber <= f.toBlock),
    };
  };
  const requester = "0x2222222222222222222222222222222222222222";

  it("resolves at the job's settlement and reads no further", async () => {
    const settledLog = log(3, "JobSettled", [
      jobId,
      requester,
      Outcome.NoClaims,
      "0x" + "00".repeat(32),
      0,
      0,
      1,
      0,
      9,
      0,
      0,
      0,
    ]);
    const cancelledTooLate = log(7, "JobCancelled", [jobId, requester, 1]);
    const client = clientWith(memoryStore(), scripted([settledLog, cancelledTooLate]));
    const seen: string[] = [];
    const r = await waitForJob(client, { jobId, fromBlock: 1, pollingInterval: 1, onEvent: (e) => seen.push(e.type) });
    assert.equal(r.event.type, "settled");
    assert.equal(r.final?.type, "settled");
    assert.deepEqual(seen, ["settled"]);
  });

  const P1 = "0x1111111111111111111111111111111111111111";
  const P2 = "0x3333333333333333333333333333333333333333";
  const ZERO = "0x" + "00".repeat(32);
  // JobClaimed(jobId, provider, slot, pricePerMfuel, minMfuel, collateral, commitment)
  const claimed = (block: number, provider: string, slot: number, commitment = ZERO) =>
    log(block, "JobClaimed", [jobId, provider, slot, 80, 2, 15000, commitment]);

  it("reads a claim that committed (JobClaimed with a commitment) as claimed, then committed", async () => {
    const commitment = keccak256(toUtf8Bytes("commitment"));
    const logs = [
      claimed(2, P1, 0, commitment), // claim(jobId, commitment): no ResultCommitted
      claimed(3, P2, 1), // claim alone, then commitResult
      log(4, "ResultCommitted", [jobId, P2, keccak256(toUtf8Bytes("other"))]),
    ];
    const events = await jobEvents(scripted(logs), { market, court }, jobId, 1, 5);
    assert.deepEqual(
      events.map((e) => [e.type, e.block, "provider" in e ? e.provider : undefined]),
      [
        ["claimed", 2, P1],
        ["committed", 2, P1],
        ["claimed", 3, P2],
        ["committed", 4, P2],
      ],
    );
    assert.equal(events[0].tx, events[1].tx);
    assert.deepEqual(events[0], {
      block: 2,
      tx: logs[0].transactionHash,
      type: "claimed",
      provider: P1,
      slot: 0,
      pricePerMfuel: 80n,
      minMfuel: 2,
    });
  });

  it("waits until a slot committed, whether by its claim or by commitResult", async () => {
    const byClaim = clientWith(memoryStore(), scripted([claimed(2, P1, 0, keccak256(toUtf8Bytes("c")))]));
    const r = await waitForJob(byClaim, { jobId, fromBlock: 1, until: "committed", pollingInterval: 1 });
    assert.equal(r.event.type, "committed");
    assert.equal(r.event.block, 2);
    assert.deepEqual(
      r.events.map((e) => e.type),
      ["claimed", "committed"],
    );

    const seen: string[] = [];
    const later = clientWith(
      memoryStore(),
      scripted([claimed(2, P1, 0), log(4, "ResultCommitted", [jobId, P1, keccak256(toUtf8Bytes("c"))])]),
    );
    const s = await waitForJob(later, {
      jobId,
      fromBlock: 1,
      until: "committed",
      pollingInterval: 1,
      onEvent: (e) => seen.push(`${e.type}@${e.block}`),
    });
    assert.equal(s.event.block, 4);
    assert.deepEqual(seen, ["claimed@2", "committed@4"]);
  });

  it("gives up after its timeout, or when its signal aborts, leaving the job to run", async () => {
    const client = clientWith(memoryStore(), scripted([]));
    await assert.rejects(
      waitForJob(client, { jobId, fromBlock: 1, pollingInterval: 5, timeout: 30 }),
      (e: unknown) => e instanceof WaitForJobTimeoutError && e.jobId === jobId,
    );
    await assert.rejects(
      waitForJob(client, { jobId, fromBlock: 1, pollingInterval: 5, signal: AbortSignal.timeout(30) }),
      AbortedError,
    );
  });
});
