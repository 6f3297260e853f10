/**
 * All three paper sources behind one local server, as the ingest service and the CLI see them. Each source's
 * answer is a replaceable function, defaulting to the recorded fixtures; `atomFeed` writes small Atom pages
 * for tests about paging and resuming, where the recorded page cannot say which day it belongs to.
 */
import type { IngestConfig } from '../../src/sources/ingest.js';
import { fixture, send, startServer, type FixtureServer } from './fixture-server.js';

export interface Answer {
  status?: number;
  body: string;
  type?: string;
  headers?: Record<string, string>;
  /** Answer only after this many real milliseconds (timeout tests). */
  delayMs?: number;
}

export type SourceHandler = (url: URL) => Answer;

export interface FakeSources {
  server: FixtureServer;
  config: IngestConfig;
  api: SourceHandler;
  rss: SourceHandler;
  hf: SourceHandler;
  /** Requests per source, path and query. */
  requests(kind: 'api' | 'rss' | 'hf'): URL[];
  /** Every request in arrival order: its source and when it arrived (`Date.now()`, real milliseconds). */
  arrivals(): { kind: 'api' | 'rss' | 'hf'; at: number }[];
  close(): Promise<void>;
}

/** The recorded query page as one complete result set (5 papers), then empty pages. */
export const recordedApiPage: SourceHandler = (url) => {
  const start = Number(url.searchParams.get('start') ?? '0');
  return { body: start === 0 ? withTotal(fixture('arxiv-api-query.xml'), 5) : atomFeed([], 5, start), type: 'application/atom+xml' };
};

/** Start the server with the recorded answers. */
export async function startFakeSources(config: Partial<IngestConfig> = {}): Promise<FakeSources> {
  const seen: Array<{ kind: 'api' | 'rss' | 'hf'; url: URL; at: number }> = [];
  const fake: Omit<FakeSources, 'server' | 'config' | 'close' | 'requests' | 'arrivals'> = {
    api: recordedApiPage,
    rss: () => ({ body: fixture('arxiv-rss.xml'), type: 'application/rss+xml' }),
    hf: () => ({ body: fixture('hf-daily-papers.json'), type: 'application/json' }),
  };
  const server = await startServer(async (_request, response, url) => {
    const kind = url.pathname.startsWith('/api/query') ? 'api' : url.pathname.startsWith('/rss') ? 'rss' : 'hf';
    seen.push({ kind, url, at: Date.now() });
    const answer = fake[kind](url);
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    send(response, answer.status ?? 200, answer.body, answer.type ?? 'application/xml', answer.headers);
  });
  return Object.assign(fake, {
    server,
    config: {
      sources: ['arxiv-api', 'arxiv-rss', 'hf-daily'] as IngestConfig['sources'],
      arxivCategories: ['cs.LG', 'cs.AI'],
      arxivApiUrl: `${server.origin}/api/query`,
      arxivRssUrl: `${server.origin}/rss`,
      hfApiUrl: `${server.origin}/api/daily_papers`,
      fetchTimeoutMs: 5000,
      ...config,
    },
    requests: (kind: 'api' | 'rss' | 'hf') => seen.filter((s) => s.kind === kind).map((s) => s.url),
    arrivals: () => seen.map(({ kind, at }) => ({ kind, at })),
    close: () => server.close(),
  });
}

/** Replace the recorded total (28946) so paging ends where the test wants. */
export function withTotal(xml: string, total: number): string {
  return xml.replace(/<opensearch:totalResults>\d+<\/opensearch:totalResults>/, `<opensearch:totalResults>${total}</opensearch:totalResults>`);
}

export interface AtomPaper {
  id: string;
  version?: number;
  title: string;
  published?: string;
}

/** A small Atom page in the arXiv API's shape. */
export function atomFeed(papers: AtomPaper[], total: number, start = 0): string {
  const entries = papers.map((p) => {
    const published = p.published ?? '2026-06-11T12:00:00Z';
    return `<entry><id>http://arxiv.org/abs/${p.id}v${p.version ?? 1}</id><title>${p.title}</title><updated>${published}</updated>
<published>${published}</published><summary>Abstract of ${p.title}.</summary><author><name>Ada Lovelace</name></author>
<arxiv:primary_category term="cs.LG"/><category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/></entry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
<opensearch:totalResults>${total}</opensearch:totalResults><opensearch:startIndex>${start}</opensearch:startIndex>
${entries.join('\n')}
</feed>`;
}

/** The UTC day an arXiv API query asks for (`submittedDate:[202606100000 TO ...]` -> `2026-06-10`). */
export function queriedDay(url: URL): string {
  const match = /Date:\[(\d{4})(\d{2})(\d{2})/.exec(url.searchParams.get('search_query') ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}` : '';
}
