/**
 * The store: every piece of persistent state goes through `Store` and its `Collection`s (the port, in port.ts),
 * and nothing outside src/store knows which database holds it; `openStore` picks the backend for a URL.
 * Collections are key prefixes; a `Collection` only reads and writes its own prefix, and callers build keys
 * that start with platform and workspace, so data cannot cross workspaces.
 *
 * Backends live one per file next to this one: `sqlite-store.ts` (the default), `memory-store.ts` (`memory://`),
 * `postgres-store.ts` (`postgres://`, several instances on one database; loaded only when asked for). Each
 * implements `Store` with the contract written on each method in port.ts and passes test/store/contract.test.ts
 * unchanged. Schema steps go in `migrations.ts` (Postgres's SQL steps in `postgres-schema.ts`).
 *
 * The contract every backend keeps (DESIGN.md, "Safety rules for data"):
 * - a write that resolved is durable, and nothing any other caller does can undo it;
 * - `setMany`, `update` and `transaction` are all-or-nothing and fail alone: a failing one changes nothing and
 *   takes no one else's write with it; the caller is told by a thrown error;
 * - `update` and `transaction` are atomic read-modify-writes across every process sharing the store, and run
 *   their callback exactly once;
 * - a failed database operation throws a `StoreError` (see errors.ts); its `userMessage` can be shown as it is.
 */
import { StoreError } from './errors.js';
import { createMemoryStore } from './memory-store.js';
import type { Store, StoreOptions } from './port.js';
import { createSqliteStore } from './sqlite-store.js';

export type { ChangePage, Collection, Store, StoreOptions, Transaction } from './port.js';
export { SCHEMA_VERSION } from './migrations.js';
export { StoreError, type StoreErrorKind } from './errors.js';
export { createMemoryStore };

/**
 * Open the store at `url`: `sqlite://path/to/file.sqlite` (relative to cwd), `postgres://user:password@host/db`
 * or `memory://`. A store that cannot be used is a `StoreError` saying where, why and what to do.
 */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  if (url === 'memory://' || url === 'memory') return createMemoryStore();
  if (/^postgres(ql)?:\/\//.test(url)) return (await import('./postgres-store.js')).openPostgresStore(url, options);
  const match = /^sqlite:\/\/(.+)$/.exec(url);
  if (!match) throw new StoreError('unknown', `STORE_URL must be sqlite://<file>, postgres://... or memory://, got "${url.split('://')[0]}://...".`);
  return createSqliteStore(match[1], options);
}
