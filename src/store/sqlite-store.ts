/**
 * The sqlite backend (the default, `sqlite://file`): keyv's table layout (`keyv(key, value)`, keys
 * `pb:<collection>:<key>`, values in keyv's serialisation), so files written by earlier versions, or by keyv's
 * `@keyv/sqlite`, open unchanged (sqlite-codec.ts), on a connection that keeps its prepared statements
 * (sqlite-connection.ts). WAL, a busy timeout, `secure_delete` and a write probe at open.
 *
 * How writes stay safe: every statement runs on the one connection through a `SerialQueue`, and each batch,
 * `update` and `transaction` holds the queue from `BEGIN IMMEDIATE` to `COMMIT`, so no other caller's statement
 * can land inside it (and vanish with its ROLLBACK). `BEGIN IMMEDIATE` takes sqlite's write lock at once, so a
 * read-modify-write is atomic against other processes on the file too (they wait up to the busy timeout).
 * Values are serialised before a transaction opens, so an unstorable value fails before anything starts.
 * The change feed (`changesSince`) reads `pb_change`, which triggers keep numbered (migrations.ts).
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Keyv from 'keyv';
import { openError, runtimeError, StoreError } from './errors.js';
import { migrateData, migrateSqliteTables } from './migrations.js';
import { SerialQueue } from './queue.js';
import { openSqliteConnection, type Query, type SqliteConnection } from './sqlite-connection.js';
import { keyvCodec, type Codec } from './sqlite-codec.js';
import type { Collection, Store, StoreOptions, Transaction } from './port.js';
import { Pacer } from '../pacer.js';

const NAMESPACE = 'pb';
const BATCH_ROWS = 400;
/** Rows read per query by `entries`. */
const PAGE_ROWS = 2000;
/** Prefixes read per query by `entriesMany`. */
const PREFIXES_PER_READ = 64;
/** The rows under each of a JSON array of `[from, to)` key ranges, tagged with the range's index, in key order. */
const RANGES = `SELECT r.key AS i, k.key AS key, k.value AS value FROM json_each(?) AS r CROSS JOIN keyv AS k
  ON k.key >= json_extract(r.value, '$[0]') AND k.key < json_extract(r.value, '$[1]') ORDER BY r.key, k.key`;
const UPSERT = 'INSERT INTO keyv(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value';

/** How a collection reaches the connection: directly (each call queued on its own) or inside an open transaction. */
interface Access {
  read<R>(task: (q: Query) => Promise<R>): Promise<R>;
  write<R>(task: (q: Query) => Promise<R>): Promise<R>;
  /** Run `task` as one transaction (already one when inside `Store.transaction`). */
  atomic<R>(task: (q: Query) => Promise<R>): Promise<R>;
}

/** Open (creating if needed) the sqlite store at `file`; throws a `StoreError` saying why it cannot be used. */
export async function createSqliteStore(file: string, options: StoreOptions): Promise<Store> {
  const path = file === ':memory:' ? file : resolve(file);
  if (path !== ':memory:') prepareDirectory(path);
  const busyTimeout = options.busyTimeoutMs ?? 5000;
  let connection: SqliteConnection;
  try {
    connection = await openSqliteConnection(path, busyTimeout);
  } catch (error) {
    throw openError(path, error);
  }
  const raw = connection.query;
  try {
    await raw('PRAGMA journal_mode=WAL');
    await raw('PRAGMA synchronous=NORMAL');
    await raw('PRAGMA secure_delete=ON');
    if (options.maxPages) await raw(`PRAGMA max_page_count=${Math.floor(options.maxPages)}`);
    await migrateSqliteTables(raw);
    // A real committed write, so a read-only file or a full disk fails now and not on the first vote.
    await transactionOn(raw, async () => {
      await raw('INSERT INTO pb_probe(n) VALUES (1)');
      await raw('DELETE FROM pb_probe');
    });
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw openError(path, error);
  }
  // Keyv here only serialises values (keyv's own format); the rows go through `connection`.
  const store = sqliteStore(path, connection, keyvCodec(new Keyv({ namespace: NAMESPACE, throwOnErrors: true })));
  try {
    await migrateData(store);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error instanceof StoreError ? openError(path, error.cause ?? error, error.kind) : error;
  }
  return store;
}

/** Create the file's directory; a path that is a directory, or a directory that cannot be made, is a StoreError. */
function prepareDirectory(path: string): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    }
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw openError(path, error);
  }
}

/**
 * The stored text of each value of `entries` that is not plain JSON data, by its index (the plain ones are left
 * out). Paced (src/pacer.ts): telling ten thousand papers apart holds the event loop for tens of milliseconds.
 */
async function encodeUnplain(codec: Codec, entries: readonly (readonly [string, unknown])[]): Promise<Map<number, string>> {
  const pending: Promise<readonly [number, string]>[] = [];
  const pacer = new Pacer();
  for (let i = 0; i < entries.length; i++) {
    const pause = pacer.tick();
    if (pause) await pause;
    const [key, value] = entries[i];
    if (codec.isPlain(value)) continue;
    const encoded = codec.encode(key, value).then((text) => [i, text] as const);
    encoded.catch(() => undefined); // handled by Promise.all below, after the loop may have yielded
    pending.push(encoded);
  }
  return new Map(await Promise.all(pending));
}

async function transactionOn<R>(q: Query, work: () => Promise<R>): Promise<R> {
  await q('BEGIN IMMEDIATE');
  try {
    const result = await work();
    await q('COMMIT');
    return result;
  } catch (error) {
    await q('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function sqliteStore(path: string, connection: SqliteConnection, codec: Codec): Store {
  const raw = connection.query;
  const queue = new SerialQueue();
  const run = <R>(writing: boolean, task: () => Promise<R>): Promise<R> =>
    queue.run(task).catch((error: unknown) => {
      throw runtimeError(path, error, writing);
    });
  const direct: Access = {
    read: (task) => run(false, () => task(raw)),
    write: (task) => run(true, () => task(raw)),
    atomic: (task) => run(true, () => transactionOn(raw, () => task(raw))),
  };
  const inside: Access = { read: (task) => task(raw), write: (task) => task(raw), atomic: (task) => task(raw) };
  const lease = async (q: Query, name: string) =>
    (await q('SELECT owner, until_ms, token FROM pb_lease WHERE name = ?', name))[0] as { owner: string; until_ms: number; token: number } | undefined;
  const acquireLeaseToken = (name: string, owner: string, nowMs: number, untilMs: number) =>
    direct.atomic(async (q) => {
      const held = await lease(q, name);
      if (!held) {
        await q('INSERT INTO pb_lease(name, owner, until_ms, token) VALUES (?, ?, ?, 1)', name, owner, untilMs);
        return 1;
      }
      if (held.owner !== owner && held.owner !== '' && held.until_ms > nowMs) return undefined;
      const token = held.owner === owner && held.token > 0 ? held.token : held.token + 1;
      await q('UPDATE pb_lease SET owner = ?, until_ms = ?, token = ? WHERE name = ?', owner, untilMs, token, name);
      return token;
    });
  return {
    kind: 'sqlite',
    collection: <T>(name: string) => sqliteCollection<T>(name, direct, codec),
    transaction: (work) =>
      direct.atomic(() => {
        const tx: Transaction = { collection: <T>(name: string) => sqliteCollection<T>(name, inside, codec) };
        return work(tx);
      }),
    acquireLeaseToken,
    renewLease: (name, owner, token, _nowMs, untilMs) =>
      direct.atomic(async (q) => {
        const held = await lease(q, name);
        if (held?.owner !== owner || held.token !== token) return false;
        await q('UPDATE pb_lease SET until_ms = ? WHERE name = ?', untilMs, name);
        return true;
      }),
    holdsLease: (name, owner, token, nowMs) =>
      direct.read(async (q) => {
        const held = await lease(q, name);
        return held?.owner === owner && held.token === token && held.until_ms > nowMs;
      }),
    releaseLease: async (name, owner) => {
      await direct.write((q) => q(`UPDATE pb_lease SET owner = '', until_ms = 0 WHERE name = ? AND owner = ?`, name, owner));
    },
    changesSince: <T>(collection: string, cursor: string | undefined, limit: number) =>
      direct.read(async (q) => {
        const from = cursorNumber(cursor);
        // One writer at a time commits its numbers in order, so a reader never sees a later number before an earlier one.
        const rows = await q(
          `SELECT c.seq, k.key, k.value FROM pb_change c JOIN keyv k ON k.key = c.key
           WHERE c.collection = ? AND c.seq > ? ORDER BY c.seq LIMIT ?`,
          collection, from, Math.max(0, Math.floor(limit)),
        );
        const strip = `${NAMESPACE}:${collection}:`.length;
        const entries: [string, T][] = [];
        for (const row of rows) entries.push([(row.key as string).slice(strip), (await codec.decode(row.value as string)) as T]);
        return { entries, cursor: String(rows.length > 0 ? rows[rows.length - 1].seq : from) };
      }),
    collections: () =>
      direct.read(async (q) => {
        // A loose index scan: one lookup per collection, not one row per entry.
        const names: string[] = [];
        for (;;) {
          const rows = await q('SELECT collection FROM pb_change WHERE collection > ? ORDER BY collection LIMIT 1', names.at(-1) ?? '');
          if (rows.length === 0) return names;
          names.push(rows[0].collection as string);
        }
      }),
    purge: () => direct.write(async (q) => (await q('PRAGMA wal_checkpoint(TRUNCATE)'))[0]?.busy === 0),
    close: () => queue.run(() => connection.close()),
  };
}

/** The number in a cursor this store gave out (0 for none); anything else is refused. */
function cursorNumber(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  if (!/^\d+$/.test(cursor)) throw new Error(`changesSince: "${cursor.slice(0, 40)}" is not a cursor from this store.`);
  return Number(cursor);
}

function sqliteCollection<T>(name: string, access: Access, codec: Codec): Collection<T> {
  const full = (key: string) => `${NAMESPACE}:${name}:${key}`;
  const strip = full('').length;
  const range = (sub: string) => [full(sub), `${full(sub)}\uffff`];
  const getOne = async (q: Query, key: string) => {
    const rows = await q('SELECT value FROM keyv WHERE key = ?', full(key));
    return rows.length > 0 ? ((await codec.decode(rows[0].value as string)) as T | undefined) : undefined;
  };
  const collection: Collection<T> = {
    get: (key) => access.read((q) => getOne(q, key)),
    getMany: async (keys) => {
      if (keys.length === 0) return [];
      const rows = await access.read((q) => q('SELECT key, value FROM keyv WHERE key IN (SELECT value FROM json_each(?))', JSON.stringify(keys.map(full))));
      const found = new Map(rows.map((row) => [row.key as string, row.value as string]));
      return Promise.all(keys.map(async (key) => {
        const text = found.get(full(key));
        return text === undefined ? undefined : ((await codec.decode(text)) as T | undefined);
      }));
    },
    set: async (key, value) => {
      const text = await codec.encode(key, value);
      await access.write((q) => q(UPSERT, full(key), text));
    },
    setMany: async (entries) => {
      if (entries.length === 0) return;
      // Plain JSON data cannot fail to encode, so its text is made a batch at a time inside the transaction (one
      // batch's text held at once); any other value is encoded first, so an unstorable value fails before it
      // starts. Decided value by value: one odd value (a paper with an author ":") does not make the whole
      // batch's text be held at once (10,000 papers: about 45 MB more heap).
      const early = await encodeUnplain(codec, entries);
      await access.atomic(async (q) => {
        for (let i = 0; i < entries.length; i += BATCH_ROWS) {
          const batch = entries.slice(i, i + BATCH_ROWS);
          const params = batch.flatMap(([key, value], j) => [full(key), early.get(i + j) ?? codec.encodePlain(value)]);
          const rows = Array.from({ length: batch.length }, () => '(?, ?)').join(', ');
          await q(`INSERT INTO keyv(key, value) VALUES ${rows} ON CONFLICT(key) DO UPDATE SET value = excluded.value`, ...params);
        }
      });
    },
    delete: (key) =>
      access.atomic(async (q) => {
        const rows = await q('SELECT 1 FROM keyv WHERE key = ?', full(key));
        if (rows.length > 0) await q('DELETE FROM keyv WHERE key = ?', full(key));
        return rows.length > 0;
      }),
    entries: async (sub = '') => {
      const [lo, hi] = range(sub);
      const out: [string, T][] = [];
      // Pages keep sqlite's own copy of the rows small (one page, not the whole collection, at a time).
      for (let from = lo, inclusive = true; ; inclusive = false) {
        const page = from;
        const rows = await access.read((q) =>
          q(`SELECT key, value FROM keyv WHERE key ${inclusive ? '>=' : '>'} ? AND key < ? ORDER BY key LIMIT ${PAGE_ROWS}`, page, hi),
        );
        for (const row of rows) {
          const value = (await codec.decode(row.value as string)) as T | undefined;
          if (value !== undefined) out.push([(row.key as string).slice(strip), value]);
        }
        if (rows.length < PAGE_ROWS) return out;
        from = rows[rows.length - 1].key as string;
      }
    },
    entriesMany: async (subs) => {
      const out = subs.map((): [string, T][] => []);
      for (let at = 0; at < subs.length; at += PREFIXES_PER_READ) {
        const ranges = subs.slice(at, at + PREFIXES_PER_READ).map(range);
        const rows = await access.read((q) => q(RANGES, JSON.stringify(ranges)));
        for (const row of rows) {
          const value = (await codec.decode(row.value as string)) as T | undefined;
          if (value !== undefined) out[at + Number(row.i)].push([(row.key as string).slice(strip), value]);
        }
      }
      return out;
    },
    deleteByPrefix: (sub) =>
      access.atomic(async (q) => {
        const [lo, hi] = range(sub);
        const rows = await q('SELECT count(*) AS n FROM keyv WHERE key >= ? AND key < ?', lo, hi);
        await q('DELETE FROM keyv WHERE key >= ? AND key < ?', lo, hi);
        return Number(rows[0]?.n ?? 0);
      }),
    update: async (key, change) =>
      access.atomic(async (q) => {
        const current = await getOne(q, key);
        const next = change(current);
        if (next === undefined) {
          if (current !== undefined) await q('DELETE FROM keyv WHERE key = ?', full(key));
        } else {
          await q(UPSERT, full(key), await codec.encode(key, next));
        }
        return next;
      }),
  };
  return collection;
}
