import { toBeHex, zeroPadValue, type Provider } from "ethers";

/** EIP-2935's block-hash history contract (Ethereum since Prague, the OP Stack since Isthmus, anvil). */
export const BLOCK_HASH_HISTORY = "0x0000F90827F1C53a10cb7A02335B175320002935";
/** Blocks `BLOCKHASH` reads back (the contracts' `Seeds`). */
export const BLOCKHASH_WINDOW = 256;
/** Blocks EIP-2935's history contract serves (the contracts' `Seeds.HISTORY_WINDOW`). */
export const HISTORY_WINDOW = 8_191;

/**
 * How many blocks back the contracts can read a block's hash, hence a seed, on this chain: 8,191 where EIP-2935's
 * history contract answers (as `Seeds` asks it: the block number as 32 bytes, a 32-byte hash back), else 256.
 */
export async function blockHashWindow(provider: Pick<Provider, "call" | "getBlockNumber">): Promise<number> {
  const latest = await provider.getBlockNumber();
  if (latest < 2) return BLOCKHASH_WINDOW;
  try {
    const answer = await provider.call({ to: BLOCK_HASH_HISTORY, data: zeroPadValue(toBeHex(latest - 1), 32) });
    return answer.length === 66 ? HISTORY_WINDOW : BLOCKHASH_WINDOW;
  } catch {
    return BLOCKHASH_WINDOW; // reverts (the Hardhat network's stand-in) or absent
  }
}
