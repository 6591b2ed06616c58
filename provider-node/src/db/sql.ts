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
