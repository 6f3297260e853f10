import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, SCHEMA_VERSION } from '../../src/store/store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sqlite store', () => {
  it('keeps data across close and reopen', async () => {
    const url = `sqlite://${join(dir, 'a.sqlite')}`;
    const first = await openStore(url);
    await first.collection<{ n: number; s: string }>('thing').set('one', { n: 1, s: ':starts with a colon' });
    await first.collection<number>('thing').setMany([
      ['two', 2],
      ['three', 3],
    ]);
    await first.close();

    const second = await openStore(url);
    const things = second.collection<unknown>('thing');
    expect(await things.get('one')).toEqual({ n: 1, s: ':starts with a colon' });
    expect((await things.entries()).map(([k]) => k)).toEqual(['one', 'three', 'two']);
    expect(await second.collection<number>('meta').get('schemaVersion')).toBe(SCHEMA_VERSION);
    await second.close();
  });

  it('lists and deletes by prefix without touching other collections or prefixes', async () => {
    const store = await openStore(`sqlite://${join(dir, 'b.sqlite')}`);
    const votes = store.collection<number>('vote');
    const other = store.collection<number>('voter');
    await votes.setMany([
      ['slack:T1:U1|p1', 1],
      ['slack:T1:U1|p2', 2],
      ['slack:T1:U10|p1', 3],
      ['slack:T2:U1|p1', 4],
    ]);
    await other.set('slack:T1:U1|p1', 99);
    expect((await votes.entries('slack:T1:U1|')).map(([, v]) => v)).toEqual([1, 2]);
    expect(await votes.deleteByPrefix('slack:T1:U1|')).toBe(2);
    expect((await votes.entries()).map(([, v]) => v)).toEqual([3, 4]);
    expect(await other.get('slack:T1:U1|p1')).toBe(99);
    await store.close();
  });

  it('lets two stores share one file, and a lease is held by one owner at a time', async () => {
    const url = `sqlite://${join(dir, 'shared.sqlite')}`;
    const a = await openStore(url);
    const b = await openStore(url);
    await a.collection<string>('x').set('k', 'from a');
    expect(await b.collection<string>('x').get('k')).toBe('from a');
    await Promise.all([
      a.collection<number>('n').setMany(Array.from({ length: 200 }, (_, i) => [`a${i}`, i] as [string, number])),
      b.collection<number>('n').setMany(Array.from({ length: 200 }, (_, i) => [`b${i}`, i] as [string, number])),
    ]);
    expect((await a.collection('n').entries()).length).toBe(400);

    expect(await a.acquireLeaseToken('digest', 'a', 1000, 2000)).toBeGreaterThan(0);
    expect(await b.acquireLeaseToken('digest', 'b', 1500, 2500)).toBeUndefined();
    expect(await b.acquireLeaseToken('digest', 'b', 2000, 3000)).toBeGreaterThan(0);
    await b.releaseLease('digest', 'b');
    expect(await a.acquireLeaseToken('digest', 'a', 2100, 3100)).toBeGreaterThan(0);
    await a.close();
    await b.close();
  });

  it('rejects an unknown store url with a message naming STORE_URL', async () => {
    await expect(openStore('postgres://x')).rejects.toThrow(/STORE_URL/);
  });
});
