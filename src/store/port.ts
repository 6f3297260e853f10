/**
 * The store port: the interfaces every backend implements (`Store`, `Collection`, `Transaction`) and their
 * contract. Backends import these types from here, and `store.ts` picks a backend, so no file imports in a
 * circle.
 */
export interface Collection<T> {
  get(key: string): Promise<T | undefined>;
  getMany(keys: string[]): Promise<(T | undefined)[]>;
  set(key: string, value: T): Promise<void>;
  /** Write many entries in one transaction: all of them or none (the fast path for ingest). */
  setMany(entries: [string, T][]): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Every entry whose key starts with `prefix` (all entries when omitted), in key order. */
  entries(prefix?: string): Promise<[string, T][]>;
  /**
   * `entries` of several prefixes in one read (one statement per batch of prefixes, not one per prefix): the
   * entries under each prefix, in key order, at the prefix's index. A key under two of the prefixes comes in both.
   */
  entriesMany(prefixes: string[]): Promise<[string, T][][]>;
  /** Delete every entry whose key starts with `prefix`; returns how many were deleted. */
  deleteByPrefix(prefix: string): Promise<number>;
  /**
   * Atomically read, change and write one entry: `change` gets the stored value (undefined when there is none)
   * and returns the new one (undefined deletes the entry). No other write to the key, from this process or
   * another, can come between the read and the write. If `change` throws, nothing is written and the error
   * is passed on. `change` must be synchronous; it runs exactly once per call, never retried: every backend
   * locks the entry before reading it (sqlite BEGIN IMMEDIATE; Postgres SELECT ... FOR UPDATE, or for a missing
   * key an uncommitted placeholder row that other writers of the key wait for), so it may record what it did in
   * its closure. It may change `current` in place and return it. Returns the value now stored.
   */
  update(key: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined>;
}

/** One page of a collection's change feed (`Store.changesSince`). */
export interface ChangePage<T> {
  /** Entries written (set, batch-written or updated) after the cursor, oldest write first, each at its latest value. */
  entries: [string, T][];
  /** Pass this to the next call. Opaque; unchanged when nothing new was committed. */
  cursor: string;
}

/** The view of the store inside `Store.transaction`: the same collections, read and written in that one transaction. */
export interface Transaction {
  collection<T>(name: string): Collection<T>;
}

export interface Store {
  collection<T>(name: string): Collection<T>;
  /**
   * Run `work` as one atomic, isolated transaction over any collections (`tx.collection(...)`): every write
   * in it lands together or not at all, and no other writer (in this or another process) changes what it read
   * before it commits. If `work` throws, everything it wrote is rolled back and the error is passed on.
   * Inside `work` use only `tx`, never this store (its calls wait for the transaction and would deadlock), and
   * keep it short: other writers wait. On Postgres this is BEGIN ... SELECT ... FOR UPDATE ... COMMIT on one
   * pooled connection. `work` runs exactly once (never retried), like `update`'s `change`.
   */
  transaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R>;
  /**
   * The change feed: entries of `collection` written after `cursor` (undefined: from the start, so the first
   * call lists every entry), oldest write first, at most `limit`. A key written twice since the cursor comes
   * once, at its latest value. A page never skips a write that commits later. Deletions are not reported.
   * Loop until `entries` is shorter than `limit`, keeping the returned cursor; a cursor belongs to its store.
   */
  changesSince<T>(collection: string, cursor: string | undefined, limit: number): Promise<ChangePage<T>>;
  /** Names of the collections that have at least one entry, sorted (for copying a whole store). */
  collections(): Promise<string[]>;
  /**
   * Take or renew a named lease for `owner` until `untilMs` if it is free, expired at `nowMs`, or already held by
   * `owner`; atomic across processes sharing the store. Returns the lease's fencing token when `owner` now holds
   * it, else undefined. Tokens are per lease name, never reused, and grow every time the lease changes owner (a
   * release followed by a new acquire counts as a change), so a token proves nobody else held the lease since.
   */
  acquireLeaseToken(name: string, owner: string, nowMs: number, untilMs: number): Promise<number | undefined>;
  /**
   * Extend a lease held under `token` to `untilMs`. False (and nothing changes) once anyone else took the
   * lease or it was released, even if it was given back since: the holder must stop its work.
   */
  renewLease(name: string, owner: string, token: number, nowMs: number, untilMs: number): Promise<boolean>;
  /** True when `owner` holds the lease under `token` and it has not expired at `nowMs`. */
  holdsLease(name: string, owner: string, token: number, nowMs: number): Promise<boolean>;
  /** Give the lease back if `owner` holds it: anyone may take it at once, and the holder's token stops renewing. */
  releaseLease(name: string, owner: string): Promise<void>;
  /**
   * Make deleted data unrecoverable from the raw files. Call after deleting a person's or a workspace's data.
   * sqlite: deleted rows are zeroed as they are deleted, and this moves everything from the write-ahead log into
   * the database file and truncates the log; false if another connection kept the log from being truncated (try
   * again later). Postgres: VACUUM FULL of the entries table, which rewrites it without the deleted rows. Memory:
   * nothing to do.
   */
  purge(): Promise<boolean>;
  close(): Promise<void>;
  /** `sqlite`, `postgres` or `memory`. */
  readonly kind: string;
}

export interface StoreOptions {
  /** Milliseconds a writer waits for another process's lock before failing. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * sqlite only: the most pages (4 KiB each) the file may grow to; a write past it fails as "disk full".
   * For quotas and tests; default unlimited.
   */
  maxPages?: number;
  /** Postgres only: connections in the pool. Default 10. */
  poolSize?: number;
  /** Postgres only: milliseconds to wait for a connection before failing. Default 10000. */
  connectTimeoutMs?: number;
}
