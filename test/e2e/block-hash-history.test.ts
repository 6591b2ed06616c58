/**
 * Seeds on a chain that keeps EIP-2935's block-hash history (anvil, like every chain since Ethereum's Prague upgrade):
 * the market and the randomness source read a seed from the history contract once BLOCKHASH forgot it, so a job can
 * still be claimed, and its audit decided from its own seed, more than 256 blocks later; past the history's 8,191
 * blocks, or on a chain without the contract, the seed expires and the protocol fails closed as before. (The Hardhat
 * network does not serve the history, so the mocha suites cover the 256-block expiry: test/mocha/adversarial/Seeds.)
 *
 *   node --disable-warning=ExperimentalWarning --import tsx --test test/e2e/block-hash-history.test.ts
 *
 * One anvil chain, automining only; about half a minute.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  BlockhashRandomness__factory,
  marketAddresses,
  marketContracts,
  register,
  stake,
  type BlockhashRandomness,
  type HashworkToken,
  type JobMarket,
  type ProviderRegistry,
} from "@hashwork/sdk";
import { commitment, isAuditedBySeed } from "@hashwork/sdk/results";
import { id, JsonRpcProvider, Network, NonceManager, parseEther, toBeHex, ZeroHash } from "ethers";
import { startChainNode, type ChainNode } from "@hashwork/harness/chain";
import { deploySystemAt } from "@hashwork/harness/deploy";
import { freePort } from "@hashwork/harness/ports";
import { account, POOL_SEED, TEST_PARAMS, TOKEN } from "@hashwork/provider-node/test-helpers/market";

const HISTORY = "0x0000F90827F1C53a10cb7A02335B175320002935"; // EIP-2935's history contract
const BLOCKHASH_WINDOW = 256;
const HISTORY_WINDOW = 8191;
const SeedStatus = { NotReady: 0n, Fixable: 1n, Fixed: 2n, Expired: 3n } as const;
const MAX_FUEL = 50_000_000n;
const OUTPUT_HASH = id("the output");

describe("seeds read from EIP-2935's block-hash history after BLOCKHASH forgot them", { timeout: 180_000 }, () => {
  let dir: string;
  let chain: ChainNode;
  let provider: JsonRpcProvider;
  let market: JobMarket;
  let registry: ProviderRegistry;
  let token: HashworkToken;
  let randomness: BlockhashRandomness;
  let deployer: NonceManager;
  let requester: NonceManager;
  const worker = account(2); // the only provider: it holds all the stake, so it wins every draw

  const mine = (blocks: number) => provider.send("anvil_mine", [toBeHex(blocks)]);
  const hashOf = async (block: bigint) => (await provider.getBlock(block))!.hash!;

  /** Posts a k = 1 job with an hour to claim; returns its id and the block it was posted in. */
  async function post(): Promise<{ jobId: bigint; postedBlock: bigint }> {
    const now = (await provider.getBlock("latest"))!.timestamp;
    const request = {
      resourceClass: 0,
      replicas: 1,
      maxFuel: MAX_FUEL,
      maxPricePerMfuel: (2n * TOKEN * 1_000_000n) / MAX_FUEL,
      minReputation: 0,
      claimDeadline: now + 3_600,
      commitDeadline: now + 7_200,
      bundleHash: id("bundle"),
      bundleURI: "ipfs://bundle",
    };
    const [escrow] = await market.escrowFor(request);
    await (await token.connect(deployer).transfer(await requester.getAddress(), escrow)).wait();
    await (await token.connect(requester).approve(await market.getAddress(), escrow)).wait();
    await (await market.connect(requester).postJob(request)).wait();
    const jobId = await market.jobCount();
    return { jobId, postedBlock: (await market.getJob(jobId)).postedBlock };
  }

  const claimWithCommitment = (jobId: bigint) =>
    market
      .connect(new NonceManager(worker.connect(provider)))
      .claim(jobId, commitment(jobId, worker.address, OUTPUT_HASH, 1_000_000n, id(`salt ${jobId}`)));

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "hashwork-history-"));
    chain = await startChainNode({
      kind: "anvil",
      port: await freePort(),
      logFile: join(dir, "anvil.log"),
      intervalMs: 0,
    });
    // The production default: the market reads live seeds itself (the path every claim and audit decision takes).
    const deployment = await deploySystemAt(chain.url, {
      parameters: { ...TEST_PARAMS, inlineSeeds: true },
      poolFunding: POOL_SEED,
    });
    provider = new JsonRpcProvider(chain.url, Network.from(31337), { staticNetwork: true, pollingInterval: 200 });
    ({ market, registry, token } = marketContracts(marketAddresses(deployment), provider));
    randomness = BlockhashRandomness__factory.connect(deployment.contracts.BlockhashRandomness!.address, provider);
    deployer = new NonceManager(account(0).connect(provider));
    requester = new NonceManager(account(1).connect(provider));
    const signer = new NonceManager(worker.connect(provider));
    const amount = parseEther("1000");
    await (await token.connect(deployer).transfer(worker.address, amount)).wait();
    const asWorker = registry.connect(signer);
    await (
      await register(asWorker, {
        metadataURI: "ipfs://worker",
        classes: 1,
        pricePerMfuel: 10n ** 13n,
        minMfuel: 50,
        capacity: 8,
      })
    ).wait();
    await (await stake(asWorker, token.connect(signer), { amount })).wait();
  });

  after(async () => {
    provider?.destroy();
    await chain?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("claims a job 300 blocks after its posting and decides its audit 300 blocks after commits closed", async () => {
    assert.notEqual(await provider.getCode(HISTORY), "0x", "anvil serves EIP-2935's history contract");
    const { jobId, postedBlock } = await post();
    await mine(BLOCKHASH_WINDOW + 44);

    // The source and the market agree: the seed is still the hash of the block after the posting.
    const seed = await hashOf(postedBlock + 1n);
    assert.equal(await randomness.seedStatus(postedBlock), SeedStatus.Fixable);
    assert.equal(await randomness.seedFor(postedBlock), seed);
    assert.deepEqual([...(await randomness.trySeed(postedBlock))], [SeedStatus.Fixable, seed]);
    assert.equal(await market.isDrawn(jobId, worker.address), true);

    // Without the history this claim reverts RandomnessSeedExpired (the job could only be refunded).
    await (await claimWithCommitment(jobId)).wait();
    const job = await market.getJob(jobId);
    assert.equal(job.claimed, 1n);
    const commitsClosedBlock = job.commitsClosedBlock;
    assert.ok(commitsClosedBlock > 0n, "the claim's commitment closed commits");

    await mine(BLOCKHASH_WINDOW + 44);
    const receipt = await (await market.connect(deployer).decideAudit(jobId)).wait();
    const decided = receipt!.logs
      .map((log) => market.interface.parseLog(log))
      .find((event) => event?.name === "AuditDecided");
    assert.ok(decided, "AuditDecided emitted");
    // Decided from the job's own seed: not reopened at this block and audited as a fail-closed decision would be.
    assert.equal(decided.args.seedBlock, commitsClosedBlock);
    const auditSeed = await hashOf(commitsClosedBlock + 1n);
    assert.equal(decided.args.audited, isAuditedBySeed(auditSeed, jobId, TEST_PARAMS.auditRateBps));
  });

  it("on a chain without the history contract a seed expires after 256 blocks, as before", async () => {
    const code = await provider.getCode(HISTORY);
    await provider.send("anvil_setCode", [HISTORY, "0x"]);
    try {
      const { jobId, postedBlock } = await post();
      await mine(BLOCKHASH_WINDOW - 56);
      assert.equal(await randomness.seedStatus(postedBlock), SeedStatus.Fixable, "BLOCKHASH still reads it");
      await mine(100);
      assert.equal(await randomness.seedStatus(postedBlock), SeedStatus.Expired);
      assert.deepEqual([...(await randomness.trySeed(postedBlock))], [SeedStatus.Expired, ZeroHash]);
      const expired = market.interface.getError("RandomnessSeedExpired")!.selector;
      await assert.rejects(claimWithCommitment(jobId), (error: { data?: string }) => {
        assert.equal(error.data?.slice(0, 10), expired, "the claim reverts RandomnessSeedExpired");
        return true;
      });
      assert.equal(await market.isSettleable(jobId), true, "an unclaimable job is refundable");
    } finally {
      await provider.send("anvil_setCode", [HISTORY, code]);
    }
  });

  it("past the history's 8,191 blocks a seed nobody fixed is expired", async () => {
    const { postedBlock } = await post();
    await mine(HISTORY_WINDOW - 91);
    assert.equal(await randomness.seedStatus(postedBlock), SeedStatus.Fixable, "near the history's end");
    assert.equal(await randomness.seedFor(postedBlock), await hashOf(postedBlock + 1n));
    await mine(100);
    assert.equal(await randomness.seedStatus(postedBlock), SeedStatus.Expired);
    await assert.rejects(randomness.seedFor(postedBlock), (error: { revert?: { name: string } }) => {
      assert.equal(error.revert?.name, "RandomnessSeedExpired");
      return true;
    });
  });
});
