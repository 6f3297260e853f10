/** The daily ingest reads the categories channels follow, after the configured ones, up to MAX_INGEST_CATEGORIES. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngestService, ingestCategories } from '../../src/sources/ingest.js';
import { createCoreFixture, type CoreFixture } from '../helpers/core-fixture.js';
import { fakeTime } from './fixture-server.js';
import { startFakeSources, type FakeSources } from './fake-sources.js';

const NOW = new Date('2026-06-12T06:00:00Z');
let world: FakeSources;
let fx: CoreFixture;

beforeEach(async () => {
  world = await startFakeSources({ sources: ['arxiv-api'] });
  fx = await createCoreFixture({ seed: false, now: NOW });
});
afterEach(async () => {
  await world.close();
  await fx.close();
});

const categoriesAsked = () => world.requests('api').map((url) => url.searchParams.get('search_query') ?? '');

describe('followed categories in the daily ingest', () => {
  it('keeps the configured categories first and adds followed ones up to the maximum', () => {
    expect(ingestCategories(['cs.LG', 'cs.AI'], ['cs.RO', 'cs.AI', 'stat.ML'], 3)).toEqual(['cs.LG', 'cs.AI', 'cs.RO']);
    expect(ingestCategories(['cs.LG', 'cs.AI'], ['cs.RO'], 1)).toEqual(['cs.LG', 'cs.AI']);
  });

  it('asks arXiv for the categories channels follow', async () => {
    await fx.core.follow({ platform: 'console', workspace: 'local', channel: 'a' }, ['cs.RO'], 'category');
    await fx.core.follow({ platform: 'slack', workspace: 'T1', channel: 'C1' }, ['stat.ML', 'cs.ro'], 'category');
    const time = fakeTime(NOW);
    const service = createIngestService({ core: fx.core, fetch, clock: time.clock, logger: fx.logger, config: { ...world.config, maxIngestCategories: 3 }, sleep: time.sleep });
    await service.runOnce();
    expect(categoriesAsked()[0]).toMatch(/^\(cat:cs\.LG OR cat:cs\.AI OR cat:cs\.RO\) AND /);
  });
});
