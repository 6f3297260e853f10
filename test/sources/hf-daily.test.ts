import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/ports.js';
import { buildHfDailyUrl, HfDailySource, parseHfDailyPapers } from '../../src/sources/hf-daily.js';
import { createHttpClient, RateLimiter } from '../../src/sources/http.js';
import { fakeTime, fixture, send, startServer, type FixtureServer } from './fixture-server.js';

const ADDED = '2026-06-12T06:00:00.000Z';

describe('parseHfDailyPapers on a recorded response', () => {
  const page = parseHfDailyPapers(fixture('hf-daily-papers.json'), ADDED);

  it('reads every entry, keyed by arXiv id', () => {
    expect(page.papers).toHaveLength(30);
    expect(page.skipped).toEqual([]);
    expect(page.papers[0].id).toBe('2606.00467');
  });

  it('turns upvotes and comments into popularity', () => {
    const evoArena = page.papers.find((p) => p.id === '2606.13681')!;
    expect(evoArena.title).toBe('EvoArena: Tracking Memory Evolution for Robust LLM Agents in Dynamic Environments');
    expect(evoArena.popularity).toEqual({ upvotes: 118, comments: 3 });
    const minimax = page.papers.find((p) => p.id === '2606.13392')!;
    expect(minimax).toMatchObject({ title: 'MiniMax Sparse Attention', popularity: { upvotes: 103, comments: 4 } });
    expect(page.papers[0].popularity).toEqual({ upvotes: 0, comments: 2 });
  });

  it('reads authors, abstract, date and link', () => {
    expect(page.papers[0]).toMatchObject({
      title: 'On the Limits of LLM Adaptability: Impact of Model-Internalized Priors on Annotation Task Performance',
      authors: ['Etienne Casanova', 'Rafal Kocielnik', 'R. Michael Alvarez'],
      published: '2026-05-30T00:00:00.000Z',
      url: 'https://arxiv.org/abs/2606.00467',
      sources: ['hf-daily'],
      categories: [],
      addedAt: ADDED,
    });
    expect(page.papers[0].abstract).toMatch(/^Large Language Models \(LLMs\) are increasingly used for zero-shot annotation/);
    expect(page.papers[0].version).toBeUndefined();
  });

  it('reads the same fields when they sit at the top level instead of inside `paper`', () => {
    const nested = JSON.parse(fixture('hf-daily-papers.json')) as Array<Record<string, unknown>>;
    const flat = nested.slice(0, 3).map((entry) => {
      const { paper, ...rest } = entry as { paper: Record<string, unknown> };
      return { ...rest, ...paper };
    });
    const parsed = parseHfDailyPapers(JSON.stringify(flat), ADDED);
    expect(parsed.papers).toEqual(page.papers.slice(0, 3));
  });
});

describe('parseHfDailyPapers failures', () => {
  it('rejects invalid JSON and a body that is not a list', () => {
    const json = fixture('hf-daily-papers.json');
    expect(() => parseHfDailyPapers(json.slice(0, 5000), ADDED)).toThrow(/invalid JSON/);
    expect(() => parseHfDailyPapers('{"error":"Invalid date"}', ADDED)).toThrow(/not a list/);
  });

  it('skips entries without an id or title and keeps the rest', () => {
    const body = JSON.stringify([{ title: 'No id' }, { paper: { id: '2606.99999' } }, 'junk', { paper: { id: 'not-arxiv', title: 'Other', upvotes: 2 } }]);
    const parsed = parseHfDailyPapers(body, ADDED);
    expect(parsed.skipped).toEqual(['entry without an id', '2606.99999: no title', 'entry is not an object']);
    expect(parsed.papers).toMatchObject([{ id: 'hf:not-arxiv', url: 'https://huggingface.co/papers/not-arxiv', popularity: { upvotes: 2 } }]);
  });

  it('reads an empty day as no papers', () => {
    expect(parseHfDailyPapers('[]', ADDED)).toEqual({ papers: [], skipped: [] });
  });
});

describe('Hugging Face daily papers over HTTP', () => {
  let server: FixtureServer;
  afterEach(() => server.close());

  it('asks for one day and parses the answer', async () => {
    expect(buildHfDailyUrl('https://huggingface.co/api/daily_papers', '2026-06-11')).toBe('https://huggingface.co/api/daily_papers?date=2026-06-11');
    server = await startServer((_req, res) => send(res, 200, fixture('hf-daily-papers.json'), 'application/json'));
    const time = fakeTime();
    const http = createHttpClient({ source: 'hf-daily', fetch, clock: time.clock, logger: createMemoryLogger(), limiter: new RateLimiter(time.clock, time.sleep, 1000), sleep: time.sleep, timeoutMs: 5000 });
    const page = await new HfDailySource({ http, baseUrl: `${server.origin}/api/daily_papers` }).fetchDay('2026-06-11', ADDED);
    expect(page.papers).toHaveLength(30);
    expect(server.requests).toEqual(['/api/daily_papers?date=2026-06-11']);
  });
});
