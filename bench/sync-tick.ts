/**
 * What one paper-sync look costs when nothing changed, at full scale: the figure behind the default
 * `PAPER_SYNC_INTERVAL_MS`. Fills the store named by `--store` with the papers file (once; a filled store is
 * reused), starts a second "instance" on it (its own connection and core, which loads every paper), then times
 * `core.syncPapers()` with nothing new, `--looks` times, and one look after another instance stored one paper.
 *
 *   npx tsx bench/sync-tick.ts --papers PAPERS.jsonl.gz --store sqlite:///tmp/sync.sqlite [--looks 200]
 *   npx tsx bench/sync-tick.ts --papers PAPERS.jsonl.gz --store postgres://user:pw@host:5432/db
 */
import { parseArgs } from 'node:util';
import { createCore } from '../src/core.js';
import { createMemoryLogger } from '../src/ports.js';
import { openStore } from '../src/store/store.js';
import { percentile } from './lib/measure.js';
import { readPapersFile, toPaper } from './lib/papers-file.js';

const BATCH = 2000;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { papers: { type: 'string' }, store: { type: 'string' }, looks: { type: 'string' } } });
  if (!values.papers || !values.store) throw new Error('usage: --papers FILE --store URL [--looks N]');
  const looks = Number(values.looks ?? 200);
  const writerStore = await openStore(values.store);
  const writer = await createCore({ store: writerStore, logger: createMemoryLogger() });
  const records = await readPapersFile(values.papers);
  if (writer.paperCount() < records.length) {
    for (let i = 0; i < records.length; i += BATCH) await writer.ingest(records.slice(i, i + BATCH).map((r) => toPaper(r)));
  }
  const readerStore = await openStore(values.store);
  const loadStart = performance.now();
  const reader = await createCore({ store: readerStore, logger: createMemoryLogger() });
  const loadMs = performance.now() - loadStart;
  await reader.syncPapers();
  const samples: number[] = [];
  for (let i = 0; i < looks; i++) {
    const start = performance.now();
    const taken = await reader.syncPapers();
    samples.push(performance.now() - start);
    if (taken !== 0) throw new Error('a look with nothing new took papers');
  }
  const id = `2999.${String(Date.now() % 100000).padStart(5, '0')}`;
  await writer.ingest([{ ...toPaper(records[0]), id, url: `https://arxiv.org/abs/${id}`, title: `${records[0].title} (bench copy)` }]);
  const oneStart = performance.now();
  const taken = await reader.syncPapers();
  const oneMs = performance.now() - oneStart;
  const fmt = (ms: number) => ms.toFixed(2);
  process.stdout.write(
    `${readerStore.kind}: ${reader.paperCount()} papers (load ${(loadMs / 1000).toFixed(1)} s); a look with nothing new: ` +
      `p50 ${fmt(percentile(samples, 50))} ms, p95 ${fmt(percentile(samples, 95))} ms, max ${fmt(Math.max(...samples))} ms over ${looks}; ` +
      `a look taking ${taken} new paper: ${fmt(oneMs)} ms\n`,
  );
  await readerStore.close();
  await writerStore.close();
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
