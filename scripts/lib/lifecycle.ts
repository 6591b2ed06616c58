/**
 * Drives whole job lifecycles against a deployed system and records the gas of every step.
 * Shared by the gas benchmark and the gas-snapshot check.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";
import HashworkModule from "../../ignition/modules/Hashwork.js";
import { firstWinningElapsed } from "../../sdk/src/lottery.js";
import { commitment } from "../../sdk/src/results.js";
import type { HashworkToken, JobMarket, ProviderRegistry } from "../../sdk/src/typechain/index.js";

const TOKEN = 10n ** 18n;
const STAKE = 1_000n * TOKEN;

export type Step = { step: string; gas: bigint };

/** Raw JSON-RPC through the connection: no gas estimation, nonce lookup or receipt polling per call. */
type Rpc = (method: string, params?: unknown[]) => Promise<unknown>;

/** Mines blocks until one comes out empty, i.e. the mempool is drained. */
async function mineAll(rpc: Rpc) {
  for (;;) {
    await rpc("evm_mine");
    const block = (await rpc("eth_getBlockByNumber", ["latest", false])) as { transactions: string[] };
    if (process.env.BENCH_DEBUG) console.error("mined", block.transactions.length);
    if (block.transactions.length === 0) return;
  }
}

const CHUNK = 1_000; // requests in flight at once
async function inChunks<T>(items: T[], send: (item: T, index: number) => Promise<unknown>[]) {
  for (let i = 0; i < items.length; i += CHUNK) {
    await Promise.all(items.slice(i, i + CHUNK).flatMap((item, j) => send(item, i + j)));
    if (process.env.BENCH_DEBUG) console.error("chunk", i);
  }
}

/**
 * Deploys the system and registers `providerCount` staked providers. Every provider is a distinct impersonated
 * address that registers and stakes through real transactions; to make 10,000 of them take seconds, the
 * transactions go out as raw `eth_sendTransaction` requests with explicit gas and nonces, queued with automine
 * off, then mined in full blocks.
 */
export async function setupMarket(conn: NetworkConnection<"generic">, providerCount: number) {
  const { ethers, ignition, networkHelpers } = conn;
  const rpc: Rpc = (method, params = []) => conn.provider.request({ method, params });
  const [deployer, requester] = await ethers.getSigners();
  const deployed = await ignition.deploy(HashworkModule);
  const token = deployed.token as unknown as HashworkToken;
  const registry = deployed.registry as unknown as ProviderRegistry;
  const market = deployed.market as unknown as JobMarket;
  const randomness = deployed.randomness;
  const [tokenAddress, registryAddress] = await Promise.all([token.getAddress(), registry.getAddress()]);

  const providers = Array.from({ length: providerCount }, (_, i) =>
    ethers.getAddress(`0x${(0x100000 + i).toString(16).padStart(40, "0")}`),
  );
  const hex = (n: bigint | number) => ethers.toQuantity(n);
  const tx = (from: string, to: string, data: string, gas: number, nonce?: number) =>
    rpc("eth_sendTransaction", [
      { from, to, data, gas: hex(gas), ...(nonce === undefined ? {} : { nonce: hex(nonce) }) },
    ]);
  const approve = token.interface.encodeFunctionData("approve", [registryAddress, STAKE]);
  const register = registry.interface.encodeFunctionData("register", ["ipfs://provider", 1, TOKEN, 64]);
  const stake = registry.interface.encodeFunctionData("stake", [STAKE]);

  const t0 = Date.now();
  const log = (what: string) => process.env.BENCH_DEBUG && console.error(`${what} ${Date.now() - t0} ms`);
  await rpc("evm_setAutomine", [false]);
  // 1. The deployer funds every provider with tokens (explicit nonces: one sender, many queued transactions).
  let nonce = await ethers.provider.getTransactionCount(deployer.address);
  await inChunks(providers, (p) => [
    rpc("hardhat_impersonateAccount", [p]),
    rpc("hardhat_setBalance", [p, hex(10n ** 20n)]),
    tx(deployer.address, tokenAddress, token.interface.encodeFunctionData("transfer", [p, STAKE]), 100_000, nonce++),
  ]);
  await mineAll(rpc);
  log("funded");
  // 2. Each provider approves, registers and stakes (nonces 0, 1, 2), after its tokens have arrived.
  await inChunks(providers, (p) => [
    tx(p, tokenAddress, approve, 100_000, 0),
    tx(p, registryAddress, register, 200_000, 1),
    tx(p, registryAddress, stake, 300_000, 2),
  ]);
  log("queued");
  await mineAll(rpc);
  log("staked");
  await rpc("evm_setAutomine", [true]);
  // A reverted setup transaction would silently skew the benchmark.
  const staked = await registry.totalStake();
  if (staked !== STAKE * BigInt(providerCount))
    throw new Error(`setup: total stake ${staked}, expected ${STAKE * BigInt(providerCount)}`);

  await token.transfer(requester.address, 1_000_000n * TOKEN);
  await token.connect(requester).approve(await market.getAddress(), ethers.MaxUint256);
  return { ethers, networkHelpers, deployer, requester, token, registry, market, randomness, providers };
}
export type Market = Awaited<ReturnType<typeof setupMarket>>;

async function gasOf(tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>) {
  const receipt = await (await tx).wait();
  return receipt!.gasUsed;
}

/** Picks the first `count` providers the lottery admits, advancing time to each one's earliest draw. */
async function drawn(m: Market, jobId: bigint, count: number) {
  const job = await m.market.getJob(jobId);
  await m.networkHelpers.mine(2); // the seed block must exist
  const seed = await m.randomness.seedFor(job.postedBlock);
  const total = await m.registry.totalStakeAt(job.postedBlock);
  const { wideningPeriod } = await m.market.parameters();
  const draws = m.providers
    .map((provider) => ({
      provider,
      at: firstWinningElapsed(
        { seed, jobId, provider, stake: STAKE, totalStake: total, replicas: job.replicas, wideningPeriod },
        job.claimDeadline - job.postedAt,
      ),
    }))
    .filter((d): d is { provider: string; at: bigint } => d.at !== undefined)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .slice(0, count);
  return { job, draws };
}

async function post(m: Market, replicas: number) {
  const now = BigInt(await m.networkHelpers.time.latest());
  const claimDeadline = now + 3_600n;
  const commitDeadline = claimDeadline + 3_600n;
  const request = {
    resourceClass: 0,
    replicas,
    maxPrice: 2n * TOKEN,
    minReputation: 0,
    claimDeadline,
    commitDeadline,
    revealDeadline: replicas === 1 ? 0n : commitDeadline + 3_600n,
    bundleHash: m.ethers.id(`bundle-${now}`),
    bundleURI: "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
  };
  const gas = await gasOf(m.market.connect(m.requester).postJob(request));
  return { gas, jobId: await m.market.jobCount() };
}

/** One complete job with `replicas` honest providers; returns the gas of each step. */
export async function runLifecycle(m: Market, replicas: number): Promise<Step[]> {
  const steps: Step[] = [];
  const posted = await post(m, replicas);
  steps.push({ step: "postJob", gas: posted.gas });
  const { job, draws } = await drawn(m, posted.jobId, replicas);
  const output = m.ethers.id(`output-${posted.jobId}`);
  const salt = m.ethers.id(`salt-${posted.jobId}`);
  const signers: HardhatEthersSigner[] = [];
  for (const { provider, at } of draws) {
    const now = BigInt(await m.networkHelpers.time.latest());
    if (now < job.postedAt + at) await m.networkHelpers.time.setNextBlockTimestamp(job.postedAt + at);
    const signer = await m.ethers.getSigner(provider);
    signers.push(signer);
    steps.push({ step: "claim", gas: await gasOf(m.market.connect(signer).claim(posted.jobId)) });
  }
  if (replicas === 1) {
    steps.push({
      step: "submitResult",
      gas: await gasOf(m.market.connect(signers[0]).submitResult(posted.jobId, output, "ipfs://bafkreiresult")),
    });
    await m.networkHelpers.time.increase((await m.market.parameters()).challengeWindow);
  } else {
    for (const s of signers) {
      const c = commitment(posted.jobId, s.address, output, salt);
      steps.push({ step: "commitResult", gas: await gasOf(m.market.connect(s).commitResult(posted.jobId, c)) });
    }
    for (const s of signers) {
      steps.push({
        step: "revealResult",
        gas: await gasOf(m.market.connect(s).revealResult(posted.jobId, output, salt, "ipfs://bafkreiresult")),
      });
    }
  }
  steps.push({ step: "settle", gas: await gasOf(m.market.settle(posted.jobId)) });
  return steps;
}

export const total = (steps: Step[]) => steps.reduce((sum, s) => sum + s.gas, 0n);
