/**
 * The one check every paper record passes where it enters the bot: a source's page, `core.ingest`, the seed
 * file, and the store itself (a record written by an older version or by hand). A record that passes is a
 * `Paper` every part of the bot can use without guarding; one that fails is reported with the fields that are
 * wrong, and the caller logs and skips it, so one bad record never stops a start, a search or a digest.
 *
 * Text is kept as it is (escaping for each platform happens in the adapters) except for what is safe to tidy:
 * control characters are removed, a title becomes one line, and text and lists are trimmed.
 */
import type { Paper, SourceName } from '../types.js';

/** Longest id: arXiv ids are at most ~20 characters, source-prefixed ids (`hf:...`, `seed:...`) a few dozen. */
export const MAX_ID_LENGTH = 200;
/** Longest title. arXiv titles stay well under 300 characters. */
export const MAX_TITLE_LENGTH = 1000;
/** Longest abstract. arXiv caps abstracts at 1,920 characters; this leaves room for other sources. */
export const MAX_ABSTRACT_LENGTH = 20_000;
/** Longest author name, category, DOI or date. */
export const MAX_SHORT_TEXT_LENGTH = 300;
/** Longest arXiv comment (`12 pages, 3 figures, accepted at ...`). */
export const MAX_COMMENT_LENGTH = 2000;
/** Longest link. */
export const MAX_URL_LENGTH = 2000;
/** Most authors (the largest physics collaborations list about 3,000). */
export const MAX_AUTHORS = 5000;
/** Most categories. */
export const MAX_CATEGORIES = 50;

export const SOURCE_NAMES: readonly SourceName[] = ['arxiv-api', 'arxiv-rss', 'hf-daily', 'seed', 'import'];

/** Visible ASCII, no spaces: ids are store keys and appear in logs, links and platform action ids. */
export const ID_SHAPE = /^[\x21-\x7e]+$/;
/** C0 and C1 control characters other than tab, newline and carriage return, and the Unicode non-characters. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g;
/** `CONTROL` without the global flag, for `test` (a global regex's `test` keeps state between calls). */
export const HAS_CONTROL = new RegExp(CONTROL.source);
/** An ISO 8601 date or timestamp (`2026-11-20`, `2026-11-20T00:00:00Z`, `...00.000+01:00`). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A record that was refused: its id (as far as it has one, for the log) and what is wrong, field first. */
export interface InvalidPaper {
  id: string;
  problems: string[];
}

export type PaperValidation = { ok: true; paper: Paper } | ({ ok: false } & InvalidPaper);

/**
 * Check one record. Returns the paper, tidied (a new object holding only `Paper` fields), or the problems, each
 * starting with the field it is about (`title: missing`, `authors[2]: not a string (number)`).
 */
export function validatePaper(value: unknown): PaperValidation {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, id: '(none)', problems: [`record: not an object (${describe(value)})`] };
  }
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  const check: Check = (field, read) => {
    const result = read(record[field], field);
    if (result instanceof Problem) {
      problems.push(result.text);
      return undefined;
    }
    return result;
  };

  const id = check('id', readId);
  const title = check('title', (v, f) => readText(v, f, MAX_TITLE_LENGTH, { oneLine: true, required: true }));
  const abstract = check('abstract', (v, f) => readText(v, f, MAX_ABSTRACT_LENGTH, { oneLine: false, required: false }));
  const authors = check('authors', (v, f) => readList(v, f, MAX_AUTHORS));
  const categories = check('categories', (v, f) => readList(v, f, MAX_CATEGORIES));
  const published = check('published', (v, f) => readDate(v, f, true));
  const url = check('url', readUrl);
  const sources = check('sources', readSources);
  // '' is "arrival unknown": the seed file leaves it to the core to stamp; such a paper is searchable, never new.
  const addedAt = check('addedAt', (v, f) => readDate(v, f, true));
  const version = optional(record, 'version', check, readVersion);
  const primaryCategory = optional(record, 'primaryCategory', check, (v, f) => readShort(v, f));
  const updated = optional(record, 'updated', check, (v, f) => readDate(v, f, false));
  const popularity = optional(record, 'popularity', check, readPopularity);
  const comment = optional(record, 'comment', check, (v, f) => readText(v, f, MAX_COMMENT_LENGTH, { oneLine: true, required: false }));
  const doi = optional(record, 'doi', check, (v, f) => readShort(v, f));

  if (problems.length > 0) {
    const shownId = typeof record.id === 'string' && record.id ? record.id.slice(0, 80) : '(none)';
    return { ok: false, id: shownId, problems };
  }
  // The key order is fixed, so a record read back from any store or source serialises the same way.
  const paper: Paper = {
    id: id!,
    ...(version !== undefined ? { version } : {}),
    title: title!,
    abstract: abstract!,
    authors: authors!,
    categories: categories!,
    ...(primaryCategory !== undefined ? { primaryCategory } : {}),
    published: published!,
    ...(updated !== undefined ? { updated } : {}),
    url: url!,
    sources: sources!,
    ...(popularity !== undefined ? { popularity } : {}),
    ...(comment !== undefined ? { comment } : {}),
    ...(doi !== undefined ? { doi } : {}),
    addedAt: addedAt!,
  };
  return { ok: true, paper };
}

/** What a reader returns instead of a value: `title: missing`. */
class Problem {
  constructor(readonly text: string) {}
}
const problem = (field: string, text: string) => new Problem(`${field}: ${text}`);

type Read<T> = (value: unknown, field: string) => T | Problem;
type Check = <T>(field: string, read: Read<T>) => T | undefined;

/** An optional field: absent or `undefined` is fine (merges write `version: undefined`). */
function optional<T>(record: Record<string, unknown>, field: string, check: Check, read: Read<T>): T | undefined {
  return record[field] === undefined ? undefined : check(field, read);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

function readId(value: unknown, field: string): string | Problem {
  if (value === undefined || value === null) return problem(field, 'missing');
  if (typeof value !== 'string') return problem(field, `not a string (${describe(value)})`);
  if (value.length === 0) return problem(field, 'empty');
  if (value.length > MAX_ID_LENGTH) return problem(field, `${value.length} characters, more than ${MAX_ID_LENGTH}`);
  if (!ID_SHAPE.test(value)) return problem(field, 'has spaces, control or non-ASCII characters');
  return value;
}

function clean(text: string, oneLine: boolean): string {
  const visible = text.replace(CONTROL, '');
  return (oneLine ? visible.replace(/[\t\n\r]+/g, ' ') : visible).trim();
}

function readText(value: unknown, field: string, max: number, options: { oneLine: boolean; required: boolean }): string | Problem {
  if (value === undefined || value === null) return problem(field, 'missing');
  if (typeof value !== 'string') return problem(field, `not a string (${describe(value)})`);
  if (value.length > max) return problem(field, `${value.length} characters, more than ${max}`);
  const text = clean(value, options.oneLine);
  if (options.required && !text) return problem(field, 'empty');
  return text;
}

function readShort(value: unknown, field: string): string | Problem {
  if (typeof value !== 'string') return problem(field, `not a string (${describe(value)})`);
  if (value.length > MAX_SHORT_TEXT_LENGTH) return problem(field, `${value.length} characters, more than ${MAX_SHORT_TEXT_LENGTH}`);
  return clean(value, true);
}

/** A list of short strings (authors, categories): each trimmed, empty ones dropped. */
function readList(value: unknown, field: string, max: number): string[] | Problem {
  if (value === undefined || value === null) return problem(field, 'missing');
  if (!Array.isArray(value)) return problem(field, `not a list (${describe(value)})`);
  if (value.length > max) return problem(field, `${value.length} entries, more than ${max}`);
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (typeof item !== 'string') return problem(`${field}[${i}]`, `not a string (${describe(item)})`);
    if (item.length > MAX_SHORT_TEXT_LENGTH) return problem(`${field}[${i}]`, `${item.length} characters, more than ${MAX_SHORT_TEXT_LENGTH}`);
    const text = clean(item, true);
    if (text) out.push(text);
  }
  return out;
}

/** An ISO 8601 date that `Date` reads, kept as written; `''` only where `emptyOk` (no date known). */
function readDate(value: unknown, field: string, emptyOk: boolean): string | Problem {
  if (value === undefined || value === null) return problem(field, 'missing');
  if (typeof value !== 'string') return problem(field, `not a string (${describe(value)})`);
  if (value === '') return emptyOk ? '' : problem(field, 'empty');
  if (!isIsoDate(value)) {
    return problem(field, `not an ISO 8601 date (${JSON.stringify(value.slice(0, 40))})`);
  }
  return value;
}

/** True for an ISO 8601 date or timestamp that `Date` reads (at most 40 characters). */
export function isIsoDate(text: string): boolean {
  return text.length <= 40 && ISO_DATE.test(text) && Number.isFinite(Date.parse(text));
}

function readUrl(value: unknown, field: string): string | Problem {
  if (value === undefined || value === null) return problem(field, 'missing');
  if (typeof value !== 'string') return problem(field, `not a string (${describe(value)})`);
  if (value.length > MAX_URL_LENGTH) return problem(field, `${value.length} characters, more than ${MAX_URL_LENGTH}`);
  const text = value.trim();
  const protocol = linkProtocol(text);
  if (protocol === undefined) return problem(field, 'not a link');
  if (protocol !== 'http:' && protocol !== 'https:') return problem(field, `not an http(s) link (${protocol})`);
  return text;
}

/** The protocol (`https:`) of a link `URL` reads, or undefined when it is not one. */
export function linkProtocol(text: string): string | undefined {
  try {
    return new URL(text).protocol;
  } catch {
    return undefined;
  }
}

function readSources(value: unknown, field: string): SourceName[] | Problem {
  if (value === undefined || value === null) return problem(field, 'missing');
  if (!Array.isArray(value)) return problem(field, `not a list (${describe(value)})`);
  if (value.length === 0) return problem(field, 'empty');
  for (let i = 0; i < value.length; i++) {
    if (!SOURCE_NAMES.includes(value[i] as SourceName)) return problem(`${field}[${i}]`, `not a known source (${JSON.stringify(value[i])?.slice(0, 40)})`);
  }
  return [...new Set(value as SourceName[])];
}

function readVersion(value: unknown, field: string): number | Problem {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) return problem(field, `not a positive whole number (${typeof value === 'number' ? value : describe(value)})`);
  return value;
}

function readCount(value: unknown, field: string): number | Problem {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return problem(field, `not a finite number of at least 0 (${typeof value === 'number' ? value : describe(value)})`);
  return value;
}

function readPopularity(value: unknown, field: string): Paper['popularity'] | Problem {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return problem(field, `not an object (${describe(value)})`);
  const { upvotes, comments } = value as Record<string, unknown>;
  const up = readCount(upvotes, `${field}.upvotes`);
  if (up instanceof Problem) return up;
  if (comments === undefined) return { upvotes: up };
  const count = readCount(comments, `${field}.comments`);
  if (count instanceof Problem) return count;
  return { upvotes: up, comments: count };
}
