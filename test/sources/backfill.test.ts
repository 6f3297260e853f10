import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestState } from '../../src/sources/ingest-state.js';
import { createIngestService } from '../../src/sources/ingest.js';
import { createCoreFixture, type CoreFixture } from '../helpers/core-fixture.js';
import { atomFeed, queriedDay, startFakeSources, type AtomPaper, type FakeSources } from './fake-sources.js';
import { fakeTime, type FakeTime } from './fixture-server.js';

const NOW = new Date('2026-06-12T06:00:00Z');

/** Three papers submitted on each day, ids 2606.<day><n>. */
function papersOn(day: string): AtomPaper[] {
  const d = day.slice(8, 10);
  return [1, 2, 3].map((n) => ({ id: `2606.${d}00${n}`, title: `Paper ${n} of ${day}`, published: `${day}T10:0${n}:00Z` }));
}

let world: FakeSources;
let store: CoreFixture;
let time: FakeTime;

beforeEach(async () => {
  world = await startFakeSources();
  store = await createCoreFixture({ seed: false, now: NOW });
  time = fakeTime(NOW);
  world.api = (url) => {
    const start = Number(url.searchParams.get('start'));
    const size = Number(url.searchParams.get('max_results'));
    const all = papersOn(queriedDay(url));
    return { body: atomFeed(all.slice(start, start + size), all.length, start) };
  };
  world.hf = () => ({ body: '[]' });
});
afterEach(async () => {
  await world.close();
  await store.close();
});

function service() {
  return createIngestService({ core: store.core, fetch, clock: time.clock, logger: store.logger, config: world.config, sleep: time.sleep, pageSize: 2, retry: { maxAttempts: 2 } });
}

const apiRequests = () => world.requests('api').map((u) => `${queriedDay(u)}@${u.searchParams.get('start')}`);

describe('backfill', () => {
  it('reads each day page by page, reports progress and skips RSS', async () => {
    const progress: string[] = [];
    const summary = await service().backfill({ since: '2026-06-10', sources: ['arxiv-api', 'arxiv-rss'], onProgress: (p) => progress.push(`${p.source} ${p.day} ${p.done.toFixed(2)}/${p.days}`) });
    expect(apiRequests()).toEqual(['2026-06-10@0', '2026-06-10@2', '2026-06-11@0', '2026-06-11@2', '2026-06-12@0', '2026-06-12@2']);
    expect(summary.sources.map((s) => [s.source, s.status, s.new, s.requests])).toEqual([
      ['arxiv-api', 'ok', 9, 6],
      ['arxiv-rss', 'skipped', 0, 0],
    ]);
    expect(summary.sources[1].reason).toBe('the arXiv RSS feed has no history to backfill');
    expect(progress).toEqual([
      'arxiv-api 2026-06-10 0.67/3', 'arxiv-api 2026-06-10 1.00/3',
      'arxiv-api 2026-06-11 1.67/3', 'arxiv-api 2026-06-11 2.00/3',
      'arxiv-api 2026-06-12 2.67/3', 'arxiv-api 2026-06-12 3.00/3',
    ]);
    expect(store.core.papers.get('2606.11002')).toMatchObject({ title: 'Paper 2 of 2026-06-11', published: '2026-06-11T10:02:00.000Z', sources: ['arxiv-api'] });
  });

  it('continues where a failed run stopped, without reading finished pages again', async () => {
    world.api = (url) => {
      const day = queriedDay(url);
      const start = Number(url.searchParams.get('start'));
      if (day === '2026-06-11' && start === 2) return { status: 503, body: 'down' };
      const all = papersOn(day);
      return { body: atomFeed(all.slice(start, start + 2), all.length, start) };
    };
    const first = await service().backfill({ since: '2026-06-10', sources: ['arxiv-api'] });
    expect(first.sources[0]).toMatchObject({ status: 'failed', new: 5, reason: 'http: HTTP 503 after 2 attempts' });
    const cursor = await new IngestState(store.store).backfillCursor('arxiv-api', 'cs.AI+cs.LG:2026-06-10');
    expect(cursor).toMatchObject({ nextDay: '2026-06-11', nextStart: 2 });

    expect(apiRequests()).toEqual(['2026-06-10@0', '2026-06-10@2', '2026-06-11@0', '2026-06-11@2', '2026-06-11@2']);
    const before = world.requests('api').length;
    world.api = (url) => {
      const all = papersOn(queriedDay(url));
      const start = Number(url.searchParams.get('start'));
      return { body: atomFeed(all.slice(start, start + 2), all.length, start) };
    };
    const second = await service().backfill({ since: '2026-06-10', sources: ['arxiv-api'] });
    expect(apiRequests().slice(before)).toEqual(['2026-06-11@2', '2026-06-12@0', '2026-06-12@2']);
    expect(second.sources[0]).toMatchObject({ status: 'ok', new: 4, updated: 0 });
    expect(store.core.papers.size).toBe(9);
    // Today is read again by the next run; earlier days are done.
    expect(await new IngestState(store.store).backfillCursor('arxiv-api', 'cs.AI+cs.LG:2026-06-10')).toMatchObject({ nextDay: '2026-06-12', nextStart: 0 });
  });

  it('stops on request and keeps the cursor', async () => {
    const controller = new AbortController();
    const summary = await service().backfill({
      since: '2026-06-10',
      sources: ['arxiv-api'],
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 1) controller.abort();
      },
    });
    expect(summary.sources[0]).toMatchObject({ status: 'interrupted', new: 3 });
    expect(await new IngestState(store.store).backfillCursor('arxiv-api', 'cs.AI+cs.LG:2026-06-10')).toMatchObject({ nextDay: '2026-06-11', nextStart: 0 });
  });

  it('backfills Hugging Face one day per request and resumes from the next day', async () => {
    const days: string[] = [];
    world.hf = (url) => {
      const day = url.searchParams.get('date')!;
      days.push(day);
      return day === '2026-06-10' && days.filter((d) => d === day).length === 1 ? { body: '<html>oops</html>' } : { body: '[]' };
    };
    const first = await service().backfill({ since: '2026-06-09', sources: ['hf-daily'] });
    expect(first.sources[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^malformed: invalid JSON/) });
    await service().backfill({ since: '2026-06-09', sources: ['hf-daily'] });
    expect(days).toEqual(['2026-06-09', '2026-06-10', '2026-06-10', '2026-06-11', '2026-06-12']);
  });
});
