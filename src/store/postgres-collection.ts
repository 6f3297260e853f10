/**
 * One collection of the Postgres backend (rows of `pb_kv` with its name), written once for both ways of reaching
 * the database: straight on the pool (each call its own statement or transaction) and inside `Store.transaction`
 * (every call on that transaction's one client). How an update runs `change` exactly once: it locks the row
 * before reading it (SELECT ... FOR UPDATE), and for a key with no row it first inserts an uncommitted
 * placeholder (value '') that every other writer of the key waits for, so there is nothing to retry.
 * Every write that draws a sequence number holds the collection's shared feed lock until it commits
 * (see `changesSince` in postgres-store.ts).
 */
import { unserialisableError } from './errors.js';
import type { Pipeline, Query, Send } from './postgres-pipeline.js';
import { FEED_LOCK, prefixEnd } from './postgres-schema.js';
import type { Collection } from './port.js';
import { Pacer } from '../pacer.js';


/** How a collection reaches the database. */
export interface Access {
  /** Run one statement (autocommit on the pool; inside a transaction on its client). */
  query: Query;
  /**
   * Run `task` as one transaction on one client (inside a transaction: on its client, already atomic), its
   * statements pipelined (postgres-pipeline.ts).
   */
  atomic<R>(task: (tx: Pipeline) => Promise<R>): Promise<R>;
  /** Inside a transaction: send a write whose answer is not needed without waiting for it (it fails the transaction if it fails). */
  send?: Send;
  /** Inside a transaction: remember a placeholder row to remove at commit if nothing replaced it. */
  placeholder?(collection: string, key: string): void;
  /** True inside a transaction: reads lock the rows they find, so no other writer changes them before commit. */
  locking: boolean;
}

/** Rows read per query by `entries`. */
const PAGE_ROWS = 2000;
/** Rows written per statement by `setMany` (arrays through unnest, so the row count is not bound by parameters). */
const WRITE_ROWS = 2000;
/** What a placeholder row holds: never valid JSON, so never a stored value. */
export const PLACEHOLDER = '';

/** JSON text of a value; a `StoreError` naming the key when it cannot be stored (a BigInt, a cycle, undefined, a function). */
export function encode(key: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw unserialisableError(key, error);
  }
  if (text === undefined) throw unserialisableError(key, new Error(`the value is not JSON (${typeof value})`));
  return text;
}

/** The value a stored text stands for (a placeholder stands for no value). */
export function decode<T>(text: string): T | undefined {
  return text === PLACEHOLDER ? undefined : (JSON.parse(text) as T);
}

/**
 * Lock the row of a key (parameters: collection, key, FEED_LOCK) and return its value, in one statement; when
 * there is no row, take the collection's shared feed lock and insert a placeholder row instead (`made`). No row
 * comes back when another transaction created the key meanwhile: the insert waited for it and did nothing.
 */
const LOCK_ENTRY = `WITH found AS (SELECT value FROM pb_kv WHERE collection = $1 AND key = $2 FOR UPDATE),
  feed AS (SELECT pg_advisory_xact_lock_shared($3, hashtext($1)) WHERE NOT EXISTS (SELECT FROM found)),
  made AS (INSERT INTO pb_kv (collection, key, value) SELECT $1, $2, '${PLACEHOLDER}' FROM feed ON CONFLICT DO NOTHING RETURNING value)
  SELECT value, false AS made FROM found UNION ALL SELECT value, true AS made FROM made`;

/** True when `sql` changes stored entries (a placeholder made by locking a key with no row is not a change). */
export function changesEntries(sql: string): boolean {
  return sql !== LOCK_ENTRY && /^\s*(INSERT|UPDATE|DELETE|WITH)/i.test(sql);
}

/**
 * Lock the row of `key` for the rest of the transaction and return its value (undefined when there is none; then
 * a placeholder row is held so no one else can create the key meanwhile). Returns whether a placeholder was made.
 */
export async function lockEntry(q: Query, name: string, key: string): Promise<{ text?: string; placeholder: boolean }> {
  for (;;) {
    const rows = await q<{ value: string; made: boolean }>(LOCK_ENTRY, [name, key, FEED_LOCK]);
    // No row: another transaction's insert of the key committed while this one waited; read it again.
    if (rows.rows.length === 0) continue;
    const [row] = rows.rows;
    return row.made ? { placeholder: true } : { text: row.value, placeholder: false };
  }
}

const UPSERT = `INSERT INTO pb_kv (collection, key, value) SELECT $2, k, v FROM feed, unnest($3::text[], $4::text[]) AS t(k, v)
  ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, seq = nextval('pb_kv_seq')`;
/** Upsert rows under the collection's shared feed lock, taken in the same statement before any sequence number is drawn. */
const LOCKED_UPSERT = `WITH feed AS (SELECT pg_advisory_xact_lock_shared($1, hashtext($2))) ${UPSERT}`;

/** The collection `name` reached through `access`. */
export function postgresCollection<T>(name: string, access: Access): Collection<T> {
  const lock = access.locking ? ' FOR UPDATE' : '';
  const getOne = async (key: string): Promise<T | undefined> => {
    if (!access.locking) {
      const rows = await access.query<{ value: string }>('SELECT value FROM pb_kv WHERE collection = $1 AND key = $2', [name, key]);
      return rows.rows.length > 0 ? decode<T>(rows.rows[0].value) : undefined;
    }
    const held = await lockEntry(access.query, name, key);
    if (held.placeholder) access.placeholder?.(name, key);
    return held.text === undefined ? undefined : decode<T>(held.text);
  };
  const collection: Collection<T> = {
    get: getOne,
    getMany: async (keys) => {
      if (keys.length === 0) return [];
      const rows = await access.query<{ key: string; value: string }>(
        `SELECT key, value FROM pb_kv WHERE collection = $1 AND key = ANY($2::text[])${lock}`,
        [name, keys],
      );
      const byKey = new Map(rows.rows.map((row) => [row.key, row.value]));
      return keys.map((key) => {
        const text = byKey.get(key);
        return text === undefined ? undefined : decode<T>(text);
      });
    },
    set: async (key, value) => {
      const params = [FEED_LOCK, name, [key], [encode(key, value)]];
      if (access.send) access.send(LOCKED_UPSERT, params);
      else await access.query(LOCKED_UPSERT, params);
    },
    setMany: async (entries) => {
      if (entries.length === 0) return;
      // Encode everything first: a value that cannot be stored fails the batch before any write. The last value
      // for a key wins, as it would with one set after another.
      const latest = new Map<string, string>();
      // Paced (src/pacer.ts): ten thousand papers take a fifth of a second to encode.
      const pacer = new Pacer();
      for (const [key, value] of entries) {
        const pause = pacer.tick();
        if (pause) await pause;
        latest.set(key, encode(key, value));
      }
      const keys = [...latest.keys()];
      await access.atomic(async ({ send }) => {
        for (let i = 0; i < keys.length; i += WRITE_ROWS) {
          const slice = keys.slice(i, i + WRITE_ROWS);
          send(LOCKED_UPSERT, [FEED_LOCK, name, slice, slice.map((key) => latest.get(key))]);
        }
      });
    },
    update: (key, change) =>
      access.atomic(async (tx) => {
        const held = await lockEntry(tx.query, name, key);
        const next = change(held.text === undefined ? undefined : decode<T>(held.text));
        if (next === undefined) {
          if (held.text !== undefined || held.placeholder) tx.send('DELETE FROM pb_kv WHERE collection = $1 AND key = $2', [name, key]);
          return undefined;
        }
        const text = encode(key, next);
        tx.send(LOCKED_UPSERT, [FEED_LOCK, name, [key], [text]]);
        return decode<T>(text);
      }),
    delete: async (key) => {
      const result = await access.query(`DELETE FROM pb_kv WHERE collection = $1 AND key = $2 AND value <> ''`, [name, key]);
      return (result.rowCount ?? 0) > 0;
    },
    entries: async (sub = '') => {
      const end = prefixEnd(sub);
      const out: [string, T][] = [];
      for (let from = sub, inclusive = true; ; inclusive = false) {
        const params: unknown[] = [name, from];
        if (end !== undefined) params.push(end);
        const rows = await access.query<{ key: string; value: string }>(
          `SELECT key, value FROM pb_kv WHERE collection = $1 AND key ${inclusive ? '>=' : '>'} $2
           ${end !== undefined ? 'AND key < $3' : ''} ORDER BY key LIMIT ${PAGE_ROWS}${lock}`,
          params,
        );
        for (const row of rows.rows) if (row.value !== PLACEHOLDER) out.push([row.key, decode<T>(row.value) as T]);
        if (rows.rows.length < PAGE_ROWS) return out;
        from = rows.rows[rows.rows.length - 1].key;
      }
    },
    entriesMany: async (subs) => {
      const out = subs.map((): [string, T][] => []);
      // A prefix with no end (the empty one) is every entry: read page by page as `entries` does.
      const ranged = subs.flatMap((sub, i) => (prefixEnd(sub) === undefined ? [] : [i]));
      for (const [i, sub] of subs.entries()) if (!ranged.includes(i)) out[i] = await collection.entries(sub);
      if (ranged.length === 0) return out;
      // One statement for the other prefixes: each [from, end) range read by its own index scan (LATERAL), so the
      // planner never scans the whole collection whatever its statistics say.
      const rows = await access.query<{ i: string; key: string; value: string }>(
        `SELECT r.i, k.key, k.value FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS r(lo, hi, i)
         CROSS JOIN LATERAL (SELECT key, value FROM pb_kv WHERE collection = $1 AND key >= r.lo AND key < r.hi ORDER BY key${lock}) k
         ORDER BY r.i, k.key`,
        [name, ranged.map((i) => subs[i]), ranged.map((i) => prefixEnd(subs[i]))],
      );
      for (const row of rows.rows) if (row.value !== PLACEHOLDER) out[ranged[Number(row.i) - 1]].push([row.key, decode<T>(row.value) as T]);
      return out;
    },
    deleteByPrefix: async (sub) => {
      const end = prefixEnd(sub);
      const range = end === undefined ? '' : 'AND key < $3';
      const result = await access.query(
        `DELETE FROM pb_kv WHERE collection = $1 AND key >= $2 ${range} AND value <> ''`,
        end === undefined ? [name, sub] : [name, sub, end],
      );
      return result.rowCount ?? 0;
    },
  };
  return collection;
}
