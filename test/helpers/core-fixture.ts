/**
 * A real core on a real sqlite file in a temp directory, with the bundled papers and a settable clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type CoreInternals } from '../../src/core.js';
import { readPapersFile } from '../../src/papers/seed-file.js';
import { createMemoryLogger, SettableClock } from '../../src/ports.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { RankingSettings } from '../../src/ranking/settings.js';
import type { Paper } from '../../src/types.js';

export const SEED_FILE = fileURLToPath(new URL('../../data/seed-papers.json', import.meta.url));

export interface CoreFixture {
  /** The core with its internals, so tests can look at what was stored. */
  core: CoreInternals;
  store: Store;
  clock: SettableClock;
  logger: ReturnType<typeof createMemoryLogger>;
  dir: string;
  file: string;
  close(): Promise<void>;
}

/** Create a core on a fresh sqlite file; `seed: false` starts with no papers; `ranking` overrides ranking knobs. */
export async function createCoreFixture(options: { seed?: boolean; now?: Date; ranking?: Partial<RankingSettings> } = {}): Promise<CoreFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'paperboy-test-'));
  const file = join(dir, 'store.sqlite');
  const store = await openStore(`sqlite://${file}`);
  const clock = new SettableClock(options.now ?? new Date('2026-11-23T08:00:00Z'));
  const logger = createMemoryLogger();
  const core = await createCore({
    store,
    clock,
    logger,
    seedPapers: options.seed === false ? undefined : () => readPapersFile(SEED_FILE),
    ranking: options.ranking,
  });
  return {
    core,
    store,
    clock,
    logger,
    dir,
    file,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A paper with sensible defaults. */
export function makePaper(id: string, title: string, abstract: string, extra: Partial<Paper> = {}): Paper {
  return {
    id,
    title,
    abstract,
    authors: ['Ada Lovelace'],
    categories: ['cs.CL'],
    published: '2026-11-20T00:00:00Z',
    url: `https://arxiv.org/abs/${id}`,
    sources: ['arxiv-api'],
    addedAt: '2026-11-22T00:00:00Z',
    ...extra,
  };
}
