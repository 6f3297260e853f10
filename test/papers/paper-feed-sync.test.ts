/**
 * Papers one process stores reach another process's in-memory papers through the store's change feed: a sync
 * reads only the rows written since its cursor, never every stored paper. Two stores on one sqlite file, and
 * two on one Postgres database, stand for two processes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperRepository } from '../../src/papers/paper-repository.js';
import { openStore, type Store } from '../../src/store/store.js';
import { makePaper } from '../helpers/core-fixture.js';
import { createTestDatabase } from '../helpers/postgres.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `store` with a count of the rows its change feed and full scans hand out (the real store does the work). */
function counted(store: Store): { store: Store; rowsRead: () => number; fullScans: () => number } {
  let rows = 0;
  let scans = 0;
  const watched: Store = {
    ...store,
    collection: <T>(name: string) => {
      const collection = store.collection<T>(name);
      return { ...collection, entries: (prefix?: string) => (scans++, collection.entries(prefix)) };
    },
    changesSince: async <T>(collection: string, cursor: string | undefined, limit: number) => {
      const page = await store.changesSince<T>(collection, cursor, limit);
      rows += page.entries.length;
      return page;
    },
  };
  return { store: watched, rowsRead: () => rows, fullScans: () => scans };
}

const papers = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => makePaper(`2612.${String(from + i).padStart(5, '0')}`, `Paper number ${from + i}`, `Abstract about topic ${from + i}.`));

const LOCATIONS: { name: string; url(): Promise<string> }[] = [
  {
    name: 'one sqlite file',
    url: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'paperboy-sync-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return `sqlite://${join(dir, 'store.sqlite')}`;
    },
  },
  { name: 'one Postgres database', url: createTestDatabase },
];

describe.each(LOCATIONS)('papers between two processes on $name', (location) => {
  it('1,000 papers written by one reach the other through the feed, and a later sync reads only the changed rows', async () => {
    const url = await location.url();
    const writerStore = await openStore(url);
    cleanups.push(() => writerStore.close());
    const readerStore = await openStore(url);
    cleanups.push(() => readerStore.close());
    const writer = new PaperRepository(writerStore);
    const reader = counted(readerStore);
    const running = new PaperRepository(reader.store);
    expect(await running.load()).toBe(0);

    await writer.upsert(papers(0, 1000));
    expect(await running.syncFromStore()).toBe(1000);
    expect(running.size).toBe(1000);
    expect(running.get('2612.00999')?.title).toBe('Paper number 999');
    expect(running.index.has('2612.00999')).toBe(true);
    expect(reader.rowsRead()).toBe(1000);

    await writer.upsert([...papers(1000, 10), makePaper('2612.00005', 'Paper number 5, revised', 'A new abstract on sparse kernels.', { version: 2 })]);
    expect(await running.syncFromStore()).toBe(11);
    expect(reader.rowsRead()).toBe(1011); // the 11 written rows, not the 1,010 stored papers again
    expect(running.get('2612.00005')?.title).toBe('Paper number 5, revised');
    expect(await running.syncFromStore()).toBe(0);
    expect(reader.rowsRead()).toBe(1011);
    expect(reader.fullScans()).toBe(0);
  });
});
