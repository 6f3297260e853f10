/**
 * The store contract: every backend runs this file unchanged. A new backend adds one factory to BACKENDS and
 * must pass everything here. Postgres runs on the run's embedded server, a fresh database per store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, openStore, StoreError, type Store } from '../../src/store/store.js';
import { openTestPostgresStore } from '../helpers/postgres.js';

interface Backend {
  name: string;
  /** A fresh, empty store; `cleanup` removes whatever it made. */
  open(): Promise<{ store: Store; cleanup(): Promise<void> }>;
}

const BACKENDS: Backend[] = [
  { name: 'memory', open: async () => ({ store: createMemoryStore(), cleanup: async () => undefined }) },
  {
    name: 'sqlite',
    open: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'paperboy-contract-'));
      const store = await openStore(`sqlite://${join(dir, 'store.sqlite')}`);
      return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  { name: 'postgres', open: async () => ({ store: await openTestPostgresStore(), cleanup: async () => undefined }) },
];

describe.each(BACKENDS)('store contract: $name', (backend) => {
  let opened: { store: Store; cleanup(): Promise<void> } | undefined;
  const open = async () => {
    opened = await backend.open();
    return opened.store;
  };
  afterEach(async () => {
    await opened?.store.close().catch(() => undefined);
    await opened?.cleanup();
    opened = undefined;
  });

  it('gets, sets, deletes, and gives back what was stored', async () => {
    const things = (await open()).collection<{ n: number; s: string; list: string[] }>('thing');
    expect(await things.get('a')).toBeUndefined();
    await things.set('a', { n: 1, s: ':colon first', list: ['x', ':y'] });
    expect(await things.get('a')).toEqual({ n: 1, s: ':colon first', list: ['x', ':y'] });
    expect(await things.getMany(['a', 'missing'])).toEqual([{ n: 1, s: ':colon first', list: ['x', ':y'] }, undefined]);
    expect(await things.delete('a')).toBe(true);
    expect(await things.delete('a')).toBe(false);
    expect(await things.get('a')).toBeUndefined();
  });

  it('scans prefixes in key order and deletes by prefix within one collection only', async () => {
    const store = await open();
    const votes = store.collection<number>('vote');
    const voter = store.collection<number>('voter');
    await votes.setMany([
      ['slack:T1:U1|p2', 2],
      ['slack:T1:U1|p1', 1],
      ['slack:T1:U10|p1', 3],
      ['slack:T2:U1|p1', 4],
    ]);
    await voter.set('slack:T1:U1|p1', 99);
    expect(await votes.entries('slack:T1:U1|')).toEqual([
      ['slack:T1:U1|p1', 1],
      ['slack:T1:U1|p2', 2],
    ]);
    expect(await votes.deleteByPrefix('slack:T1:U1|')).toBe(2);
    expect((await votes.entries()).map(([, v]) => v)).toEqual([3, 4]);
    expect(await voter.get('slack:T1:U1|p1')).toBe(99);
  });

  it('scans many prefixes in one call: each prefix its own entries in key order, inside a transaction too', async () => {
    const store = await open();
    const votes = store.collection<number>('vote');
    await votes.setMany([
      ['slack:T1:U1|p2', 2],
      ['slack:T1:U1|p1', 1],
      ['slack:T1:U10|p1', 3],
      ['slack:T2:U1|p1', 4],
    ]);
    await store.collection<number>('voter').set('slack:T1:U2|p1', 99);
    const prefixes = ['slack:T2:U1|', 'slack:T1:U2|', 'slack:T1:U1|', 'slack:T1:U1', ...Array.from({ length: 70 }, (_, i) => `slack:T9:U${i}|`), 'slack:T2:'];
    const expected = [
      [['slack:T2:U1|p1', 4]],
      [],
      [['slack:T1:U1|p1', 1], ['slack:T1:U1|p2', 2]],
      [['slack:T1:U10|p1', 3], ['slack:T1:U1|p1', 1], ['slack:T1:U1|p2', 2]],
      ...Array.from({ length: 70 }, () => []),
      [['slack:T2:U1|p1', 4]],
    ];
    expect(await votes.entriesMany(prefixes)).toEqual(expected);
    expect(await store.transaction((tx) => tx.collection<number>('vote').entriesMany(prefixes))).toEqual(expected);
    expect(await votes.entriesMany([])).toEqual([]);
  });

  it('update is atomic: 200 concurrent increments count 200', async () => {
    const counters = (await open()).collection<number>('counter');
    await Promise.all(Array.from({ length: 200 }, () => counters.update('c', (n) => (n ?? 0) + 1)));
    expect(await counters.get('c')).toBe(200);
  });

  it('update deletes on undefined, returns the stored value, and writes nothing when the change throws', async () => {
    const items = (await open()).collection<number>('item');
    expect(await items.update('a', () => 5)).toBe(5);
    await expect(items.update('a', () => { throw new Error('no'); })).rejects.toThrow('no');
    expect(await items.get('a')).toBe(5);
    expect(await items.update('a', () => undefined)).toBeUndefined();
    expect(await items.get('a')).toBeUndefined();
  });

  it('a transaction changes several collections together, or none when it throws', async () => {
    const store = await open();
    await store.transaction(async (tx) => {
      await tx.collection<number>('left').set('k', 1);
      await tx.collection<number>('right').set('k', 1);
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.collection<number>('left').set('k', 2);
        await tx.collection<number>('right').delete('k');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await store.collection('left').get('k')).toBe(1);
    expect(await store.collection('right').get('k')).toBe(1);
    // 100 concurrent transactions moving one unit from left to right conserve the total.
    await store.collection<number>('left').set('k', 100);
    await store.collection<number>('right').set('k', 0);
    await Promise.all(Array.from({ length: 100 }, () =>
      store.transaction(async (tx) => {
        const left = tx.collection<number>('left');
        const right = tx.collection<number>('right');
        await left.set('k', (await left.get('k'))! - 1);
        await right.set('k', (await right.get('k'))! + 1);
      })));
    expect([await store.collection('left').get('k'), await store.collection('right').get('k')]).toEqual([0, 100]);
  });

  it('a failing batch fails alone: unstorable values throw and no concurrent single write is lost', async () => {
    const store = await open();
    const papers = store.collection<unknown>('paper');
    const circular: Record<string, unknown> = { id: 'c' };
    circular.self = circular;
    for (const bad of [{ id: 'b', n: 10n }, circular]) {
      const singles = Array.from({ length: 50 }, (_, i) => papers.set(`single${i}`, i));
      const batch = papers.setMany([...Array.from({ length: 20 }, (_, i) => [`batch${i}`, i] as [string, unknown]), ['bad', bad]]);
      const moreSingles = Array.from({ length: 50 }, (_, i) => papers.set(`late${i}`, i));
      await expect(batch).rejects.toBeInstanceOf(StoreError);
      await Promise.all([...singles, ...moreSingles]);
      const keys = (await papers.entries()).map(([k]) => k);
      expect(keys.filter((k) => k.startsWith('single') || k.startsWith('late'))).toHaveLength(100);
      expect(keys.filter((k) => k.startsWith('batch') || k === 'bad')).toEqual([]);
    }
    await expect(papers.set('x', { n: 1n })).rejects.toMatchObject({ userMessage: "I couldn't save that; nothing changed." });
  });

  it('a transaction that fails leaves concurrent writes outside it in place', async () => {
    const store = await open();
    const items = store.collection<number>('item');
    const failing = store.transaction(async (tx) => {
      await tx.collection<number>('item').set('inside', 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('boom');
    });
    const outside = Promise.all(Array.from({ length: 10 }, (_, i) => items.set(`outside${i}`, i)));
    await expect(failing).rejects.toThrow('boom');
    await outside;
    expect((await items.entries()).map(([k]) => k)).toHaveLength(10);
  });

  it('leases: one owner at a time, expiry, fencing tokens that grow on takeover, renew fails after takeover', async () => {
    const store = await open();
    const a = await store.acquireLeaseToken('digest', 'a', 1000, 2000);
    expect(a).toBeTypeOf('number');
    expect(await store.acquireLeaseToken('digest', 'a', 1500, 2500)).toBe(a); // renewal by the holder keeps the token
    expect(await store.acquireLeaseToken('digest', 'b', 1600, 2600)).toBeUndefined();
    expect(await store.holdsLease('digest', 'a', a!, 2400)).toBe(true);
    expect(await store.holdsLease('digest', 'a', a!, 2500)).toBe(false); // expired
    const b = await store.acquireLeaseToken('digest', 'b', 2500, 3500);
    expect(b).toBeGreaterThan(a!);
    expect(await store.renewLease('digest', 'a', a!, 2600, 3600)).toBe(false);
    expect(await store.holdsLease('digest', 'a', a!, 2600)).toBe(false);
    expect(await store.renewLease('digest', 'b', b!, 3000, 4000)).toBe(true);
    expect(await store.acquireLeaseToken('digest', 'a', 3600, 4600)).toBeUndefined(); // renewed until 4000
    await store.releaseLease('digest', 'b');
    expect(await store.renewLease('digest', 'b', b!, 3700, 4700)).toBe(false);
    const again = await store.acquireLeaseToken('digest', 'b', 3700, 4700);
    expect(again).toBeGreaterThan(b!); // given back and taken again: a new token
    expect(await store.acquireLeaseToken('other', 'a', 0, 10)).toBeGreaterThan(0); // leases are per name
  });

  it('purge keeps the data that was not deleted', async () => {
    const store = await open();
    await store.collection<string>('x').set('k', 'kept');
    await store.collection<string>('x').set('gone', 'gone');
    await store.collection('x').deleteByPrefix('gone');
    expect(await store.purge()).toBe(true);
    expect(await store.collection('x').entries()).toEqual([['k', 'kept']]);
  });
});

describe.each(BACKENDS)('store contract, misuse: $name', (backend) => {
  it('calling the store itself inside its transaction fails at once instead of waiting forever', async () => {
    const { store, cleanup } = await backend.open();
    await expect(store.transaction(async () => store.collection<number>('x').set('k', 1))).rejects.toThrow(/inside a transaction/);
    await store.collection<number>('x').set('k', 2);
    expect(await store.collection<number>('x').get('k')).toBe(2);
    await store.close();
    await cleanup();
  });
});
