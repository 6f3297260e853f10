/**
 * The Postgres backend on a real server (the run's embedded Postgres, one database per test file).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, StoreError, type Store } from '../../src/store/store.js';
import { prefixEnd } from '../../src/store/postgres-schema.js';
import { createTestDatabase } from '../helpers/postgres.js';

let url: string;
let store: Store;
beforeAll(async () => {
  url = await createTestDatabase();
  store = await openStore(url);
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
    await expect(bad).rejects.toThrow(/Cannot store "b2".*BigInt/);
    await expect(bad2).rejects.toThrow(/Cannot store "c1"/);
    await Promise.all([...singles, good]);
    expect(await col.get('b1')).toBeUndefined();
    expect((await col.entries('single')).length).toBe(50);
    expect((await col.entries('many')).length).toBe(50);
    await expect(col.set('x', 1n)).rejects.toBeInstanceOf(StoreError);
    await expect(col.update('y', () => 1n)).rejects.toThrow(/Cannot store "y"/);
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

  it('applies 200 concurrent updates of one key atomically, calling each change exactly once', async () => {
    const counters = store.collection<{ n: number }>('counter');
    let calls = 0;
    // The key does not exist yet: all 200 race to create it, and none is retried.
    await Promise.all(Array.from({ length: 200 }, () => counters.update('c', (cur) => (calls++, { n: (cur?.n ?? 0) + 1 }))));
    expect(calls).toBe(200);
    expect(await counters.get('c')).toEqual({ n: 200 });
    expect(await counters.update('c', () => undefined)).toBeUndefined();
    expect(await counters.get('c')).toBeUndefined();
    expect(await counters.update('c', (cur) => (cur ? cur : { n: 7 }))).toEqual({ n: 7 });
  });

  it('keeps updates from two instances (two pools) on one key atomic', async () => {
    const other = await openStore(url, { poolSize: 5 });
    try {
      const run = (s: Store) =>
        Promise.all(Array.from({ length: 100 }, () => s.collection<number>('shared').update('k', (cur) => (cur ?? 0) + 1)));
      await Promise.all([run(store), run(other)]);
      expect(await store.collection<number>('shared').get('k')).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('holds a lease for one owner at a time, with a fencing token that grows on takeover', async () => {
    const b = await openStore(url, { poolSize: 2 });
    try {
      const first = await store.acquireLeaseToken('digest', 'a', 1000, 2000);
      expect(first).toBeDefined();
      expect(await store.acquireLeaseToken('digest', 'a', 1500, 2500)).toBe(first); // renewal in time
      expect(await b.acquireLeaseToken('digest', 'b', 1600, 2600)).toBeUndefined();
      expect(await b.acquireLeaseToken('digest', 'b', 1700, 2700)).toBeUndefined();
      const taken = await b.acquireLeaseToken('digest', 'b', 2500, 3500); // a's lease expired at 2500
      expect(taken).toBe(first! + 1);
      expect(await store.acquireLeaseToken('digest', 'a', 2600, 3600)).toBeUndefined(); // a's late renewal fails
      await store.releaseLease('digest', 'a'); // not a's to release
      expect(await store.acquireLeaseToken('digest', 'a', 2700, 3700)).toBeUndefined();
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
    const again = await openStore(url);
    expect(again.kind).toBe('postgres');
    expect(await again.collection<number>('voter').get('slack:T1:U1|p1')).toBe(99);
    await again.close();
  });
});

describe('postgres store safety', () => {
  it('purge leaves no trace of deleted entries in the table or index files', async () => {
    const secret = `forget-me-${Date.now()}`;
    await store.collection<string>('vote').set(`slack:T9:${secret}`, `${secret} liked it`);
    await store.collection<string>('vote').set('slack:T9:keep', 'kept');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const files = async () => {
        await admin.query('CHECKPOINT');
        const dir = (await admin.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`)).rows[0].setting;
        const paths = await admin.query<{ path: string }>(
          `SELECT pg_relation_filepath(c.oid) AS path FROM pg_class c WHERE c.relname IN ('pb_kv', 'pb_kv_pkey', 'pb_kv_changes')`,
        );
        return Promise.all(paths.rows.map(async (row) => (await readFile(join(dir, row.path))).toString('latin1')));
      };
      expect((await files()).some((bytes) => bytes.includes(secret))).toBe(true);
      await store.collection('vote').deleteByPrefix('slack:T9:forget');
      expect(await store.purge()).toBe(true);
      expect((await files()).some((bytes) => bytes.includes(secret))).toBe(false);
      expect(await store.collection('vote').get('slack:T9:keep')).toBe('kept');
    } finally {
      await admin.end();
    }
  });

  it('a write the server refuses is a StoreError with words for the user and the server, never the password', async () => {
    const own = await createTestDatabase();
    const target = await openStore(own);
    const database = new URL(own).pathname.slice(1);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${database} SET default_transaction_read_only = on`);
      // New connections now only read; end the pool's current ones so it opens new ones.
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
      let error: unknown;
      for (let i = 0; i < 5 && !(error instanceof StoreError && error.kind === 'read-only'); i++) {
        error = await target.collection<number>('x').set('k', 1).catch((e: unknown) => e);
      }
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ kind: 'read-only', userMessage: "I couldn't save that; nothing changed." });
      expect((error as Error).message).toMatch(/^Store write failed at Postgres 127\.0\.0\.1:\d+\/pb_\w+ as postgres: the server only accepts reads/);
      expect((error as Error).message).not.toContain('paperboy-test');
      await expect(openStore(own)).rejects.toMatchObject({ kind: 'read-only', message: expect.stringMatching(/^STORE_URL: /) });
    } finally {
      await target.close();
      await admin.end();
    }
  });
});

describe('postgres store urls', () => {
  it('names STORE_URL and the host for an unreachable server, never the password', async () => {
    const error = await openStore('postgres://me:s3cret-pw@127.0.0.1:1/db', { connectTimeoutMs: 2000 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect((error as Error).message).toMatch(/^STORE_URL: cannot open the Postgres store at 127\.0\.0\.1:1\/db as me: the server cannot be reached/);
    expect((error as Error).message).not.toContain('s3cret-pw');
  });

  it('says when the password is wrong or the database is missing', async () => {
    const wrong = url.replace(/:[^:@/]+@/, ':wrong-pw@');
    await expect(openStore(wrong)).rejects.toMatchObject({
      kind: 'denied',
      message: expect.stringMatching(/^STORE_URL: .*refused the user name or password.*password authentication failed for user "postgres"/),
    });
    const missing = url.replace(/\/[^/]+$/, '/pb_does_not_exist');
    await expect(openStore(missing)).rejects.toMatchObject({
      kind: 'no-database',
      message: expect.stringMatching(/^STORE_URL: .*the database does not exist.*database "pb_does_not_exist" does not exist/),
    });
  });

  it('rejects a malformed url without echoing it', async () => {
    await expect(openStore('postgres://user:pw@[bad')).rejects.toThrow(/^STORE_URL is not a valid postgres:\/\/ URL/);
  });
});
