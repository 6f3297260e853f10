/**
 * A store wrapped to count what a benchmark phase asks of the database: reads and writes (each one statement or
 * one autocommitted batch), transactions (each one commit) and lease calls, so a phase can report round trips and
 * commits next to its times. Counting only: every call goes to the real store unchanged.
 */
import type { Collection, Store, Transaction } from '../../src/store/store.js';

/** Calls counted since the wrapper was made. */
export interface StoreCounts {
  reads: number;
  writes: number;
  transactions: number;
  /** Reads and writes made inside transactions (counted apart from `reads` and `writes`). */
  inTransaction: number;
  leases: number;
  /** Milliseconds spent waiting for reads, and for whole transactions (calls at once each count in full). */
  readMs: number;
  transactionMs: number;
}

/** `promise`, with the milliseconds until it settles added by `add`. */
function timedCall<R>(promise: Promise<R>, add: (ms: number) => void): Promise<R> {
  const start = performance.now();
  return promise.finally(() => add(performance.now() - start));
}

const READS = new Set(['get', 'getMany', 'entries', 'entriesMany']);

/** `store`, with every call counted into the returned `counts`. */
export function countingStore(store: Store): { store: Store; counts: StoreCounts } {
  const counts: StoreCounts = { reads: 0, writes: 0, transactions: 0, inTransaction: 0, leases: 0, readMs: 0, transactionMs: 0 };
  const wrap = <T>(collection: Collection<T>, inside: boolean): Collection<T> =>
    new Proxy(collection, {
      get(target, name: string) {
        const value = target[name as keyof Collection<T>];
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (inside) counts.inTransaction++;
          else if (!READS.has(name)) counts.writes++;
          else {
            counts.reads++;
            return timedCall(result, (ms) => (counts.readMs += ms));
          }
          return result;
        };
      },
    });
  const counted: Store = Object.create(store) as Store;
  Object.assign(counted, {
    collection: <T>(name: string) => wrap(store.collection<T>(name), false),
    transaction: <R>(work: (tx: Transaction) => Promise<R>) => {
      counts.transactions++;
      const done = store.transaction((tx) => work({ collection: <T>(name: string) => wrap(tx.collection<T>(name), true) }));
      return timedCall(done, (ms) => (counts.transactionMs += ms));
    },
  });
  for (const name of ['acquireLeaseToken', 'renewLease', 'holdsLease', 'releaseLease'] as const) {
    const call = store[name] as (...a: unknown[]) => Promise<unknown>;
    Object.assign(counted, { [name]: (...args: unknown[]) => ((counts.leases++), call.apply(store, args)) });
  }
  for (const name of ['changesSince', 'collections', 'purge', 'close'] as const) {
    const call = store[name] as (...a: unknown[]) => Promise<unknown>;
    Object.assign(counted, { [name]: (...args: unknown[]) => call.apply(store, args) });
  }
  Object.defineProperty(counted, 'kind', { value: store.kind });
  return { store: counted, counts };
}
