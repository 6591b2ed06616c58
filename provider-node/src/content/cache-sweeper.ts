import type { Common } from "../common.js";
import { liveBundleUris } from "../db/live-bundles.js";
import type { SqlDatabase } from "../db/sql.js";
import { cidOfUri, parseCid } from "../sdk.js";
import { Periodic } from "../util/periodic.js";
import type { CachedFile, ContentCache } from "./content-cache.js";
import { SWEEP_INTERVAL_MS } from "./output-sweeper.js";

/** A put's temporary file this old was left by a crash (a put writes, fsyncs and renames in seconds). */
export const LEFTOVER_AGE_MS = 60 * 60_000;

/**
 * What one sweep came to: files evicted, bytes freed, bytes held after it, whether that is still over the bound, and
 * the temporary files of interrupted puts it removed.
 */
export interface CacheSweepResult {
  evicted: number;
  bytes: number;
  sizeBytes: number;
  overBound: boolean;
  leftovers: { files: number; bytes: number };
}

/**
 * Keeps the content cache within `ContentCache.maxBytes` (`contentStore.cacheMaxBytes`): at start and every
 * SWEEP_INTERVAL_MS (the output sweeper's schedule), when the cache holds more, it deletes the least recently used files
 * until it does not. Content a live record may still need is never evicted: the bundle of every replica job, verifier
 * round and watched job not in a terminal state, and the module and input that bundle names (read from the cached
 * bundle, which is pinned itself). A cache held up by live content stays over the bound; that is logged once, until a
 * sweep gets it under again. Evicted content a job needs after all (a later job with the same bundle) is fetched again
 * by `CachedStore`. Between two sweeps the cache may outgrow the bound by what is fetched meanwhile.
 */
export class CacheSweeper {
  private readonly schedule: Periodic;
  private overBoundLogged = false;

  constructor(
    private readonly common: Common,
    private readonly db: SqlDatabase,
    private readonly cache: ContentCache,
  ) {
    this.schedule = new Periodic(
      () => this.sweep(),
      SWEEP_INTERVAL_MS,
      (error) => common.logger.warn({ err: error.message.slice(0, 200) }, "content cache sweep failed"),
    );
  }

  /** Sweeps now, then every SWEEP_INTERVAL_MS until `stop`. */
  start(): void {
    this.schedule.start();
  }

  /** Stops after the eviction in progress (the database must stay open until this resolves). */
  async stop(): Promise<void> {
    await this.schedule.stop();
  }

  /** One pass over the cache, least recently used first, down to the bound; logs once if it evicted anything. */
  async sweep(): Promise<CacheSweepResult> {
    const leftovers = await this.cache.removeLeftovers(Date.now() - LEFTOVER_AGE_MS);
    if (leftovers.files > 0) {
      this.common.logger.info(leftovers, "removed the temporary files of content puts a crash interrupted");
    }
    const { maxBytes } = this.cache;
    const files = await this.cache.list();
    let sizeBytes = files.reduce((sum, f) => sum + f.size, 0);
    const result = { evicted: 0, bytes: 0 };
    let pinnedBytes = 0;
    let cutShort = false;
    if (sizeBytes > maxBytes) {
      const pinned = await this.pinned();
      files.sort((a, b) => a.usedMs - b.usedMs || (a.cid < b.cid ? -1 : 1));
      for (const file of files) {
        if (sizeBytes <= maxBytes) break;
        if (this.schedule.stopping) {
          cutShort = true;
          break;
        }
        if (pinned.has(file.cid)) {
          pinnedBytes += file.size;
          continue;
        }
        const evicted = await this.evict(file);
        if (evicted === undefined) {
          cutShort = true; // left for the next sweep
          break;
        }
        if (!evicted) continue; // used since it was listed: in use
        sizeBytes -= file.size;
        result.evicted += 1;
        result.bytes += file.size;
      }
    }
    this.common.metrics.contentCacheBytes.set(sizeBytes);
    this.common.metrics.contentCacheMaxBytes.set(maxBytes);
    this.common.metrics.contentCacheEvictions.inc(result.evicted);
    this.common.metrics.contentCacheEvictedBytes.inc(result.bytes);
    if (result.evicted > 0) {
      this.common.logger.info({ ...result, sizeBytes, maxBytes }, "evicted least recently used content from the cache");
    }
    const overBound = sizeBytes > maxBytes;
    if (overBound && !cutShort && !this.overBoundLogged) {
      this.common.logger.warn(
        { sizeBytes, maxBytes, pinnedBytes },
        "content cache stays over contentStore.cacheMaxBytes: the rest is content of live jobs",
      );
    }
    if (!cutShort) this.overBoundLogged = overBound;
    return { ...result, sizeBytes, overBound, leftovers };
  }

  /** The CIDs live records may still need, in the cache's (canonical) spelling. */
  private async pinned(): Promise<Set<string>> {
    const cids = new Set<string>();
    for (const uri of liveBundleUris(this.db)) {
      const bundle = canonical(cidOfUri(uri));
      if (bundle === undefined) continue; // not a CID: such a job is never fetched
      cids.add(bundle);
      for (const cid of await this.cache.namedBy(bundle)) cids.add(canonical(cid) ?? cid);
    }
    return cids;
  }

  /** Evicts one file: whether it went, or undefined when it could not be deleted (logged). */
  private async evict(file: CachedFile): Promise<boolean | undefined> {
    try {
      return await this.cache.evict(file);
    } catch (error) {
      this.common.logger.warn(
        { cid: file.cid, err: (error as Error).message.slice(0, 200) },
        "evicting from the content cache failed; will retry",
      );
      return undefined;
    }
  }
}

function canonical(cid: string | undefined): string | undefined {
  try {
    return cid === undefined ? undefined : parseCid(cid).toString();
  } catch {
    return undefined;
  }
}
