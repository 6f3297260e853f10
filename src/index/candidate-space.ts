/**
 * A week's candidates as an inverted list of their TF-IDF vectors, so comparing one vector with all of them
 * (a vote, a cluster centre) touches only the postings of that vector's terms. Personal picks compare every
 * vote and every cluster centre with every candidate; through the index's one-document-at-a-time scoring that
 * cost ~2 ms a vector, here a few microseconds. The index owns a cache of spaces (CandidateSpaceCache) tied to
 * its version, so several people's picks in one week build a space once and any change to the index drops it.
 */
import type { SparseVector } from './sparse.js';

export class CandidateSpace {
  /** Postings in compressed rows: the candidates holding term t are docs[start[t]..start[t + 1]). */
  private readonly start: Int32Array;
  private readonly docs: Int32Array;
  private readonly weights: Float32Array;
  /** Each candidate's own vector, in candidate order. */
  readonly vectors: SparseVector[];

  /**
   * @param ids the candidates, in the order every result follows
   * @param vectorOf the index's (normalised) vector of a stored document
   * @param vocabularySize the index's term count (the space covers at least these term ids)
   */
  constructor(
    readonly ids: string[],
    private readonly vectorOf: (id: string) => SparseVector,
    vocabularySize: number,
  ) {
    const vectors = (this.vectors = ids.map((id) => vectorOf(id)));
    let terms = vocabularySize;
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
    return this.similarities(this.vectorOf(id));
  }
}

/** Spaces kept per index version: enough for a digest run's few candidate lists. */
const CACHE_SIZE = 8;

/**
 * The spaces built at one index version, by candidate list (same ids in the same order). Asking at another
 * version drops them all: an add, remove or refresh changes the documents' vectors.
 */
export class CandidateSpaceCache {
  private version = -1;
  private readonly spaces = new Map<string, CandidateSpace>();

  /** The space of `ids` at `version`, built with `build` when not kept. */
  get(ids: string[], version: number, build: () => CandidateSpace): CandidateSpace {
    if (version !== this.version) {
      this.spaces.clear();
      this.version = version;
    }
    const key = ids.join('\n');
    let space = this.spaces.get(key);
    if (!space) {
      space = build();
      if (this.spaces.size >= CACHE_SIZE) this.spaces.delete(this.spaces.keys().next().value!);
      this.spaces.set(key, space);
    }
    return space;
  }
}
