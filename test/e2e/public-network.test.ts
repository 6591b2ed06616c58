/**
 * The public-network path of README's "Deploy to a public network", rehearsed on a chain that behaves like an L2:
 * anvil with Base Sepolia's chain id (84532), a block every 2 s and nothing mined in between, a 0.01 gwei base fee,
 * and an ERC-20 that exists before the deployment (standing in for USDC). The deployment runs the guide's command
 * (`hardhat run scripts/deploy.ts --network base-sepolia`, the network's parameter file with the stand-in's address),
 * the court's pool is funded with `cast` as the guide says, two provider nodes and the `hashwork` CLI (with a named
 * network profile) run against the addresses the deployment wrote, and a job is paid for, run, settled and its output
 * verified. graph-node indexes the chain with the subgraph generated from the networks.json entry the deployment
 * recorded (`base-sepolia`, no deployment file), and reports the job completed.
 *
 *   node --disable-warning=ExperimentalWarning --import tsx --test test/e2e/public-network.test.ts
 *
 * The protocol's public windows (a 10-minute challenge window) pass by moving the chain's clock; everything else runs
 * in real time. Takes about 3 minutes; needs PostgreSQL as @hashwork/devkit/postgres describes.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import {
  AuditState,
  BlockhashRandomness__factory,
  HashworkToken__factory,
  JobMarket__factory,
  JobStatus,
  SeedStatus,
  isAuditedBySeed,
  type BlockhashRandomness,
  startLocalStoreServer,
  type JobMarket,
  type LocalStoreServer,
} from "@hashwork/sdk";
import {
  ContractFactory,
  JsonRpcProvider,
  keccak256,
  Network,
  NonceManager,
  parseEther,
  toUtf8Bytes,
  type InterfaceAbi,
} from "ethers";
import { NodeProcess } from "@hashwork/provider-node/test-helpers/nodes";
import { account } from "@hashwork/provider-node/test-helpers/market";
import { freePort, waitFor } from "@hashwork/provider-node/test-helpers/ports";
import { UPPERCASE, wat } from "@hashwork/provider-node/test-helpers/wasm";
import { REPO, startChainNode, type ChainNode } from "@hashwork/harness/chain";
import { Cli, finish } from "./cli/helpers/cli.js";
import { cast, querySubgraph } from "./helpers/devnet.js";
import { freeIndexerPorts, startIndexer, type Indexer } from "@hashwork/devkit/indexer";

const run = promisify(execFile);
const CHAIN_ID = 84532; // Base Sepolia's
const NETWORK = "base-sepolia";

describe(
  "public-network rehearsal: the deployment guide on an L2-like chain with an existing ERC-20",
  { timeout: 600_000 },
  () => {
    let dir: string;
    let chain: ChainNode;
    let store: LocalStoreServer;
    let provider: JsonRpcProvider;
    const nodes: NodeProcess[] = [];
    let indexer: Indexer | undefined;
    const deploymentId = `rehearsal-${process.pid}`;
    const deployer = account(0);
    const issuer = account(9); // whoever issued the existing token, long before Hashwork
    const requester = account(1);

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "hashwork-public-"));
      chain = await startChainNode({
        kind: "anvil",
        port: await freePort(),
        logFile: join(dir, "anvil.log"),
        intervalMs: 2_000,
        publicLike: { chainId: CHAIN_ID, baseFeeWei: 10_000_000n },
      });
      store = await startLocalStoreServer({ dir: join(dir, "store") });
      provider = new JsonRpcProvider(chain.url, Network.from(CHAIN_ID), { staticNetwork: true, pollingInterval: 500 });
    });
    after(async () => {
      await Promise.all(nodes.map((n) => n.stop("SIGTERM", 10_000)));
      await indexer?.service.stop();
      provider?.destroy();
      await store?.close();
      await chain?.stop();
      await rm(join(REPO, "ignition/deployments", deploymentId), { recursive: true, force: true });
      if (!process.env.KEEP_TEST_DIRS) await rm(dir, { recursive: true, force: true });
      else console.error(`test files kept in ${dir}`);
    });

    it("deploys with the guide's command, funds the court with cast, and settles a job from the CLI through provider nodes", async (t) => {
      // An ERC-20 already on the chain: the deployment must use it, not deploy its own.
      const issuerSigner = new NonceManager(issuer.connect(provider));
      // (Bytecode comes from Hardhat's artifacts: the SDK's bindings are generated from ABIs alone.)
      const artifact = JSON.parse(
        readFileSync(join(REPO, "artifacts/contracts/HashworkToken.sol/HashworkToken.json"), "utf8"),
      ) as { abi: InterfaceAbi; bytecode: string };
      const issued = await new ContractFactory(artifact.abi, artifact.bytecode, issuerSigner).deploy(
        issuer.address,
        parseEther("1000000"),
      );
      await issued.waitForDeployment();
      const usdcAddress = await issued.getAddress();
      const usdc = HashworkToken__factory.connect(usdcAddress, issuerSigner);
      for (const to of [deployer, requester, account(3), account(4)])
        await (await usdc.transfer(to.address, parseEther("10000"))).wait();

      // The guide: the network's parameter file (here with the stand-in's address) and one command.
      const parameters = JSON.parse(readFileSync(join(REPO, `ignition/parameters/${NETWORK}.json`), "utf8"));
      parameters.Hashwork.paymentToken = usdcAddress;
      const parametersFile = join(dir, `${NETWORK}.json`);
      await writeFile(parametersFile, JSON.stringify(parameters));
      const networksFile = join(dir, "networks.json");
      await writeFile(networksFile, readFileSync(join(REPO, "subgraph/config/networks.json")));
      const t0 = Date.now();
      const deploy = await run(
        join(REPO, "node_modules/.bin/hardhat"),
        ["run", "scripts/deploy.ts", "--network", NETWORK],
        {
          cwd: REPO,
          timeout: 300_000,
          env: {
            ...process.env,
            BASE_SEPOLIA_RPC_URL: chain.url,
            HASHWORK_DEPLOYER_KEY: deployer.privateKey,
            HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "false",
            HASHWORK_IGNITION_PARAMETERS: parametersFile,
            HASHWORK_DEPLOYMENT_ID: deploymentId,
            HASHWORK_DEPLOYMENTS_DIR: dir,
            HASHWORK_SUBGRAPH_NETWORKS: networksFile,
          },
        },
      );
      t.diagnostic(`deployed in ${((Date.now() - t0) / 1000).toFixed(0)} s:\n${deploy.stdout.trim()}`);
      const deploymentFile = join(dir, `${CHAIN_ID}.json`);
      const deployment = JSON.parse(readFileSync(deploymentFile, "utf8")) as {
        chainId: number;
        contracts: Record<string, { address: string; startBlock: number }>;
      };
      assert.equal(deployment.chainId, CHAIN_ID);
      const c = deployment.contracts;
      assert.equal(c.PaymentToken.address, usdcAddress, "the existing token is the payment token");
      const market = JobMarket__factory.connect(c.JobMarket.address, provider) as JobMarket;
      const randomness = BlockhashRandomness__factory.connect(c.BlockhashRandomness.address, provider);
      assert.equal(await market.token(), usdcAddress, "the market escrows in the existing token");
      assert.notEqual(c.HashworkToken.address, usdcAddress, "the governance token is deployed beside it");

      // The subgraph's entry for the network now points at the deployment; graph-node indexes from that entry alone.
      const networks = JSON.parse(readFileSync(networksFile, "utf8"));
      assert.deepEqual(networks[NETWORK].contracts.JobMarket, c.JobMarket);
      indexer = startIndexer({
        rpcUrl: chain.url,
        network: NETWORK,
        networksFile,
        ipfsUrl: store.url,
        ports: await freeIndexerPorts(),
        workDir: join(dir, "indexer"),
        logFile: join(dir, "indexer.log"),
      });

      // The guide funds the court's pool with cast: jobs are verifiable only up to what it can pay.
      const pool = parseEther("100").toString();
      await cast(
        chain.url,
        "send",
        usdcAddress,
        "approve(address,uint256)",
        c.VerificationCourt.address,
        pool,
        "--private-key",
        deployer.privateKey,
      );
      await cast(
        chain.url,
        "send",
        c.VerificationCourt.address,
        "fundPool(uint256)",
        pool,
        "--private-key",
        deployer.privateKey,
      );
      assert.ok((await market.maxVerifiableBudget()) > 0n, "the pool's report reached the market");

      // The CLI reaches the network through a named profile in its config file, as the guide sets one up.
      const configFile = join(dir, "hashwork-config.json");
      const profile = { rpc: chain.url, contentStore: store.url, deployment: `./${CHAIN_ID}.json` };
      await writeFile(configFile, JSON.stringify({ profiles: { [NETWORK]: profile } }));
      const cli = new Cli({ HASHWORK_CONFIG: configFile, HASHWORK_PROFILE: NETWORK }, dir);

      // Two providers register and stake with the CLI, then run their nodes (one replica, one free to audit).
      for (const [name, index] of [
        ["alice", 3],
        ["bob", 4],
      ] as const) {
        const key = { HASHWORK_PRIVATE_KEY: account(index).privateKey };
        const registered = await cli.run(["provider", "register", "--price-per-mfuel", "0.001"], key);
        assert.equal(registered.code, 0, registered.stdout + registered.stderr);
        const staked = await cli.run(["provider", "stake", "100"], key);
        assert.equal(staked.code, 0, staked.stdout + staked.stderr);
        const node = await NodeProcess.create({
          dir,
          name,
          wallet: account(index),
          chainId: CHAIN_ID,
          rpcUrls: [chain.url],
          market: c.JobMarket.address,
          registry: c.ProviderRegistry.address,
          startBlock: c.JobMarket.startBlock,
          storeUrl: store.url,
        });
        nodes.push(node);
      }
      await Promise.all(nodes.map((n) => n.start()));

      // The requester posts with the CLI and waits; the challenge window passes on the chain's clock.
      const modulePath = join(dir, "upper.wasm");
      await writeFile(modulePath, await wat(UPPERCASE));
      await writeFile(join(dir, "input.txt"), "hello l2");
      const jobId = (await market.jobCount()) + 1n;
      const posted = cli.start(
        ["job", "post", modulePath, "--input", "input.txt", "--fuel", "2000000", "--price-per-mfuel", "0.01"].concat([
          "--timeout",
          "5m",
          "--wait",
          "--out",
          "result.txt",
          "--json",
        ]),
        { HASHWORK_PRIVATE_KEY: requester.privateKey },
      );
      const done = finish(posted);
      // The chain's clock jumps only over windows nobody acts in. Unless its seed audits it, the k = 1 answer stays
      // sealed through the challenge window counted from its commitment, and the node then reveals and settles it in
      // one transaction; an audited job's auditor and replica act in real time, then its challenge window is jumped.
      let finished = false;
      const passing = passWindows(market, randomness, jobId, () => finished);
      const r = await done.finally(() => (finished = true));
      const audited = await passing;
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.json.verified, true);
      assert.equal(r.json.outputHash, keccak256(toUtf8Bytes("HELLO L2")));
      assert.equal(readFileSync(join(dir, "result.txt"), "utf8"), "HELLO L2");
      const job = await market.getJob(jobId);
      assert.equal(Number(job.status), JobStatus.Completed);
      // The subgraph (network base-sepolia, from the deployment's networks.json entry) reports it too.
      await indexer.ready();
      const indexed = await waitFor(
        `the subgraph to report job ${jobId} completed`,
        async () => {
          const { job } = await querySubgraph<{ job: { status: string; outcome: string } | null }>(
            indexer!.subgraphUrl,
            `{ job(id: "${jobId}") { status outcome } }`,
          );
          return job?.status === "COMPLETED" ? job : undefined;
        },
        180_000,
        2_000,
      );
      assert.equal(indexed.outcome, "COMPLETED");
      const how = audited ? "audited (in real time)" : "sealed through its window, then revealed and settled";
      t.diagnostic(
        `job ${jobId}, ${how}, settled ${((Date.now() - t0) / 1000).toFixed(0)} s after the deployment began`,
      );
    });

    /**
     * Moves the chain's clock past the job's challenge window once nobody has anything to do before it ends: while
     * the answer is sealed (commits closed, the seed known and not auditing it, the decision untaken), or once
     * every reveal arrived. Polls until `stop()`.
     */
    async function passWindows(market: JobMarket, randomness: BlockhashRandomness, jobId: bigint, stop: () => boolean) {
      let passed = 0n;
      let audited: boolean | undefined;
      while (!stop()) {
        const job = await market.getJob(jobId).catch(() => undefined);
        if (job && Number(job.status) === JobStatus.Open && job.commitsClosedAt !== 0n) {
          let idle = Number(job.audit) !== AuditState.Undecided && job.revealsClosedAt !== 0n;
          if (Number(job.audit) !== AuditState.Undecided) audited = Number(job.audit) === AuditState.Audited;
          if (Number(job.audit) === AuditState.Undecided && Number(job.replicas) === 1) {
            const status = Number(await randomness.seedStatus(job.commitsClosedBlock));
            if (status === SeedStatus.Fixable || status === SeedStatus.Fixed) {
              const seed = await randomness.seedFor(job.commitsClosedBlock);
              audited = isAuditedBySeed(seed, jobId, job.auditRateBps);
              idle = !audited;
            }
          }
          const { challengeEndsAt } = await market.timeline(jobId);
          if (idle && challengeEndsAt > passed) {
            const now = (await provider.getBlock("latest"))!.timestamp;
            if (challengeEndsAt >= BigInt(now)) {
              await chain.rpc("evm_increaseTime", [Number(challengeEndsAt) - now + 1]);
              await chain.rpc("evm_mine");
            }
            passed = challengeEndsAt;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      return audited;
    }
  },
);
