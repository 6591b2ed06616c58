/** One IndexedDB object store of bytes by key: the tab's disk (its database, its outputs). */
export class IdbBytes {
  private constructor(private readonly db: IDBDatabase) {}

  static open(name = "hashwork-provider"): Promise<IdbBytes> {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore("bytes");
      req.onsuccess = () => resolve(new IdbBytes(req.result));
      req.onerror = () => reject(req.error ?? new Error("IndexedDB open failed"));
    });
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.request("readonly", (s) => s.get(key)) as Promise<Uint8Array | undefined>;
  }

  /** Resolves once the write's transaction has committed. */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    await this.request("readwrite", (s) => s.put(bytes, key));
  }

  /** Deletes `key` (nothing there is fine) and resolves, once the transaction has committed, with the bytes it held. */
  async delete(key: string): Promise<number> {
    const tx = this.db.transaction("bytes", "readwrite", { durability: "strict" });
    const store = tx.objectStore("bytes");
    const held = store.get(key); // requests of one transaction run in order: this reads what the delete removes
    store.delete(key);
    await transactionDone(tx);
    return (held.result as Uint8Array | undefined)?.byteLength ?? 0;
  }

  private request(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction("bytes", mode, { durability: "strict" });
      const req = op(tx.objectStore("bytes"));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
      tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
    });
  }
}

/** Resolves with a request's result (rejects with its error). */
export function requestResult<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

/** Resolves once `tx` has committed (rejects if it fails or aborts). */
export function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}
