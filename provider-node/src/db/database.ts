import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { SqliteDatabase } from "./sql.js";

/**
 * The node's SQLite database (node:sqlite, no native modules). WAL with synchronous=FULL: a commit that
 * returned is on disk, which is what lets the cursor and the job states be trusted after a crash.
 */
export class Database extends SqliteDatabase<StatementSync> {
  readonly sql: DatabaseSync;

  /** Opens (creating and migrating) the database; `readOnly` opens an existing one as it is (for `status`). */
  constructor(path: string, options: { readOnly?: boolean } = {}) {
    super();
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

  get version(): number {
    return Number((this.sql.prepare("PRAGMA user_version").get() as { user_version: number }).user_version);
  }

  protected exec(sql: string): void {
    this.sql.exec(sql);
  }

  protected compile(sql: string): StatementSync {
    return this.sql.prepare(sql);
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
