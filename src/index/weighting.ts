/**
 * The index's weighting rules, apart from its data structures: the smoothed idf with its document-frequency
 * cut-offs, L2 normalisation of a document's weights, and the choice and tidy-up of terms shown to people.
 */
import type { SparseVector } from './sparse.js';

/** Default maximum document frequency, as a share of documents, and the corpus size it starts to apply at. */
export const DEFAULT_MAX_DF_RATIO = 0.5;
export const MAX_DF_FROM = 20;

/** Smoothed idf, 0 outside the cut-offs: ln((1 + n) / (1 + df)) + 1. */
export function idfFormula(df: number, n: number, minDf: number, maxDfRatio: number): number {
  if (df === 0 || df < minDf || df > maxDfRatio * n) return 0;
  return Math.log((1 + n) / (1 + df)) + 1;
}

/** Counts up to this get their idf remembered by `idfOf` (a million terms hold only a few thousand distinct counts). */
const REMEMBERED_COUNTS = 1 << 16;

/**
 * `idfFormula` of the first `size` document frequencies of `df`, as 32-bit floats. The idf of each distinct count
 * is worked out once: a refresh of a million-term vocabulary took 30-40 ms in the logarithms alone, all in one go.
 */
export function idfOf(df: Uint32Array, size: number, n: number, minDf: number, maxDfRatio: number): Float32Array {
  const idf = new Float32Array(size);
  const remembered = new Float64Array(Math.min(n + 1, REMEMBERED_COUNTS)).fill(Number.NaN);
  for (let t = 0; t < size; t++) {
    const count = df[t];
    if (count === 0 || count < minDf) continue;
    if (count >= remembered.length) {
      idf[t] = idfFormula(count, n, minDf, maxDfRatio);
      continue;
    }
    let value = remembered[count];
    if (value !== value) remembered[count] = value = idfFormula(count, n, minDf, maxDfRatio);
    idf[t] = value;
  }
  return idf;
}

/** L2-normalise `weights` in place; with `dropZeros`, leave out zero entries. */
export function normalized(ids: Uint32Array, weights: Float32Array, dropZeros: boolean): SparseVector {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i] * weights[i];
  const length = Math.sqrt(sum);
  if (length > 0) for (let i = 0; i < weights.length; i++) weights[i] /= length;
  if (!dropZeros || weights.every((w) => w > 0)) return { ids, weights };
  const keep = [...ids.keys()].filter((i) => weights[i] > 0);
  return { ids: Uint32Array.from(keep, (i) => ids[i]), weights: Float32Array.from(keep, (i) => weights[i]) };
}

/** Drop unigrams already shown inside a listed bigram: "low rank", not "low", "rank", "low rank". */
export function dropCovered(surfaces: string[]): string[] {
  const covered = new Set(surfaces.filter((s) => s.includes(' ')).flatMap((s) => s.split(' ')));
  return [...new Set(surfaces.filter((s) => s.includes(' ') || !covered.has(s)))];
}

/**
 * The terms of `doc` that add most to its dot product with `query` (both with ascending ids, as the index makes
 * vectors): the `n` largest positive products, largest first, equal ones in term order.
 */
export function topContributions(query: SparseVector, doc: SparseVector, n: number): number[] {
  const contributions: { term: number; value: number }[] = [];
  for (let i = 0, j = 0; i < doc.ids.length && j < query.ids.length; i++) {
    const term = doc.ids[i];
    while (j < query.ids.length && query.ids[j] < term) j++;
    if (j === query.ids.length || query.ids[j] !== term) continue;
    const value = query.weights[j] * doc.weights[i];
    if (value > 0) contributions.push({ term, value });
  }
  contributions.sort((a, b) => b.value - a.value);
  return contributions.slice(0, n).map((c) => c.term);
}
