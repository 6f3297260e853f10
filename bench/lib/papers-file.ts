/**
 * Reading a benchmark papers file: JSON Lines, optionally gzipped, one paper a line
 * (`{"id","title","abstract","categories","authors","announced"}`, optionally `labels`). Shared by the
 * performance benchmark (bench/perf.ts) and the quality benchmark (bench/quality.ts), so both read the same
 * records the same way. Turning a record into a `Paper` is separate, and drops the answer key
 * (`categories`, `labels`) unless asked to keep it.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { Paper } from '../../src/types.js';

/** One line of a papers file, as written. */
export interface PaperRecord {
  /** arXiv id without version, e.g. `2503.11677`. */
  id: string;
  title: string;
  abstract: string;
  /** arXiv categories; part of the answer key in the quality benchmark. */
  categories: string[];
  authors: string[];
  /** Announcement date, `YYYY-MM-DD`. */
  announced: string;
  /** Optional relevance labels that replace `categories` as the answer key. */
  labels?: string[];
}

export interface ReadOptions {
  /** Stop after this many records. Default: all. */
  limit?: number;
}

/**
 * Stream the records of a papers file (`.jsonl` or `.jsonl.gz`, decided by the `.gz` suffix). Blank lines are
 * skipped; a malformed line throws an error naming the file and line number.
 */
export async function* streamPapersFile(path: string, options: ReadOptions = {}): AsyncGenerator<PaperRecord> {
  const limit = options.limit ?? Infinity;
  if (limit <= 0) return;
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let count = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      yield parseRecord(line, path, lineNumber);
      if (++count >= limit) break;
    }
  } finally {
    lines.close();
    raw.destroy();
  }
}

/** Read every record of a papers file into memory (see `streamPapersFile`). */
export async function readPapersFile(path: string, options: ReadOptions = {}): Promise<PaperRecord[]> {
  const out: PaperRecord[] = [];
  for await (const record of streamPapersFile(path, options)) out.push(record);
  return out;
}

function parseRecord(line: string, path: string, lineNumber: number): PaperRecord {
  let value: Partial<PaperRecord>;
  try {
    value = JSON.parse(line) as Partial<PaperRecord>;
  } catch (error) {
    throw new Error(`${path}:${lineNumber}: not JSON (${(error as Error).message})`);
  }
  if (typeof value.id !== 'string' || typeof value.title !== 'string' || typeof value.abstract !== 'string') {
    throw new Error(`${path}:${lineNumber}: a paper needs string "id", "title" and "abstract"`);
  }
  return {
    id: value.id,
    title: value.title,
    abstract: value.abstract,
    categories: Array.isArray(value.categories) ? value.categories : [],
    authors: Array.isArray(value.authors) ? value.authors : [],
    announced: typeof value.announced === 'string' ? value.announced : '',
    ...(Array.isArray(value.labels) ? { labels: value.labels } : {}),
  };
}

export interface ToPaperOptions {
  /** ISO timestamp stored as `addedAt`. Default: the announcement date at 00:00 UTC. */
  addedAt?: string;
  /** Keep `categories` on the paper. Default false: they are the quality benchmark's answer key. */
  keepCategories?: boolean;
}

/** Turn a record into the bot's `Paper` (an arXiv paper from the arXiv API source). */
export function toPaper(record: PaperRecord, options: ToPaperOptions = {}): Paper {
  const published = record.announced ? `${record.announced}T00:00:00.000Z` : '';
  return {
    id: record.id,
    title: record.title,
    abstract: record.abstract,
    authors: record.authors,
    categories: options.keepCategories ? record.categories : [],
    published,
    url: `https://arxiv.org/abs/${record.id}`,
    sources: ['arxiv-api'],
    addedAt: options.addedAt ?? published,
  };
}

/** ISO week of a `YYYY-MM-DD` date, as `2025-W10` (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7;
  const thursday = new Date(day.getTime() + (3 - weekday) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000));
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
