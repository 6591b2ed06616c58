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

export async function setupMarket(conn: NetworkConnection<"generic">, providerCount: number) {
  const { ethers, ignition, networkHelpers } = conn;
  const [deployer, requester] = await ethers.getSigners();
  const deployed = await ignition.deploy(HashworkModule);
  const token = deployed.token as unknown as HashworkToken;
  const registry = deployed.registry as unknown as ProviderRegistry;
  const market = deployed.market as unknown as JobMarket;
  const randomness = deployed.randomness;
  const registryAddress = await registry.getAddress();

  // Providers are impersonated addresses: no key handling, and fast to create in bulk.
  const providers: string[] = [];
  await conn.provider.request({ method: "evm_setAutomine", params: [false] });
  for (let i = 0; i < providerCount; i++) {
    const address = ethers.getAddress(`0x${(0x100000 + i).toString(16).padStart(40, "0")}`);
    providers.push(address);
    await networkHelpers.impersonateAccount(address);
    await networkHelpers.setBalance(address, 10n ** 20n);
    await token.transfer(address, STAKE);
    const signer = await ethers.getSigner(address);
    await token.connect(signer).approve(registryAddress, STAKE, { gasLimit: 100_000 });
    await registry.connect(signer).register("ipfs://provider", 1, TOKEN, 64, { gasLimit: 200_000 });
    await registry.connect(signer).stake(STAKE, { gasLimit: 300_000 });
    if (i % 200 === 199) await networkHelpers.mine(1);
  }
  await networkHelpers.mine(1);
  await conn.provider.request({ method: "evm_setAutomine", params: [true] });
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
