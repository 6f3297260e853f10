/**
 * A week's candidates as an inverted list of their TF-IDF vectors, so comparing one vector with all of them
 * (a vote, a cluster centre) touches only the postings of that vector's terms. Personal picks compare every
 * vote and every cluster centre with every candidate; through the index's one-document-at-a-time scoring that
 * cost ~2 ms a vector, here a few microseconds. Spaces are cached by candidate set and index state, so several
 * people's picks in one week build it once.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import type { SparseVector } from '../index/sparse.js';
import { hashString } from './explore.js';

export class CandidateSpace {
  /** Postings in compressed rows: the candidates holding term t are docs[start[t]..start[t + 1]). */
  private readonly start: Int32Array;
  private readonly docs: Int32Array;
  private readonly weights: Float32Array;
  /** Each candidate's own vector, in candidate order. */
  readonly vectors: SparseVector[];

  constructor(
    private readonly index: TfIdfIndex,
    readonly ids: string[],
  ) {
    const vectors = (this.vectors = ids.map((id) => index.documentVector(id)));
    let terms = index.vocabularySize;
    for (const v of vectors) for (let i = 0; i < v.ids.length; i++) terms = Math.max(terms, v.ids[i] + 1);
    this.start = new Int32Array(terms + 1);
    for (const v of vectors) for (let i = 0; i < v.ids.length; i++) this.start[v.ids[i] + 1]++;
    for (let t = 0; t < terms; t++) this.start[t + 1] += this.start[t];
    this.docs = new Int32Array(this.start[terms]);
    this.weights = new Float32Array(this.start[terms]);
    const fill = this.start.slice(0, terms);
    vectors.forEach((v, d) => {
      for (let i = 0; i < v.ids.length; i++) {
        const at = fill[v.ids[i]]++;
        this.docs[at] = d;
        this.weights[at] = v.weights[i];
      }
    });
  }

  get size(): number {
    return this.ids.length;
  }

  /** One more than the highest term id any candidate holds. */
  get terms(): number {
    return this.start.length - 1;
  }

  /** Dot product of `vector` with every candidate (cosine when `vector` is normalised), in candidate order. */
  similarities(vector: SparseVector): Float64Array {
    const out = new Float64Array(this.ids.length);
    const terms = this.start.length - 1;
    for (let i = 0; i < vector.ids.length; i++) {
      const t = vector.ids[i];
      if (t >= terms) continue;
      const w = vector.weights[i];
      for (let j = this.start[t]; j < this.start[t + 1]; j++) out[this.docs[j]] += w * this.weights[j];
    }
    return out;
  }

  /** Similarities of a stored paper (by id) to every candidate. */
  similaritiesTo(id: string): Float64Array {
    return this.similarities(this.index.documentVector(id));
  }
}

const cache = new Map<string, CandidateSpace>();
const CACHE_SIZE = 8;

/** The space of `ids` for the index's current state, built once per candidate set. */
export function candidateSpace(index: TfIdfIndex, ids: string[]): CandidateSpace {
  const key = `${index.size}|${index.vocabularySize}|${ids.length}|${hashString(ids.join(','))}`;
  let space = cache.get(key);
  if (!space) {
    space = new CandidateSpace(index, ids);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, space);
  }
  return space;
}

/** Dot product of two sparse vectors (ids sorted ascending, as the index makes them). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    if (a.ids[i] === b.ids[j]) sum += a.weights[i++] * b.weights[j++];
    else if (a.ids[i] < b.ids[j]) i++;
    else j++;
  }
  return sum;
}
