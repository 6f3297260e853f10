/**
 * Merging two records of one paper (a new arXiv version, a cross-list, a second source): which record's text,
 * dates and links win, and what is united.
 */
import type { Paper, SourceName } from '../types.js';

/**
 * How much a source's record is trusted when two records have the same version: the arXiv API is the source of
 * record; RSS lacks submission dates and comments; Hugging Face adds popularity but no version or categories.
 */
const SOURCE_AUTHORITY: Record<SourceName, number> = { 'arxiv-api': 4, 'arxiv-rss': 3, import: 2, 'hf-daily': 1, seed: 0 };

function authority(paper: Paper): number {
  return Math.max(0, ...paper.sources.map((source) => SOURCE_AUTHORITY[source] ?? 0));
}

/**
 * Merge a newly seen record into the stored one. The stored id and `addedAt` stay (a paper is new once); the
 * higher version's text and dates win (on the same version, the more authoritative source's: a Hugging Face
 * or RSS record never overwrites the arXiv API's); sources, categories and links are united; popularity
 * takes the latest.
 */
export function mergePapers(stored: Paper, seen: Paper): Paper {
  const seenVersion = seen.version ?? 0;
  const storedVersion = stored.version ?? 0;
  const seenWins = seenVersion !== storedVersion ? seenVersion > storedVersion : authority(seen) >= authority(stored);
  const newer = seenWins ? seen : stored;
  const older = newer === seen ? stored : seen;
  const trusted = authority(seen) > authority(stored) ? seen : stored;
  return {
    // Stored first so the stored key order is kept: an identical merge then serialises identically (unchanged).
    ...stored,
    ...older,
    ...newer,
    id: stored.id,
    addedAt: stored.addedAt,
    // The arXiv API's date is the submission date; RSS only knows the announcement day, Hugging Face its own day.
    published: apiPublished(stored) ?? apiPublished(seen) ?? earliest(stored.published, seen.published),
    title: newer.title || older.title,
    abstract: newer.abstract || older.abstract,
    authors: newer.authors.length > 0 ? newer.authors : older.authors,
    categories: unite(stored.categories, seen.categories),
    primaryCategory: trusted.primaryCategory ?? older.primaryCategory ?? newer.primaryCategory,
    sources: unite(stored.sources, seen.sources),
    popularity: seen.popularity ?? stored.popularity,
    version: Math.max(stored.version ?? 0, seen.version ?? 0) || undefined,
  };
}

function apiPublished(paper: Paper): string | undefined {
  return paper.sources.includes('arxiv-api') && paper.published ? paper.published : undefined;
}

function unite<T>(a: T[], b: T[]): T[] {
  return [...new Set([...a, ...b])];
}

function earliest(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}
