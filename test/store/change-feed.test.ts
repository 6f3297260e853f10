/**
 * The change feed (`changesSince`) and `collections()` on every backend, and on sqlite the feed between two
 * processes' stores on one file and on a file written before the feed existed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, openStore, type Store } from '../../src/store/store.js';
import { openTestPostgresStore } from '../helpers/postgres.js';

const dirs: string[] = [];
const tempFile = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'paperboy-feed-'));
  dirs.push(dir);
  return join(dir, 'store.sqlite');
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const BACKENDS: { name: string; open(): Promise<Store> }[] = [
  { name: 'memory', open: async () => createMemoryStore() },
  { name: 'sqlite', open: async () => openStore(`sqlite://${await tempFile()}`) },
  { name: 'postgres', open: () => openTestPostgresStore() },
];

describe.each(BACKENDS)('change feed: $name', (backend) => {
  it('lists every entry first, then only what was written since, once per key at its latest value', async () => {
    const store = await backend.open();
    try {
      const papers = store.collection<{ v: number }>('paper');
      await papers.setMany([['p1', { v: 1 }], ['p2', { v: 1 }]]);
      await store.collection<number>('other').set('x', 1);
      let page = await store.changesSince<{ v: number }>('paper', undefined, 100);
      expect(page.entries).toEqual([['p1', { v: 1 }], ['p2', { v: 1 }]]);
      const start = page.cursor;
      expect(await store.changesSince('paper', start, 100)).toEqual({ entries: [], cursor: start });

      await papers.set('p1', { v: 2 });
      await papers.update('p3', () => ({ v: 1 }));
      await papers.set('p1', { v: 3 });
      await store.transaction(async (tx) => tx.collection<{ v: number }>('paper').set('p4', { v: 1 }));
      await papers.delete('p2');
      page = await store.changesSince<{ v: number }>('paper', start, 2);
      expect(page.entries).toEqual([['p3', { v: 1 }], ['p1', { v: 3 }]]);
      page = await store.changesSince<{ v: number }>('paper', page.cursor, 2);
      expect(page.entries).toEqual([['p4', { v: 1 }]]);
      expect((await store.changesSince('paper', page.cursor, 2)).entries).toEqual([]);
      await expect(store.changesSince('paper', 'not a cursor', 1)).rejects.toThrow(/cursor/);
      expect(await store.collections()).toEqual(expect.arrayContaining(['other', 'paper']));
      expect(await store.collections()).toEqual([...(await store.collections())].sort());
      await store.collection('other').delete('x');
      expect(await store.collections()).not.toContain('other');
    } finally {
      await store.close();
    }
  });
});

describe('change feed on a sqlite file', () => {
  it('carries one process\'s writes to another store on the same file', async () => {
    const file = await tempFile();
    const writer = await openStore(`sqlite://${file}`);
    const reader = await openStore(`sqlite://${file}`);
    try {
      const start = (await reader.changesSince('paper', undefined, 10)).cursor;
      await writer.collection<number>('paper').setMany(Array.from({ length: 30 }, (_, i) => [`p${i}`, i] as [string, number]));
      const page = await reader.changesSince<number>('paper', start, 100);
      expect(page.entries).toHaveLength(30);
      expect(page.entries[29]).toEqual(['p29', 29]);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('numbers every entry of a file written before the feed existed', async () => {
    const file = await tempFile();
    const db = new sqlite3.Database(file);
    const run = (sql: string) => new Promise<void>((resolve, reject) => db.run(sql, (error) => (error ? reject(error) : resolve())));
    await run('CREATE TABLE keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)');
    await run(`INSERT INTO keyv VALUES ('pb:paper:old1', '{"value":{"id":"old1"},"expires":null}'), ('pb:meta:schemaVersion', '{"value":2,"expires":null}')`);
    await new Promise<void>((resolve) => db.close(() => resolve()));
    const store = await openStore(`sqlite://${file}`);
    try {
      expect((await store.changesSince('paper', undefined, 10)).entries).toEqual([['old1', { id: 'old1' }]]);
      expect(await store.collections()).toEqual(['meta', 'paper']);
    } finally {
      await store.close();
    }
  });
});
