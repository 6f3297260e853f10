/**
 * A small inverted index over one list of candidate documents, for a list that is scored again and again: a
 * digest run ranks the same week of papers once per channel, a thousand times. Built once (on the second time
 * a list is seen), it turns each later scoring into a walk over the candidates' own postings of the query's
 * terms, instead of decoding the index's postings or every candidate.
 *
 * It sums `(q * idf[term]) * logTf(count)` in ascending term order and multiplies by the document's inverse
 * norm, exactly as src/index/scorer.ts does, so scores are the same bit for bit.
 */
import type { SparseVector, TopK } from './sparse.js';
import type { DocumentStore } from './document-store.js';
import { LOG_TF, type Snapshot } from './postings.js';

/** Lists shorter than this are scored the ordinary way (building would not pay); longer than the max neither. */
export const MIN_CANDIDATES = 256;
export const MAX_CANDIDATES = 2 ** 21 - 1;

export class CandidateSet {
  private readonly accumulator: Float64Array;

  private constructor(
    /** The ids the set was built from, to recognise the same list again. */
    private readonly ids: string[],
    /** The index state it was built on (any change of documents or refresh makes it stale). */
    readonly version: number,
    /** Positions of the candidates in the postings, and the ones added since (scored directly). */
    private readonly main: Uint32Array,
    readonly recent: number[],
    /** Each term's entries: `entries[first, first + n)` of `candidate` (index into `main`) and `count`. */
    private readonly termEntries: Map<number, number>,
    private readonly candidate: Uint32Array,
    private readonly count: Uint16Array,
  ) {
    this.accumulator = new Float64Array(main.length);
  }

  /** True when `ids` is the list this set was built from (same ids, same order) at `version`. */
  matches(ids: string[], version: number): boolean {
    if (version !== this.version || ids.length !== this.ids.length) return false;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== this.ids[i]) return false;
    return true;
  }

  /** Build the set of `ids` (unknown ids are left out; duplicates count once). */
  static build(ids: string[], version: number, documents: DocumentStore, snapshot: Snapshot): CandidateSet {
    const main: number[] = [];
    const recent: number[] = [];
    const seen = new Set<number>();
    for (const id of ids) {
      const position = documents.positionOf(id);
      if (position === undefined || seen.has(position)) continue;
      seen.add(position);
      (position < snapshot.docCount ? main : recent).push(position);
    }
    const terms = new Uint32Array(documents.maxLength);
    const counts = new Uint16Array(documents.maxLength);
    // Pass 1: how many candidates hold each counted term.
    const perTerm = new Map<number, number>();
    for (const position of main) {
      const n = documents.readInto(position, terms, counts);
      for (let i = 0; i < n; i++) if (snapshot.idf[terms[i]] > 0) perTerm.set(terms[i], (perTerm.get(terms[i]) ?? 0) + 1);
    }
    // Offsets by term, then pass 2: fill (candidates in order, so each term's entries are in candidate order).
    const termEntries = new Map<number, number>();
    let total = 0;
    for (const term of Uint32Array.from(perTerm.keys()).sort()) {
      termEntries.set(term, total * 2 ** 21 + perTerm.get(term)!);
      perTerm.set(term, total);
      total += termEntries.get(term)! % 2 ** 21;
    }
    const candidate = new Uint32Array(total);
    const count = new Uint16Array(total);
    for (let c = 0; c < main.length; c++) {
      const n = documents.readInto(main[c], terms, counts);
      for (let i = 0; i < n; i++) {
        const at = perTerm.get(terms[i]);
        if (at === undefined || snapshot.idf[terms[i]] <= 0) continue;
        candidate[at] = c;
        count[at] = counts[i];
        perTerm.set(terms[i], at + 1);
      }
    }
    return new CandidateSet(ids.slice(), version, Uint32Array.from(main), recent, termEntries, candidate, count);
  }

  /** Push the candidates in the postings that score at least `minScore` for `query` into `top`. */
  scoreMain(query: SparseVector, snapshot: Snapshot, top: TopK, minScore: number): void {
    const { idf, invNorm } = snapshot;
    const { accumulator, candidate, count } = this;
    for (let i = 0; i < query.ids.length; i++) {
      const term = query.ids[i];
      const packed = this.termEntries.get(term);
      if (packed === undefined || idf[term] <= 0) continue;
      const first = Math.floor(packed / 2 ** 21);
      const end = first + (packed % 2 ** 21);
      const qidf = query.weights[i] * idf[term];
      for (let e = first; e < end; e++) accumulator[candidate[e]] += qidf * LOG_TF[count[e]];
    }
    let floor = Math.max(minScore, top.threshold);
    for (let c = 0; c < this.main.length; c++) {
      const s = accumulator[c] * invNorm[this.main[c]];
      accumulator[c] = 0;
      if (s >= floor) {
        top.push(this.main[c], s);
        floor = Math.max(minScore, top.threshold);
      }
    }
  }
}

/**
 * Remembers the last long candidate list scored, and builds its `CandidateSet` when the same list comes again
 * (at the same index version); a set is reused until the index changes.
 */
export class CandidateCache {
  private last: string[] | undefined;
  private set: CandidateSet | undefined;

  /** The set of `ids` when it is worth having, else undefined (score the ordinary way). */
  get(ids: string[], version: number, documents: DocumentStore, snapshot: Snapshot): CandidateSet | undefined {
    if (ids.length < MIN_CANDIDATES || ids.length > MAX_CANDIDATES) return undefined;
    if (this.set?.matches(ids, version)) return this.set;
    const last = this.last;
    this.last = ids.slice();
    if (!last || last.length !== ids.length || last.some((id, i) => id !== ids[i])) return undefined;
    this.set = CandidateSet.build(ids, version, documents, snapshot);
    return this.set;
  }
}
