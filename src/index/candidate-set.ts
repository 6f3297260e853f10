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

/**
 * Lists shorter than this are scored the ordinary way (building would not pay); longer than the max neither
 * (an entry keeps its candidate in 16 bits).
 */
export const MIN_CANDIDATES = 256;
export const MAX_CANDIDATES = 2 ** 16;

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
    /** The counted terms the candidates hold, ascending; term `terms[j]`'s entries are `[start[j], start[j + 1])`. */
    private readonly terms: Uint32Array,
    private readonly start: Uint32Array,
    /** Per entry: the candidate (index into `main`) in the high 16 bits, its count of the term in the low 16; by term, in candidate order. */
    private readonly entries: Uint32Array,
    /** The snapshot's idf of each of `terms` and inverse norm of each of `main`, side by side (fewer cache misses). */
    private readonly termIdf: Float32Array,
    private readonly invNorm: Float64Array,
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
    const { counted, start, entries } = termMajorEntries(main, documents, snapshot.idf);
    return new CandidateSet(ids.slice(), version, Uint32Array.from(main), recent, counted, start, entries, Float32Array.from(counted, (t) => snapshot.idf[t]), Float64Array.from(main, (p) => snapshot.invNorm[p]));
  }

  /**
   * Push the candidates in the postings that score at least `minScore` for `query` into `top`. The set keeps the
   * idf and norms of the snapshot it was built on, which is `snapshot` while the set matches the index version.
   */
  scoreMain(query: SparseVector, _snapshot: Snapshot, top: TopK, minScore: number): void {
    const { accumulator, entries, terms, start, termIdf, invNorm, main } = this;
    let j = 0;
    for (let i = 0; i < query.ids.length; i++) {
      const term = query.ids[i];
      // Query terms come ascending (as the index makes vectors), so each is searched for after the last.
      j = i > 0 && term > query.ids[i - 1] ? seek(terms, term, j) : seek(terms, term, 0);
      if (j >= terms.length || terms[j] !== term) continue;
      const qidf = query.weights[i] * termIdf[j];
      for (let e = start[j], end = start[j + 1]; e < end; e++) {
        const entry = entries[e];
        accumulator[entry >>> 16] += qidf * LOG_TF[entry & 0xffff];
      }
    }
    let floor = Math.max(minScore, top.threshold);
    for (let c = 0; c < main.length; c++) {
      const s = accumulator[c] * invNorm[c];
      accumulator[c] = 0;
      if (s >= floor) {
        top.push(main[c], s);
        floor = Math.max(minScore, top.threshold);
      }
    }
  }
}

/**
 * The candidates' counted terms (idf above 0), ascending, with each term's entries (`(candidate << 16) | count`,
 * in candidate order) at `[start[j], start[j + 1])`. Counts per term in one dense array over the vocabulary
 * (a Map per term cost ~100 ns an entry, a second or so for a few thousand candidates).
 */
function termMajorEntries(main: number[], documents: DocumentStore, idf: Float32Array): { counted: Uint32Array; start: Uint32Array; entries: Uint32Array } {
  let total = 0;
  for (const position of main) total += documents.lengthAt(position);
  // Pass 1: decode each candidate once, keeping its counted terms (in candidate order) and how many candidates
  // hold each term.
  const keptTerms = new Uint32Array(total);
  const keptCounts = new Uint16Array(total);
  const ends = new Uint32Array(main.length);
  const perTerm = new Uint32Array(idf.length);
  const seen: number[] = [];
  let kept = 0;
  for (let c = 0; c < main.length; c++) {
    const n = documents.readInto(main[c], keptTerms.subarray(kept), keptCounts.subarray(kept));
    for (let i = kept, end = kept + n; i < end; i++) {
      const term = keptTerms[i];
      if (!(idf[term] > 0)) continue;
      if (perTerm[term]++ === 0) seen.push(term);
      keptTerms[kept] = term;
      keptCounts[kept++] = keptCounts[i];
    }
    ends[c] = kept;
  }
  // Offsets by term (perTerm becomes each term's write cursor), then pass 2: fill in candidate order.
  const counted = Uint32Array.from(seen).sort();
  const start = new Uint32Array(counted.length + 1);
  for (let j = 0; j < counted.length; j++) {
    start[j + 1] = start[j] + perTerm[counted[j]];
    perTerm[counted[j]] = start[j];
  }
  const entries = new Uint32Array(start[counted.length]);
  for (let c = 0, i = 0; c < main.length; c++) {
    for (; i < ends[c]; i++) entries[perTerm[keptTerms[i]]++] = (c << 16) | keptCounts[i];
  }
  return { counted, start, entries };
}

/** The first index at or after `from` whose term is at least `term` (galloping, then binary search). */
function seek(terms: Uint32Array, term: number, from: number): number {
  let step = 1;
  let hi = from;
  while (hi < terms.length && terms[hi] < term) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, terms.length);
  while (from < hi) {
    const mid = (from + hi) >>> 1;
    if (terms[mid] < term) from = mid + 1;
    else hi = mid;
  }
  return from;
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
