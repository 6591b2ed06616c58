import { SqliteDatabase, type SqlStatement, type SqlValue } from "@hashwork/provider-node/db/sql";
import initSqlJs, { type Database as SqlJsDatabase, type Statement } from "sql.js";
import sqlWasmUrl from "sql.js/dist/sql-wasm-browser.wasm?url";
import type { IdbBytes } from "./idb.js";

/**
 * The provider node's database in a tab: the same SQLite, the same SQL and the same migrations, compiled to WASM
 * (sql.js) and kept in memory, synchronous as node:sqlite is. After each committed transaction the whole database is
 * exported and saved to IndexedDB in the background (saves coalesce); `durable()` waits for a save that began after
 * the latest commit, and the engine awaits it before any transaction leaves the tab. A reload reopens the last save.
 */
export class WasmSqliteDatabase extends SqliteDatabase<WasmStatement> {
  private commits = 0;
  private savedCommits = 0;
  private saving: Promise<void> | undefined;
  private waiters: { commits: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private open = true;
  /** Milliseconds of the last save (export + IndexedDB), for the page. */
  lastSaveMs = 0;
  saves = 0;
  /** Bytes of the last save. */
  sizeBytes = 0;

  private constructor(
    private readonly sql: SqlJsDatabase,
    private readonly disk: IdbBytes,
    private readonly key: string,
  ) {
    super();
    this.pragmas();
    this.migrate();
  }

  /** Opens the database saved under `key` (or a new one) and migrates it. */
  static async open(disk: IdbBytes, key: string): Promise<WasmSqliteDatabase> {
    const SQL = await initSqlJs({ locateFile: () => sqlWasmUrl });
    const saved = await disk.get(key);
    return new WasmSqliteDatabase(new SQL.Database(saved ?? null), disk, key);
  }

  get isOpen(): boolean {
    return this.open;
  }

  get version(): number {
    return Number(this.sql.exec("PRAGMA user_version")[0]?.values[0]?.[0] ?? 0);
  }

  private pragmas(): void {
    this.sql.exec("PRAGMA foreign_keys = ON;");
  }

  protected exec(sql: string): void {
    this.sql.exec(sql);
  }

  protected compile(sql: string): WasmStatement {
    return new WasmStatement(this.sql, this.sql.prepare(sql));
  }

  protected override committed(): void {
    this.commits++;
    this.scheduleSave();
  }

  durable(): Promise<void> {
    if (this.savedCommits >= this.commits) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ commits: this.commits, resolve, reject }));
  }

  private scheduleSave(): void {
    this.saving ??= this.saveLoop().finally(() => (this.saving = undefined));
  }

  private async saveLoop(): Promise<void> {
    // Let the step that committed finish its synchronous work first: one save covers a burst of commits.
    await Promise.resolve();
    while (this.open && this.savedCommits < this.commits) {
      const upTo = this.commits;
      const started = performance.now();
      // export() closes and reopens SQLite's handle and frees every prepared statement: drop ours, re-set pragmas.
      const bytes = this.sql.export();
      this.statements.clear();
      this.pragmas();
      try {
        await this.disk.put(this.key, bytes);
      } catch (error) {
        for (const w of this.waiters.splice(0)) w.reject(error);
        throw error;
      }
      this.lastSaveMs = performance.now() - started;
      this.sizeBytes = bytes.length;
      this.saves++;
      this.savedCommits = upTo;
      const still: typeof this.waiters = [];
      for (const w of this.waiters) {
        if (w.commits <= upTo) w.resolve();
        else still.push(w);
      }
      this.waiters = still;
    }
  }

  close(): void {
    this.open = false;
    this.statements.clear();
    this.sql.close();
  }
}

/** A sql.js statement with node:sqlite's `run`/`get`/`all` (positional parameters, rows as objects). */
class WasmStatement implements SqlStatement {
  constructor(
    private readonly db: SqlJsDatabase,
    private readonly statement: Statement,
  ) {}

  run(...params: SqlValue[]): { changes: number; lastInsertRowid: number } {
    this.bind(params);
    try {
      this.statement.step();
    } finally {
      this.statement.reset();
    }
    const changes = this.db.getRowsModified();
    const lastInsertRowid = Number(this.db.exec("SELECT last_insert_rowid()")[0]?.values[0]?.[0] ?? 0);
    return { changes, lastInsertRowid };
  }

  get(...params: SqlValue[]): unknown {
    this.bind(params);
    try {
      return this.statement.step() ? this.statement.getAsObject() : undefined;
    } finally {
      this.statement.reset();
    }
  }

  all(...params: SqlValue[]): unknown[] {
    this.bind(params);
    const rows: unknown[] = [];
    try {
      while (this.statement.step()) rows.push(this.statement.getAsObject());
    } finally {
      this.statement.reset();
    }
    return rows;
  }

  private bind(params: SqlValue[]): void {
    // sql.js binds numbers, strings, bytes and null; a bigint goes in as its exact decimal string or number.
    this.statement.bind(
      params.map((p) => (typeof p === "bigint" ? (Number.isSafeInteger(Number(p)) ? Number(p) : p.toString()) : p)),
    );
  }
}
