/**
 * Schema steps, oldest first. `SCHEMA_VERSION` is bumped whenever stored shapes change; opening a store runs the
 * steps it has not seen yet, and refuses a store written by a newer Paperboy. Table-level steps are per
 * backend (`migrateSqliteTables` here; Postgres's versioned SQL steps in postgres-schema.ts); `migrateData` works
 * on the port and runs on every backend that keeps data.
 */
import type { Store } from './port.js';
import type { Query } from './sqlite-connection.js';

/** 1: first version. 2: leases carry a fencing token. */
export const SCHEMA_VERSION = 2;

/** Create or extend the sqlite tables the store uses besides keyv's own `keyv(key, value)` table. */
export async function migrateSqliteTables(query: Query): Promise<void> {
  await query('CREATE TABLE IF NOT EXISTS keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)');
  await query(
    'CREATE TABLE IF NOT EXISTS pb_lease(name TEXT PRIMARY KEY, owner TEXT NOT NULL, until_ms INTEGER NOT NULL, token INTEGER NOT NULL DEFAULT 0)',
  );
  const columns = await query('PRAGMA table_info(pb_lease)');
  if (!columns.some((c) => c.name === 'token')) await query('ALTER TABLE pb_lease ADD COLUMN token INTEGER NOT NULL DEFAULT 0');
  await query('CREATE TABLE IF NOT EXISTS pb_probe(n INTEGER)');
  await createSqliteChangeFeed(query);
}

/**
 * The change feed's table: one row per stored key, renumbered by triggers on every insert or update of keyv's
 * table (in the same transaction as the write, so by every writer, old versions of Paperboy included) and
 * removed with the key. AUTOINCREMENT numbers only grow and are never reused; sqlite has one writer at a time,
 * so they commit in order. A store from before the feed gets every existing key numbered once, in key order.
 */
async function createSqliteChangeFeed(query: Query): Promise<void> {
  // One transaction: a crash (or a second process opening the file) never sees the table without its numbers.
  await query('BEGIN IMMEDIATE');
  try {
    await createChangeTable(query);
    await query('COMMIT');
  } catch (error) {
    await query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function createChangeTable(query: Query): Promise<void> {
  const existed = (await query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pb_change'`)).length > 0;
  await query(
    'CREATE TABLE IF NOT EXISTS pb_change(seq INTEGER PRIMARY KEY AUTOINCREMENT, collection TEXT NOT NULL, key TEXT NOT NULL UNIQUE)',
  );
  await query('CREATE INDEX IF NOT EXISTS pb_change_feed ON pb_change(collection, seq)');
  // Keys are `pb:<collection>:<key>`; the collection is what lies between the first two colons.
  const collection = `substr(new.key, 4, instr(substr(new.key, 4), ':') - 1)`;
  // Delete and insert, not INSERT OR REPLACE: an upsert on keyv would override the trigger's conflict resolution.
  const renumber = `DELETE FROM pb_change WHERE key = new.key; INSERT INTO pb_change(collection, key) VALUES (${collection}, new.key)`;
  await query(`CREATE TRIGGER IF NOT EXISTS pb_change_insert AFTER INSERT ON keyv WHEN substr(new.key, 1, 3) = 'pb:' BEGIN ${renumber}; END`);
  await query(`CREATE TRIGGER IF NOT EXISTS pb_change_update AFTER UPDATE ON keyv WHEN substr(new.key, 1, 3) = 'pb:' BEGIN ${renumber}; END`);
  await query('CREATE TRIGGER IF NOT EXISTS pb_change_delete AFTER DELETE ON keyv BEGIN DELETE FROM pb_change WHERE key = old.key; END');
  if (!existed) {
    await query(
      `INSERT OR IGNORE INTO pb_change(collection, key) SELECT substr(key, 4, instr(substr(key, 4), ':') - 1), key FROM keyv
       WHERE substr(key, 1, 3) = 'pb:' ORDER BY key`,
    );
  }
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
