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

/**
 * The candidates' postings by term, each term's split in two: candidates holding it once (by far the most: their
 * entry is the candidate alone, as `LOG_TF[1]` is 1 and multiplying by it changes nothing) and candidates holding
 * it more often (candidate in the high 16 bits, count in the low 16). Within each part, candidates ascend.
 */
interface TermEntries {
  /** The counted terms the candidates hold, ascending. */
  terms: Uint32Array;
  /** The snapshot's idf of each of `terms`. */
  termIdf: Float32Array;
  /** Term `terms[j]`'s single-count candidates are `once[onceStart[j] .. onceStart[j + 1])`. */
  onceStart: Uint32Array;
  once: Uint16Array;
  /** Term `terms[j]`'s other entries are `repeated[repeatedStart[j] .. repeatedStart[j + 1])`. */
  repeatedStart: Uint32Array;
  repeated: Uint32Array;
  /**
   * Where to find a term: the terms with `term >>> bucketShift === b` are `terms[buckets[b] .. buckets[b + 1])`
   * (at most one term a bucket on average). A profile has hundreds of terms (a quarter to a third of them not in
   * the set), and a galloping search of `terms` for each was about a fifth of a scoring of a 1,278-paper week.
   */
  bucketShift: number;
  buckets: Uint32Array;
}

/** Bins of the score histogram that sets the floor of a scoring (see `scoresAndFloor`). */
const FLOOR_BINS = 64;

export class CandidateSet {
  private readonly accumulator: Float64Array;
  private readonly histogram = new Uint32Array(FLOOR_BINS);

  private constructor(
    /** The ids the set was built from, to recognise the same list again. */
    private readonly ids: string[],
    /** The index state it was built on (any change of documents or refresh makes it stale). */
    readonly version: number,
    /** Positions of the candidates in the postings, and the ones added since (scored directly). */
    private readonly main: Uint32Array,
    readonly recent: number[],
    private readonly postings: TermEntries,
    /** The snapshot's inverse norm of each of `main`. */
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
    const postings = termEntries(main, documents, snapshot.idf);
    return new CandidateSet(ids.slice(), version, Uint32Array.from(main), recent, postings, Float64Array.from(main, (p) => snapshot.invNorm[p]));
  }

  /**
   * Push the candidates in the postings that score at least `minScore` for `query` into `top`. The set keeps the
   * idf and norms of the snapshot it was built on, which is `snapshot` while the set matches the index version.
   */
  scoreMain(query: SparseVector, _snapshot: Snapshot, top: TopK, minScore: number): void {
    const { accumulator, main } = this;
    const { terms, termIdf, onceStart, once, repeatedStart, repeated, bucketShift, buckets } = this.postings;
    const lastBucket = buckets.length - 1;
    for (let i = 0; i < query.ids.length; i++) {
      const term = query.ids[i];
      const bucket = term >>> bucketShift;
      if (bucket >= lastBucket) continue;
      let j = buckets[bucket];
      const bucketEnd = buckets[bucket + 1];
      while (j < bucketEnd && terms[j] < term) j++;
      if (j === bucketEnd || terms[j] !== term) continue;
      // Each candidate gets one addition per term, so it sums its terms in query order, as scorer.ts does.
      const qidf = query.weights[i] * termIdf[j];
      for (let e = onceStart[j], end = onceStart[j + 1]; e < end; e++) accumulator[once[e]] += qidf;
      for (let e = repeatedStart[j], end = repeatedStart[j + 1]; e < end; e++) {
        const entry = repeated[e];
        accumulator[entry >>> 16] += qidf * LOG_TF[entry & 0xffff];
      }
    }
    const floor = this.scoresAndFloor(Math.max(minScore, top.threshold), top.capacity);
    for (let c = 0; c < main.length; c++) {
      const s = accumulator[c];
      accumulator[c] = 0;
      if (s >= floor) top.push(main[c], s);
    }
  }

  /**
   * Turn the accumulator's sums into scores (times the inverse norm) and return a score at least `k` of them
   * reach, or `floor` when higher. Pushing every candidate above the heap's threshold as it rises cost about a
   * fifth of a scoring (candidates come in no order of score, so the threshold rises slowly); a histogram of the
   * scores between `floor` and the best gives a floor just below the `k`th best, so few more than `k` are pushed.
   * It is one bin below the bin of the `k`th best, far from any rounding of the bin arithmetic; and any floor at
   * or below the `k`th best score leaves the heap's result as it was.
   */
  private scoresAndFloor(floor: number, k: number): number {
    const { accumulator, invNorm, histogram } = this;
    const n = accumulator.length;
    let best = -Infinity;
    for (let c = 0; c < n; c++) {
      const s = accumulator[c] * invNorm[c];
      accumulator[c] = s;
      if (s > best) best = s;
    }
    if (n < 2 * k || !(floor > 0) || !(best > floor) || !Number.isFinite(best)) return floor;
    histogram.fill(0);
    const bins = histogram.length;
    const scale = bins / (best - floor);
    for (let c = 0; c < n; c++) {
      const s = accumulator[c];
      if (s >= floor) histogram[Math.min(bins - 1, Math.floor((s - floor) * scale))]++;
    }
    for (let bin = bins - 1, above = 0; bin > 1; bin--) {
      above += histogram[bin];
      if (above >= k) return floor + (bin - 1) / scale;
    }
    return floor;
  }
}

/**
 * The candidates' counted terms (idf above 0) and their entries (see TermEntries). Counts per term in one dense
 * array over the vocabulary (a Map per term cost ~100 ns an entry, a second or so for a few thousand candidates).
 */
function termEntries(main: number[], documents: DocumentStore, idf: Float32Array): TermEntries {
  let total = 0;
  for (const position of main) total += documents.lengthAt(position);
  // Pass 1: decode each candidate once, keeping its counted terms (in candidate order) and how many candidates
  // hold each term once and more often.
  const keptTerms = new Uint32Array(total);
  const keptCounts = new Uint16Array(total);
  const ends = new Uint32Array(main.length);
  const onceOf = new Uint32Array(idf.length);
  const repeatedOf = new Uint32Array(idf.length);
  const seen: number[] = [];
  let kept = 0;
  for (let c = 0; c < main.length; c++) {
    const n = documents.readInto(main[c], keptTerms.subarray(kept), keptCounts.subarray(kept));
    for (let i = kept, end = kept + n; i < end; i++) {
      const term = keptTerms[i];
      if (!(idf[term] > 0)) continue;
      if (onceOf[term] === 0 && repeatedOf[term] === 0) seen.push(term);
      if (keptCounts[i] === 1) onceOf[term]++;
      else repeatedOf[term]++;
      keptTerms[kept] = term;
      keptCounts[kept++] = keptCounts[i];
    }
    ends[c] = kept;
  }
  // Offsets by term (the counts become each term's write cursors), then pass 2: fill in candidate order.
  const terms = Uint32Array.from(seen).sort();
  const onceStart = new Uint32Array(terms.length + 1);
  const repeatedStart = new Uint32Array(terms.length + 1);
  for (let j = 0; j < terms.length; j++) {
    onceStart[j + 1] = onceStart[j] + onceOf[terms[j]];
    repeatedStart[j + 1] = repeatedStart[j] + repeatedOf[terms[j]];
    onceOf[terms[j]] = onceStart[j];
    repeatedOf[terms[j]] = repeatedStart[j];
  }
  const once = new Uint16Array(onceStart[terms.length]);
  const repeated = new Uint32Array(repeatedStart[terms.length]);
  for (let c = 0, i = 0; c < main.length; c++) {
    for (; i < ends[c]; i++) {
      if (keptCounts[i] === 1) once[onceOf[keptTerms[i]]++] = c;
      else repeated[repeatedOf[keptTerms[i]]++] = (c << 16) | keptCounts[i];
    }
  }
  return { terms, termIdf: Float32Array.from(terms, (t) => idf[t]), onceStart, once, repeatedStart, repeated, ...termBuckets(terms) };
}

/** The bucket table of `terms` (ascending): about one bucket per term (see TermEntries). */
function termBuckets(terms: Uint32Array): { bucketShift: number; buckets: Uint32Array } {
  const highest = terms.length > 0 ? terms[terms.length - 1] : 0;
  const bucketShift = Math.max(0, Math.floor(Math.log2(Math.max(1, highest / Math.max(1, terms.length)))));
  const count = (highest >>> bucketShift) + 1;
  const buckets = new Uint32Array(count + 1);
  for (const term of terms) buckets[(term >>> bucketShift) + 1]++;
  for (let b = 0; b < count; b++) buckets[b + 1] += buckets[b];
  return { bucketShift, buckets };
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
