/**
 * Stored papers' vectors as the ranking asks for them again and again: every channel's digest walks its best
 * candidates past the duplicate check and explains its picks with them, and a thousand channels share one
 * week's candidates. The index decodes
 * and weighs a document on each call; this keeps the vectors while the index stands (a bounded number of them).
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import type { SparseVector } from '../index/sparse.js';

/** Vectors kept per index before the cache starts over (about a week's candidates, several times over). */
const KEPT = 8192;

interface Kept {
  version: number;
  vectors: Map<string, SparseVector>;
}

const byIndex = new WeakMap<TfIdfIndex, Kept>();

/** `index.documentVector(id)`, kept until the index changes. The vector returned must not be changed. */
export function documentVector(index: TfIdfIndex, id: string): SparseVector {
  let kept = byIndex.get(index);
  if (!kept || kept.version !== index.stateVersion || kept.vectors.size >= KEPT) {
    kept = { version: index.stateVersion, vectors: new Map() };
    byIndex.set(index, kept);
  }
  let vector = kept.vectors.get(id);
  if (!vector) {
    vector = index.documentVector(id);
    kept.vectors.set(id, vector);
  }
  return vector;
}
