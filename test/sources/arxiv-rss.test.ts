import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/ports.js';
import { announceTypeAddsPapers, ArxivRssSource, buildArxivRssUrl, parseArxivRss, splitAuthors } from '../../src/sources/arxiv-rss.js';
import { createHttpClient, RateLimiter } from '../../src/sources/http.js';
import { fakeTime, fixture, send, startServer, type FixtureServer } from './fixture-server.js';

const ADDED = '2026-09-24T09:00:00.000Z';

describe('parseArxivRss on a recorded feed', () => {
  const feed = parseArxivRss(fixture('arxiv-rss.xml'), ADDED);

  it('reads each item with its announce type, id and version', () => {
    expect(feed.skipped).toEqual([]);
    expect(feed.items.map((i) => [i.announceType, i.paper.id, i.paper.version])).toEqual([
      ['new', '2609.26811', 1],
      ['new', '2609.26820', 1],
      ['cross', '2205.06398', 2],
      ['replace', '2009.13987', 3],
    ]);
  });

  it('strips the "arXiv:… Announce Type: … Abstract:" prefix from the abstract', () => {
    const first = feed.items[0].paper;
    expect(first.abstract.startsWith('Local learning trains each layer with its own auxiliary loss')).toBe(true);
    expect(first.abstract).not.toContain('Announce Type');
    expect(first.title).toBe('The Drift Contract: Spectral Updates for Depth-Robust Local Learning');
  });

  it('reads authors, categories (primary first), DOI, link and the announcement date', () => {
    const cross = feed.items[2].paper;
    expect(cross).toMatchObject({
      title: 'Outlier Detection for Multi-Network Data',
      authors: ['Pritam Dey', 'Zhengwu Zhang', 'David B. Dunson'],
      categories: ['stat.ME', 'stat.AP', 'stat.ML'],
      primaryCategory: 'stat.ME',
      doi: '10.1093/bioinformatics/btac431',
      url: 'https://arxiv.org/abs/2205.06398',
      published: '2026-09-24T04:00:00.000Z',
      sources: ['arxiv-rss'],
      addedAt: ADDED,
    });
    expect(feed.items[1].paper.authors).toEqual(['Naser Mansour', 'Sidahmed Benabderrahmane', 'Ameer Rahwan']);
    expect(feed.items[0].paper.doi).toBeUndefined();
  });

  it('lets only new and cross items add papers', () => {
    expect(['new', 'cross', 'replace', 'replace-cross', 'withdrawn'].map(announceTypeAddsPapers)).toEqual([true, true, false, false, false]);
  });

  it('reads a replace-cross item and falls back to the description for the type', () => {
    const xml = fixture('arxiv-rss.xml')
      .replace('<arxiv:announce_type>replace</arxiv:announce_type>', '')
      .replace('arXiv:2009.13987v3 Announce Type: replace', 'arXiv:2009.13987v4 Announce Type: replace-cross');
    const item = parseArxivRss(xml, ADDED).items[3];
    expect(item.announceType).toBe('replace-cross');
    expect(item.paper.version).toBe(4);
  });
});

describe('parseArxivRss failures', () => {
  it('reads a feed with no items as empty', () => {
    const xml = '<?xml version="1.0"?><rss version="2.0"><channel><title>cs.CL updates on arXiv.org</title></channel></rss>';
    expect(parseArxivRss(xml, ADDED)).toEqual({ items: [], skipped: [] });
  });

  it('rejects truncated XML and documents that are not RSS', () => {
    const xml = fixture('arxiv-rss.xml');
    expect(() => parseArxivRss(xml.slice(0, xml.length - 200), ADDED)).toThrow(/invalid XML/);
    expect(() => parseArxivRss('<feed/>', ADDED)).toThrow(/not an RSS feed/);
  });
});

describe('arXiv RSS over HTTP', () => {
  let server: FixtureServer;
  afterEach(() => server.close());

  it('builds the multi-category URL and fetches the feed', async () => {
    expect(buildArxivRssUrl('https://rss.arxiv.org/rss/', ['cs.CL', 'cs.LG'])).toBe('https://rss.arxiv.org/rss/cs.CL+cs.LG');
    server = await startServer((_req, res) => send(res, 200, fixture('arxiv-rss.xml'), 'application/rss+xml'));
    const time = fakeTime();
    const http = createHttpClient({ source: 'arxiv-rss', fetch, clock: time.clock, logger: createMemoryLogger(), limiter: new RateLimiter(time.clock, time.sleep, 3000), sleep: time.sleep, timeoutMs: 5000 });
    const feed = await new ArxivRssSource({ http, baseUrl: `${server.origin}/rss` }).fetchFeed(['cs.LG', 'stat.ML'], ADDED);
    expect(feed.items).toHaveLength(4);
    expect(server.requests).toEqual(['/rss/cs.LG+stat.ML']);
  });
});

describe('splitAuthors', () => {
  it('splits on commas and "and"', () => {
    expect(splitAuthors('Ada Lovelace, Alan Turing and Grace Hopper')).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    expect(splitAuthors('')).toEqual([]);
  });
});
