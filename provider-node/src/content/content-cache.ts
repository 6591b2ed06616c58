import { readdir, stat, unlink, utimes } from "node:fs/promises";
import { join } from "node:path";
import {
  BUNDLE_BYTES_MAX,
  LocalStore,
  parseBundle,
  type CallOptions,
  type ContentStore,
  type GetOptions,
  type PutResult,
} from "../sdk.js";

/** A file of the cache: its CID, where it is, its size and when it was last used (its mtime). */
export interface CachedFile {
  cid: string;
  path: string;
  size: number;
  usedMs: number;
}

/**
 * The node's content cache on disk (`<dataDir>/content`): the SDK's `LocalStore` (one CID-verified file per CID), and
 * when each file was last used — kept as the file's mtime, set on every get and put. The least recently used order so
 * survives a restart and a crash without any bookkeeping of its own (not atime: noatime and relatime mounts do not keep
 * it; a content-addressed file's mtime means nothing else). `maxBytes` is the bound the `CacheSweeper` evicts down to.
 */
export class ContentCache implements ContentStore {
  readonly files: LocalStore;

  constructor(
    dir: string,
    readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {
    this.files = new LocalStore(dir);
  }

  async get(cid: string, options: GetOptions = {}): Promise<Uint8Array> {
    const bytes = await this.files.get(cid, options);
    await this.touch(cid);
    return bytes;
  }

  /** Writes the bytes unless they are held already; either way they count as just used. */
  async put(bytes: Uint8Array, options: CallOptions = {}): Promise<PutResult> {
    const result = await this.files.put(bytes, options);
    await this.touch(result.cid);
    return result;
  }

  /** Whether the CID is held; asking is not a use. */
  async has(cid: string, options: CallOptions = {}): Promise<boolean> {
    return this.files.has(cid, options);
  }

  /** Every file held, in no particular order. */
  async list(): Promise<CachedFile[]> {
    const root = join(this.files.dir, "files");
    const found: CachedFile[] = [];
    for (const shard of await entries(root)) {
      for (const cid of await entries(join(root, shard))) {
        const path = join(root, shard, cid);
        const s = await stat(path).catch(() => undefined); // evicted or replaced meanwhile
        if (s?.isFile()) found.push({ cid, path, size: s.size, usedMs: s.mtimeMs });
      }
    }
    return found;
  }

  /**
   * Deletes a listed file unless it was used after it was listed (a step read it meanwhile); true when deleted. No
   * directory fsync: a file a power cut brings back is still CID-verified content, merely evicted again.
   */
  async evict(file: CachedFile): Promise<boolean> {
    const s = await stat(file.path).catch(() => undefined);
    if (s === undefined || s.mtimeMs > file.usedMs) return false;
    try {
      await unlink(file.path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }

  /**
   * Deletes what puts a crash interrupted left in `tmp/` (a put writes there, fsyncs and renames into place): files not
   * modified since `beforeMs`, so a put in progress is never touched. Returns the bytes freed.
   */
  async removeLeftovers(beforeMs: number): Promise<{ files: number; bytes: number }> {
    const dir = join(this.files.dir, "tmp");
    const removed = { files: 0, bytes: 0 };
    for (const name of await entries(dir)) {
      const path = join(dir, name);
      const s = await stat(path).catch(() => undefined);
      if (!s?.isFile() || s.mtimeMs >= beforeMs) continue;
      await unlink(path).catch(() => undefined); // renamed or removed meanwhile: nothing left to free
      removed.files += 1;
      removed.bytes += s.size;
    }
    return removed;
  }

  /** The CIDs a bundle held here names (module, input), read without counting as a use; [] if absent or invalid. */
  async namedBy(bundleCid: string): Promise<string[]> {
    try {
      const bundle = parseBundle(await this.files.get(bundleCid, { maxBytes: BUNDLE_BYTES_MAX }));
      return bundle.input ? [bundle.module.cid, bundle.input.cid] : [bundle.module.cid];
    } catch {
      return []; // not fetched yet (nor then its module or input), or not a bundle (its job is skipped)
    }
  }

  private async touch(cid: string): Promise<void> {
    const at = new Date(this.now());
    // Evicted between the read and here (or not ours to mark): the caller has the bytes either way.
    await utimes(this.files.path(cid), at, at).catch(() => undefined);
  }
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
