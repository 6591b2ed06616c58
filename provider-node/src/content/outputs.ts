import { mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
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
    await syncDir(this.dir);
    return path;
  }

  async read(path: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(path));
  }

  /** Unlinks the file, durably (else a power cut could bring back a file the database no longer points at). */
  async delete(path: string): Promise<number> {
    let bytes: number;
    try {
      bytes = (await stat(path)).size;
      await unlink(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw error;
    }
    await syncDir(dirname(path));
    return bytes;
  }
}

async function syncDir(path: string): Promise<void> {
  const dir = await open(path, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
