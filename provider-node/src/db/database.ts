import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { MIGRATIONS } from "./migrations.js";
import type { SqlDatabase } from "./sql.js";

/** Statements kept prepared (the node has a few dozen distinct ones). */
const MAX_STATEMENTS = 256;

/**
 * The node's SQLite database (node:sqlite, no native modules). WAL with synchronous=FULL: a commit that
 * returned is on disk, which is what lets the cursor and the job states be trusted after a crash.
 */
export class Database implements SqlDatabase {
  readonly sql: DatabaseSync;
  private depth = 0;
  private readonly statements = new Map<string, StatementSync>();

  /** Opens (creating and migrating) the database; `readOnly` opens an existing one as it is (for `status`). */
  constructor(path: string, options: { readOnly?: boolean } = {}) {
    if (options.readOnly) {
      this.sql = new DatabaseSync(path, { readOnly: true });
      return;
    }
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.sql = new DatabaseSync(path);
    this.sql.exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
    );
    this.migrate();
  }

  /** Schema version (number of migrations applied). */
  get version(): number {
    return Number((this.sql.prepare("PRAGMA user_version").get() as { user_version: number }).user_version);
  }

  private migrate(): void {
    for (let v = this.version; v < MIGRATIONS.length; v++) {
      this.transaction(() => {
        this.sql.exec(MIGRATIONS[v] as string);
        this.sql.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }

  /**
   * The statement for `sql`, compiled once and then reused (each call binds its values and leaves it reset). A
   * statement prepared per call is SQLite's compiled program, dozens of small mallocs, that lives until V8 collects
   * its wrapper: on a node under load they were a third of all mallocs and fragmented glibc's heap. The SQL is the
   * code's own (values are always bound), so the cache stays small; the cap is a backstop.
   */
  prepare(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      statement = this.sql.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in one transaction (nested calls join the outer one); rolls back if it throws. */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.sql.exec("BEGIN IMMEDIATE");
    this.depth++;
    try {
      const result = fn();
      this.sql.exec("COMMIT");
      return result;
    } catch (error) {
      this.sql.exec("ROLLBACK");
      throw error;
    } finally {
      this.depth--;
    }
  }

  get isOpen(): boolean {
    return this.sql.isOpen;
  }

  /** Commits are durable when they return (synchronous=FULL): nothing to wait for. */
  durable(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    this.statements.clear();
    if (this.sql.isOpen) this.sql.close();
  }
}
