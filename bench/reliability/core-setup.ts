/**
 * A real core on a real sqlite file for the probes, and papers that are fresh for a digest. The seed corpus is
 * the bundled one, as the bot loads it on first start.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type CoreInternals } from '../../src/core.js';
import { readPapersFile } from '../../src/papers/seed-file.js';
import { createMemoryLogger, SettableClock, type Clock } from '../../src/ports.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { Paper } from '../../src/types.js';

export const SEED_FILE = fileURLToPath(new URL('../../data/seed-papers.json', import.meta.url));
export const NOW = new Date('2026-11-23T08:00:00Z');

export interface ProbeCore {
  core: CoreInternals;
  store: Store;
  file: string;
  logger: ReturnType<typeof createMemoryLogger>;
  close(): Promise<void>;
}

/** Open `dir/store.sqlite` (or `file`) and wire a core; `seed: false` starts with no papers. */
export async function openCore(dir: string, options: { seed?: boolean; clock?: Clock; file?: string; wrap?: (s: Store) => Store } = {}): Promise<ProbeCore> {
  const file = options.file ?? join(dir, 'store.sqlite');
  const raw = await openStore(`sqlite://${file}`);
  const store = options.wrap ? options.wrap(raw) : raw;
  const logger = createMemoryLogger();
  const core = await createCore({
    store,
    clock: options.clock ?? new SettableClock(NOW),
    logger,
    seedPapers: options.seed === false ? undefined : () => readPapersFile(SEED_FILE),
  });
  return { core, store, file, logger, close: () => raw.close() };
}

const TOPICS = [
  ['Retrieval augmented generation for clinical notes', 'Hospitals summarise patient records with retrieval augmented generation over discharge letters.'],
  ['Reranking code search results', 'A learned reranking stage orders functions returned by a code search engine for developers.'],
  ['Multilingual retrieval augmented generation', 'Answering questions in Swahili and Hindi with retrieval augmented generation across languages.'],
  ['Reranking with large language models as judges', 'Pairwise prompting lets a language model do reranking of product reviews for shoppers.'],
  ['Retrieval augmented generation under adversarial documents', 'Poisoned web pages mislead retrieval augmented generation; we filter them before answering.'],
  ['Dense retrieval with reranking for legal search', 'Retrieval augmented generation and reranking over court decisions for lawyers.'],
  ['Galaxy formation in cosmological simulations', 'Simulations of galaxy formation and star formation in dark matter halos.'],
];

/** Papers about retrieval and reranking, published a day before `now` and added an hour before it. */
export function freshPapers(now: Date, prefix = 'rel'): Paper[] {
  return TOPICS.map(([title, abstract], i) => ({
    id: `${prefix}${i + 1}`,
    title,
    abstract,
    authors: ['Ada Lovelace'],
    categories: ['cs.CL'],
    published: new Date(now.getTime() - 24 * 3600_000).toISOString(),
    url: `https://arxiv.org/abs/${prefix}${i + 1}`,
    sources: ['arxiv-api'],
    addedAt: new Date(now.getTime() - 3600_000).toISOString(),
  }));
}
