import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core.js';
import { startPaperSyncSchedule } from '../../adapters/paper-sync-schedule.js';
import { createMemoryLogger, SettableClock } from '../../src/ports.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createCoreFixture, makePaper, type CoreFixture } from '../helpers/core-fixture.js';

/** The running bot (`fx`) and a second process on the same sqlite file, as `npm run ingest` would be. */
let fx: CoreFixture;
let backfillStore: Store;
let backfill: Core;
beforeEach(async () => {
  fx = await createCoreFixture({ seed: false });
  backfillStore = await openStore(`sqlite://${fx.file}`);
  backfill = await createCore({ store: backfillStore, clock: new SettableClock(fx.clock.now()), logger: createMemoryLogger() });
});
afterEach(async () => {
  await backfillStore.close();
  await fx.close();
});

const search = async (core: Core, query: string) => (await core.search(query)).map((r) => r.paper.id);

describe('papers stored by another process', () => {
  it('reach the running bot at its next sync: searchable and, when fresh, new for digests', async () => {
    await fx.core.ingest([makePaper('2611.00001', 'Graph neural networks for molecules', 'Message passing on molecular graphs.')]);
    await backfill.ingest([
      makePaper('2611.00002', 'Quantum error correction with surface codes', 'Decoding surface codes on real hardware.', {
        published: '2026-11-22T00:00:00Z',
        addedAt: '2026-11-23T06:00:00Z',
      }),
    ]);
    expect(await search(fx.core, 'surface codes')).toEqual([]);

    expect(await fx.core.syncPapers()).toBe(1);
    expect(await search(fx.core, 'surface codes')).toEqual(['2611.00002']);
    expect(fx.core.papers.newSince(new Date('2026-11-23T00:00:00Z')).map((p) => p.id)).toEqual(['2611.00002']);
    expect(fx.logger.lines.some((line) => line.includes('took in papers another process stored'))).toBe(true);
  });

  it('are read from the change feed: a look with nothing new takes nothing, the next write is taken at the next look', async () => {
    expect(await fx.core.syncPapers()).toBe(0);
    await backfill.ingest([makePaper('2611.00007', 'Weather forecasting transformers', 'Global forecasts at high resolution.')]);
    expect(await fx.core.syncPapers()).toBe(1);
    expect(await fx.core.syncPapers()).toBe(0);
  });

  it('are noticed even when the bot stored papers of its own after them', async () => {
    await backfill.ingest([makePaper('2611.00003', 'Sparse attention kernels', 'Block-sparse attention on GPUs.')]);
    await fx.core.ingest([makePaper('2611.00004', 'Diffusion for audio', 'Audio generation with diffusion models.')]);
    expect(await fx.core.syncPapers()).toBe(1);
    expect(await search(fx.core, 'sparse attention')).toEqual(['2611.00003']);
  });

  it('take in a new version another process stored, replacing the old text in search', async () => {
    await fx.core.ingest([makePaper('2611.00005', 'Tokenizers for code', 'Version one about tokenizers.', { version: 1 })]);
    await backfill.ingest([makePaper('2611.00005', 'Tokenizers for code, revised', 'Version two about byte-level vocabularies.', { version: 2 })]);
    expect(await fx.core.syncPapers()).toBe(1);
    expect(fx.core.papers.get('2611.00005')?.title).toBe('Tokenizers for code, revised');
    expect(await search(fx.core, 'byte-level vocabularies')).toEqual(['2611.00005']);
    expect(fx.core.papers.size).toBe(1);
  });

  it('are taken in by the paper-sync tick, so a running bot needs no restart after a backfill', async () => {
    await backfill.ingest([makePaper('2611.00006', 'Protein folding with language models', 'Structure prediction from sequence.')]);
    const schedule = startPaperSyncSchedule({ core: fx.core, logger: fx.logger });
    try {
      expect(await schedule.tick()).toBe(1);
    } finally {
      await schedule.stop();
    }
    expect(await search(fx.core, 'protein folding')).toEqual(['2611.00006']);
  });

  it('are not looked for by a digest pass: digests do not wait for a read of every stored paper', async () => {
    await backfill.ingest([makePaper('2611.00008', 'Robot grasping with tactile sensing', 'Grasping from touch.')]);
    await fx.core.runDueDigests([]);
    expect(await search(fx.core, 'tactile grasping')).toEqual([]);
    expect(await fx.core.syncPapers()).toBe(1);
  });

  it('are looked for by a schedule that never throws and stops cleanly', async () => {
    const logger = createMemoryLogger();
    const schedule = startPaperSyncSchedule({ core: { syncPapers: () => Promise.reject(new Error('disk gone')) }, logger, intervalMs: 10 });
    expect(await schedule.tick()).toBe(0);
    await schedule.stop();
    expect(logger.lines.join('\n')).toContain('paper sync failed');
  });
});
