/**
 * The store: every piece of persistent state goes through `Store` and its `Collection`s (the port, in port.ts),
 * and nothing outside src/store knows which database holds it; `openStore` picks the backend for a URL.
 * Collections are key prefixes; a `Collection` only reads and writes its own prefix, and callers build keys
 * that start with platform and workspace, so data cannot cross workspaces.
 *
 * Backends live one per file next to this one: `sqlite-store.ts` (the default), `memory-store.ts` (`memory://`).
 * A new backend (Postgres with `pg` is next) goes in its own `<name>-store.ts`, implements `Store` with the
 * contract written on each method below, gets a branch in `openStore`, and is added as a factory to
 * test/store/contract.test.ts, which every backend must pass unchanged. Schema steps go in `migrations.ts`.
 *
 * The contract every backend keeps (DESIGN.md, "Safety rules for data"):
 * - a write that resolved is durable, and nothing any other caller does can undo it;
 * - `setMany`, `update` and `transaction` are all-or-nothing and fail alone: a failing one changes nothing and
 *   takes no one else's write with it; the caller is told by a thrown error;
 * - `update` and `transaction` are atomic read-modify-writes across every process sharing the store;
 * - a failed database operation throws a `StoreError` (see errors.ts); its `userMessage` can be shown as it is.
 */
import { createMemoryStore } from './memory-store.js';
import { migrateData } from './migrations.js';
import type { Store, StoreOptions } from './port.js';
import { createSqliteStore } from './sqlite-store.js';

export type { Collection, Store, StoreOptions, Transaction } from './port.js';
export { SCHEMA_VERSION } from './migrations.js';
export { StoreError, type StoreErrorKind } from './errors.js';
export { createMemoryStore };

/** Open the store at `url`: `sqlite://path/to/file.sqlite` (relative to cwd), `postgres://...` or `memory://`. */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  if (url === 'memory://' || url === 'memory') return createMemoryStore();
  if (/^postgres(ql)?:\/\//.test(url)) {
    const store = await (await import('./postgres-store.js')).openPostgresStore(url);
    await migrateData(store);
    return store;
  }
  const match = /^sqlite:\/\/(.+)$/.exec(url);
  if (!match) throw new Error(`STORE_URL must be sqlite://<file>, postgres://... or memory://, got "${url}".`);
  return createSqliteStore(match[1], options);
}
