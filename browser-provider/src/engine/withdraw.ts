import type { EngineHandle } from "@hashwork/provider-node/engine";
import { pinBlock, readProvider, unstake, withdraw, withdrawCourt, withdrawEarnings } from "@hashwork/sdk";
import type { MarketContracts } from "@hashwork/sdk/chain";
import { NonceManager, formatEther, formatUnits, type JsonRpcProvider, type Wallet } from "ethers";
import { tabContracts, tabProvider, type ChainSettings } from "./tab-chain.js";

/** What the engine still holds: it cannot stop without forfeiting collateral (a no-show) until all of it is done. */
export interface Held {
  /** Jobs it claimed a slot of and has not seen settled (a seen, unclaimed job is not held). */
  jobs: { jobId: bigint; state: string }[];
  /** Verifier seats it holds. */
  seats: { jobId: bigint; round: number; state: string }[];
  /** Its transactions not mined yet (a claim in flight becomes a held job). */
  pendingTxs: number;
}

export function heldBy(engine: EngineHandle): Held {
  return {
    jobs: engine.stores.jobs
      .active()
      .filter((j) => j.state !== "seen")
      .map((j) => ({ jobId: j.jobId, state: j.state })),
    seats: engine.stores.verifications
      .active()
      .filter((v) => v.state !== "seen")
      .map((v) => ({ jobId: v.jobId, round: v.round, state: v.state })),
    pendingTxs: engine.health().pendingTxs,
  };
}

export const holdsNothing = (h: Held) => h.jobs.length === 0 && h.seats.length === 0 && h.pendingTxs === 0;

/** Where a withdrawal stands, read from the chain. */
export interface Payout {
  /** Earnings claimable in the market and in the court (pull payments). */
  claimable: bigint;
  courtClaimable: bigint;
  stake: bigint;
  locked: bigint;
  /** Stake on its way out, withdrawable from `unbondingReadyAt` (chain seconds). */
  unbonding: bigint;
  unbondingReadyAt: number;
  /** The latest block's time: what the unbonding delay counts against. */
  chainNow: number;
  /** The working key's own tokens and ETH. */
  tokens: bigint;
  eth: bigint;
}

/** A withdrawal's steps, in order; each runs only if the chain says it is still needed. */
export type WithdrawStep = "earnings" | "court earnings" | "unstake" | "stake" | "send tokens" | "send ETH";

/** A step failed; nothing it had not done is lost, and running the withdrawal again resumes there. */
export class WithdrawStepError extends Error {
  constructor(
    readonly step: WithdrawStep,
    cause: unknown,
  ) {
    const e = cause as { shortMessage?: string; message?: string };
    super(`${step}: ${e.shortMessage ?? e.message ?? String(cause)}`, { cause });
  }
}

const tokens = (units: bigint) => `${formatUnits(units, 18)} tokens`;

/**
 * Withdraws everything the working key has in the protocol, each step with the SDK's action and only if the chain
 * says it is due: the market's earnings (`withdrawEarnings`), the court's (`withdrawCourt`), the whole stake to
 * unbonding (`unstake`; it must be free: the engine holds nothing), the unbonded stake once its delay passed
 * (`withdraw`). With `to` (the wallet that funded the key) it then sends the key's tokens there, and its ETH left
 * after that transfer's gas once nothing is unbonding any more (a later `withdraw` needs gas). Call it again to finish:
 * after the unbonding delay, or after a failed step. Runs only while the engine is stopped (it signs with the same
 * key, counting nonces itself).
 */
export async function withdrawAll(
  s: ChainSettings,
  wallet: Wallet,
  to: string | undefined,
  onStep: (step: WithdrawStep, detail: string) => void,
): Promise<Payout> {
  const provider = tabProvider(s);
  try {
    const signer = new NonceManager(wallet.connect(provider));
    const c = await tabContracts(s, signer);
    const me = wallet.address;
    const step = async (name: WithdrawStep, detail: string, send: () => Promise<{ wait(): Promise<unknown> }>) => {
      onStep(name, detail);
      try {
        await (await send()).wait();
      } catch (error) {
        signer.reset(); // a failed send may not have used its nonce
        throw new WithdrawStepError(name, error);
      }
    };
    const read = () => readPayout(c, provider, me);
    let p = await read();
    if (p.claimable > 0n) await step("earnings", tokens(p.claimable), () => withdrawEarnings(c.market));
    if (p.courtClaimable > 0n) await step("court earnings", tokens(p.courtClaimable), () => withdrawCourt(c.court));
    if (p.locked > 0n) {
      throw new WithdrawStepError("unstake", new Error(`${tokens(p.locked)} are still locked as collateral`));
    }
    if (p.stake > 0n) await step("unstake", tokens(p.stake), () => unstake(c.registry, { amount: p.stake }));
    p = await read();
    if (p.unbonding > 0n && p.chainNow >= p.unbondingReadyAt) {
      await step("stake", tokens(p.unbonding), () => withdraw(c.registry));
    }
    if (to === undefined) return await read();
    p = await read();
    if (p.tokens > 0n) await step("send tokens", `${tokens(p.tokens)} to ${to}`, () => c.token.transfer(to, p.tokens));
    p = await read();
    if (p.unbonding === 0n && p.stake === 0n && p.eth > 0n) {
      // Exactly the transfer's fee kept back: with the tip equal to the fee cap, the price paid is the cap.
      const fees = await provider.getFeeData();
      const price = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
      // A plain account takes exactly 21,000 gas, so nothing is left behind; a contract wallet takes what it takes
      // (the estimate), and the unused part of its limit stays with the key as dust.
      const plain = (await provider.getCode(to)) === "0x";
      const gasLimit = plain ? 21_000n : await provider.estimateGas({ from: me, to, value: 1n });
      const value = p.eth - gasLimit * price;
      if (value > 0n) {
        const tx = { to, value, gasLimit, maxFeePerGas: price, maxPriorityFeePerGas: price };
        await step("send ETH", `${formatEther(value)} ETH to ${to}`, () => signer.sendTransaction(tx));
      }
    }
    return await read();
  } finally {
    provider.destroy();
  }
}

/**
 * Where the withdrawal of `address` stands, read through `c` (bound to any runner) and `provider`, all at one block:
 * the ETH to send is computed from this read, so it must not mix a balance from before the last step's fee with one
 * from after it.
 */
async function readPayout(c: MarketContracts, provider: JsonRpcProvider, address: string): Promise<Payout> {
  const blockTag = await pinBlock(c.market, undefined);
  const [claimable, courtClaimable, record, balance, eth, block] = await Promise.all([
    c.market.claimable(address, { blockTag }),
    c.court.claimable(address, { blockTag }),
    readProvider(c.registry, { provider: address, blockTag }),
    c.token.balanceOf(address, { blockTag }),
    provider.getBalance(address, blockTag),
    provider.getBlock(blockTag),
  ]);
  return {
    claimable,
    courtClaimable,
    stake: record.stake,
    locked: record.locked,
    unbonding: record.unbonding,
    unbondingReadyAt: record.unbondingReadyAt,
    chainNow: block?.timestamp ?? 0,
    tokens: balance,
    eth,
  };
}
