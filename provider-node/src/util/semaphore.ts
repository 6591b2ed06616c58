/** Counting semaphore: at most `size` holders at once, FIFO for the waiters. */
export class Semaphore {
  private used = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly size: number) {}

  get inUse(): number {
    return this.used;
  }

  async acquire(): Promise<() => void> {
    if (this.used < this.size) {
      this.used++;
      return () => this.release();
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
    return () => this.release();
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.used--;
  }
}
