/**
 * A search of the whole index that skips most of the long postings lists and still finds exactly the results
 * of scoring every document (MaxScore, term at a time): it reads the shortest lists first, scores their best
 * documents in full to get a score the results must reach, and then leaves out the long lists of terms whose
 * bounds (`Snapshot.maxWeights`) together stay below it; a document found in none of the lists read cannot
 * reach it. Documents found are filtered by their bound and only the survivors are scored in full, by
 * `scoreOne` (the same sum, in the same order, as every other path: see postings.ts), so scores are unchanged.
 */
import { lastSkipBefore, LOG_TF, skipCount, skipFirst, type Snapshot } from './postings.js';
import { TopK, type SparseVector } from './sparse.js';

/** Bytes of the shortest postings lists read before the score to reach is estimated. */
const FIRST_READ_BYTES = 1 << 14;
/** Margin for rounding between a bound and a score computed in another order. */
const SLACK = 1 + 1e-9;

/** What a pruned search reads and where it writes. */
export interface SearchSpace {
  snapshot: Snapshot;
  alive: Uint8Array;
  /** Zeros, one per document in the postings; left zeroed. */
  accumulator: Float64Array;
  /** Room for one position per document in the postings. */
  touched: Int32Array;
  /** The full score of a document (the query loaded). */
  scoreOne: (position: number) => number;
}

interface QueryTerm {
  term: number;
  /** Query weight times idf. */
  qidf: number;
  bytes: number;
  /** Most the term can add to any document's score. */
  bound: number;
}

/**
 * Push every live document in the postings that scores at least `minScore` (> 0) and belongs in `top`, with
 * its full score. Terms with a weight of zero or below are only counted in the full scores.
 */
export function searchPruned(space: SearchSpace, query: SparseVector, top: TopK, minScore: number): void {
  const terms = positiveTerms(space.snapshot, query).sort((a, b) => a.bytes - b.bytes);
  let read = 0;
  let found = 0;
  let first = 0;
  while (first < terms.length && (first === 0 || read + terms[first].bytes <= FIRST_READ_BYTES)) {
    found = accumulate(space, terms[first], found);
    read += terms[first++].bytes;
  }
  const rest = terms.slice(first).sort((a, b) => a.bound - b.bound);
  const goal = rest.length > 0 ? Math.max(minScore, scoreToReach(space, found, top.capacity)) : minScore;
  let restBound = 0;
  let skipped = 0;
  while (skipped < rest.length && (restBound + rest[skipped].bound) * SLACK < goal) restBound += rest[skipped++].bound;
  for (let i = skipped; i < rest.length; i++) found = accumulate(space, rest[i], found);
  pushSurvivors(space, found, rest.slice(0, skipped).reverse(), goal, top, minScore);
}

/** The query's terms with a positive weight and postings, with their bounds. */
function positiveTerms(snapshot: Snapshot, query: SparseVector): QueryTerm[] {
  const { idf, start, maxWeights } = snapshot;
  const terms: QueryTerm[] = [];
  for (let i = 0; i < query.ids.length; i++) {
    const term = query.ids[i];
    if (term >= idf.length || idf[term] <= 0) continue;
    const qidf = query.weights[i] * idf[term];
    const bytes = start[term + 1] - start[term];
    if (qidf <= 0 || bytes === 0) continue;
    terms.push({ term, qidf, bytes, bound: qidf * (maxWeights.get(term) ?? Infinity) });
  }
  return terms;
}

/**
 * A score at least `k` documents reach: the k-th best full score among the `k` documents found so far with
 * the best partial scores (0 when fewer than `k` were found).
 */
function scoreToReach(space: SearchSpace, found: number, k: number): number {
  const { accumulator, touched, alive, snapshot } = space;
  const best = new TopK(k);
  for (let i = 0; i < found; i++) {
    const d = touched[i];
    if (alive[d]) best.push(d, accumulator[d] * snapshot.invNorm[d]);
  }
  const picked = best.result();
  if (picked.length < k) return 0;
  let lowest = Infinity;
  for (const { item } of picked) lowest = Math.min(lowest, space.scoreOne(item));
  return lowest;
}

/**
 * Score in full each document found that can still reach `goal` and the floor of `top`, and push those that
 * make it; clears the accumulator. A document's bound starts at its partial score plus the bounds of the
 * `unread` terms (largest bound first); each unread term is then looked up in its postings (`PostingsCursor`),
 * its bound replaced by what it adds, until the document falls short or is scored in full.
 */
function pushSurvivors(space: SearchSpace, found: number, unread: QueryTerm[], goal: number, top: TopK, minScore: number): void {
  const { accumulator, touched, alive, snapshot } = space;
  const invNorm = snapshot.invNorm;
  const cursors = unread.map((term) => new PostingsCursor(snapshot, term.term));
  let unreadBound = 0;
  for (const term of unread) unreadBound += term.bound;
  let floor = Math.max(minScore, top.threshold);
  for (let i = 0; i < found; i++) {
    const d = touched[i];
    const partial = accumulator[d];
    accumulator[d] = 0;
    const reach = Math.max(goal, floor);
    let bound = partial * invNorm[d] + unreadBound;
    // Most documents fall short at once; whether one was removed is read only for the others.
    if (bound * SLACK < reach || !alive[d]) continue;
    for (let u = 0; u < unread.length && bound * SLACK >= reach; u++) {
      const count = cursors[u].countAt(d);
      bound += (count === 0 ? 0 : unread[u].qidf * LOG_TF[count] * invNorm[d]) - unread[u].bound;
    }
    if (bound * SLACK < reach) continue;
    const s = space.scoreOne(d);
    if (s >= floor) {
      top.push(d, s);
      floor = Math.max(minScore, top.threshold);
    }
  }
}

/**
 * The counts of one term in documents asked for mostly in ascending order. The documents a search found come in
 * a few ascending runs (one per list read), so the cursor moves forward through the term's postings, jumping by
 * its skip entries over long stretches, and starts again from a skip entry only where a new run begins lower.
 * Looking each document up from its skip entry instead decoded about half a skip block (32 postings) each.
 */
export class PostingsCursor {
  private readonly end: number;
  private readonly firstSkip: number;
  private readonly lastSkip: number;
  /** A skip entry the cursor is at or past (-1: none), from which the next jump looks ahead. */
  private skip = -1;
  /**
   * Between calls: the byte offset just after the posting last decoded, its document and count (-1 and 0 before
   * the first; `MAX_SAFE_INTEGER` once the list ran out). Within a call, a jump may set them to a skip entry's.
   */
  private p: number;
  private doc = -1;
  private count = 0;

  constructor(
    private readonly snapshot: Snapshot,
    private readonly term: number,
  ) {
    this.end = snapshot.start[term + 1];
    this.p = snapshot.start[term];
    this.firstSkip = skipFirst(snapshot.skips, term);
    this.lastSkip = this.firstSkip + skipCount(snapshot.skips, term) - 1;
  }

  /** The count of the term in document `target` (0 when absent). */
  countAt(target: number): number {
    if (target === this.doc) return this.count;
    if (target < this.doc) this.restartBelow(target);
    this.jumpTowards(target);
    const bytes = this.snapshot.bytes;
    const end = this.end;
    let p = this.p;
    let d = Math.max(0, this.doc);
    let count = 0;
    while (p < end) {
      let b = bytes[p++];
      let v = b & 127;
      for (let shift = 7; b > 127; shift += 7) {
        b = bytes[p++];
        v |= (b & 127) << shift;
      }
      d += v >>> 1;
      count = 1;
      if (v & 1) {
        b = bytes[p++];
        count = b & 127;
        for (let shift = 7; b > 127; shift += 7) {
          b = bytes[p++];
          count |= (b & 127) << shift;
        }
      }
      if (d >= target) {
        this.p = p;
        this.doc = d;
        this.count = count;
        return d === target ? count : 0;
      }
    }
    // The list ends below the target: so it does for every later target of this run.
    this.p = p;
    this.doc = Number.MAX_SAFE_INTEGER;
    this.count = 0;
    return 0;
  }

  /** Move to the last skip entry below `target` when that is ahead of the cursor. */
  private jumpTowards(target: number): void {
    const { docs, offsets } = this.snapshot.skips;
    let k = this.skip < 0 ? this.firstSkip : this.skip + 1;
    if (k > this.lastSkip || docs[k] >= target) return;
    while (k < this.lastSkip && docs[k + 1] < target) k++;
    this.skip = k;
    if (docs[k] <= this.doc) return; // decoding already went past it
    this.p = offsets[k];
    this.doc = docs[k];
  }

  /** Start again from the last skip entry below `target` (or the list's start): a run of documents began lower. */
  private restartBelow(target: number): void {
    const { skips, start } = this.snapshot;
    const k = lastSkipBefore(skips, this.term, target);
    this.skip = k;
    this.p = k < 0 ? start[this.term] : skips.offsets[k];
    this.doc = k < 0 ? -1 : skips.docs[k];
  }
}

/**
 * `accumulator[doc] += qidf * logTf(count)` for each posting of `term`, listing in `touched` (from `found` on)
 * each document met for the first time; returns the new number found. Weights are positive, so a document
 * met before has a non-zero sum.
 */
function accumulate(space: SearchSpace, { term, qidf }: QueryTerm, found: number): number {
  const { accumulator, touched } = space;
  const { start, bytes } = space.snapshot;
  const end = start[term + 1];
  let n = found;
  let doc = 0;
  for (let p = start[term]; p < end; ) {
    let b = bytes[p++];
    let v = b & 127;
    for (let shift = 7; b > 127; shift += 7) {
      b = bytes[p++];
      v |= (b & 127) << shift;
    }
    doc += v >>> 1;
    let count = 1;
    if (v & 1) {
      b = bytes[p++];
      count = b & 127;
      for (let shift = 7; b > 127; shift += 7) {
        b = bytes[p++];
        count |= (b & 127) << shift;
      }
    }
    if (accumulator[doc] === 0) touched[n++] = doc;
    accumulator[doc] += qidf * LOG_TF[count];
  }
  return n;
}
