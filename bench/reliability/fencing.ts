/**
 * Does the digest lease fence? Two bots (two cores, two sqlite connections) on one file, each with its own
 * settable clock. Bot A takes the (shard) lease and starts posting; its write of "I am about to post X" stalls (a slow
 * disk, a long GC pause: the store port is wrapped to hold that one write; the write lands, A hears back late)
 * until after its lease has expired. Bot B, whose clock is past A's lease, takes over and posts the digest
 * (reading the channel back for A's in-flight X). Then A's stalled write returns and A goes on to post X and
 * the rest. A fenced lease stops A's posts and A's stale writes; every post of A after losing the lease is a
 * duplicate.
 */
import { createDigestService, DEFAULT_LEASE_MS } from '../../src/digest/digest-service.js';
import { SettableClock, type Platform, type PostKey } from '../../src/ports.js';
import type { Collection, Store } from '../../src/store/store.js';
import { join } from 'node:path';
import { NOW, openCore } from './core-setup.js';
import { digestOutcome, prepareDueDigest, score } from './digest-setup.js';
import { count, subdir, type ProbeOptions } from './keys.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** True when a stored digest run has a post marked in flight (`inFlight`, or `attempting` as older runs kept it). */
function marksInFlight(value: unknown): boolean {
  const run = value as { attempting?: string; inFlight?: Record<string, string> } | undefined;
  return Boolean(run?.attempting) || Object.keys(run?.inFlight ?? {}).length > 0;
}

/**
 * The store, with the first digest-run write that marks a post in flight held until `gate` opens. The digest
 * writes that mark in a transaction (fenced in the same transaction), or with an atomic `update`, so the hold
 * comes after the write, before its answer reaches the bot; a plain `set` is held before it lands.
 */
function stallingStore(store: Store, stalled: () => void, gate: Promise<void>): Store {
  let done = false;
  const hold = async (marked: boolean) => {
    if (done || !marked) return;
    done = true;
    stalled();
    await gate;
  };
  const watched = <T>(inner: Collection<T>, seen: (value: unknown) => void): Collection<T> => ({
    ...inner,
    set: (key, value) => (seen(value), inner.set(key, value)),
    setMany: (entries) => (entries.forEach(([, value]) => seen(value)), inner.setMany(entries)),
  });
  return {
    ...store,
    transaction: async (work) => {
      let marked = false;
      const seen = (value: unknown) => void (marked ||= marksInFlight(value));
      const result = await store.transaction((tx) =>
        work({ collection: <T>(name: string) => (name === 'digestrun' ? watched(tx.collection<T>(name), seen) : tx.collection<T>(name)) }),
      );
      await hold(marked);
      return result;
    },
    collection: <T>(name: string): Collection<T> => {
      const inner = store.collection<T>(name);
      if (name !== 'digestrun') return inner;
      return {
        ...inner,
        set: async (key, value) => {
          await hold(marksInFlight(value));
          return inner.set(key, value);
        },
        update: async (key, change) => {
          const stored = await inner.update(key, change);
          await hold(marksInFlight(stored));
          return stored;
        },
      };
    },
  };
}

export async function fencingProbe(opts: ProbeOptions): Promise<{ duplicates: number; lost: number; unrecorded: number }> {
  const total = { duplicates: 0, lost: 0, unrecorded: 0 };
  for (let i = 0; i < count(opts.scale, 1, 3); i++) {
    const file = join(await subdir(opts, 'fencing'), 'store.sqlite');
    await prepareDueDigest(file, NOW);
    const reached: string[] = [];
    const keyed = new Map<string, string>();
    const keyText = (key: PostKey) => `${key.runId}|${key.item}`;
    let nextId = 1;
    const platform: Platform = {
      name: 'console',
      post: async (_c, reply, options = {}) => {
        const messageId = `m${nextId++}`;
        reached.push(options.key?.item ?? reply.papers[0]?.paper.id ?? 'note');
        if (options.key) keyed.set(keyText(options.key), messageId);
        return { messageId };
      },
      findPosted: async (_c, sent) => {
        const messageId = keyed.get(keyText(sent.key));
        return messageId ? { messageId } : undefined;
      },
    };
    const stalled = deferred();
    const gate = deferred();
    const clockA = new SettableClock(NOW);
    const clockB = new SettableClock(NOW);
    const a = await openCore('', { seed: false, file, clock: clockA, wrap: (s) => stallingStore(s, stalled.resolve, gate.promise) });
    const b = await openCore('', { seed: false, file, clock: clockB });
    try {
      const runA = createDigestService(a.core, { owner: 'bot-a' }).runDue([platform]).catch(() => undefined);
      await stalled.promise;
      clockB.advance(DEFAULT_LEASE_MS + 1000);
      await createDigestService(b.core, { owner: 'bot-b' }).runDue([platform]).catch(() => undefined);
      gate.resolve();
      await runA;
      const s = score(await digestOutcome(b.store), reached);
      total.duplicates += s.duplicates;
      total.lost += s.lost;
      total.unrecorded += s.unrecorded;
    } finally {
      gate.resolve();
      await a.close();
      await b.close();
    }
  }
  opts.note?.(`lease fencing (a post outliving the lease): ${total.duplicates} duplicates, ${total.lost} lost, ${total.unrecorded} unrecorded`);
  return total;
}
