/**
 * All persistent state, on keyv. The default backend is sqlite through @keyv/sqlite (WAL, busy timeout,
 * `throwOnErrors`, so a failed write is an error and never silently lost); `memory://` is for throwaway runs.
 * Collections are key prefixes; a `Collection` only ever reads and writes its own prefix, and callers build keys
 * that start with the platform and workspace, so data cannot cross workspaces.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';

/** Bumped when stored shapes change; `openStore` migrates older files forward. */
export const SCHEMA_VERSION = 1;

const NAMESPACE = 'pb';
const BATCH_ROWS = 400;
/** Rows read per query by `entries`. */
const PAGE_ROWS = 2000;
/**
 * keyv's serializer escapes a string that starts with ':' (and writes Buffers as ':base64:...'), and its
 * deserializer undoes that with a JSON.parse reviver, several times slower than a plain parse. A string that
 * starts with ':' shows in the text as a quote and colon right after one of `:,[{`; without that, a plain
 * JSON.parse gives the same value.
 */
const COLON_STRING = /[:,[{]":/;

function deserialize(keyv: Keyv, text: string): unknown {
  return COLON_STRING.test(text) ? keyv.deserialize!(text) : JSON.parse(text);
}

export interface Collection<T> {
  get(key: string): Promise<T | undefined>;
  getMany(keys: string[]): Promise<(T | undefined)[]>;
  set(key: string, value: T): Promise<void>;
  /** Write many entries in one transaction (sqlite) — the fast path for ingest. */
  setMany(entries: [string, T][]): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Every entry whose key starts with `prefix` (all entries when omitted), in key order. */
  entries(prefix?: string): Promise<[string, T][]>;
  /** Delete every entry whose key starts with `prefix`; returns how many were deleted. */
  deleteByPrefix(prefix: string): Promise<number>;
}

export interface Store {
  collection<T>(name: string): Collection<T>;
  /**
   * Take or renew a named lease for `owner` until `untilMs` if it is free, expired at `nowMs`, or already
   * held by `owner`. Atomic across processes sharing the file. Returns true when `owner` holds it.
   */
  acquireLease(name: string, owner: string, nowMs: number, untilMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
  close(): Promise<void>;
  /** `sqlite` or `memory`. */
  readonly kind: string;
}

export interface StoreOptions {
  /** Milliseconds a writer waits for another process's lock before failing. Default 5000. */
  busyTimeoutMs?: number;
}

/** Open the store at `url`: `sqlite://path/to/file.sqlite` (relative to cwd) or `memory://`. */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  if (url === 'memory://' || url === 'memory') return createMemoryStore();
  if (/^postgres(ql)?:\/\//.test(url)) return (await import('./postgres-store.js')).openPostgresStore(url).then(async (s) => (await migrate(s), s));
  const match = /^sqlite:\/\/(.+)$/.exec(url);
  if (!match) throw new Error(`STORE_URL must be sqlite://<file>, postgres://... or memory://, got "${url}".`);
  return createSqliteStore(match[1], options.busyTimeoutMs ?? 5000);
}

type Query = (sql: string, ...params: unknown[]) => Promise<Record<string, unknown>[]>;

async function createSqliteStore(file: string, busyTimeout: number): Promise<Store> {
  const path = file === ':memory:' ? file : resolve(file);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout });
  const keyv = new Keyv({ store: adapter, namespace: NAMESPACE, throwOnErrors: true });
  const query = adapter.query as unknown as Query;
  await query('PRAGMA journal_mode=WAL');
  await query('PRAGMA synchronous=NORMAL');
  await query('CREATE TABLE IF NOT EXISTS pb_lease(name TEXT PRIMARY KEY, owner TEXT NOT NULL, until_ms INTEGER NOT NULL)');
  const store: Store = {
    kind: 'sqlite',
    collection: <T>(name: string) => sqliteCollection<T>(keyv, query, name),
    acquireLease: async (name, owner, nowMs, untilMs) => {
      await query(
        `INSERT INTO pb_lease(name, owner, until_ms) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, until_ms = excluded.until_ms
         WHERE pb_lease.until_ms <= ? OR pb_lease.owner = excluded.owner`,
        name, owner, untilMs, nowMs,
      );
      const rows = await query('SELECT owner FROM pb_lease WHERE name = ?', name);
      return rows[0]?.owner === owner;
    },
    releaseLease: async (name, owner) => {
      await query('DELETE FROM pb_lease WHERE name = ? AND owner = ?', name, owner);
    },
    close: () => keyv.disconnect(),
  };
  await migrate(store);
  return store;
}

function sqliteCollection<T>(keyv: Keyv, query: Query, name: string): Collection<T> {
  const prefix = `${name}:`;
  const full = (key: string) => `${NAMESPACE}:${prefix}${key}`;
  const range = (sub: string) => {
    const lo = full(sub);
    return [lo, `${lo}\uffff`];
  };
  return {
    get: async (key) => (await keyv.get(prefix + key)) as T | undefined,
    getMany: async (keys) => (keys.length === 0 ? [] : ((await keyv.getMany(keys.map((k) => prefix + k))) as (T | undefined)[])),
    set: async (key, value) => {
      await keyv.set(prefix + key, value);
    },
    setMany: async (entries) => {
      if (entries.length === 0) return;
      await query('BEGIN IMMEDIATE');
      try {
        for (let i = 0; i < entries.length; i += BATCH_ROWS) {
          const batch = entries.slice(i, i + BATCH_ROWS);
          const params: unknown[] = [];
          for (const [key, value] of batch) params.push(full(key), await keyv.serialize!({ value, expires: undefined }));
          await query(
            `INSERT INTO keyv(key, value) VALUES ${batch.map(() => '(?, ?)').join(', ')}
             ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
            ...params,
          );
        }
        await query('COMMIT');
      } catch (error) {
        await query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    delete: async (key) => keyv.delete(prefix + key),
    entries: async (sub = '') => {
      const [lo, hi] = range(sub);
      const strip = NAMESPACE.length + 1 + prefix.length;
      const out: [string, T][] = [];
      // Pages keep sqlite's own copy of the rows small (one page, not the whole collection, at a time).
      for (let from = lo, inclusive = true; ; inclusive = false) {
        const rows = await query(
          `SELECT key, value FROM keyv WHERE key ${inclusive ? '>=' : '>'} ? AND key < ? ORDER BY key LIMIT ${PAGE_ROWS}`,
          from, hi,
        );
        for (const row of rows) {
          const data = (await deserialize(keyv, row.value as string)) as { value: T } | undefined;
          if (data) out.push([(row.key as string).slice(strip), data.value]);
        }
        if (rows.length < PAGE_ROWS) return out;
        from = rows[rows.length - 1].key as string;
      }
    },
    deleteByPrefix: async (sub) => {
      const [lo, hi] = range(sub);
      const rows = await query('SELECT count(*) AS n FROM keyv WHERE key >= ? AND key < ?', lo, hi);
      await query('DELETE FROM keyv WHERE key >= ? AND key < ?', lo, hi);
      return Number(rows[0]?.n ?? 0);
    },
  };
}

/** An in-process store with the same semantics, for `memory://`. */
export function createMemoryStore(): Store {
  const data = new Map<string, unknown>();
  const leases = new Map<string, { owner: string; untilMs: number }>();
  const clone = <T>(value: T): T => (value === undefined ? value : structuredClone(value));
  const keysWith = (start: string) => [...data.keys()].filter((k) => k.startsWith(start)).sort();
  return {
    kind: 'memory',
    collection: <T>(name: string): Collection<T> => {
      const p = `${name}:`;
      return {
        get: async (key) => clone(data.get(p + key) as T | undefined),
        getMany: async (keys) => keys.map((k) => clone(data.get(p + k) as T | undefined)),
        set: async (key, value) => void data.set(p + key, clone(value)),
        setMany: async (entries) => entries.forEach(([k, v]) => data.set(p + k, clone(v))),
        delete: async (key) => data.delete(p + key),
        entries: async (sub = '') => keysWith(p + sub).map((k) => [k.slice(p.length), clone(data.get(k) as T)]),
        deleteByPrefix: async (sub) => keysWith(p + sub).filter((k) => data.delete(k)).length,
      };
    },
    acquireLease: async (name, owner, nowMs, untilMs) => {
      const held = leases.get(name);
      if (held && held.untilMs > nowMs && held.owner !== owner) return false;
      leases.set(name, { owner, untilMs });
      return true;
    },
    releaseLease: async (name, owner) => {
      if (leases.get(name)?.owner === owner) leases.delete(name);
    },
    close: async () => undefined,
  };
}

async function migrate(store: Store): Promise<void> {
  const meta = store.collection<number>('meta');
  const version = (await meta.get('schemaVersion')) ?? 0;
  if (version > SCHEMA_VERSION) {
    throw new Error(`The store was written by a newer Paperboy (schema ${version}, this one knows ${SCHEMA_VERSION}).`);
  }
  // Schema 1 is the first; later versions add their steps here, in order.
  if (version < SCHEMA_VERSION) await meta.set('schemaVersion', SCHEMA_VERSION);
}
