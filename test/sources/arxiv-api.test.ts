import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/ports.js';
import { ArxivApiSource, arxivTimestamp, buildArxivIdListUrl, buildArxivQueryUrl, parseArxivAtom } from '../../src/sources/arxiv-api.js';
import { createHttpClient, RateLimiter, SourceError } from '../../src/sources/http.js';
import { fakeTime, fixture, send, startServer, type FixtureServer } from './fixture-server.js';

const ADDED = '2026-06-12T06:00:00.000Z';

describe('parseArxivAtom on a recorded query response', () => {
  const page = parseArxivAtom(fixture('arxiv-api-query.xml'), ADDED);

  it('reads the paging counts', () => {
    expect(page.totalResults).toBe(28946);
    expect(page.startIndex).toBe(0);
    expect(page.papers).toHaveLength(5);
    expect(page.skipped).toEqual([]);
  });

  it('reads every field of an entry', () => {
    expect(page.papers[0]).toEqual({
      id: '2606.13677',
      version: 1,
      title: 'Mana: Dexterous Manipulation of Articulated Tools',
      abstract: expect.stringContaining('requiring only a few mouse clicks to specify functional affordances (<1 minute per tool).'),
      authors: ['Zhao-Heng Yin', 'Guanya Shi', 'Pieter Abbeel', 'C. Karen Liu'],
      categories: ['cs.RO', 'cs.AI', 'cs.CV', 'cs.LG'],
      primaryCategory: 'cs.RO',
      published: '2026-06-11T17:59:49.000Z',
      updated: '2026-06-11T17:59:49.000Z',
      url: 'https://arxiv.org/abs/2606.13677',
      sources: ['arxiv-api'],
      comment: 'Project Page: https://zhaohengyin.github.io/mana',
      addedAt: ADDED,
    });
  });

  it('keeps the primary category first and all cross-lists', () => {
    const gfDit = page.papers.find((p) => p.id === '2606.13501')!;
    expect(gfDit.primaryCategory).toBe('cs.DC');
    expect(gfDit.categories).toEqual(['cs.DC', 'cs.LG', 'cs.PF']);
    expect(gfDit.authors).toHaveLength(9);
    expect(gfDit.comment).toBeUndefined();
  });

  it('normalises abstracts: paragraph breaks joined, LaTeX made readable', () => {
    const gfDit = page.papers.find((p) => p.id === '2606.13501')!;
    expect(gfDit.abstract).not.toMatch(/\n|\s{2}/);
    expect(gfDit.abstract).toContain('service quality. This paper argues');
    expect(gfDit.abstract).toContain('improves throughput by up to 6.01×, reduces mean latency by up to 95%');
    expect(gfDit.abstract.endsWith('from 778 ms to approximately 60 μs.')).toBe(true);
  });
});

describe('parseArxivAtom on a recorded older-format response (namespaces declared inline)', () => {
  const page = parseArxivAtom(fixture('arxiv-api-idlist.xml'), ADDED);

  it('reads wrapped titles and comments as one line, and every category', () => {
    expect(page.totalResults).toBe(5619);
    expect(page.papers.map((p) => p.id)).toEqual(['2510.14968', '2510.14827']);
    const rdd = page.papers[0];
    expect(rdd.title).toBe('RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in Long-Horizon Tasks');
    expect(rdd.comment).toBe('39th Conference on Neural Information Processing Systems (NeurIPS 2025); Project Website: rdd-neurips.github.io');
    expect(rdd.categories).toEqual(['cs.RO', 'cs.AI', 'cs.CV', 'cs.LG', 'cs.SY', 'eess.SY']);
    expect(rdd.abstract.startsWith('To tackle long-horizon tasks, recent hierarchical vision-language-action (VLAs) frameworks')).toBe(true);
    expect(page.papers[1].authors).toEqual(['Yufei Zhu', 'Shih-Min Yang', 'Andrey Rudenko', 'Tomasz P. Kucner', 'Achim J. Lilienthal', 'Martin Magnusson']);
  });
});

describe('parseArxivAtom failures', () => {
  it('treats an arXiv error entry as an error, never as a paper', () => {
    const error = (() => {
      try {
        parseArxivAtom(fixture('arxiv-api-error.xml'), ADDED);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ kind: 'api-error', source: 'arxiv-api', message: 'arXiv API error: incorrect id format for 1234.12345' });
  });

  it('rejects truncated XML instead of returning fewer papers', () => {
    const xml = fixture('arxiv-api-query.xml');
    expect(() => parseArxivAtom(xml.slice(0, Math.floor(xml.length / 2)), ADDED)).toThrow(/invalid XML/);
    expect(() => parseArxivAtom('', ADDED)).toThrow(/empty response/);
    expect(() => parseArxivAtom('<html><body>Bad gateway</body></html>', ADDED)).toThrow(/not an Atom feed/);
  });

  it('reads an empty feed as no papers', () => {
    const empty = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><totalResults>0</totalResults></feed>';
    expect(parseArxivAtom(empty, ADDED)).toEqual({ papers: [], totalResults: 0, startIndex: 0, skipped: [] });
  });

  it('skips an entry without an id and says why', () => {
    const xml = fixture('arxiv-api-query.xml').replace('<id>http://arxiv.org/abs/2606.13677v1</id>', '<id></id>');
    const page = parseArxivAtom(xml, ADDED);
    expect(page.papers).toHaveLength(4);
    expect(page.skipped).toEqual(['entry without an arXiv id (none)']);
  });
});

describe('arXiv API URLs', () => {
  it('asks for a category and date window, oldest first, paged', () => {
    const url = new URL(
      buildArxivQueryUrl('http://127.0.0.1:1/api/query', {
        categories: ['cs.CL', 'cs.LG'],
        from: new Date('2025-01-01T00:00:00Z'),
        to: new Date('2025-01-01T23:59:00Z'),
        dateField: 'submittedDate',
        start: 200,
        maxResults: 100,
      }),
    );
    expect(url.searchParams.get('search_query')).toBe('(cat:cs.CL OR cat:cs.LG) AND submittedDate:[202501010000 TO 202501012359]');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ start: '200', max_results: '100', sortBy: 'submittedDate', sortOrder: 'ascending' });
    expect(arxivTimestamp(new Date('2026-06-11T17:59:49Z'))).toBe('202606111759');
  });

  it('asks for papers by id', () => {
    const url = new URL(buildArxivIdListUrl('http://127.0.0.1:1/api/query', ['2510.14968', '2510.14827v1']));
    expect(url.searchParams.get('id_list')).toBe('2510.14968,2510.14827v1');
    expect(url.searchParams.get('max_results')).toBe('2');
  });
});

describe('ArxivApiSource against a local server', () => {
  let server: FixtureServer;
  afterEach(() => server.close());

  function source(origin: string) {
    const time = fakeTime();
    const limiter = new RateLimiter(time.clock, time.sleep, 3000);
    const http = createHttpClient({ source: 'arxiv-api', fetch, clock: time.clock, logger: createMemoryLogger(), limiter, sleep: time.sleep, timeoutMs: 5000 });
    return new ArxivApiSource({ http, baseUrl: `${origin}/api/query` });
  }

  it('fetches a window page and an id list from the recorded responses', async () => {
    server = await startServer((_req, res, url) => send(res, 200, fixture(url.searchParams.has('id_list') && url.searchParams.get('id_list') ? 'arxiv-api-idlist.xml' : 'arxiv-api-query.xml'), 'application/atom+xml'));
    const api = source(server.origin);
    const window = { categories: ['cs.LG'], from: new Date('2026-06-11T00:00:00Z'), to: new Date('2026-06-11T23:59:00Z'), dateField: 'submittedDate' as const, start: 0, maxResults: 5 };
    const page = await api.fetchWindowPage(window, ADDED);
    expect(page.papers.map((p) => p.id)).toEqual(['2606.13677', '2606.13591', '2606.13568', '2606.13515', '2606.13501']);
    const byId = await api.fetchByIds(['2510.14968', '2510.14827'], ADDED);
    expect(byId.papers.map((p) => p.title)).toEqual([
      'RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in Long-Horizon Tasks',
      'Neural Implicit Flow Fields for Spatio-Temporal Motion Mapping',
    ]);
    expect(server.requests[0]).toContain('search_query=%28cat%3Acs.LG%29+AND+submittedDate%3A%5B202606110000+TO+202606112359%5D');
    expect(server.requests[1]).toContain('id_list=2510.14968%2C2510.14827');
  });

  it('reports the error entry of an HTTP 400 answer', async () => {
    server = await startServer((_req, res) => send(res, 400, fixture('arxiv-api-error.xml')));
    await expect(source(server.origin).fetchByIds(['1234.12345'], ADDED)).rejects.toMatchObject({ kind: 'api-error', message: expect.stringContaining('incorrect id format') });
  });

  it('reports an HTTP error without an error entry as an HTTP failure', async () => {
    server = await startServer((_req, res) => send(res, 404, 'not here', 'text/plain'));
    await expect(source(server.origin).fetchByIds(['2510.14968'], ADDED)).rejects.toMatchObject({ kind: 'http', status: 404 });
  });
});
