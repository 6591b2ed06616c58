/** Thrown out of `fd_write` (through the WASM frames) when stdout would pass `limits.maxOutputBytes`. */
export class OutputLimitExceeded extends Error {
  override name = "OutputLimitExceeded";
}

/**
 * stderr keeps at most this much, whatever the provider's settings: it is diagnostics, never part of the
 * result, and a fixed cap means a module cannot behave differently on hosts with different settings.
 */
export const STDERR_CAP = 64 * 1024;

const BLOCK = 64 * 1024;

/**
 * Collects what the module writes, in 64 KiB blocks (so a million tiny writes cost neither a million
 * objects nor a copy per doubling). stdout fails at the first byte over its limit; stderr drops the excess
 * but reports every byte written, so a module never retries a "short" write.
 */
export class OutputSink {
  private readonly blocks: Uint8Array[] = [];
  private fill = BLOCK;
  size = 0;

  constructor(
    private readonly limit: number,
    private readonly failOnOverflow: boolean,
  ) {}

  write(chunks: readonly Uint8Array[], total: number): void {
    if (this.failOnOverflow && this.size + total > this.limit) throw new OutputLimitExceeded();
    let room = this.limit - this.size;
    for (const chunk of chunks) {
      let data = room < chunk.length ? chunk.subarray(0, room) : chunk;
      room -= data.length;
      while (data.length > 0) {
        if (this.fill === BLOCK) {
          this.blocks.push(new Uint8Array(BLOCK));
          this.fill = 0;
        }
        const take = Math.min(data.length, BLOCK - this.fill);
        this.blocks[this.blocks.length - 1]!.set(data.subarray(0, take), this.fill);
        this.fill += take;
        this.size += take;
        data = data.subarray(take);
      }
    }
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    this.blocks.forEach((block, i) => out.set(block.subarray(0, Math.min(BLOCK, this.size - i * BLOCK)), i * BLOCK));
    return out;
  }
}
