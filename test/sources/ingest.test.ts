import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngestService, type IngestServiceDeps } from '../../src/sources/ingest.js';
import { formatSummary } from '../../src/sources/ingest-summary.js';
import { createCoreFixture, makePaper, type CoreFixture } from '../helpers/core-fixture.js';
import { CLOSED_PORT } from '../helpers/free-port.js';
import { fakeTime, fixture, type FakeTime } from './fixture-server.js';
import { recordedApiPage, startFakeSources, withTotal, type FakeSources } from './fake-sources.js';

const NOW = new Date('2026-06-12T06:00:00Z');

let world: FakeSources;
let store: CoreFixture;
let time: FakeTime;

beforeEach(async () => {
  world = await startFakeSources();
  store = await createCoreFixture({ seed: false, now: NOW });
  time = fakeTime(NOW);
});
afterEach(async () => {
  await world.close();
  await store.close();
});

function service(overrides: Partial<IngestServiceDeps> = {}) {
  return createIngestService({
    core: store.core,
    fetch: time.recordFetch(fetch),
    clock: time.clock,
    logger: store.logger,
    config: world.config,
    sleep: time.sleep,
    ...overrides,
  });
}

describe('daily ingest from the recorded responses', () => {
  it('stores papers from all three sources and reports what happened', async () => {
    const summary = await service().runOnce();
    expect(summary.sources.map((s) => [s.source, s.status, s.new, s.updated, s.skipped, s.failed, s.requests])).toEqual([
      ['arxiv-api', 'ok', 5, 0, 0, 0, 1],
      // new + new + cross are added; the replacement of a paper the bot never stored is skipped.
      ['arxiv-rss', 'ok', 3, 0, 1, 0, 1],
      // yesterday and today: the second answer is the same 30 papers, unchanged.
      ['hf-daily', 'ok', 30, 0, 30, 0, 2],
    ]);
    expect(summary).toMatchObject({ new: 38, updated: 0, skipped: 31, failed: 0 });
    expect(store.core.papers.get('2009.13987')).toBeUndefined();
    expect(store.core.papers.get('2205.06398')).toMatchObject({ version: 2, sources: ['arxiv-rss'], addedAt: NOW.toISOString() });
    expect(formatSummary(summary)).toBe('38 new, 0 updated, 31 skipped, 0 failed (arxiv-api ok; arxiv-rss ok; hf-daily ok)');
  });

  it('keeps arXiv requests 3 s apart on the injected clock, Hugging Face on its own limiter', async () => {
    await service().runOnce();
    // API at 0 s, RSS at 3 s (same arXiv limiter), HF yesterday at 3 s and today 1 s later.
    expect(time.requestTimes).toEqual([0, 3000, 3000, 4000]);
    expect(world.requests('hf').map((u) => u.searchParams.get('date'))).toEqual(['2026-06-11', '2026-06-12']);
  });

  it('asks the API for what changed since the last run, minus the announcement lag', async () => {
    await service().runOnce({ sources: ['arxiv-api'] });
    time.clock.advance(24 * 3600 * 1000);
    await service().runOnce({ sources: ['arxiv-api'] });
    const windows = world.requests('api').map((u) => u.searchParams.get('search_query'));
    expect(windows).toEqual([
      '(cat:cs.LG OR cat:cs.AI) AND lastUpdatedDate:[202606100600 TO 202606120600]',
      '(cat:cs.LG OR cat:cs.AI) AND lastUpdatedDate:[202606100600 TO 202606130600]',
    ]);
  });

  it('runs one ingest at a time', async () => {
    const ingest = service();
    const [first, second] = await Promise.all([ingest.runOnce({ sources: ['arxiv-rss'] }), ingest.runOnce({ sources: ['arxiv-rss'] })]);
    expect(first.sources[0].status).toBe('ok');
    expect(second.sources[0]).toMatchObject({ status: 'skipped', reason: 'another ingest run is in progress' });
  });
});

describe('one record per paper across sources and versions', () => {
  it('merges the same paper from RSS (v1), the API (v2) and Hugging Face into one record', async () => {
    world.api = (url) => ({
      body: url.searchParams.get('start') === '0' ? withTotal(fixture('arxiv-api-query.xml').replaceAll('2606.13677v1', '2609.26811v2'), 5) : recordedApiPage(url).body,
    });
    const hf = JSON.parse(fixture('hf-daily-papers.json')) as Array<{ paper: { id: string; upvotes: number }; numComments: number }>;
    hf[0].paper.id = '2609.26811';
    hf[0].paper.upvotes = 42;
    hf[0].numComments = 5;
    world.hf = () => ({ body: JSON.stringify(hf.slice(0, 1)) });

    const summary = await service().runOnce({ sources: ['arxiv-rss', 'arxiv-api', 'hf-daily'] });
    const paper = store.core.papers.get('2609.26811')!;
    expect(paper).toMatchObject({
      id: '2609.26811',
      version: 2,
      // The API's v2 text wins over RSS's v1; Hugging Face's record (no version) never overwrites it.
      title: 'Mana: Dexterous Manipulation of Articulated Tools',
      sources: ['arxiv-rss', 'arxiv-api', 'hf-daily'],
      popularity: { upvotes: 42, comments: 5 },
      primaryCategory: 'cs.RO',
      comment: 'Project Page: https://zhaohengyin.github.io/mana',
      addedAt: NOW.toISOString(),
      // The API's submission date wins over RSS's announcement day and Hugging Face's day.
      published: '2026-06-11T17:59:49.000Z',
    });
    expect([...store.core.papers.all()].filter((p) => p.title.startsWith('Mana:'))).toHaveLength(1);
    const api = summary.sources.find((s) => s.source === 'arxiv-api')!;
    expect([api.new, api.updated]).toEqual([4, 1]);
    expect(summary.sources.find((s) => s.source === 'hf-daily')).toMatchObject({ new: 0, updated: 1 });
  });

  it('treats a new version as an update that keeps when the paper was first stored', async () => {
    const firstSeen = '2026-01-05T00:00:00.000Z';
    await store.core.ingest([makePaper('2009.13987', 'Random Polytope Descriptors (old)', 'Old abstract.', { version: 2, addedAt: firstSeen, primaryCategory: 'cs.LG' })]);
    const summary = await service().runOnce({ sources: ['arxiv-rss'] });
    expect(summary.sources[0]).toMatchObject({ new: 3, updated: 1, skipped: 0 });
    expect(store.core.papers.get('2009.13987')).toMatchObject({
      version: 3,
      title: 'Random Polytope Descriptors',
      addedAt: firstSeen,
      sources: ['arxiv-api', 'arxiv-rss'],
    });
    const again = await service().runOnce({ sources: ['arxiv-rss'] });
    expect(again).toMatchObject({ new: 0, updated: 0, skipped: 4 });
  });
});

describe('faults', () => {
  it('retries a 503 and a 429 with Retry-After, then stores the answer', async () => {
    let rssCalls = 0;
    world.rss = () => (++rssCalls === 1 ? { status: 503, body: 'busy' } : { body: fixture('arxiv-rss.xml') });
    let hfCalls = 0;
    world.hf = () => (++hfCalls === 1 ? { status: 429, body: '', headers: { 'retry-after': '12' } } : { body: fixture('hf-daily-papers.json') });
    const summary = await service().runOnce({ sources: ['arxiv-rss', 'hf-daily'] });
    expect(summary.sources.map((s) => [s.status, s.new])).toEqual([['ok', 3], ['ok', 30]]);
    // 3 s backoff for the 503, 12 s as Retry-After asked, then 1 s between the two Hugging Face days.
    expect(time.sleeps).toEqual([3000, 12_000, 1000]);
  });

  it('logs a source that sends garbage, keeps going with the others and keeps what was stored', async () => {
    world.api = () => ({ body: fixture('arxiv-api-query.xml').slice(0, 4000) });
    world.hf = () => ({ body: '{"papers": [', type: 'application/json' });
    const summary = await service().runOnce();
    expect(summary.sources.map((s) => [s.source, s.status])).toEqual([['arxiv-api', 'failed'], ['arxiv-rss', 'ok'], ['hf-daily', 'failed']]);
    expect(summary.sources[0].reason).toMatch(/^malformed: invalid XML/);
    expect(summary.sources[2].reason).toMatch(/^malformed: invalid JSON/);
    expect(summary).toMatchObject({ new: 3, failed: 2 });
    expect(store.logger.lines.filter((l) => l.startsWith('warn paper source failed')).map((l) => /"source":"([^"]+)"/.exec(l)?.[1])).toEqual(['arxiv-api', 'hf-daily']);
  });

  it('reports an arXiv error entry as a failure and stores nothing from it', async () => {
    world.api = () => ({ body: fixture('arxiv-api-error.xml') });
    const summary = await service().runOnce({ sources: ['arxiv-api'] });
    expect(summary.sources[0]).toMatchObject({ status: 'failed', new: 0, reason: 'api-error: arXiv API error: incorrect id format for 1234.12345' });
    expect(store.core.papers.size).toBe(0);
  });

  it('gives up on a source slower than the timeout', async () => {
    // The timeout applies to every source, and arxiv-rss must answer within it: 2 s, not a few hundred ms, so a loaded
    // machine cannot make the quick source time out too; the slow one stays far slower.
    world.hf = () => ({ body: '[]', delayMs: 10_000 });
    const summary = await service({ config: { ...world.config, fetchTimeoutMs: 2000 } }).runOnce({ sources: ['hf-daily', 'arxiv-rss'] });
    expect(summary.sources[0]).toMatchObject({ source: 'hf-daily', status: 'failed', reason: 'timeout: no complete response within 2000 ms' });
    expect(summary.sources[1]).toMatchObject({ source: 'arxiv-rss', status: 'ok', new: 3 });
  });

  it('with no network at all, says each source is unreachable and keeps serving the stored papers', async () => {
    await store.core.ingest([makePaper('2401.00001', 'A stored paper', 'Still here.')]);
    const nowhere = `http://127.0.0.1:${CLOSED_PORT}`;
    const config = { ...world.config, arxivApiUrl: `${nowhere}/api/query`, arxivRssUrl: `${nowhere}/rss`, hfApiUrl: `${nowhere}/api/daily_papers` };
    const summary = await service({ config }).runOnce();
    expect(summary.sources.every((s) => s.status === 'failed' && s.reason?.startsWith('unreachable: cannot reach 127.0.0.1'))).toBe(true);
    expect(store.logger.lines.filter((l) => l.includes('paper source unreachable'))).toHaveLength(3);
    expect(store.core.papers.get('2401.00001')?.title).toBe('A stored paper');
    expect(store.core.papers.size).toBe(1);
  });

  it('never throws, even when storing fails', async () => {
    const broken = { ...store.core, ingest: () => Promise.reject(new Error('disk full')), papers: store.core.papers, store: store.store };
    const summary = await service({ core: broken }).runOnce({ sources: ['arxiv-rss'] });
    expect(summary.sources[0]).toMatchObject({ status: 'failed', reason: 'disk full' });
    expect(store.logger.lines.some((l) => l.startsWith('error paper source failed unexpectedly'))).toBe(true);
  });

  it('refuses papers a source sends that fail validation, counts them failed and logs them with the source', async () => {
    const hf = JSON.parse(fixture('hf-daily-papers.json')) as Array<{ paper: { id: string; title: string } }>;
    hf[0].paper.id = 'a slug with spaces'; // becomes the id `hf:a slug with spaces`
    hf[1].paper.title = 'T'.repeat(5000);
    world.hf = () => ({ body: JSON.stringify(hf.slice(0, 3)) });

    const summary = await service().runOnce({ sources: ['hf-daily'] });
    // Yesterday and today answer the same three entries: one stored, two refused each time.
    expect(summary.sources[0]).toMatchObject({ status: 'ok', new: 1, skipped: 1, failed: 4 });
    expect(store.core.papers.size).toBe(1);
    const bySource = store.logger.lines.filter((l) => l.startsWith('warn paper source sent invalid papers; refused them'));
    expect(bySource).toHaveLength(2);
    expect(bySource[0]).toContain('"source":"hf-daily"');
    expect(bySource[0]).toContain('hf:a slug with spaces: id: has spaces, control or non-ASCII characters');
    expect(bySource[0]).toContain('title: 5000 characters, more than 1000');
    expect(store.logger.lines.filter((l) => l.startsWith('warn refused an invalid paper'))).toHaveLength(4);
  });
});
