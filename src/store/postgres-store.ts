/**
 * The Postgres backend of the store port (`STORE_URL=postgres://user:password@host:5432/db`), for several bot
 * instances on one database. It uses `pg` directly: one pool per store, every multi-statement operation on
 * its own pooled client in its own transaction, so a failing batch fails alone and nothing else joins it.
 * Tables and migrations: postgres-schema.ts.
 *
 * Beyond today's port it offers what the atomic port will ask for:
 * - `collection(name).update(key, fn)`: an atomic read-modify-write across processes (row lock, retried on
 *   conflict, deadlock or serialization failure; `fn` may run more than once, so it must be pure).
 * - `acquireLeaseToken(...)`: a lease with a fencing token that grows on every new holder.
 * - `changesSince(collection, cursor, limit)`: the entries written since a cursor, for other instances.
 * - `collections()`: the names of all non-empty collections (for copying a whole store).
 */
import pg from 'pg';
import type { Collection, Store } from './store.js';
import { connectionMessage, encode, FEED_LOCK, migratePostgres, parsePostgresUrl, prefixEnd } from './postgres-schema.js';

/** A collection with an atomic read-modify-write. */
export interface UpdatableCollection<T> extends Collection<T> {
  /**
   * Atomically replace the entry at `key` with `fn(current)` (`current` is undefined when missing); returning
   * undefined deletes it. Resolves with the stored value. Atomic across processes; `fn` may be called more
   * than once (after a conflict) and must not have side effects.
   */
  update(key: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined>;
}

/** One page of the change feed. */
export interface ChangePage<T> {
  /** Entries written (inserted or replaced) after the cursor, oldest write first; deletions are not reported. */
  entries: [string, T][];
  /** Pass this to the next call. Opaque; unchanged when nothing new was committed. */
  cursor: string;
}

export interface PostgresStore extends Store {
  collection<T>(name: string): UpdatableCollection<T>;
  /**
   * Take or renew the lease `name` for `owner` until `untilMs` if it is free, expired at `nowMs`, or still
   * held by `owner`. Resolves with the fencing token when `owner` holds it, else undefined. The token stays
   * the same while one holder renews in time and grows whenever the lease is taken anew (by another owner
   * after expiry or release, or by the same owner after it lapsed), so a write stamped with an older token
   * came from a holder that has lost the lease. After a takeover the old owner's renewal fails.
   */
  acquireLeaseToken(name: string, owner: string, nowMs: number, untilMs: number): Promise<number | undefined>;
  /**
   * The change feed: entries of `collection` written after `cursor` (undefined: from the start), oldest
   * first, at most `limit`. Every write gives its row a new sequence number; a page never skips a write
   * that commits later with a smaller number (the read waits for the collection's in-flight writes first).
   * Deletions are not reported. Loop until `entries` is shorter than `limit`, keeping the returned cursor.
   */
  changesSince<T>(collection: string, cursor: string | undefined, limit: number): Promise<ChangePage<T>>;
  /** Names of the collections that have at least one entry, sorted. */
  collections(): Promise<string[]>;
}

export interface PostgresStoreOptions {
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** Milliseconds to wait for a connection. Default 10000. */
  connectTimeoutMs?: number;
}

/** Rows read per query by `entries`. */
const PAGE_ROWS = 2000;
/** Rows written per statement by `setMany` (arrays through unnest, so the row count is not bound by parameters). */
const WRITE_ROWS = 2000;
const MAX_ATTEMPTS = 50;
/** Errors after which a transaction is retried: serialization failure, deadlock, unique violation (a racing insert). */
const RETRY_CODES = new Set(['40001', '40P01', '23505']);

/** Open (and create or migrate) the store at a postgres:// URL. A bad or unreachable URL fails naming STORE_URL. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const target = parsePostgresUrl(url);
  const password = (() => {
    try {
      return decodeURIComponent(new URL(url).password);
    } catch {
      return '';
    }
  })();
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  // An idle client that loses its connection emits 'error' on the pool; the pool drops it and the next query
  // opens a new one. Without a listener the process would crash.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof Error && /newer Paperboy/.test(error.message)) throw error;
    throw new Error(connectionMessage(target, error, password), { cause: error });
  }
  return createPostgresStore(pool);
}

function createPostgresStore(pool: pg.Pool): PostgresStore {
  const acquireLeaseToken: PostgresStore['acquireLeaseToken'] = async (name, owner, nowMs, untilMs) => {
    const result = await pool.query<{ token: string }>(
      `INSERT INTO pb_lease (name, owner, until_ms, token) VALUES ($1, $2, $4, 1)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until_ms = excluded.until_ms,
         token = CASE WHEN pb_lease.owner = excluded.owner AND pb_lease.until_ms > $3
                      THEN pb_lease.token ELSE pb_lease.token + 1 END
       WHERE pb_lease.until_ms <= $3 OR pb_lease.owner = excluded.owner
       RETURNING token`,
      [name, owner, nowMs, untilMs],
    );
    return result.rows.length > 0 ? Number(result.rows[0].token) : undefined;
  };
  return {
    kind: 'postgres',
    collection: <T>(name: string) => postgresCollection<T>(pool, name),
    acquireLeaseToken,
    acquireLease: async (name, owner, nowMs, untilMs) => (await acquireLeaseToken(name, owner, nowMs, untilMs)) !== undefined,
    // The row stays (expired) so the token keeps growing: a later holder never reuses an old token.
    releaseLease: async (name, owner) => {
      await pool.query('UPDATE pb_lease SET until_ms = 0 WHERE name = $1 AND owner = $2', [name, owner]);
    },
    changesSince: async <T>(collection: string, cursor: string | undefined, limit: number) => {
      const from = cursor === undefined || cursor === '' ? '0' : cursor;
      if (!/^\d+$/.test(from)) throw new Error(`changesSince: "${cursor}" is not a cursor from this store.`);
      // Writers hold the shared feed lock from before they draw a sequence number until they commit. Taking it
      // exclusively waits for them, so every number up to the sequence's current value is then settled.
      const high = await transaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FEED_LOCK, collection]);
        const rows = await client.query<{ last_value: string; is_called: boolean }>('SELECT last_value, is_called FROM pb_kv_seq');
        return rows.rows[0].is_called ? rows.rows[0].last_value : '0';
      });
      const rows = await pool.query<{ key: string; value: string; seq: string }>(
        `SELECT key, value, seq FROM pb_kv WHERE collection = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
        [collection, from, high, limit],
      );
      const entries = rows.rows.map((row) => [row.key, JSON.parse(row.value) as T] as [string, T]);
      const full = rows.rows.length >= limit;
      const next = full ? rows.rows[rows.rows.length - 1].seq : BigInt(high) > BigInt(from) ? high : from;
      return { entries, cursor: next };
    },
    collections: async () => {
      // A loose index scan over the primary key: one lookup per collection, not one row per entry.
      const rows = await pool.query<{ collection: string }>(
        `WITH RECURSIVE names(collection) AS (
           (SELECT collection FROM pb_kv ORDER BY collection LIMIT 1)
           UNION ALL
           SELECT (SELECT k.collection FROM pb_kv k WHERE k.collection > n.collection ORDER BY k.collection LIMIT 1)
           FROM names n WHERE n.collection IS NOT NULL
         )
         SELECT collection FROM names WHERE collection IS NOT NULL`,
      );
      return rows.rows.map((row) => row.collection);
    },
    close: () => pool.end(),
  };
}

function postgresCollection<T>(pool: pg.Pool, name: string): UpdatableCollection<T> {
  const decode = (text: string) => JSON.parse(text) as T;
  return {
    get: async (key) => {
      const rows = await pool.query<{ value: string }>('SELECT value FROM pb_kv WHERE collection = $1 AND key = $2', [name, key]);
      return rows.rows.length > 0 ? decode(rows.rows[0].value) : undefined;
    },
    getMany: async (keys) => {
      if (keys.length === 0) return [];
      const rows = await pool.query<{ key: string; value: string }>(
        'SELECT key, value FROM pb_kv WHERE collection = $1 AND key = ANY($2::text[])',
        [name, keys],
      );
      const byKey = new Map(rows.rows.map((row) => [row.key, row.value]));
      return keys.map((key) => {
        const text = byKey.get(key);
        return text === undefined ? undefined : decode(text);
      });
    },
    set: async (key, value) => {
      const text = encode(name, key, value);
      await pool.query(
        `WITH feed AS (SELECT pg_advisory_xact_lock_shared($1, hashtext($2)))
         INSERT INTO pb_kv (collection, key, value) SELECT $2, $3, $4 FROM feed
         ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, seq = nextval('pb_kv_seq')`,
        [FEED_LOCK, name, key, text],
      );
    },
    setMany: async (entries) => {
      if (entries.length === 0) return;
      // Encode everything first: a value that cannot be stored fails the batch before any write. The last
      // value for a key wins, as it would with one set after another.
      const latest = new Map<string, string>();
      for (const [key, value] of entries) latest.set(key, encode(name, key, value));
      const keys = [...latest.keys()];
      await transaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock_shared($1, hashtext($2))', [FEED_LOCK, name]);
        for (let i = 0; i < keys.length; i += WRITE_ROWS) {
          const slice = keys.slice(i, i + WRITE_ROWS);
          await client.query(
            `INSERT INTO pb_kv (collection, key, value) SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS t(k, v)
             ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, seq = nextval('pb_kv_seq')`,
            [name, slice, slice.map((key) => latest.get(key))],
          );
        }
      });
    },
    update: async (key, fn) =>
      transaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock_shared($1, hashtext($2))', [FEED_LOCK, name]);
        const rows = await client.query<{ value: string }>(
          'SELECT value FROM pb_kv WHERE collection = $1 AND key = $2 FOR UPDATE',
          [name, key],
        );
        const exists = rows.rows.length > 0;
        const next = fn(exists ? decode(rows.rows[0].value) : undefined);
        if (next === undefined) {
          if (exists) await client.query('DELETE FROM pb_kv WHERE collection = $1 AND key = $2', [name, key]);
          return undefined;
        }
        const text = encode(name, key, next);
        if (exists) {
          await client.query(
            `UPDATE pb_kv SET value = $3, seq = nextval('pb_kv_seq') WHERE collection = $1 AND key = $2`,
            [name, key, text],
          );
        } else {
          // Two updates of a missing key both see no row to lock; the second insert fails with a unique
          // violation after the first commits, and the transaction is retried against the new row.
          await client.query('INSERT INTO pb_kv (collection, key, value) VALUES ($1, $2, $3)', [name, key, text]);
        }
        return decode(text);
      }),
    delete: async (key) => {
      const result = await pool.query('DELETE FROM pb_kv WHERE collection = $1 AND key = $2', [name, key]);
      return (result.rowCount ?? 0) > 0;
    },
    entries: async (sub = '') => {
      const end = prefixEnd(sub);
      const out: [string, T][] = [];
      for (let from = sub, inclusive = true; ; inclusive = false) {
        const params: unknown[] = [name, from];
        if (end !== undefined) params.push(end);
        const rows = await pool.query<{ key: string; value: string }>(
          `SELECT key, value FROM pb_kv WHERE collection = $1 AND key ${inclusive ? '>=' : '>'} $2
           ${end !== undefined ? 'AND key < $3' : ''} ORDER BY key LIMIT ${PAGE_ROWS}`,
          params,
        );
        for (const row of rows.rows) out.push([row.key, decode(row.value)]);
        if (rows.rows.length < PAGE_ROWS) return out;
        from = rows.rows[rows.rows.length - 1].key;
      }
    },
    deleteByPrefix: async (sub) => {
      const end = prefixEnd(sub);
      const result =
        end === undefined
          ? await pool.query('DELETE FROM pb_kv WHERE collection = $1 AND key >= $2', [name, sub])
          : await pool.query('DELETE FROM pb_kv WHERE collection = $1 AND key >= $2 AND key < $3', [name, sub, end]);
      return result.rowCount ?? 0;
    },
  };
}

/** Run `work` in a transaction on its own client; retried on conflicts, deadlocks and serialization failures. */
async function transaction<R>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      const code = (error as { code?: string }).code;
      if (!code || !RETRY_CODES.has(code) || attempt >= MAX_ATTEMPTS) throw error;
    } finally {
      client.release(broken);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, attempt * 2)));
  }
}
