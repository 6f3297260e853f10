/**
 * The arXiv API (export.arxiv.org/api/query, Atom): the source of record for a paper's fields and the only one
 * that reaches back in time, so backfills page through it one day window at a time. Building URLs and parsing
 * responses are pure functions; `ArxivApiSource` adds the network through the rate-limited `HttpClient`.
 * An error entry in the feed (arXiv's way of reporting a bad query) is an error, never a paper.
 */
import type { Paper } from '../types.js';
import { arxivAbsUrl, parseArxivId } from './arxiv-id.js';
import { SourceError, type HttpClient } from './http.js';
import { isoDate, normalizeText } from './normalize.js';
import { attr, child, many, parseXml, textOf } from './xml.js';

/** arXiv's recommended page size is at most 2000; 200 keeps each response small and quick. */
export const DEFAULT_PAGE_SIZE = 200;

export interface ArxivWindowQuery {
  categories: string[];
  /** Start and end of the window, inclusive, to the minute (UTC). */
  from: Date;
  to: Date;
  /** `submittedDate` finds new papers; `lastUpdatedDate` also finds new versions of older ones. */
  dateField: 'submittedDate' | 'lastUpdatedDate';
  /** Offset of the first result (0-based). */
  start: number;
  maxResults: number;
}

export interface ArxivPage {
  papers: Paper[];
  /** Results the query has in all (across pages). */
  totalResults: number;
  startIndex: number;
  /** Entries the page had but that could not be read (no id or no title), with why. */
  skipped: string[];
}

/** The query URL for one page of a category and date window, oldest first so paging is stable. */
export function buildArxivQueryUrl(baseUrl: string, query: ArxivWindowQuery): string {
  const categories = query.categories.map((c) => `cat:${c}`).join(' OR ');
  const window = `${query.dateField}:[${arxivTimestamp(query.from)} TO ${arxivTimestamp(query.to)}]`;
  const params = new URLSearchParams({
    search_query: `(${categories}) AND ${window}`,
    start: String(query.start),
    max_results: String(query.maxResults),
    sortBy: query.dateField,
    sortOrder: 'ascending',
  });
  return `${baseUrl}?${params.toString()}`;
}

/** The URL that fetches specific papers by id (versions allowed). */
export function buildArxivIdListUrl(baseUrl: string, ids: string[]): string {
  const params = new URLSearchParams({ id_list: ids.join(','), start: '0', max_results: String(ids.length) });
  return `${baseUrl}?${params.toString()}`;
}

/** `YYYYMMDDHHMM` in UTC, the form arXiv's date ranges take. */
export function arxivTimestamp(date: Date): string {
  return date.toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

/**
 * Parse one Atom response into papers (normalised, `sources: ['arxiv-api']`, `addedAt` as given). Throws
 * `SourceError` of kind `malformed` for broken XML or a document that is not a feed, and of kind `api-error`
 * when arXiv reports an error entry.
 */
export function parseArxivAtom(xml: string, addedAt: string): ArxivPage {
  const feed = child(parseXml('arxiv-api', xml), 'feed');
  if (!feed || typeof feed !== 'object') throw new SourceError('arxiv-api', 'malformed', 'the response is not an Atom feed');
  const entries = many(child(feed, 'entry'));
  const errorEntry = entries.find(isErrorEntry);
  if (errorEntry) {
    const message = normalizeText(textOf(child(errorEntry, 'summary'))) || 'unspecified error';
    throw new SourceError('arxiv-api', 'api-error', `arXiv API error: ${message}`);
  }
  const papers: Paper[] = [];
  const skipped: string[] = [];
  for (const entry of entries) {
    const paper = entryToPaper(entry, addedAt);
    if (typeof paper === 'string') skipped.push(paper);
    else papers.push(paper);
  }
  return {
    papers,
    totalResults: readCount(child(feed, 'totalResults'), entries.length),
    startIndex: readCount(child(feed, 'startIndex'), 0),
    skipped,
  };
}

/** arXiv's error entries have an `/api/errors#...` id and the title `Error`; a paper has an `/abs/` id. */
function isErrorEntry(entry: unknown): boolean {
  const id = textOf(child(entry, 'id'));
  return id.includes('/api/errors') || (!id.includes('/abs/') && textOf(child(entry, 'title')).trim() === 'Error');
}

function readCount(node: unknown, fallback: number): number {
  const value = Number(textOf(node));
  return Number.isFinite(value) && textOf(node) !== '' ? value : fallback;
}

/** One entry as a paper, or a string saying why it was skipped. */
function entryToPaper(entry: unknown, addedAt: string): Paper | string {
  const rawId = textOf(child(entry, 'id'));
  const arxivId = parseArxivId(rawId);
  if (!arxivId) return `entry without an arXiv id (${rawId.slice(0, 80) || 'none'})`;
  const title = normalizeText(textOf(child(entry, 'title')));
  if (!title) return `${arxivId.id}: no title`;
  const primary = attr(child(entry, 'primary_category'), 'term');
  const terms = many(child(entry, 'category')).map((c) => attr(c, 'term')).filter(Boolean);
  const published = isoDate(textOf(child(entry, 'published')));
  const updated = isoDate(textOf(child(entry, 'updated')));
  const comment = normalizeText(textOf(child(entry, 'comment')));
  const doi = textOf(child(entry, 'doi')).trim();
  return {
    id: arxivId.id,
    ...(arxivId.version ? { version: arxivId.version } : {}),
    title,
    abstract: normalizeText(textOf(child(entry, 'summary'))),
    authors: many(child(entry, 'author')).map((a) => normalizeText(textOf(child(a, 'name')))).filter(Boolean),
    categories: [...new Set(primary ? [primary, ...terms] : terms)],
    ...(primary ? { primaryCategory: primary } : terms[0] ? { primaryCategory: terms[0] } : {}),
    published: published ?? updated ?? addedAt,
    ...(updated ? { updated } : {}),
    url: arxivAbsUrl(arxivId.id),
    sources: ['arxiv-api'],
    ...(comment ? { comment } : {}),
    ...(doi ? { doi } : {}),
    addedAt,
  };
}

export interface ArxivApiSourceOptions {
  http: HttpClient;
  /** The query endpoint, e.g. `https://export.arxiv.org/api/query`. */
  baseUrl: string;
}

/** The arXiv API over the network: one page of a window, or papers by id. */
export class ArxivApiSource {
  constructor(private readonly options: ArxivApiSourceOptions) {}

  /** Fetch and parse one page. Throws `SourceError` on any failure (see `parseArxivAtom` and `HttpClient`). */
  async fetchWindowPage(query: ArxivWindowQuery, addedAt: string, signal?: AbortSignal): Promise<ArxivPage> {
    return this.fetchPage(buildArxivQueryUrl(this.options.baseUrl, query), addedAt, signal);
  }

  /** Fetch papers by arXiv id (at most a few hundred per call). */
  async fetchByIds(ids: string[], addedAt: string, signal?: AbortSignal): Promise<ArxivPage> {
    return this.fetchPage(buildArxivIdListUrl(this.options.baseUrl, ids), addedAt, signal);
  }

  private async fetchPage(url: string, addedAt: string, signal?: AbortSignal): Promise<ArxivPage> {
    const response = await this.options.http.get(url, signal);
    if (response.status >= 200 && response.status < 300) return parseArxivAtom(response.body, addedAt);
    // arXiv answers a bad query with HTTP 400 and an error entry: report its message, so the log says what was wrong.
    try {
      parseArxivAtom(response.body, addedAt);
    } catch (error) {
      if (error instanceof SourceError && error.kind === 'api-error') throw error;
    }
    throw new SourceError('arxiv-api', 'http', `HTTP ${response.status}`, response.status);
  }
}
