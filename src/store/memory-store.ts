/**
 * The in-process backend (`memory://`, tests, benchmarks): the same contract as sqlite, data lost on exit.
 * Values are kept as JSON text, so what can be stored, and what comes back, is what a database would give
 * (an unstorable value fails the same way). Writes and transactions take turns through one `SerialQueue`,
 * and a transaction writes into its own overlay that lands only on success, so a failing one changes nothing.
 * Every committed write numbers its key anew, which is the change feed.
 */
import { unserialisableError } from './errors.js';
import { SerialQueue } from './queue.js';
import type { Collection, Store, Transaction } from './port.js';

interface Lease {
  owner: string;
  untilMs: number;
  token: number;
}

/** Marks a key deleted inside a transaction's overlay. */
const DELETED = Symbol('deleted');
type Overlay = Map<string, string | typeof DELETED>;

function encode(key: string, value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw unserialisableError(key, error);
  }
}

/** An in-process store with the same semantics as the sqlite one. */
export function createMemoryStore(): Store {
  const data = new Map<string, string>();
  /** The change feed: each stored key's number, renewed on every write; numbers only grow. */
  const written = new Map<string, number>();
  let lastNumber = 0;
  const commit = (full: string, text: string | undefined) => {
    if (text === undefined) {
      data.delete(full);
      written.delete(full);
    } else {
      data.set(full, text);
      written.set(full, ++lastNumber);
    }
  };
  const leases = new Map<string, Lease>();
  const queue = new SerialQueue();
  /** Reads see committed data, or the overlay first inside a transaction. */
  const view = (overlay?: Overlay) => {
    const viewGet = (full: string) => {
      const pending = overlay?.get(full);
      if (pending === DELETED) return undefined;
      return pending ?? data.get(full);
    };
    return {
    get: viewGet,
    keys: (start: string) => {
      const all = new Set([...data.keys(), ...(overlay?.keys() ?? [])]);
      return [...all].filter((k) => k.startsWith(start) && viewGet(k) !== undefined).sort();
    },
    };
  };
  const collectionOn = <T>(name: string, overlay: Overlay | undefined, exclusive: <R>(task: () => R) => Promise<R>): Collection<T> => {
    const p = `${name}:`;
    const { get, keys } = view(overlay);
    const put = (full: string, text: string | undefined) => {
      if (overlay) overlay.set(full, text ?? DELETED);
      else commit(full, text);
    };
    const read = (full: string) => {
      const text = get(full);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    };
    return {
      get: async (key) => read(p + key),
      getMany: async (keys) => keys.map((k) => read(p + k)),
      set: async (key, value) => {
        const text = encode(key, value);
        await exclusive(() => put(p + key, text));
      },
      setMany: async (entries) => {
        const texts = entries.map(([k, v]) => [p + k, encode(k, v)] as const);
        await exclusive(() => texts.forEach(([k, t]) => put(k, t)));
      },
      delete: (key) =>
        exclusive(() => {
          const had = get(p + key) !== undefined;
          put(p + key, undefined);
          return had;
        }),
      entries: async (sub = '') => {
          return keys(p + sub).map((k) => [k.slice(p.length), JSON.parse(get(k)!) as T]);
      },
      entriesMany: async (subs) => subs.map((sub) => keys(p + sub).map((k): [string, T] => [k.slice(p.length), JSON.parse(get(k)!) as T])),
      deleteByPrefix: (sub) =>
        exclusive(() => {
          const gone = keys(p + sub);
          gone.forEach((k) => put(k, undefined));
          return gone.length;
        }),
      update: (key, change) =>
        exclusive(() => {
          const next = change(read(p + key));
          put(p + key, next === undefined ? undefined : encode(key, next));
          return next;
        }),
    };
  };
  const exclusive = <R>(task: () => R): Promise<R> =>
    queue.run(async () => task());
  const now = <R>(task: () => R): Promise<R> => Promise.resolve().then(task);
  const acquireLeaseToken = (name: string, owner: string, nowMs: number, untilMs: number) =>
    exclusive(() => {
      const held = leases.get(name);
      if (held && held.owner !== owner && held.owner !== '' && held.untilMs > nowMs) return undefined;
      const token = held ? (held.owner === owner ? held.token : held.token + 1) : 1;
      leases.set(name, { owner, untilMs, token });
      return token;
    });
  return {
    kind: 'memory',
    collection: <T>(name: string) => collectionOn<T>(name, undefined, exclusive),
    transaction: (work) =>
      queue.run(async () => {
          const overlay: Overlay = new Map();
        const tx: Transaction = { collection: <T>(name: string) => collectionOn<T>(name, overlay, now) };
        const result = await work(tx);
        for (const [k, v] of overlay) commit(k, v === DELETED ? undefined : v);
        return result;
      }),
    changesSince: async <T>(collection: string, cursor: string | undefined, limit: number) => {
      const from = cursor === undefined || cursor === '' ? 0 : Number(cursor);
      if (!Number.isInteger(from) || from < 0) throw new Error(`changesSince: "${String(cursor).slice(0, 40)}" is not a cursor from this store.`);
      const p = `${collection}:`;
      const page = [...written]
        .filter(([k, n]) => n > from && k.startsWith(p))
        .sort((a, b) => a[1] - b[1])
        .slice(0, Math.max(0, limit));
      const entries = page.map(([k]) => [k.slice(p.length), JSON.parse(data.get(k)!)] as [string, T]);
      return { entries, cursor: String(page.at(-1)?.[1] ?? from) };
    },
    collections: async () => [...new Set([...data.keys()].map((k) => k.slice(0, k.indexOf(':'))))].sort(),
    acquireLeaseToken,
    renewLease: (name, owner, token, _nowMs, untilMs) =>
      exclusive(() => {
        const held = leases.get(name);
        if (held?.owner !== owner || held.token !== token) return false;
        held.untilMs = untilMs;
        return true;
      }),
    holdsLease: async (name, owner, token, nowMs) => {
      const held = leases.get(name);
      return held?.owner === owner && held.token === token && held.untilMs > nowMs;
    },
    releaseLease: async (name, owner) => {
      await exclusive(() => {
        const held = leases.get(name);
        if (held?.owner === owner) Object.assign(held, { owner: '', untilMs: 0 });
      });
    },
    purge: async () => true,
    close: async () => {
      await queue.run(async () => undefined);
    },
  };
}
