/**
 * Drives whole job lifecycles against a deployed system and records the gas of every step.
 * Shared by the gas benchmark and the gas-snapshot check.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { getAddress, getBytes, MaxUint256, toQuantity } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import HashworkModule from "../../ignition/modules/Hashwork.js";
import { firstWinningElapsed } from "../../sdk/src/lottery.js";
import { commitment, executionProof, isAuditedBySeed, verdictCommitment } from "../../sdk/src/results.js";
import type {
  BlockhashRandomness,
  HashworkToken,
  JobMarket,
  ProviderRegistry,
  VerificationCourt,
} from "../../sdk/src/typechain/index.js";

const TOKEN = 10n ** 18n;
const STAKE = 1_000n * TOKEN;
const MFUEL = 1_000_000n;
const PRICE_PER_MFUEL = TOKEN / 100n; // every provider's offer
const MAX_FUEL = 100n * MFUEL;
const FUEL_USED = 40n * MFUEL;

export type Step = { step: string; gas: bigint; hash: string };

/** Raw JSON-RPC through the connection: no gas estimation, nonce lookup or receipt polling per call. */
type Rpc = (method: string, params?: unknown[]) => Promise<unknown>;

const BATCH = 1_000; // accounts whose setup requests are in flight at once

/** Distinct addresses for impersonated accounts. */
const address = (n: number) => getAddress(`0x${n.toString(16).padStart(40, "0")}`);

/**
 * Deploys the system and registers `providerCount` staked providers. Every provider is a distinct impersonated
 * address that approves, registers and stakes through its own real transactions. To make 10,000 of them take
 * seconds rather than minutes, the setup sends raw `eth_sendTransaction` requests with explicit gas and nonces
 * (no estimation or nonce lookups) and mines them in full blocks with automine off. The node's cost of queueing
 * a transaction grows with the transactions already pending, steeply so for one sender; so each batch queues
 * at most three per sender and a few thousand in all, and is mined before the next.
 */
export async function setupMarket(conn: NetworkConnection<"generic">, providerCount: number) {
  const { ethers, ignition, networkHelpers } = conn;
  const rpc: Rpc = (method, params = []) => conn.provider.request({ method, params });
  const [deployer, requester] = await ethers.getSigners();
  const deployed = await ignition.deploy(HashworkModule);
  const token = deployed.token as unknown as HashworkToken;
  const registry = deployed.registry as unknown as ProviderRegistry;
  const market = deployed.market as unknown as JobMarket;
  const court = deployed.court as unknown as VerificationCourt;
  const randomness = deployed.randomness as unknown as BlockhashRandomness;
  const [tokenAddress, registryAddress] = await Promise.all([token.getAddress(), registry.getAddress()]);

  const tx = (from: string, to: string, data: string, gas: number, nonce: number) =>
    rpc("eth_sendTransaction", [{ from, to, data, gas: toQuantity(gas), nonce: toQuantity(nonce) }]);
  const transfer = (to: string, amount: bigint) => token.interface.encodeFunctionData("transfer", [to, amount]);
  const approve = token.interface.encodeFunctionData("approve", [registryAddress, STAKE]);
  const register = registry.interface.encodeFunctionData("register", ["ipfs://provider", 1, PRICE_PER_MFUEL, 0, 64]);
  const stake = registry.interface.encodeFunctionData("stake", [STAKE]);
  /** Sends each item's requests, BATCH items at a time; with `mine`, mines each batch until the mempool is empty. */
  async function batches<T>(items: T[], send: (item: T, index: number) => Promise<unknown>[], mine = true) {
    for (let i = 0; i < items.length; i += BATCH) {
      await Promise.all(items.slice(i, i + BATCH).flatMap((item, j) => send(item, i + j)));
      if (!mine) continue;
      do await rpc("evm_mine");
      while (
        ((await rpc("eth_getBlockByNumber", ["latest", false])) as { transactions: string[] }).transactions.length
      );
    }
  }

  const providers = Array.from({ length: providerCount }, (_, i) => address(0x100000 + i));
  // Tokens fan out through sqrt(n) distributors, each funding sqrt(n) providers (one per batch, nonce = batch).
  const fanout = Math.ceil(Math.sqrt(providerCount));
  const distributors = Array.from({ length: fanout }, (_, i) => address(0x200000 + i));
  const gasMoney = toQuantity(10n ** 20n);
  await batches(
    [...providers, ...distributors],
    (a) => [rpc("hardhat_impersonateAccount", [a]), rpc("hardhat_setBalance", [a, gasMoney])],
    false,
  );
  for (const d of distributors) await token.transfer(d, STAKE * BigInt(fanout)); // automined, one by one
  await rpc("evm_setAutomine", [false]);
  for (let n = 0; n < fanout; n++) {
    const funded = providers.filter((_, i) => i % fanout === n); // distributor k funds provider k * fanout + n
    await batches(funded, (p, k) => [tx(distributors[k], tokenAddress, transfer(p, STAKE), 100_000, n)]);
  }
  await batches(providers, (p) => [
    tx(p, tokenAddress, approve, 100_000, 0),
    tx(p, registryAddress, register, 200_000, 1),
    tx(p, registryAddress, stake, 300_000, 2),
  ]);
  await rpc("evm_setAutomine", [true]);
  // A setup transaction that reverted would silently skew the benchmark.
  const staked = await registry.totalStake();
  const expected = STAKE * BigInt(providerCount);
  if (staked !== expected) throw new Error(`setup: total stake is ${staked}, expected ${expected}`);

  await token.transfer(requester.address, 1_000_000n * TOKEN);
  await token.connect(requester).approve(await market.getAddress(), MaxUint256);
  // The court's pool pays auditors; seed it as a deployment would.
  await token.approve(await court.getAddress(), 1_000n * TOKEN);
  await court.fundPool(1_000n * TOKEN);
  // Providers paid by an earlier lifecycle. Lifecycles draw only others, so every measured payment opens a new
  // claimable slot whatever the number of providers (with 10, repeat winners would otherwise come and go with the
  // wall-clock timestamps that seed the lottery, and move the numbers by ~17k gas per winner).
  const paid = new Set<string>();
  return { ethers, networkHelpers, deployer, requester, token, registry, market, court, randomness, providers, paid };
}
export type Market = Awaited<ReturnType<typeof setupMarket>>;

async function measure(step: string, tx: Promise<{ wait: () => Promise<{ gasUsed: bigint; hash: string } | null> }>) {
  const receipt = (await (await tx).wait())!;
  return { step, gas: receipt.gasUsed, hash: receipt.hash };
}

/** When each not-yet-paid provider (not in `exclude`) first wins a draw; the earliest `count`. */
async function drawn(
  m: Market,
  o: { jobId: bigint; trigger: bigint; openedAt: bigint; window: bigint; seats: bigint; widening: bigint },
  count: number,
  exclude: Set<string> = new Set(),
) {
  const head = BigInt(await m.ethers.provider.getBlockNumber());
  if (head <= o.trigger + 1n) await m.networkHelpers.mine(Number(o.trigger + 2n - head)); // the seed block must exist
  const seed = await m.randomness.seedFor(o.trigger);
  const total = await m.registry.totalStakeAt(o.trigger - 1n);
  // First-time winners when there are enough of them (each payment then opens a new claimable slot, the costlier and
  // size-independent case); otherwise repeat winners too (only the 10-provider run gets there).
  const fresh = m.providers.filter((provider) => !m.paid.has(provider) && !exclude.has(provider));
  const pool = fresh.length >= count + 4 ? fresh : m.providers.filter((provider) => !exclude.has(provider));
  return pool
    .map((provider) => ({
      provider,
      at: firstWinningElapsed(
        {
          seed,
          jobId: o.jobId,
          provider,
          stake: STAKE,
          totalStake: total,
          replicas: o.seats,
          wideningPeriod: o.widening,
        },
        o.window,
      ),
    }))
    .filter((d): d is { provider: string; at: bigint } => d.at !== undefined)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .slice(0, count)
    .map((d) => ({ provider: d.provider, at: o.openedAt + d.at }));
}

async function at(m: Market, timestamp: bigint) {
  const now = BigInt(await m.networkHelpers.time.latest());
  if (now < timestamp) await m.networkHelpers.time.setNextBlockTimestamp(timestamp);
}

async function post(m: Market, replicas: number) {
  const now = BigInt(await m.networkHelpers.time.latest());
  const claimDeadline = now + 3_600n;
  const request = {
    resourceClass: 0,
    replicas,
    maxFuel: MAX_FUEL,
    maxPricePerMfuel: (2n * TOKEN) / 100n,
    minReputation: 0,
    claimDeadline,
    commitDeadline: claimDeadline + 3_600n,
    bundleHash: m.ethers.id(`bundle-${now}`),
    bundleURI: "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
  };
  const step = await measure("postJob", m.market.connect(m.requester).postJob(request));
  return { step, jobId: await m.market.jobCount() };
}

/**
 * One complete job with `replicas` honest providers; returns the gas of each step and whether the protocol audited it
 * (then an honest auditor, drawn by the court's lottery, claims, commits and reveals before settlement).
 */
export async function runLifecycle(m: Market, replicas: number): Promise<{ steps: Step[]; audited: boolean }> {
  const steps: Step[] = [];
  const posted = await post(m, replicas);
  steps.push(posted.step);
  const jobId = posted.jobId;
  const job = await m.market.getJob(jobId);
  const { wideningPeriod } = await m.market.parameters();
  const draws = await drawn(
    m,
    {
      jobId,
      trigger: job.postedBlock,
      openedAt: job.postedAt,
      window: job.claimDeadline - job.postedAt,
      seats: BigInt(replicas),
      widening: wideningPeriod,
    },
    replicas,
  );
  const output = m.ethers.id(`output-${jobId}`);
  const signers: HardhatEthersSigner[] = [];
  for (const d of draws) {
    await at(m, d.at);
    const signer = await m.ethers.getSigner(d.provider);
    signers.push(signer);
    steps.push(await measure("claim", m.market.connect(signer).claim(jobId)));
  }
  const salt = (s: HardhatEthersSigner) => m.ethers.id(`salt-${jobId}-${s.address}`);
  for (const s of signers) {
    const c = commitment(jobId, s.address, output, FUEL_USED, salt(s));
    steps.push(await measure("commitResult", m.market.connect(s).commitResult(jobId, c)));
  }
  // The first reveal takes the audit decision (an audited job's decision is taken by the auditor's claim instead, as
  // replicas cannot reveal before the auditor committed). The decision is real block-hash randomness.
  const closed = await m.market.getJob(jobId);
  await m.networkHelpers.mine(2);
  const audited = isAuditedBySeed(await m.randomness.seedFor(closed.commitsClosedBlock), jobId, closed.auditRateBps);
  let auditor: HardhatEthersSigner | undefined;
  if (audited) {
    const court = await m.court.parameters();
    const exclude = new Set(signers.map((s) => s.address));
    const t = closed.commitsClosedAt;
    const [a] = await drawn(
      m,
      {
        jobId,
        trigger: closed.commitsClosedBlock,
        openedAt: t,
        window: (await m.market.parameters()).auditDrawPeriod,
        seats: 1n,
        widening: court.wideningPeriod,
      },
      1,
      exclude,
    );
    await at(m, a!.at);
    auditor = await m.ethers.getSigner(a!.provider);
    steps.push(await measure("claimVerifier (audit)", m.court.connect(auditor).claimVerifier(jobId)));
    const seed = await m.randomness.seedFor(closed.commitsClosedBlock);
    const proof = executionProof(seed, m.ethers.id(`state-${jobId}`));
    const c = verdictCommitment(jobId, auditor.address, output, FUEL_USED, proof, salt(auditor));
    steps.push(await measure("commitVerdict (audit)", m.court.connect(auditor).commitVerdict(jobId, c)));
    for (const s of signers) {
      const reveal = m.market.connect(s).revealResult(jobId, output, FUEL_USED, salt(s), "ipfs://bafkreiresult");
      steps.push(await measure("revealResult", reveal));
    }
    const reveal = m.court.connect(auditor).revealVerdict(jobId, output, FUEL_USED, proof, salt(auditor), "");
    steps.push(await measure("revealVerdict (audit)", reveal));
  } else {
    for (const s of signers) {
      const reveal = m.market.connect(s).revealResult(jobId, output, FUEL_USED, salt(s), "ipfs://bafkreiresult");
      steps.push(await measure("revealResult", reveal));
    }
  }
  await at(m, (await m.market.timeline(jobId)).challengeEndsAt + 1n);
  steps.push(await measure("settle", m.market.settle(jobId)));
  for (const s of signers) m.paid.add(s.address);
  if (auditor) m.paid.add(auditor.address);
  return { steps, audited };
}

export const total = (steps: Step[]) => steps.reduce((sum, s) => sum + s.gas, 0n);

/** Where one transaction's gas went, in gas units; the fields add up to its gasUsed. */
export type Breakdown = {
  base: number; // 21,000 per transaction
  calldata: number; // 4 per zero byte, 16 per other byte
  newSlots: [count: number, gas: number]; // storage slots written from zero (20,000 + 2,100 cold access)
  updatedSlots: [count: number, gas: number]; // non-zero slots rewritten (2,900 + 2,100 cold access)
  coldReads: [count: number, gas: number]; // slots only read (2,100 each, the first time)
  token: number; // the token call: its code, storage and events, and the call itself
  calls: number; // calls to the registry and randomness source (2,600 for a cold account, plus ABI)
  events: number; // LOG opcodes outside the token
  execution: number; // everything else: arithmetic, hashing, memory, warm reads and control flow
};

type StructLog = { op: string; gas: number; gasCost: number; depth: number; stack?: string[] };

/**
 * Classifies a transaction's gas from the node's opcode trace: storage by slot (a slot that goes from zero to
 * non-zero is a new slot; one rewritten is an update; one only read is a cold read), the token call as one item,
 * other calls' own cost, events, and the rest as execution.
 */
export async function breakdown(conn: NetworkConnection<"generic">, hash: string, token: string) {
  const rpc = (method: string, params: unknown[]) => conn.provider.request({ method, params });
  const tx = (await rpc("eth_getTransactionByHash", [hash])) as { to: string; input: string };
  const receipt = (await rpc("eth_getTransactionReceipt", [hash])) as { gasUsed: string };
  const trace = (await rpc("debug_traceTransaction", [hash, { disableMemory: true, disableStorage: true }])) as {
    structLogs: StructLog[];
  };
  const logs = trace.structLogs;
  const data = getBytes(tx.input);
  const b: Breakdown = {
    base: 21_000,
    calldata: data.reduce((sum, byte) => sum + (byte === 0 ? 4 : 16), 0),
    newSlots: [0, 0],
    updatedSlots: [0, 0],
    coldReads: [0, 0],
    token: 0,
    calls: 0,
    events: 0,
    execution: 0,
  };
  const top = (stack: string[] | undefined, n: number) => BigInt(stack![stack!.length - 1 - n]);
  const slots = new Map<string, { gas: number; set: boolean; updated: boolean }>();
  const frames: string[] = [tx.to.toLowerCase()]; // the contract executing at each depth
  const tokenAddress = token.toLowerCase();
  for (let i = 0; i < logs.length; i++) {
    const l = logs[i];
    const here = frames[l.depth - 1];
    let cost = l.gasCost;
    if (["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"].includes(l.op)) {
      frames[l.depth] = `0x${top(l.stack, 1).toString(16).padStart(40, "0")}`;
      // A call's own cost: gas gone from the caller between the call and the next opcode at its depth,
      // less what the callee used.
      let j = i + 1;
      while (j < logs.length && logs[j].depth > l.depth) j++;
      const callee = j > i + 1 ? logs[i + 1].gas - (logs[j - 1].gas - logs[j - 1].gasCost) : 0;
      cost = j < logs.length ? l.gas - logs[j].gas - callee : l.gasCost;
    }
    if (here === tokenAddress || (frames[l.depth] === tokenAddress && l.op.endsWith("CALL"))) {
      b.token += cost;
    } else if (l.op === "SLOAD" || l.op === "SSTORE") {
      const key = `${here}:${top(l.stack, 0)}`;
      const slot = slots.get(key) ?? { gas: 0, set: false, updated: false };
      slot.gas += cost;
      if (l.op === "SSTORE" && cost >= 20_000) slot.set = true;
      else if (l.op === "SSTORE" && cost >= 2_900) slot.updated = true;
      slots.set(key, slot);
    } else if (l.op.startsWith("LOG")) b.events += cost;
    else if (l.op.endsWith("CALL") || l.op === "EXTCODESIZE") b.calls += cost;
    else b.execution += cost;
  }
  for (const slot of slots.values()) {
    const bucket = slot.set ? b.newSlots : slot.updated ? b.updatedSlots : slot.gas >= 2_100 ? b.coldReads : null;
    if (bucket) {
      bucket[0] += 1;
      bucket[1] += slot.gas;
    } else b.execution += slot.gas; // warm reads of slots an earlier call in this transaction loaded
  }
  const sum =
    b.base +
    b.calldata +
    b.newSlots[1] +
    b.updatedSlots[1] +
    b.coldReads[1] +
    b.token +
    b.calls +
    b.events +
    b.execution;
  // Exact on these paths (they earn no refunds); a gap means the classification above missed something.
  if (sum !== Number(BigInt(receipt.gasUsed))) throw new Error(`breakdown of ${hash}: ${sum} != ${receipt.gasUsed}`);
  return b;
}
