import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseEther, parseUnits } from "ethers";
import { FailoverProvider } from "../src/chain/rpc.js";
import { Shutdown, type Common } from "../src/common.js";
import { validateConfig } from "../src/config/validate.js";
import { Database } from "../src/db/database.js";
import { TxStore } from "../src/db/txs.js";
import { ContractRevertError } from "../src/errors.js";
import { createLogger } from "../src/logger.js";
import { createMetrics } from "../src/metrics.js";
import { TxManager } from "../src/tx/manager.js";
import { startHardhatNode, type HardhatNode } from "./helpers/hardhat.js";
import { account, deploySystem, type System } from "./helpers/market.js";
import { waitFor } from "./helpers/ports.js";

describe("transaction manager (real chain, mining under test control)", { timeout: 180_000 }, () => {
  let dir: string;
  let chain: HardhatNode;
  let sys: System;
  let db: Database;
  let txs: TxStore;
  let tx: TxManager;
  let common: Common;
  let provider: FailoverProvider;
  const me = account(6);
  /** Job ids whose transactions a reorg makes unwanted (the node's policy consults its job table). */
  const unwanted = new Set<bigint>();

  /** Waits until our pending transaction has reached the node's mempool (it is recorded before it is sent). */
  async function inMempool(): Promise<void> {
    await waitFor(
      "transaction in the mempool",
      async () => {
        const last = txs.pending()[0]?.attempts.at(-1);
        return last && (await sys.provider.getTransaction(last.hash)) ? true : undefined;
      },
      10_000,
      50,
    );
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "hashwork-node-tx-"));
    chain = await startHardhatNode(join(dir, "hardhat.log"));
    sys = await deploySystem(chain.url);
    await (await sys.token.connect(sys.deployer).transfer(me.address, parseEther("10"))).wait();
    const addresses = { market: await sys.market.getAddress(), registry: await sys.registry.getAddress() };
    const config = validateConfig(
      {
        chainId: 31337,
        rpcUrls: [chain.url],
        contracts: addresses,
        tx: { replaceAfterMs: 1_000, pollIntervalMs: 100 },
      },
      dir,
      () => {
        throw new Error("unused");
      },
    );
    const metrics = createMetrics();
    common = { config, logger: createLogger(process.env.TX_TEST_LOG ?? "silent"), metrics, shutdown: new Shutdown() };
    provider = new FailoverProvider(config.rpcUrls, {
      chainId: 31337,
      timeoutMs: 5_000,
      logger: common.logger,
      metrics,
    });
    db = new Database(join(dir, "node.sqlite"));
    txs = new TxStore(db);
    tx = new TxManager(common, provider, me.connect(provider), db, txs, async (t) => !unwanted.has(t.jobId ?? -1n));
    await tx.start();
    // From here on blocks are mined only when the test says so.
    await chain.rpc("evm_setIntervalMining", [0]);
    await chain.rpc("evm_setAutomine", [false]);
  });
  after(async () => {
    tx?.stop();
    provider?.destroy();
    db?.close();
    sys?.provider.destroy();
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("re-signs a stuck transaction with the same nonce and bumped fees; the replacement is what gets mined", async () => {
    const token = await sys.token.getAddress();
    const data = sys.token.interface.encodeFunctionData("approve", [account(7).address, 1n]);
    const sent = tx.send({ call: { to: token, data, functionName: "approve" }, kind: "withdraw", jobId: null });
    const record = await waitFor("a replacement", () => txs.pending().find((t) => t.attempts.length >= 2), 30_000, 100);
    assert.equal(
      new Set(record.attempts.map((a) => a.hash)).size,
      record.attempts.length,
      "each attempt is a new transaction",
    );
    assert.ok(BigInt(record.attempts[1]!.maxPriorityFeePerGas) > BigInt(record.attempts[0]!.maxPriorityFeePerGas));
    // An attempt is recorded before it is broadcast: mine only once the node holds the replacement, or the original
    // can still be what the block takes (a race this test lost under load).
    await inMempool();
    await chain.rpc("evm_mine");
    const mined = await sent;
    const final = txs.get(mined.record.id)!;
    assert.equal(final.status, "mined");
    assert.ok(final.attempts.some((a) => a.hash === mined.receipt.hash));
    assert.notEqual(mined.receipt.hash, final.attempts[0]!.hash, "the original did not win");
    assert.match(await common.metrics.registry.metrics(), /hashwork_node_transaction_replacements_total [1-9]/);
  });

  it("fills the nonce of a reorged-out transaction that is no longer wanted instead of re-sending it", async () => {
    const token = await sys.token.getAddress();
    const spender = account(9).address;
    const data = sys.token.interface.encodeFunctionData("approve", [spender, 12345n]);
    const snapshot = await chain.rpc("evm_snapshot");
    const sent = tx.send({ call: { to: token, data, functionName: "approve" }, kind: "claim", jobId: 99n });
    await inMempool();
    await chain.rpc("evm_mine");
    const mined = await sent;
    assert.equal(await sys.token.allowance(me.address, spender), 12345n);

    // The block vanishes; the job the approval stood for is gone with it.
    unwanted.add(99n);
    assert.equal(await chain.rpc("evm_revert", [snapshot]), true);
    await chain.rpc("evm_mine");
    const fill = await waitFor("a nonce filler", () => txs.latest(null, "fill"), 30_000, 100);
    assert.equal(fill.nonce, mined.record.nonce);
    assert.equal(txs.get(mined.record.id)!.status, "dropped");
    await waitFor(
      "the filler mined",
      async () => {
        await chain.rpc("evm_mine");
        return txs.get(fill.id)!.status === "mined" ? true : undefined;
      },
      30_000,
      200,
    );
    assert.equal(await sys.token.allowance(me.address, spender), 0n, "the stale transaction did not come back");
  });

  it("decodes the custom error of a transaction that passed simulation but reverted on-chain", async () => {
    const token = await sys.token.getAddress();
    const spender = account(7);
    // We let `spender` move our tokens, then send a transfer of all of them. Before it is mined, the
    // spender's transferFrom (higher tip, so first in the block) empties our balance.
    const approve = sys.token.interface.encodeFunctionData("approve", [spender.address, parseEther("10")]);
    const approving = tx.send({
      call: { to: token, data: approve, functionName: "approve" },
      kind: "withdraw",
      jobId: null,
    });
    await inMempool();
    await chain.rpc("evm_mine");
    await approving;
    const transfer = sys.token.interface.encodeFunctionData("transfer", [account(8).address, parseEther("10")]);
    const sending = tx.send({
      call: { to: token, data: transfer, functionName: "transfer" },
      kind: "withdraw",
      jobId: null,
    });
    await inMempool();
    const thief = sys.token.connect(spender.connect(sys.provider));
    await thief.transferFrom(me.address, spender.address, parseEther("10"), {
      gasLimit: 100_000n, // no estimate: against the pending block it would see our transfer first
      maxPriorityFeePerGas: parseUnits("50", "gwei"),
      maxFeePerGas: parseUnits("100", "gwei"),
    });
    await chain.rpc("evm_mine");
    await assert.rejects(
      sending,
      (e: unknown) => e instanceof ContractRevertError && e.onChain && e.errorName === "ERC20InsufficientBalance",
    );
    const reverted = txs.latest(null, "withdraw")!;
    assert.equal(reverted.status, "reverted");
    assert.equal(reverted.error, "ERC20InsufficientBalance");
  });
});
