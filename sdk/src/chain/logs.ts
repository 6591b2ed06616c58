/** A log query over one block range (typechain's `queryFilter` bound to a filter, or `provider.getLogs`). */
export type RangeQuery<T> = (fromBlock: number, toBlock: number) => Promise<T[]>;

/**
 * Runs `query` over [fromBlock, toBlock] in chunks, so a long history never exceeds an RPC provider's
 * range or result limits; a chunk that fails is split in half and retried until it is a single block.
 */
export async function queryChunked<T>(
  query: RangeQuery<T>,
  fromBlock: number,
  toBlock: number,
  chunkSize = 5_000,
): Promise<T[]> {
  const out: T[] = [];
  let from = fromBlock;
  let size = chunkSize;
  while (from <= toBlock) {
    const to = Math.min(toBlock, from + size - 1);
    try {
      out.push(...(await query(from, to)));
      from = to + 1;
    } catch (error) {
      if (to === from) throw error;
      size = Math.max(1, Math.floor((to - from + 1) / 2));
    }
  }
  return out;
}
