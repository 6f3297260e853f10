/**
 * Schema steps, oldest first. `SCHEMA_VERSION` is bumped whenever stored shapes change; opening a store runs the
 * steps it has not seen yet, and refuses a store written by a newer Paperboy. Table-level steps are per
 * backend (`migrateSqliteTables`; a Postgres backend adds `migratePostgresTables` here); `migrateData` works on
 * the port and runs on every backend that keeps data.
 */
import type { Store } from './port.js';

/** 1: first version. 2: leases carry a fencing token. */
export const SCHEMA_VERSION = 2;

type Query = (sql: string, ...params: unknown[]) => Promise<Record<string, unknown>[]>;

/** Create or extend the sqlite tables the store uses besides keyv's own `keyv(key, value)` table. */
export async function migrateSqliteTables(query: Query): Promise<void> {
  await query('CREATE TABLE IF NOT EXISTS keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)');
  await query(
    'CREATE TABLE IF NOT EXISTS pb_lease(name TEXT PRIMARY KEY, owner TEXT NOT NULL, until_ms INTEGER NOT NULL, token INTEGER NOT NULL DEFAULT 0)',
  );
  const columns = await query('PRAGMA table_info(pb_lease)');
  if (!columns.some((c) => c.name === 'token')) await query('ALTER TABLE pb_lease ADD COLUMN token INTEGER NOT NULL DEFAULT 0');
  await query('CREATE TABLE IF NOT EXISTS pb_probe(n INTEGER)');
}

/** Bring stored data forward to `SCHEMA_VERSION`. */
export async function migrateData(store: Store): Promise<void> {
  const meta = store.collection<number>('meta');
  const version = (await meta.get('schemaVersion')) ?? 0;
  if (version > SCHEMA_VERSION) {
    throw new Error(`The store was written by a newer Paperboy (schema ${version}, this one knows ${SCHEMA_VERSION}).`);
  }
  // 1 -> 2 changed only the lease table (migrateSqliteTables). Later steps go here, in order.
  if (version < SCHEMA_VERSION) await meta.set('schemaVersion', SCHEMA_VERSION);
}
