import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Wallet } from "ethers";
import { startLocalStoreServer, type LocalStoreServer } from "../../src/sdk.js";
import { startHardhatNode, type HardhatNode } from "./hardhat.js";
import { account, addProvider, deploySystem, type System } from "./market.js";
import { NodeProcess } from "./nodes.js";
import { waitFor } from "./ports.js";

/** One suite's world: a hardhat node, the contracts, a local content store, and provider nodes. */
export interface World {
  dir: string;
  chain: HardhatNode;
  sys: System;
  store: LocalStoreServer;
  nodes: NodeProcess[];
  /** Creates (init + config) a provider node for hardhat account `accountIndex`, registered and staked. */
  addNode(
    name: string,
    accountIndex: number,
    o?: { config?: Record<string, unknown>; rpcUrls?: string[]; stake?: bigint; capacity?: number },
  ): Promise<NodeProcess>;
  /** Advances chain time by `seconds` and mines a block. */
  advance(seconds: number): Promise<void>;
  /**
   * Waits until `reveals` results of each job are revealed and its reveals closed, then moves chain time past the
   * latest of their challenge windows (a payable agreed result is settled only then). Jobs in flight together are
   * passed together: moving time for one could push another past its deadlines. A k = 1 job whose audit is undecided
   * once its commits closed keeps its answer sealed through the window counted from its commitment (its node reveals
   * and settles it in one transaction after it): for it, that window is passed without waiting for a reveal.
   */
  passChallengeWindow(jobIds: bigint | bigint[], reveals: number): Promise<void>;
  /**
   * Takes the audit decision of each job once its commits closed, as a requester who wants to see the answer does: a
   * k = 1 job's replica then reveals at once (within a reveal period) instead of keeping its answer sealed.
   */
  revealNow(jobIds: bigint | bigint[]): Promise<void>;
  teardown(): Promise<void>;
}

export async function createWorld(name: string, o: { recordRing?: number } = {}): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), `hashwork-node-${name}-`));
  const chain = await startHardhatNode(join(dir, "hardhat.log"));
  let store: LocalStoreServer | undefined;
  const nodes: NodeProcess[] = [];
  try {
    const sys = await deploySystem(chain.url, o.recordRing);
    store = await startLocalStoreServer({ dir: join(dir, "store") });
    const s = store;
    return {
      dir,
      chain,
      sys,
      store: s,
      nodes,
      async addNode(nodeName, accountIndex, o = {}) {
        const wallet: Wallet = account(accountIndex);
        await addProvider(sys, wallet, { stake: o.stake, capacity: o.capacity });
        const node = await NodeProcess.create({
          dir,
          name: nodeName,
          wallet,
          rpcUrls: o.rpcUrls ?? [chain.url],
          market: await sys.market.getAddress(),
          registry: await sys.registry.getAddress(),
          startBlock: sys.startBlock,
          storeUrl: s.url,
          config: o.config,
        });
        nodes.push(node);
        return node;
      },
      async advance(seconds) {
        await chain.rpc("evm_increaseTime", [seconds]);
        await chain.rpc("evm_mine");
      },
      async passChallengeWindow(jobIds, reveals) {
        let endsAt = 0;
        for (const jobId of Array.isArray(jobIds) ? jobIds : [jobIds]) {
          const revealed = async () =>
            (await sys.market.queryFilter(sys.market.filters.ResultRevealed(jobId))).length >= reveals;
          const t = await waitFor(
            `${reveals} reveal(s) of job ${jobId} and its reveals closed, or its answer sealed`,
            async () => {
              const job = await sys.market.getJob(jobId);
              const sealed = job.replicas === 1n && job.audit === 0n && job.commitsClosedAt > 0n;
              if (sealed || (job.revealsClosedAt > 0n && (await revealed()))) return sys.market.timeline(jobId);
              return undefined;
            },
            240_000,
          );
          endsAt = Math.max(endsAt, Number(t.challengeEndsAt));
        }
        const now = (await sys.provider.getBlock("latest"))!.timestamp;
        if (endsAt >= now) {
          await chain.rpc("evm_increaseTime", [endsAt - now + 1]);
          await chain.rpc("evm_mine");
        }
      },
      async revealNow(jobIds) {
        for (const jobId of Array.isArray(jobIds) ? jobIds : [jobIds]) {
          const job = await waitFor(
            `job ${jobId}'s commits closed`,
            async () => {
              const j = await sys.market.getJob(jobId);
              return j.commitsClosedAt > 0n ? j : undefined;
            },
            240_000,
          );
          if (job.audit !== 0n) continue;
          const head = await sys.provider.getBlockNumber();
          if (head <= Number(job.commitsClosedBlock) + 1) await chain.rpc("evm_mine"); // the seed's block
          // A node may take it first (it does at once for an audited job): then there is nothing left to do.
          await sys.market
            .connect(sys.deployer)
            .decideAudit(jobId)
            .then((tx) => tx.wait())
            .catch(async (error: unknown) => {
              if ((await sys.market.getJob(jobId)).audit === 0n) throw error;
            });
        }
      },
      async teardown() {
        await Promise.all(nodes.map((n) => n.stop("SIGTERM", 10_000)));
        sys.provider.destroy();
        await s.close();
        await chain.stop();
        if (!process.env.KEEP_TEST_DIRS) await rm(dir, { recursive: true, force: true });
        else console.error(`test files kept in ${dir}`);
      },
    };
  } catch (error) {
    await store?.close();
    await chain.stop();
    throw error;
  }
}
