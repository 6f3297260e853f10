/**
 * The Postgres backend's tables, their versioned migrations, and the connection check that turns a bad
 * `STORE_URL` into one clear message. The SQL schema version lives in `pb_meta`; it is separate from the
 * stored-shape version (`SCHEMA_VERSION` in migrations.ts, kept in the `meta` collection like on sqlite).
 *
 * Tables:
 * - `pb_kv(collection, key, value, seq)`: one row per entry. `collection` and `key` use COLLATE "C", so the
 *   primary key orders keys by UTF-8 bytes, which is code point order: the same as sqlite's binary order, and
 *   the same as JS string order for every key without characters above U+FFFF. The primary key serves point
 *   reads and ordered prefix scans. `value` is JSON text (not jsonb: text keeps the exact JSON, including
 *   `\u0000` in strings, which jsonb rejects). `seq` comes from `pb_kv_seq` and is renewed on every write:
 *   `pb_kv_changes(collection, seq)` serves the change feed. A row whose value is '' is a placeholder an
 *   update holds locked for a key that did not exist; it is never committed.
 * - `pb_lease(name, owner, until_ms, token)`: named leases with a fencing token.
 * - `pb_meta(id, schema_version)`: one row, the SQL schema version.
 */
import type pg from 'pg';
import { StoreError } from './errors.js';

/** The SQL schema version this code writes and reads. */
export const PG_SCHEMA_VERSION = 1;

/** Advisory lock keys (the first int4 of the two-key form): "pbmg" for migrations, "pbkv" for the change feed. */
export const MIGRATION_LOCK = 0x70626d67;
export const FEED_LOCK = 0x70626b76;

/** Each step moves the schema from version `index` to `index + 1`; steps run in one transaction, in order. */
const MIGRATIONS: string[] = [
  `CREATE SEQUENCE IF NOT EXISTS pb_kv_seq AS bigint;
   CREATE TABLE IF NOT EXISTS pb_kv (
     collection text COLLATE "C" NOT NULL,
     key text COLLATE "C" NOT NULL,
     value text NOT NULL,
     seq bigint NOT NULL DEFAULT nextval('pb_kv_seq'),
     PRIMARY KEY (collection, key)
   );
   CREATE INDEX IF NOT EXISTS pb_kv_changes ON pb_kv (collection, seq);
   CREATE TABLE IF NOT EXISTS pb_lease (
     name text PRIMARY KEY,
     owner text NOT NULL,
     until_ms bigint NOT NULL,
     token bigint NOT NULL
   );`,
];

/**
 * Create or migrate the schema. Several instances may start at once: the migration runs under a
 * transaction-level advisory lock, so one migrates and the others then find the new version.
 */
export async function migratePostgres(client: pg.PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, 0)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS pb_meta (
      id int PRIMARY KEY CHECK (id = 1),
      schema_version int NOT NULL
    )`);
    const rows = await client.query<{ schema_version: number }>('SELECT schema_version FROM pb_meta WHERE id = 1');
    const version = rows.rows[0]?.schema_version ?? 0;
    if (version > PG_SCHEMA_VERSION) {
      throw new Error(
        `The Postgres store was written by a newer Paperboy (SQL schema ${version}, this one knows ${PG_SCHEMA_VERSION}).`,
      );
    }
    for (let step = version; step < PG_SCHEMA_VERSION; step++) await client.query(MIGRATIONS[step]);
    await client.query(
      `INSERT INTO pb_meta (id, schema_version) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET schema_version = excluded.schema_version`,
      [PG_SCHEMA_VERSION],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Where a postgres:// URL points, for messages: never the password. */
export interface PostgresTarget {
  /** `host:port/database as user`. */
  server: string;
  /** The password in the URL ('' when none), so messages can blank it out of the driver's text. */
  password: string;
}

/** Parse a `postgres://` / `postgresql://` URL, or throw a `StoreError` naming STORE_URL (without echoing the URL). */
export function parsePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new StoreError('unknown', 'STORE_URL is not a valid postgres:// URL (expected postgres://user:password@host:5432/database).', { cause: error });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new StoreError('unknown', `STORE_URL must start with postgres:// for Postgres, got "${parsed.protocol}//".`);
  }
  const host = decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || 'localhost';
  const user = decodeURIComponent(parsed.username) || '(default user)';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username) || '(default)';
  return { server: `${host}:${parsed.port || '5432'}/${database} as ${user}`, password: decodeURIComponent(parsed.password) };
}

/**
 * The least string above every string that starts with `prefix`, in code point order (COLLATE "C" on UTF-8),
 * or undefined when there is none (empty prefix). Increments the last code point, skipping surrogates.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    let next = points.pop()!.codePointAt(0)! + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return points.join('') + String.fromCodePoint(next);
  }
  return undefined;
}
