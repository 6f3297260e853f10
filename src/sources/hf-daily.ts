/**
 * Hugging Face daily papers (huggingface.co/api/daily_papers?date=YYYY-MM-DD): what the community is reading,
 * with upvotes and comments. The entries are arXiv papers, so they carry the arXiv id and merge into the same
 * record as the arXiv sources; what Hugging Face adds is popularity. The JSON has moved fields between the top
 * level and a nested `paper` object over time, so every field is looked up in both places.
 */
import type { Paper } from '../types.js';
import { arxivAbsUrl, parseArxivId } from './arxiv-id.js';
import { assertOk, SourceError, type HttpClient } from './http.js';
import { isoDate, normalizeText } from './normalize.js';

export interface HfDailyPage {
  papers: Paper[];
  /** Entries that could not be read, with why. */
  skipped: string[];
}

/** The daily papers URL for one UTC day (`YYYY-MM-DD`), or the latest day when omitted. */
export function buildHfDailyUrl(baseUrl: string, date?: string): string {
  return date ? `${baseUrl}?${new URLSearchParams({ date }).toString()}` : baseUrl;
}

type Json = Record<string, unknown>;

/**
 * Parse a daily-papers response into papers (`sources: ['hf-daily']`, `popularity` from upvotes and
 * comments). Throws `SourceError('malformed')` when the body is not JSON or not a list.
 */
export function parseHfDailyPapers(body: string, addedAt: string): HfDailyPage {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new SourceError('hf-daily', 'malformed', `invalid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new SourceError('hf-daily', 'malformed', 'the response is not a list of papers');
  const papers: Paper[] = [];
  const skipped: string[] = [];
  for (const entry of data) {
    const parsed = entry && typeof entry === 'object' ? entryToPaper(entry as Json, addedAt) : 'entry is not an object';
    if (typeof parsed === 'string') skipped.push(parsed);
    else papers.push(parsed);
  }
  return { papers, skipped };
}

function entryToPaper(entry: Json, addedAt: string): Paper | string {
  const nested = entry.paper && typeof entry.paper === 'object' ? (entry.paper as Json) : {};
  const field = (name: string): unknown => nested[name] ?? entry[name];
  const rawId = typeof field('id') === 'string' ? (field('id') as string).trim() : '';
  if (!rawId) return 'entry without an id';
  const arxivId = parseArxivId(rawId);
  const id = arxivId?.id ?? `hf:${rawId}`;
  const title = normalizeText(asString(field('title')));
  if (!title) return `${id}: no title`;
  const upvotes = asCount(field('upvotes'));
  const comments = asCount(entry.numComments ?? nested.numComments);
  return {
    id,
    title,
    abstract: normalizeText(asString(field('summary'))),
    authors: readAuthors(field('authors')),
    categories: [],
    published: isoDate(asString(field('publishedAt'))) ?? addedAt,
    url: arxivId ? arxivAbsUrl(arxivId.id) : `https://huggingface.co/papers/${encodeURIComponent(rawId)}`,
    sources: ['hf-daily'],
    ...(upvotes !== undefined ? { popularity: { upvotes, ...(comments !== undefined ? { comments } : {}) } } : {}),
    addedAt,
  };
}

function readAuthors(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((author) => normalizeText(typeof author === 'string' ? author : asString((author as Json | null)?.name)))
    .filter(Boolean);
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function asCount(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}

export interface HfDailySourceOptions {
  http: HttpClient;
  /** The endpoint, e.g. `https://huggingface.co/api/daily_papers`. */
  baseUrl: string;
}

/** Hugging Face daily papers over the network. */
export class HfDailySource {
  constructor(private readonly options: HfDailySourceOptions) {}

  /** Fetch and parse the papers of one UTC day (`YYYY-MM-DD`). Throws `SourceError` on any failure. */
  async fetchDay(date: string, addedAt: string, signal?: AbortSignal): Promise<HfDailyPage> {
    const response = await this.options.http.get(buildHfDailyUrl(this.options.baseUrl, date), signal);
    assertOk('hf-daily', response);
    return parseHfDailyPapers(response.body, addedAt);
  }
}
