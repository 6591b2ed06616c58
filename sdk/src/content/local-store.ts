import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { assertCid, parseCid } from "../cid/cid.js";
import { buildFileDag, type Block } from "../cid/unixfs.js";
import { AbortedError, ContentNotFoundError, ContentTooLargeError } from "../errors/index.js";
import {
  DEFAULT_MAX_GET_BYTES,
  type CallOptions,
  type ContentStore,
  type GetOptions,
  type PutResult,
} from "./store.js";

/**
 * A content-addressed directory: each file is stored whole under its root CID, sharded by two characters
 * of the CID (like Kubo's flatfs `next-to-last/2`) so no directory grows huge. Writes go to `tmp/` and are
 * renamed into place after an fsync, so a crash never leaves a partial file under a valid CID.
 */
export class LocalStore implements ContentStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  async put(bytes: Uint8Array, options: CallOptions = {}): Promise<PutResult> {
    const { cid, size } = await this.add(bytes, options);
    return { cid, size };
  }

  /** `put`, also returning the DAG's cumulative size (what Kubo's `add` reports as `Size`). */
  async add(bytes: Uint8Array, options: CallOptions = {}): Promise<PutResult & { tsize: number }> {
    checkAborted(options.signal);
    const dag = buildFileDag(bytes);
    const cid = dag.cid.toString();
    const result = { cid, size: bytes.length, tsize: dag.tsize };
    const path = this.path(cid);
    if (await exists(path)) return result;

    const tmpDir = join(this.dir, "tmp");
    await mkdir(tmpDir, { recursive: true });
    await mkdir(join(path, ".."), { recursive: true });
    const tmp = join(tmpDir, `${cid}.${randomBytes(8).toString("hex")}`);
    try {
      const handle = await open(tmp, "wx");
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // rename(2) is atomic within a filesystem; a concurrent put of the same bytes just replaces the file
      // with an identical one.
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    await syncDir(join(path, ".."));
    return result;
  }

  async get(cid: string, options: GetOptions = {}): Promise<Uint8Array> {
    checkAborted(options.signal);
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_GET_BYTES;
    const size = await this.size(cid);
    if (size === undefined) throw new ContentNotFoundError(cid);
    if (size > maxBytes) throw new ContentTooLargeError(maxBytes, { details: `${cid} has ${size} bytes` });
    const bytes = new Uint8Array(await readFile(this.path(cid), { signal: options.signal }));
    // Disks and operators corrupt files too: verify like any other source.
    assertCid(bytes, cid);
    return bytes;
  }

  async has(cid: string, options: CallOptions = {}): Promise<boolean> {
    checkAborted(options.signal);
    return (await this.size(cid)) !== undefined;
  }

  /** Byte length of the stored file, or undefined when absent. Throws `InvalidCidError` for a bad CID. */
  async size(cid: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(cid))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  /**
   * The root block of a stored file (what `ipfs block get <root>` returns): the file itself when it is a
   * single raw block, else its dag-pb root node, rebuilt from the file. Inner blocks are not indexed.
   */
  async rootBlock(cid: string): Promise<Block | undefined> {
    const size = await this.size(cid);
    if (size === undefined) return undefined;
    const bytes = await this.get(cid, { maxBytes: size });
    let root: Block | undefined;
    buildFileDag(bytes, (block) => (root = block)); // the root is the last block built
    return root;
  }

  /** Filesystem path of a CID's file; the CID is parsed first, so the path can never escape `dir`. */
  path(cid: string): string {
    const canonical = parseCid(cid).toString();
    return join(this.dir, "files", canonical.slice(-3, -1), canonical);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

// fsync the directory so the rename itself survives a power loss (POSIX); not supported everywhere.
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: some platforms cannot open or fsync directories.
  }
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
}
