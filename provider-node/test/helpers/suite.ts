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
   * passed together: moving time for one could push another past its deadlines.
   */
  passChallengeWindow(jobIds: bigint | bigint[], reveals: number): Promise<void>;
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
          const revealed = () => sys.market.queryFilter(sys.market.filters.ResultRevealed(jobId));
          await waitFor(
            `${reveals} reveal(s) of job ${jobId}`,
            async () => ((await revealed()).length >= reveals ? true : undefined),
            240_000,
          );
          const closed = async () => (await sys.market.getJob(jobId)).revealsClosedAt > 0n;
          const t = await waitFor(
            `reveals of job ${jobId} closed`,
            async () => ((await closed()) ? sys.market.timeline(jobId) : undefined),
            120_000,
          );
          endsAt = Math.max(endsAt, Number(t.challengeEndsAt));
        }
        const now = (await sys.provider.getBlock("latest"))!.timestamp;
        if (endsAt >= now) {
          await chain.rpc("evm_increaseTime", [endsAt - now + 1]);
          await chain.rpc("evm_mine");
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
