import { MIGRATIONS } from "./migrations.js";

/** A value bound to a statement's `?` parameter. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** A prepared statement: positional parameters; rows come back as plain objects keyed by column name. */
export interface SqlStatement {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
}

/**
 * What the node's stores need of their SQLite database: the same SQL and migrations whatever holds it — node:sqlite
 * on disk in the node (database.ts), SQLite compiled to WASM and saved to IndexedDB in a browser tab
 * (browser-provider). Everything is synchronous except `durable`.
 */
export interface SqlDatabase {
  /** The statement for `sql`, prepared once and reused. */
  prepare(sql: string): SqlStatement;
  /** Runs `fn` in one transaction (nested calls join the outer one); rolls back if it throws. */
  transaction<T>(fn: () => T): T;
  /**
   * Resolves once every transaction committed so far survives a crash. The node's commits are on disk when they
   * return (synchronous=FULL), so it resolves at once; a tab saves its database in the background and awaits the save
   * here. Called before anything that depends on a record leaves the process (a transaction's broadcast).
   */
  durable(): Promise<void>;
  readonly isOpen: boolean;
  close(): void;
}

/** Statements kept prepared (the node has a few dozen distinct ones). */
const MAX_STATEMENTS = 256;

/**
 * What both hosts' databases share: the schema's migrations, the statement cache and transactions that nest. A host
 * says how to run SQL and compile a statement (`exec`, `compile`), and may act on each commit (`committed`: a tab
 * schedules its save).
 */
export abstract class SqliteDatabase<S extends SqlStatement = SqlStatement> implements SqlDatabase {
  private depth = 0;
  protected readonly statements = new Map<string, S>();

  /** Schema version (number of migrations applied). */
  abstract get version(): number;
  abstract get isOpen(): boolean;
  abstract durable(): Promise<void>;
  abstract close(): void;
  protected abstract exec(sql: string): void;
  protected abstract compile(sql: string): S;
  protected committed(): void {}

  protected migrate(): void {
    for (let v = this.version; v < MIGRATIONS.length; v++) {
      this.transaction(() => {
        this.exec(MIGRATIONS[v] as string);
        this.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }

  /**
   * The statement for `sql`, compiled once and then reused (each call binds its values and leaves it reset). A
   * statement prepared per call is SQLite's compiled program, dozens of small mallocs, that lives until V8 collects
   * its wrapper: on a node under load they were a third of all mallocs and fragmented glibc's heap. The SQL is the
   * code's own (values are always bound), so the cache stays small; the cap is a backstop.
   */
  prepare(sql: string): S {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      statement = this.compile(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in one transaction (nested calls join the outer one); rolls back if it throws. */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.exec("BEGIN IMMEDIATE");
    this.depth++;
    try {
      const result = fn();
      this.exec("COMMIT");
      this.committed();
      return result;
    } catch (error) {
      this.exec("ROLLBACK");
      throw error;
    } finally {
      this.depth--;
    }
  }
}
