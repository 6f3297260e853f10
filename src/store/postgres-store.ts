/**
 * The Postgres backend of the store port (`STORE_URL=postgres://user:password@host:5432/db`), for several bot
 * instances on one database. It uses `pg` directly: one pool per store; every multi-statement operation runs on
 * its own pooled client in its own transaction, so a failing batch fails alone and nothing else joins it. A
 * transaction's statements are pipelined (postgres-pipeline.ts): BEGIN, the writes and COMMIT go out with the
 * next statement waited for, so a read-modify-write costs two round trips and one commit; a transaction that
 * changed nothing ends with a rollback, which waits for no disk flush.
 * Collections: postgres-collection.ts; tables and SQL migrations: postgres-schema.ts.
 *
 * Nothing is retried: `update` and `transaction` lock what they read (SELECT ... FOR UPDATE), so `change` and
 * `work` run exactly once, as the port promises. A lock that cannot be had (a deadlock between transactions)
 * fails the call with a `StoreError` of kind `locked`. Every database failure is a `StoreError` naming the
 * server (`host:port/database as user`), never the password; a caller's own error passes through unchanged.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { postgresError } from './errors.js';
import { migrateData } from './migrations.js';
import { changesEntries, decode, PLACEHOLDER, postgresCollection, type Access } from './postgres-collection.js';
import { pipeline, type Pipeline, type Query } from './postgres-pipeline.js';
import { FEED_LOCK, migratePostgres, parsePostgresUrl } from './postgres-schema.js';
import type { ChangePage, Store, StoreOptions, Transaction } from './port.js';

const INSIDE_TRANSACTION = "A store call was made inside a transaction on the same store; use the transaction's `tx` instead.";

/** Open (creating or migrating the tables) the store at a postgres:// URL; a bad or unreachable URL is a `StoreError` naming STORE_URL. */
export async function openPostgresStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const { server, password } = parsePostgresUrl(url);
  // Pipeline mode: a transaction's statements go out without waiting for each answer (postgres-pipeline.ts).
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000, pipeline: true });
  // An idle client that loses its connection emits 'error' on the pool, which drops it; unheard, it would crash.
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
    throw postgresError(server, error, 'open', password);
  }
  const store = createPostgresStore(pool, server, password);
  try {
    await migrateData(store);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw postgresError(server, error, 'open', password);
  }
  return store;
}

function createPostgresStore(pool: pg.Pool, server: string, password: string): Store {
  /** Set while a transaction's `work` runs: a call on the store itself from inside it would wait for a second client. */
  const inside = new AsyncLocalStorage<pg.Pool>();
  const failed = (writing: boolean) => (error: unknown): never => {
    throw postgresError(server, error, writing ? 'write' : 'read', password);
  };
  const onClient = (client: pg.PoolClient, writing: boolean): Query => (sql, params) =>
    client.query(sql, params).catch(failed(writing)) as never;
  /** Every direct entry point: refuses a call from inside this store's own transaction, maps failures. */
  const guarded = <R>(writing: boolean, task: () => Promise<R>): Promise<R> =>
    inside.getStore() === pool ? Promise.reject(new Error(INSIDE_TRANSACTION)) : task().catch(failed(writing));
  /** `work` in a transaction on one pooled client, ended by COMMIT, or by ROLLBACK when it changed nothing (no disk flush to wait for). */
  const runTransaction = async <R>(work: (tx: Pipeline) => Promise<Ending<R>>): Promise<R> => {
    const client = await pool.connect().catch(failed(true));
    let broken = false;
    try {
      const tx = pipeline(onClient(client, true), client.connection.stream);
      tx.send('BEGIN');
      const { result, changed } = await work(tx);
      await tx.query(changed ? 'COMMIT' : 'ROLLBACK');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  };
  const poolQuery: Query = (sql, params) => pool.query(sql, params) as never;
  const direct: Access = {
    query: (sql, params) => guarded(changesEntries(sql), () => poolQuery(sql, params)),
    atomic: (task) => guarded(true, () => runTransaction(async (tx) => ({ result: await task(tx), changed: true }))),
    locking: false,
  };
  const leases = postgresLeases(<Row>(sql: string, params: unknown[]) => guarded(true, () => poolQuery<Row>(sql, params)));
  return {
    kind: 'postgres',
    collection: <T>(name: string) => postgresCollection<T>(name, direct),
    transaction: (work) => guarded(true, () => runTransaction((tx) => transactionOn(tx, inside, pool, work))),
    changesSince: <T>(collection: string, cursor: string | undefined, limit: number) =>
      guarded(false, () => changesSince<T>(poolQuery, runTransaction, collection, cursor, limit)),
    collections: () =>
      guarded(false, async () => {
        // A loose index scan over the primary key: one lookup per collection, not one row per entry.
        const rows = await poolQuery<{ collection: string }>(
          `WITH RECURSIVE names(collection) AS (
             (SELECT collection FROM pb_kv ORDER BY collection LIMIT 1)
             UNION ALL
             SELECT (SELECT k.collection FROM pb_kv k WHERE k.collection > n.collection ORDER BY k.collection LIMIT 1)
             FROM names n WHERE n.collection IS NOT NULL)
           SELECT collection FROM names WHERE collection IS NOT NULL`,
        );
        return rows.rows.map((row) => row.collection);
      }),
    ...leases,
    // VACUUM FULL rewrites the table into new files without the deleted rows (a plain VACUUM leaves their bytes).
    purge: () => guarded(true, async () => (await poolQuery('VACUUM FULL pb_kv'), true)),
    close: () => pool.end(),
  };
}

type LeaseMethods = Pick<Store, 'acquireLeaseToken' | 'renewLease' | 'holdsLease' | 'releaseLease'>;

/** Fenced leases in `pb_lease`, each call one statement (atomic on its own). */
function postgresLeases(query: <Row>(sql: string, params: unknown[]) => Promise<{ rows: Row[]; rowCount: number | null }>): LeaseMethods {
  const acquireLeaseToken = async (name: string, owner: string, nowMs: number, untilMs: number) => {
    // The holder renewing in time keeps its token; anyone else, or the holder after it lapsed or released, gets a new one.
    const result = await query<{ token: string }>(
      `INSERT INTO pb_lease (name, owner, until_ms, token) VALUES ($1, $2, $4, 1)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until_ms = excluded.until_ms,
         token = CASE WHEN pb_lease.owner = excluded.owner AND pb_lease.until_ms > $3 THEN pb_lease.token ELSE pb_lease.token + 1 END
       WHERE pb_lease.owner = excluded.owner OR pb_lease.owner = '' OR pb_lease.until_ms <= $3
       RETURNING token`,
      [name, owner, nowMs, untilMs],
    );
    return result.rows.length > 0 ? Number(result.rows[0].token) : undefined;
  };
  return {
    acquireLeaseToken,
    renewLease: async (name, owner, token, _nowMs, untilMs) =>
      ((await query('UPDATE pb_lease SET until_ms = $4 WHERE name = $1 AND owner = $2 AND token = $3', [name, owner, token, untilMs])).rowCount ?? 0) > 0,
    holdsLease: async (name, owner, token, nowMs) =>
      (await query('SELECT 1 FROM pb_lease WHERE name = $1 AND owner = $2 AND token = $3 AND until_ms > $4', [name, owner, token, nowMs])).rows.length > 0,
    // The row stays (with no owner) so the token keeps growing: a later holder never reuses an old token.
    releaseLease: async (name, owner) => {
      await query(`UPDATE pb_lease SET owner = '', until_ms = 0 WHERE name = $1 AND owner = $2`, [name, owner]);
    },
  };
}

/** What a transaction's work gives back: its result, and whether it changed any entry (if not, it rolls back). */
interface Ending<R> {
  result: R;
  changed: boolean;
}

/**
 * Run `work` on the open transaction `open`: its collections lock what they read and send their writes without
 * waiting (they are answered by the commit at the latest); placeholders left unused are removed before commit.
 * When `work` changed nothing (it only read, or found nothing to change), the transaction is to roll back: its
 * placeholders go with it, and it waits for no disk flush, as a commit would for its locks and placeholders.
 */
async function transactionOn<R>(open: Pipeline, inside: AsyncLocalStorage<pg.Pool>, pool: pg.Pool, work: (tx: Transaction) => Promise<R>): Promise<Ending<R>> {
  const placeholders = new Map<string, string[]>();
  let changed = false;
  const noted = (sql: string) => (changed ||= changesEntries(sql), sql);
  const tracked: Pipeline = { query: (sql, params) => open.query(noted(sql), params), send: (sql, params) => open.send(noted(sql), params) };
  const access: Access = {
    ...tracked,
    atomic: (task) => task(tracked),
    locking: true,
    placeholder: (collection, key) => placeholders.set(collection, [...(placeholders.get(collection) ?? []), key]),
  };
  const tx: Transaction = { collection: <T>(name: string) => postgresCollection<T>(name, access) };
  const result = await inside.run(pool, () => work(tx));
  if (!changed) return { result, changed };
  for (const [collection, keys] of placeholders) {
    open.send('DELETE FROM pb_kv WHERE collection = $1 AND key = ANY($2::text[]) AND value = $3', [collection, keys, PLACEHOLDER]);
  }
  return { result, changed };
}

type RunTransaction = <R>(work: (tx: Pipeline) => Promise<Ending<R>>) => Promise<R>;

/**
 * The change feed. Writers hold the collection's shared feed lock from before they draw a sequence number until
 * they commit; taking it exclusively waits for them, so every number up to the sequence's value read then is
 * settled and a page never skips a write that commits later with a smaller number.
 */
async function changesSince<T>(query: Query, transaction: RunTransaction, collection: string, cursor: string | undefined, limit: number): Promise<ChangePage<T>> {
  const from = cursor === undefined || cursor === '' ? '0' : cursor;
  if (!/^\d+$/.test(from)) throw new Error(`changesSince: "${cursor}" is not a cursor from this store.`);
  const high = await transaction(async ({ query: q, send }) => {
    send('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FEED_LOCK, collection]);
    const rows = await q<{ last_value: string; is_called: boolean }>('SELECT last_value, is_called FROM pb_kv_seq');
    return { result: rows.rows[0].is_called ? rows.rows[0].last_value : '0', changed: false };
  });
  const rows = await query<{ key: string; value: string; seq: string }>(
    'SELECT key, value, seq FROM pb_kv WHERE collection = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4',
    [collection, from, high, limit],
  );
  const entries = rows.rows.map((row) => [row.key, decode<T>(row.value) as T] as [string, T]);
  const full = rows.rows.length >= limit;
  const next = full ? (rows.rows.at(-1)?.seq ?? from) : BigInt(high) > BigInt(from) ? high : from;
  return { entries, cursor: next };
}
