import { mkdir, open, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { OutputStore } from "./output-store.js";

/** Job outputs on local disk, written with fsync before anything about them goes on-chain. */
export class OutputFiles implements OutputStore {
  constructor(private readonly dir: string) {}

  /** Writes the output durably and returns its path. */
  async write(jobId: bigint, bytes: Uint8Array): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${jobId}.out`);
    const handle = await open(path, "w");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const dir = await open(this.dir, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return path;
  }

  async read(path: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(path));
  }
}
