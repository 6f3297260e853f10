import { describe, expect, it } from 'vitest';
import { mergePapers } from '../../src/papers/paper-repository.js';
import { parseArxivAtom } from '../../src/sources/arxiv-api.js';
import { parseArxivRss } from '../../src/sources/arxiv-rss.js';
import { parseHfDailyPapers } from '../../src/sources/hf-daily.js';
import { fixture } from './fixture-server.js';

const FIRST = '2026-06-12T06:00:00.000Z';
const LATER = '2026-06-13T06:00:00.000Z';

const api = parseArxivAtom(fixture('arxiv-api-query.xml'), FIRST).papers[0];
const rss = parseArxivRss(fixture('arxiv-rss.xml').replaceAll('2609.26811', '2606.13677'), LATER).items[0].paper;
const hf = { ...parseHfDailyPapers(fixture('hf-daily-papers.json'), LATER).papers[0], id: api.id };

describe('mergePapers across sources', () => {
  it('keeps the arXiv API record when RSS brings the same version', () => {
    const merged = mergePapers(api, rss);
    expect(merged).toMatchObject({
      title: api.title,
      abstract: api.abstract,
      comment: api.comment,
      published: api.published,
      primaryCategory: 'cs.RO',
      sources: ['arxiv-api', 'arxiv-rss'],
      addedAt: FIRST,
    });
    expect(merged.categories).toEqual(['cs.RO', 'cs.AI', 'cs.CV', 'cs.LG']);
  });

  it('lets the API record replace an RSS record of the same version, keeping when it was first stored', () => {
    const merged = mergePapers(rss, { ...api, addedAt: '2027-01-01T00:00:00.000Z' });
    expect(merged).toMatchObject({ title: api.title, comment: api.comment, primaryCategory: 'cs.RO', published: api.published, addedAt: LATER });
    expect(merged.sources).toEqual(['arxiv-rss', 'arxiv-api']);
  });

  it('takes only popularity from Hugging Face when the arXiv record is stored', () => {
    const merged = mergePapers(api, hf);
    expect(merged).toMatchObject({ title: api.title, abstract: api.abstract, authors: api.authors, published: api.published, popularity: { upvotes: 0, comments: 2 } });
    expect(merged.sources).toEqual(['arxiv-api', 'hf-daily']);
  });

  it('lets a higher version win over a more trusted source, and keeps its primary category', () => {
    const v3 = { ...rss, version: 3, title: 'Mana v3', categories: ['cs.LG', 'cs.RO'] };
    const merged = mergePapers(api, v3);
    expect(merged).toMatchObject({ version: 3, title: 'Mana v3', primaryCategory: 'cs.RO', published: api.published, comment: api.comment });
  });

  it('is stable: merging the same record again changes nothing, byte for byte', () => {
    const once = mergePapers(mergePapers(api, rss), hf);
    expect(JSON.stringify(mergePapers(once, rss))).toBe(JSON.stringify(once));
    expect(JSON.stringify(mergePapers(once, api))).toBe(JSON.stringify(once));
  });
});
