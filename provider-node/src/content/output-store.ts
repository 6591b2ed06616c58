/**
 * Where a node keeps its job outputs until they are published: durable before anything about them goes on-chain (a
 * reveal after a restart reads them back). Files with fsync in the node (outputs.ts); IndexedDB in a browser tab.
 */
export interface OutputStore {
  /** Writes the output durably and returns where it is (what `read` takes). */
  write(jobId: bigint, bytes: Uint8Array): Promise<string>;
  read(path: string): Promise<Uint8Array>;
  /**
   * Deletes the output (once its job is final and the retention is over: content/output-sweeper.ts) and resolves
   * with the bytes freed. Idempotent: an output already gone frees 0 (a sweep interrupted after the delete retries).
   */
  delete(path: string): Promise<number>;
}
