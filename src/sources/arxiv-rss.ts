/**
 * arXiv's daily announcement feeds (rss.arxiv.org/rss/cs.CL+cs.LG): one cheap request brings the day's new
 * papers, cross-lists and replacements. Each item says how it was announced: `new` and `cross` are papers to
 * add; `replace` and `replace-cross` are new versions of papers the bot may already have, so the ingest only
 * updates stored records with them and never adds a paper from them.
 */
import type { Paper } from '../types.js';
import { arxivAbsUrl, parseArxivId } from './arxiv-id.js';
import { assertOk, SourceError, type HttpClient } from './http.js';
import { isoDate, normalizeText } from './normalize.js';
import { child, many, parseXml, textOf } from './xml.js';

export interface RssItem {
  paper: Paper;
  /** `new`, `cross`, `replace`, `replace-cross` (or whatever else arXiv sends; unknown types only update). */
  announceType: string;
}

export interface RssFeed {
  items: RssItem[];
  /** Items that could not be read, with why. */
  skipped: string[];
}

/** True for the announce types that may add a paper (`new`, `cross`); every other type only updates. */
export function announceTypeAddsPapers(announceType: string): boolean {
  return announceType === 'new' || announceType === 'cross';
}

/** The feed URL for several categories at once: `<base>/cs.CL+cs.LG`. */
export function buildArxivRssUrl(baseUrl: string, categories: string[]): string {
  return `${baseUrl.replace(/\/+$/, '')}/${categories.map(encodeURIComponent).join('+')}`;
}

const DESCRIPTION_PREFIX = /^\s*arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:\s*)?/i;

/**
 * Parse an arXiv RSS 2.0 feed into papers (normalised, `sources: ['arxiv-rss']`). `published` and `updated`
 * are the announcement date: the feed carries no submission date, and the repository keeps the earliest
 * `published` it sees, so the API's real date wins when both are known. Throws `SourceError('malformed')`
 * for broken XML or a document that is not RSS.
 */
export function parseArxivRss(xml: string, addedAt: string): RssFeed {
  const channel = child(child(parseXml('arxiv-rss', xml), 'rss'), 'channel');
  if (!channel || typeof channel !== 'object') throw new SourceError('arxiv-rss', 'malformed', 'the response is not an RSS feed');
  const items: RssItem[] = [];
  const skipped: string[] = [];
  for (const item of many(child(channel, 'item'))) {
    const parsed = itemToPaper(item, addedAt);
    if (typeof parsed === 'string') skipped.push(parsed);
    else items.push(parsed);
  }
  return { items, skipped };
}

function itemToPaper(item: unknown, addedAt: string): RssItem | string {
  const description = textOf(child(item, 'description'));
  const prefix = DESCRIPTION_PREFIX.exec(description);
  const guid = textOf(child(item, 'guid'));
  const link = textOf(child(item, 'link'));
  const arxivId = parseArxivId(prefix?.[1]) ?? parseArxivId(guid) ?? parseArxivId(link);
  if (!arxivId) return `item without an arXiv id (${(guid || link).slice(0, 80) || 'none'})`;
  const title = normalizeText(textOf(child(item, 'title')));
  if (!title) return `${arxivId.id}: no title`;
  const announceType = (textOf(child(item, 'announce_type')) || prefix?.[2] || 'new').trim().toLowerCase();
  const categories = [...new Set(many(child(item, 'category')).map((c) => textOf(c).trim()).filter(Boolean))];
  const announced = isoDate(textOf(child(item, 'pubDate'))) ?? addedAt;
  const doi = textOf(child(item, 'DOI')).trim();
  const paper: Paper = {
    id: arxivId.id,
    ...(arxivId.version ? { version: arxivId.version } : {}),
    title,
    abstract: normalizeText(prefix ? description.slice(prefix[0].length) : description),
    authors: splitAuthors(many(child(item, 'creator')).map(textOf).join(', ')),
    categories,
    // arXiv lists the primary category first.
    ...(categories[0] ? { primaryCategory: categories[0] } : {}),
    published: announced,
    updated: announced,
    url: arxivAbsUrl(arxivId.id),
    sources: ['arxiv-rss'],
    ...(doi ? { doi } : {}),
    addedAt,
  };
  return { paper, announceType };
}

/** `A, B and C` -> `['A', 'B', 'C']`, names normalised. */
export function splitAuthors(text: string): string[] {
  return normalizeText(text)
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((name) => name.trim())
    .filter(Boolean);
}

export interface ArxivRssSourceOptions {
  http: HttpClient;
  /** The feed root, e.g. `https://rss.arxiv.org/rss`. */
  baseUrl: string;
}

/** The arXiv RSS feeds over the network. */
export class ArxivRssSource {
  constructor(private readonly options: ArxivRssSourceOptions) {}

  /** Fetch and parse today's feed for `categories`. Throws `SourceError` on any failure. */
  async fetchFeed(categories: string[], addedAt: string, signal?: AbortSignal): Promise<RssFeed> {
    const response = await this.options.http.get(buildArxivRssUrl(this.options.baseUrl, categories), signal);
    assertOk('arxiv-rss', response);
    return parseArxivRss(response.body, addedAt);
  }
}
