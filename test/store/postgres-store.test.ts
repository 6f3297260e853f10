/**
 * The Postgres backend on a real server (the run's embedded Postgres, one database per test file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres-store.js';
import { prefixEnd } from '../../src/store/postgres-schema.js';
import { createTestDatabase } from '../helpers/postgres.js';

let url: string;
let store: PostgresStore;
beforeAll(async () => {
  url = await createTestDatabase();
  store = await openPostgresStore(url);
});
afterAll(async () => {
  await store?.close();
});

describe('postgres store', () => {
  it('reads, writes and lists by prefix in key order, without touching other collections', async () => {
    const votes = store.collection<{ n: number; s?: string }>('vote');
    const other = store.collection<number>('voter');
    await votes.setMany([
      ['slack:T1:U1|p2', { n: 2 }],
      ['slack:T1:U1|p1', { n: 1, s: ':colon \u0000 nul' }],
      ['slack:T1:U10|p1', { n: 3 }],
      ['slack:T2:U1|p1', { n: 4 }],
      ['slack:T1:U1|', { n: 0 }],
      ['Z', { n: 5 }],
      ['slack:T1:U1|é', { n: 6 }],
    ]);
    await other.set('slack:T1:U1|p1', 99);
    expect(await votes.get('slack:T1:U1|p1')).toEqual({ n: 1, s: ':colon \u0000 nul' });
    expect(await votes.getMany(['nope', 'Z', 'slack:T2:U1|p1'])).toEqual([undefined, { n: 5 }, { n: 4 }]);
    const all = (await votes.entries()).map(([k]) => k);
    expect(all).toEqual([...all].sort());
    expect(all[0]).toBe('Z');
    expect((await votes.entries('slack:T1:U1|')).map(([, v]) => v.n)).toEqual([0, 1, 2, 6]);
    expect(await votes.deleteByPrefix('slack:T1:U1|')).toBe(4);
    expect((await votes.entries()).map(([, v]) => v.n)).toEqual([5, 3, 4]);
    expect(await other.get('slack:T1:U1|p1')).toBe(99);
    expect(await votes.delete('Z')).toBe(true);
    expect(await votes.delete('Z')).toBe(false);
    await votes.set('slack:T1:U10|p1', { n: 30 });
    expect(await votes.get('slack:T1:U10|p1')).toEqual({ n: 30 });
    expect(await store.collections()).toEqual(expect.arrayContaining(['vote', 'voter']));
  });

  it('pages through a large prefix scan in order', async () => {
    const many = store.collection<number>('many');
    const keys = Array.from({ length: 4500 }, (_, i) => `k${String(i).padStart(5, '0')}`);
    await many.setMany(keys.map((k, i) => [k, i]));
    const listed = await many.entries('k');
    expect(listed.length).toBe(4500);
    expect(listed.map(([k]) => k)).toEqual(keys);
  });

  it('computes prefix ends in code point order', () => {
    expect(prefixEnd('')).toBeUndefined();
    expect(prefixEnd('ab')).toBe('ac');
    expect(prefixEnd('a|')).toBe('a}');
    expect(prefixEnd('a\ud7ff')).toBe('a\ue000');
    expect(prefixEnd('a\u{10ffff}')).toBe('b');
  });

  it('fails a batch with a value that cannot be stored alone, before any write, losing no concurrent write', async () => {
    const col = store.collection<unknown>('batch');
    const singles = Array.from({ length: 50 }, (_, i) => col.set(`single${i}`, { i }));
    const bad = col.setMany([
      ['b1', { ok: true }],
      ['b2', { n: 10n }],
    ]);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const bad2 = col.setMany([['c1', circular]]);
    const good = col.setMany(Array.from({ length: 50 }, (_, i) => [`many${i}`, { i }] as [string, unknown]));
    await expect(bad).rejects.toThrow(/batch\/b2.*BigInt/);
    await expect(bad2).rejects.toThrow(/batch\/c1/);
    await Promise.all([...singles, good]);
    expect(await col.get('b1')).toBeUndefined();
    expect((await col.entries('single')).length).toBe(50);
    expect((await col.entries('many')).length).toBe(50);
    await expect(col.set('x', 1n)).rejects.toThrow(/batch\/x/);
    await expect(col.update('y', () => 1n)).rejects.toThrow(/batch\/y/);
    expect(await col.get('y')).toBeUndefined();
  });

  it('keeps the last value when a batch names a key twice', async () => {
    const col = store.collection<number>('dupes');
    await col.setMany([
      ['a', 1],
      ['a', 2],
    ]);
    expect(await col.get('a')).toBe(2);
  });

  it('applies 200 concurrent updates of one key atomically', async () => {
    const counters = store.collection<{ n: number }>('counter');
    await Promise.all(Array.from({ length: 200 }, () => counters.update('c', (cur) => ({ n: (cur?.n ?? 0) + 1 }))));
    expect(await counters.get('c')).toEqual({ n: 200 });
    expect(await counters.update('c', () => undefined)).toBeUndefined();
    expect(await counters.get('c')).toBeUndefined();
    expect(await counters.update('c', (cur) => (cur ? cur : { n: 7 }))).toEqual({ n: 7 });
  });

  it('keeps updates from two instances (two pools) on one key atomic', async () => {
    const other = await openPostgresStore(url, { poolSize: 5 });
    try {
      const run = (s: PostgresStore) =>
        Promise.all(Array.from({ length: 100 }, () => s.collection<number>('shared').update('k', (cur) => (cur ?? 0) + 1)));
      await Promise.all([run(store), run(other)]);
      expect(await store.collection<number>('shared').get('k')).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('holds a lease for one owner at a time, with a fencing token that grows on takeover', async () => {
    const b = await openPostgresStore(url, { poolSize: 2 });
    try {
      const first = await store.acquireLeaseToken('digest', 'a', 1000, 2000);
      expect(first).toBeDefined();
      expect(await store.acquireLeaseToken('digest', 'a', 1500, 2500)).toBe(first); // renewal in time
      expect(await b.acquireLeaseToken('digest', 'b', 1600, 2600)).toBeUndefined();
      expect(await b.acquireLease('digest', 'b', 1700, 2700)).toBe(false);
      const taken = await b.acquireLeaseToken('digest', 'b', 2500, 3500); // a's lease expired at 2500
      expect(taken).toBe(first! + 1);
      expect(await store.acquireLeaseToken('digest', 'a', 2600, 3600)).toBeUndefined(); // a's late renewal fails
      await store.releaseLease('digest', 'a'); // not a's to release
      expect(await store.acquireLease('digest', 'a', 2700, 3700)).toBe(false);
      await b.releaseLease('digest', 'b');
      const again = await store.acquireLeaseToken('digest', 'a', 2800, 3800);
      expect(again).toBe(taken! + 1); // never an old token again
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? store : b).acquireLeaseToken('race', `o${i}`, 0, 10_000)),
      );
      expect(results.filter((t) => t !== undefined)).toEqual([1]);
    } finally {
      await b.close();
    }
  });

  it('gives the entries written since a cursor, in write order, in pages', async () => {
    const papers = store.collection<{ v: number }>('paper');
    let page = await store.changesSince<{ v: number }>('paper', undefined, 100);
    expect(page.entries).toEqual([]);
    await papers.setMany([
      ['p1', { v: 1 }],
      ['p2', { v: 1 }],
    ]);
    await store.collection<number>('other').set('x', 1);
    await papers.set('p3', { v: 1 });
    page = await store.changesSince<{ v: number }>('paper', page.cursor, 100);
    expect(page.entries.map(([k]) => k)).toEqual(['p1', 'p2', 'p3']);
    const cursor = page.cursor;
    expect((await store.changesSince('paper', cursor, 100)).entries).toEqual([]);
    expect((await store.changesSince('paper', cursor, 100)).cursor).toBe(cursor);

    await papers.set('p1', { v: 2 });
    await papers.update('p4', () => ({ v: 1 }));
    await papers.update('p2', (cur) => ({ v: cur!.v + 1 }));
    const first = await store.changesSince<{ v: number }>('paper', cursor, 2);
    expect(first.entries).toEqual([
      ['p1', { v: 2 }],
      ['p4', { v: 1 }],
    ]);
    const second = await store.changesSince<{ v: number }>('paper', first.cursor, 2);
    expect(second.entries).toEqual([['p2', { v: 2 }]]);
    await expect(store.changesSince('paper', 'nonsense', 1)).rejects.toThrow(/cursor/);
  });

  it('does not let a page skip a write that commits late with a smaller sequence number', async () => {
    const papers = store.collection<number>('late');
    const start = (await store.changesSince('late', undefined, 10)).cursor;
    // A slow batch draws its numbers first and commits last; a quick write in between commits first.
    const slow = papers.setMany(Array.from({ length: 20_000 }, (_, i) => [`slow${String(i).padStart(5, '0')}`, i] as [string, number]));
    await new Promise((r) => setTimeout(r, 30));
    await papers.set('quick', 1);
    const seen = new Set<string>();
    let cursor = start;
    for (let i = 0; i < 200 && seen.size < 20_001; i++) {
      const page = await store.changesSince<number>('late', cursor, 5000);
      page.entries.forEach(([k]) => seen.add(k));
      cursor = page.cursor;
    }
    await slow;
    const rest = await store.changesSince<number>('late', cursor, 50_000);
    rest.entries.forEach(([k]) => seen.add(k));
    expect(seen.size).toBe(20_001);
  });

  it('migrates once and opens again on an existing database', async () => {
    const again = await openPostgresStore(url);
    expect(again.kind).toBe('postgres');
    expect(await again.collection<number>('voter').get('slack:T1:U1|p1')).toBe(99);
    await again.close();
  });
});

describe('postgres store urls', () => {
  it('names STORE_URL and the host for an unreachable server, never the password', async () => {
    const error = await openPostgresStore('postgres://me:s3cret-pw@127.0.0.1:1/db', { connectTimeoutMs: 2000 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^STORE_URL: cannot open the Postgres store at 127\.0\.0\.1:1\/db as me: connection refused/);
    expect((error as Error).message).not.toContain('s3cret-pw');
  });

  it('says when the password is wrong or the database is missing', async () => {
    const wrong = url.replace(/:[^:@/]+@/, ':wrong-pw@');
    await expect(openPostgresStore(wrong)).rejects.toThrow(/STORE_URL: .*password authentication failed for user "postgres"/);
    const missing = url.replace(/\/[^/]+$/, '/pb_does_not_exist');
    await expect(openPostgresStore(missing)).rejects.toThrow(/STORE_URL: .*database "pb_does_not_exist" does not exist/);
  });

  it('rejects a malformed url without echoing it', async () => {
    await expect(openPostgresStore('postgres://user:pw@[bad')).rejects.toThrow(/^STORE_URL is not a valid postgres:\/\/ URL/);
  });
});
