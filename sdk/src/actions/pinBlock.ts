import type { BaseContract, BlockTag } from "ethers";

/**
 * The one block several reads of a snapshot share: the given tag, or the chain's current block number in place of
 * "latest". Reads sent together at "latest" can straddle a new block and mix two states (a job read just after its
 * audit decision beside a timeline read just before it, all zeros); a provider node that believed such a mix gave up a
 * reveal it still had time for, and was slashed for withholding.
 *
 * The number is asked with `eth_blockNumber` where the provider can send it, not through ethers' `getBlockNumber`,
 * whose 250 ms cache could pin a block from before a transaction the caller just saw mined.
 */
export async function pinBlock(contract: BaseContract, blockTag: BlockTag | undefined): Promise<BlockTag> {
  if (blockTag !== undefined && blockTag !== "latest") return blockTag;
  const provider = contract.runner?.provider;
  if (!provider) throw new Error("reading a contract needs a runner with a provider");
  const rpc = provider as { send?: (method: string, params: unknown[]) => Promise<unknown> };
  if (typeof rpc.send === "function") return Number(await rpc.send("eth_blockNumber", []));
  return await provider.getBlockNumber();
}
