import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core.js';
import { createMemoryLogger, SettableClock } from '../../src/ports.js';
import { openStore } from '../../src/store/store.js';
import { SharedParts } from '../../src/papers/shared-parts.js';
import { createCoreFixture, makePaper, type CoreFixture } from '../helpers/core-fixture.js';

let fx: CoreFixture;
beforeEach(async () => {
  fx = await createCoreFixture({ seed: false });
});
afterEach(async () => {
  await fx.close();
});

describe('shared parts of papers', () => {
  it('gives papers with equal lists one array each kind, and leaves their content and other lists as they were', () => {
    const shared = new SharedParts();
    const a = shared.share(makePaper('2611.00001', 'A', 'a', { categories: ['cs.CL', 'cs.AI'], authors: ['Ada', 'Bo'] }));
    const b = shared.share(makePaper('2611.00002', 'B', 'b', { categories: ['cs.CL', 'cs.AI'], authors: ['Ada', 'Bo'] }));
    const c = shared.share(makePaper('2611.00003', 'C', 'c', { categories: ['cs.CL'], sources: ['arxiv-api', 'hf-daily'] }));
    const d = shared.share(makePaper('2611.00004', 'D', 'd', { categories: [], sources: ['arxiv-api', 'hf-daily'] }));
    const e = shared.share(makePaper('2611.00005', 'E', 'e', { categories: [] }));
    expect(b.categories).toBe(a.categories);
    expect(b.sources).toBe(a.sources);
    expect(c.categories).not.toBe(a.categories);
    expect(d.sources).toBe(c.sources);
    expect(e.categories).toBe(d.categories);
    expect(b.authors).not.toBe(a.authors); // names are shared one by one, the lists are each paper's own
    expect([a.categories, c.categories, d.categories]).toEqual([['cs.CL', 'cs.AI'], ['cs.CL'], []]);
    expect([a.sources, c.sources]).toEqual([['arxiv-api'], ['arxiv-api', 'hf-daily']]);
    expect(b).toEqual(makePaper('2611.00002', 'B', 'b', { categories: ['cs.CL', 'cs.AI'], authors: ['Ada', 'Bo'] }));
  });

  it('shareCommon leaves the author lists alone', () => {
    const shared = new SharedParts();
    const authors = ['Ada', 'Bo'];
    const paper = shared.shareCommon(makePaper('2611.00001', 'A', 'a', { authors }));
    expect(paper.authors).toBe(authors);
    expect(shared.shareCommon(makePaper('2611.00002', 'B', 'b')).categories).toBe(paper.categories);
  });

  it('a merge that adds a category to one paper leaves the papers that shared its list as they were, in memory and after a restart', async () => {
    const { core } = fx;
    await core.ingest([
      makePaper('2611.00001', 'Graph networks', 'Message passing.', { categories: ['cs.LG'] }),
      makePaper('2611.00002', 'Graph kernels', 'Kernels on graphs.', { categories: ['cs.LG'] }),
    ]);
    expect(core.paper('2611.00002')?.categories).toBe(core.paper('2611.00001')?.categories);
    await core.ingest([makePaper('2611.00001', 'Graph networks', 'Message passing.', { categories: ['stat.ML'], sources: ['arxiv-rss'] })]);
    expect(core.paper('2611.00001')).toMatchObject({ categories: ['cs.LG', 'stat.ML'], sources: ['arxiv-api', 'arxiv-rss'] });
    expect(core.paper('2611.00002')).toMatchObject({ categories: ['cs.LG'], sources: ['arxiv-api'] });

    const store = await openStore(`sqlite://${fx.file}`);
    try {
      const restarted = await createCore({ store, clock: new SettableClock(fx.clock.now()), logger: createMemoryLogger() });
      expect(restarted.paper('2611.00001')).toEqual(core.paper('2611.00001'));
      expect(restarted.paper('2611.00002')).toEqual(core.paper('2611.00002'));
      expect(restarted.paper('2611.00002')?.sources).not.toBe(restarted.paper('2611.00001')?.sources);
    } finally {
      await store.close();
    }
  });
});
