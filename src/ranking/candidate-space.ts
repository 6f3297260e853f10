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
  /** Posting lists: for each term, the candidates holding it and the term's weight there. */
  private readonly postings = new Map<number, { docs: number[]; weights: number[] }>();

  constructor(
    private readonly index: TfIdfIndex,
    readonly ids: string[],
  ) {
    ids.forEach((id, d) => {
      const v = index.documentVector(id);
      for (let i = 0; i < v.ids.length; i++) {
        let list = this.postings.get(v.ids[i]);
        if (!list) this.postings.set(v.ids[i], (list = { docs: [], weights: [] }));
        list.docs.push(d);
        list.weights.push(v.weights[i]);
      }
    });
  }

  get size(): number {
    return this.ids.length;
  }

  /** Dot product of `vector` with every candidate (cosine when `vector` is normalised), in candidate order. */
  similarities(vector: SparseVector): Float64Array {
    const out = new Float64Array(this.ids.length);
    for (let i = 0; i < vector.ids.length; i++) {
      const list = this.postings.get(vector.ids[i]);
      if (!list) continue;
      const w = vector.weights[i];
      for (let j = 0; j < list.docs.length; j++) out[list.docs[j]] += w * list.weights[j];
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
