/**
 * The TF-IDF index's settings (src/index/tfidf-index.ts) with their defaults, and the shapes of what it takes in
 * (a document's text) and gives back (a scored document).
 */
import { DEFAULT_SLICE_MS } from '../pacer.js';

/** The index's knobs; each left out takes its default. */
export interface IndexSettings {
  /** Minimum document frequency for a term to count. Default: 2, or 1 below 200 documents. */
  minDf?: number;
  /** Maximum document frequency as a fraction of documents. Default 0.5, from 20 documents on (none below). */
  maxDfRatio?: number;
  /** Documents processed between yields to the event loop during `addAsync` (4x as many in `refresh`). Default 500. */
  chunkSize?: number;
  /** Longest stretch of work, in ms, between yields during `addAsync` and `refresh`. Default `DEFAULT_SLICE_MS` (10). */
  sliceMs?: number;
  /** Whole-index searches prune (pruned-search.ts; same results) from this many documents on. Default 150,000. */
  pruneFrom?: number;
}

/** A document as the index reads it: its id and its text. */
export interface IndexedText {
  id: string;
  title: string;
  abstract: string;
}

/** A document's id and its score for a query. */
export interface ScoredDoc {
  id: string;
  score: number;
}

/** Settings with every default filled in (`minDf` and `maxDfRatio` -1: chosen by the index's size). */
export type ResolvedIndexSettings = Required<IndexSettings>;

/** `settings` with the defaults filled in. */
export function withDefaults(settings: IndexSettings): ResolvedIndexSettings {
  return { minDf: settings.minDf ?? -1, maxDfRatio: settings.maxDfRatio ?? -1, chunkSize: settings.chunkSize ?? 500, sliceMs: settings.sliceMs ?? DEFAULT_SLICE_MS, pruneFrom: settings.pruneFrom ?? 150_000 };
}
