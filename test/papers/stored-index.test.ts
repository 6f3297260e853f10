/**
 * The stored index image: a start-up takes the tokenised papers from it and indexes from their text only the
 * papers that are new or changed since (the rest of the index is the same as a build from text); a damaged,
 * foreign or half-written image is never used; a write that the index outran is given up. On a real sqlite file
 * and a real Postgres database.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperRepository } from '../../src/papers/paper-repository.js';
import { StoredIndex } from '../../src/papers/stored-index.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { Logger } from '../../src/ports.js';
import type { Paper } from '../../src/types.js';
import { makePaper } from '../helpers/core-fixture.js';
import { createTestDatabase } from '../helpers/postgres.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const clock = { now: () => new Date('2026-12-01T12:00:00Z') };
const QUERIES = ['large language models', 'graph neural networks', 'diffusion image generation', 'reinforcement learning from human feedback', 'low rank adaptation'];

async function seedPapers(): Promise<Paper[]> {
  const seed = JSON.parse(await readFile(new URL('../../data/seed-papers.json', import.meta.url), 'utf8')) as Paper[];
  return seed.map((p) => ({ ...p, addedAt: '2026-11-22T00:00:00Z' }));
}

/** A logger that keeps what it is told. */
function recordingLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

async function open(url: string): Promise<Store> {
  const store = await openStore(url);
  cleanups.push(() => store.close());
  return store;
}

/** A repository with the stored image on `store`, loaded; its writes finished. */
async function loaded(store: Store, logger = recordingLogger()) {
  const papers = new PaperRepository(store, { image: new StoredIndex(store, clock, logger, { minDocuments: 1 }) });
  await papers.load();
  await papers.imageUpkeep();
  return { papers, logger };
}

/** A repository that reads every paper's text (no image). */
async function builtFromText(store: Store): Promise<PaperRepository> {
  const papers = new PaperRepository(store);
  await papers.load();
  return papers;
}

/** Each query's top 10 (ids, scores) from `index`. */
function answers(papers: PaperRepository) {
  return QUERIES.map((q) => papers.index.score(papers.index.vectorize(q), { limit: 10 }));
}

function expectSameAnswers(a: PaperRepository, b: PaperRepository): void {
  const [left, right] = [answers(a), answers(b)];
  for (let q = 0; q < QUERIES.length; q++) {
    expect(left[q].map((d) => d.id)).toEqual(right[q].map((d) => d.id));
    left[q].forEach((d, i) => expect(d.score).toBeCloseTo(right[q][i].score, 12));
  }
}

const LOCATIONS: { name: string; url(): Promise<string> }[] = [
  {
    name: 'a sqlite file',
    url: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'paperboy-image-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return `sqlite://${join(dir, 'store.sqlite')}`;
    },
  },
  { name: 'a Postgres database', url: createTestDatabase },
];

describe.each(LOCATIONS)('the index image on $name', (location) => {
  it('a restart takes every paper from the image and answers as the build from text did', async () => {
    const store = await open(await location.url());
    await store.collection<Paper>('paper').setMany((await seedPapers()).map((p) => [p.id, p]));
    const first = await loaded(store);
    expect(first.logger.lines.some((l) => l.message === 'stored the index image')).toBe(true);

    const second = await loaded(store);
    const restored = second.logger.lines.find((l) => l.message === 'index restored from the stored image');
    expect(restored?.fields).toEqual({ papers: 71, indexedFromText: 0, removed: 0 });
    expect(second.papers.index.vocabularySize).toBe(first.papers.index.vocabularySize);
    expectSameAnswers(second.papers, first.papers);
    for (const id of ['2603.03283', (await seedPapers())[40].id]) {
      const [a, b] = [second.papers.index.documentVector(id), first.papers.index.documentVector(id)];
      expect([...a.ids]).toEqual([...b.ids]);
      expect([...a.weights]).toEqual([...b.weights]);
    }
  });

  it('papers changed, added or deleted since the image are indexed from their text (or leave), the rest come from it', async () => {
    const store = await open(await location.url());
    const seed = await seedPapers();
    const collection = store.collection<Paper>('paper');
    await collection.setMany(seed.map((p) => [p.id, p]));
    await loaded(store);

    await collection.set(seed[3].id, { ...seed[3], abstract: 'Quantum error correcting codes on superconducting qubits, rewritten.' });
    await collection.delete(seed[5].id);
    await collection.set('2612.00001', makePaper('2612.00001', 'Sparse mixture of experts routing', 'We study routing in sparse mixture of experts language models.'));
    const restart = await loaded(store);
    expect(restart.logger.lines.find((l) => l.message === 'index restored from the stored image')?.fields).toEqual({ papers: 71, indexedFromText: 2, removed: 1 });
    expect(restart.papers.index.has(seed[5].id)).toBe(false);
    expect(restart.papers.index.size).toBe(71);
    expectSameAnswers(restart.papers, await builtFromText(store));
    const quantum = restart.papers.index.score(restart.papers.index.vectorize('superconducting qubits error correcting'), { limit: 1 });
    expect(quantum[0]?.id).toBe(seed[3].id);
  });
});

describe('an image kept up to date', () => {
  it('is written again once a tenth of the papers changed and the papers have been quiet', async () => {
    const store = await open('memory://');
    await store.collection<Paper>('paper').setMany((await seedPapers()).map((p) => [p.id, p]));
    const logger = recordingLogger();
    const papers = new PaperRepository(store, { image: new StoredIndex(store, clock, logger, { minDocuments: 1, quietMs: 200 }) });
    await papers.load();
    await papers.imageUpkeep();
    const head = () => store.collection<{ generation: string }>('index-image').get('head');
    const first = (await head())?.generation;

    await papers.upsert([makePaper('2612.00001', 'Sparse mixture of experts routing', 'Routing tokens to experts.')]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await head())?.generation).toBe(first); // one paper in 72 is not a tenth

    const batch = (from: number) => Array.from({ length: 4 }, (_, i) => makePaper(`2612.${String(from + i).padStart(5, '0')}`, `Batch paper ${from + i}`, `Speculative decoding study ${from + i}.`));
    await papers.upsert(batch(10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await papers.upsert(batch(20));
    expect((await head())?.generation).toBe(first); // still changing: the write waits for quiet
    await new Promise((resolve) => setTimeout(resolve, 300));
    await papers.imageUpkeep();
    expect((await head())?.generation).not.toBe(first);

    const restart = await loaded(store);
    expect(restart.logger.lines.find((l) => l.message === 'index restored from the stored image')?.fields).toEqual({ papers: 80, indexedFromText: 0, removed: 0 });
  });

  it('stops with the process: a write waiting for quiet never starts', async () => {
    const store = await open('memory://');
    await store.collection<Paper>('paper').setMany((await seedPapers()).map((p) => [p.id, p]));
    const papers = new PaperRepository(store, { image: new StoredIndex(store, clock, recordingLogger(), { minDocuments: 1, quietMs: 50 }) });
    await papers.load();
    await papers.imageUpkeep();
    const head = await store.collection('index-image').get('head');
    await papers.upsert(Array.from({ length: 10 }, (_, i) => makePaper(`2612.${String(i).padStart(5, '0')}`, `Late paper ${i}`, `About pruning ${i}.`)));
    await papers.stopImageUpkeep();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await papers.imageUpkeep();
    expect(await store.collection('index-image').get('head')).toEqual(head);
  });
});

describe('an image that cannot be used is never used', () => {
  async function storeWithImage(): Promise<Store> {
    const dir = await mkdtemp(join(tmpdir(), 'paperboy-image-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const store = await open(`sqlite://${join(dir, 'store.sqlite')}`);
    await store.collection<Paper>('paper').setMany((await seedPapers()).map((p) => [p.id, p]));
    await loaded(store);
    return store;
  }

  async function chunkKeys(store: Store): Promise<string[]> {
    return (await store.collection<unknown>('index-image').entries('chunk/')).map(([key]) => key);
  }

  const damages: { name: string; damage(store: Store): Promise<void>; reason: RegExp }[] = [
    {
      name: 'a chunk overwritten',
      damage: async (store) => {
        const [key] = await chunkKeys(store);
        await store.collection<string>('index-image').set(key, Buffer.from('not the index').toString('base64'));
      },
      reason: /checksum/,
    },
    {
      name: 'a chunk missing',
      damage: async (store) => {
        const [key] = await chunkKeys(store);
        await store.collection('index-image').delete(key);
      },
      reason: /chunk 0 of \d+ is missing/,
    },
    {
      name: 'made under other tokenising rules',
      damage: async (store) => {
        await store.collection<{ header: { numbers: Record<string, unknown> } }>('index-image').update('head', (head) => {
          head!.header.numbers.tokenizer = 'another stemmer';
          return head;
        });
      },
      reason: /other tokenising rules/,
    },
    {
      name: 'a head whose header is garbled',
      damage: async (store) => {
        await store.collection<{ header: Record<string, unknown> }>('index-image').update('head', (head) => {
          head!.header.arrays = 5;
          head!.header.numbers = null;
          return head;
        });
      },
      reason: /could not be decoded/,
    },
    {
      name: 'a head this version did not write',
      damage: async (store) => void (await store.collection('index-image').set('head', { generation: 7 })),
      reason: /head record/,
    },
  ];

  it.each(damages)('$name: a warning says why, and the papers are indexed from their text', async ({ damage, reason }) => {
    const store = await storeWithImage();
    await damage(store);
    const { papers, logger } = await loaded(store);
    const warning = logger.lines.find((l) => l.level === 'warn');
    expect(warning?.message).toBe('the stored index image cannot be used; indexing the papers from their text');
    expect(String(warning?.fields?.reason)).toMatch(reason);
    expect(logger.lines.some((l) => l.message === 'index restored from the stored image')).toBe(false);
    expectSameAnswers(papers, await builtFromText(store));
    // The image is written anew, and the next start uses it.
    const next = await loaded(store);
    expect(next.logger.lines.find((l) => l.message === 'index restored from the stored image')?.fields).toMatchObject({ indexedFromText: 0 });
  });
});

describe('writing the image', () => {
  async function repositoryOn(store: Store) {
    await store.collection<Paper>('paper').setMany((await seedPapers()).map((p) => [p.id, p]));
    return builtFromText(store);
  }

  it('is given up when the index changes under it: its chunks are deleted and the previous image stays', async () => {
    const store = await open('memory://');
    const papers = await repositoryOn(store);
    const image = new StoredIndex(store, clock, recordingLogger(), { minDocuments: 1 });
    const parts = () => {
      const p = papers.index.writeImage()!;
      p.arrays.set('papers.textHash', new Uint32Array(2 * p.list('documents.ids').length));
      return p;
    };
    expect(await image.write(parts(), () => true)).toBe('written');
    const head = await store.collection('index-image').get('head');
    const keys = (await store.collection('index-image').entries()).map(([key]) => key);

    let asked = 0;
    expect(await image.write(parts(), () => ++asked < 2)).toBe('outdated');
    expect(await store.collection('index-image').get('head')).toEqual(head);
    expect((await store.collection('index-image').entries()).map(([key]) => key)).toEqual(keys);
  });

  it('is left to the process holding the lease, and a dead writer’s chunks are deleted by the next', async () => {
    const store = await open('memory://');
    const papers = await repositoryOn(store);
    const parts = papers.index.writeImage()!;
    parts.arrays.set('papers.textHash', new Uint32Array(2 * parts.list('documents.ids').length));
    const now = clock.now().getTime();
    expect(await store.acquireLeaseToken('index-image', 'another process', now, now + 60_000)).toBeDefined();
    const image = new StoredIndex(store, clock, recordingLogger(), { minDocuments: 1 });
    expect(await image.write(parts, () => true)).toBe('busy');

    // That process died mid-write: its pending generation and a chunk are left, and its lease expires.
    await store.collection('index-image').setMany([['pending', 'dead-writer'], ['chunk/dead-writer/000000', 'AAAA']]);
    const later = { now: () => new Date(now + 120_000) };
    const next = new StoredIndex(store, later, recordingLogger(), { minDocuments: 1 });
    expect(await next.write(parts, () => true)).toBe('written');
    const keys = (await store.collection('index-image').entries()).map(([key]) => key);
    expect(keys.some((key) => key.includes('dead-writer'))).toBe(false);
    expect(keys).not.toContain('pending');
  });

  it('is not written below the smallest index worth one', async () => {
    const store = await open('memory://');
    await store.collection<Paper>('paper').setMany((await seedPapers()).map((p) => [p.id, p]));
    const papers = new PaperRepository(store, { image: new StoredIndex(store, clock, recordingLogger()) });
    await papers.load();
    await papers.imageUpkeep();
    expect(await store.collection('index-image').entries()).toEqual([]);
  });
});
