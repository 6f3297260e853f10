/**
 * Scoring a weighted term vector against the index's documents. The query is loaded once into a dense scratch
 * vector (one float per term id); then documents are scored either through the postings (accumulating only
 * the query's terms, the fast way over many documents) or one by one against the scratch vector (the fast way
 * over a short candidate list). Every path computes the same sum in the same order (see postings.ts), so a
 * candidate list scores each document exactly as a full search does.
 */
import type { SparseVector, TopK } from './sparse.js';
import type { DocumentStore } from './document-store.js';
import { searchPruned, type SearchSpace } from './pruned-search.js';
import { lastSkipBefore, LOG_TF, type Snapshot } from './postings.js';

/** Bits of the loaded query's term filter (512 bytes, so it stays in the first-level cache). */
const QUERY_BITS = 4096;
const QUERY_BITS_MASK = QUERY_BITS / 32 - 1;

export class Scorer {
  private scratch = new Float32Array(0);
  /** One bit per query term id modulo `QUERY_BITS` (set by `load`): a clear bit means "not in the query". */
  private readonly queryBits = new Int32Array(QUERY_BITS / 32);
  private accumulator: Float64Array | undefined;
  private mask = new Uint8Array(0);
  /** Documents a pruned search has found (see pruned-search.ts). */
  private touched = new Int32Array(0);
  /** `scoreMerged`'s decoding buffers: one document's terms and their counts. */
  private terms = new Uint32Array(256);
  private counts = new Uint16Array(256);

  /**
   * @param documents     the index's documents
   * @param snapshot      the current refresh's idf, norms and postings
   * @param recentWeights stored weights of a document not yet in the postings
   * @param pruneFrom     documents in the postings from which whole-index searches prune
   */
  constructor(
    private readonly documents: DocumentStore,
    private readonly snapshot: () => Snapshot,
    private readonly recentWeights: (position: number) => Float32Array,
    private readonly pruneFrom: number,
  ) {}

  /** Load `query` into the scratch vector (sized for `vocabularySize` terms) and its terms' bits; return the vector. */
  load(query: SparseVector, vocabularySize: number): Float32Array {
    if (this.scratch.length < vocabularySize) this.scratch = new Float32Array(Math.ceil(vocabularySize * 1.25) + 1024);
    for (let i = 0; i < query.ids.length; i++) {
      const term = query.ids[i];
      this.scratch[term] = query.weights[i];
      this.queryBits[(term >>> 5) & QUERY_BITS_MASK] |= 1 << (term & 31);
    }
    return this.scratch;
  }

  /** Zero the scratch entries and bits `load` set. */
  unload(query: SparseVector): void {
    for (let i = 0; i < query.ids.length; i++) this.scratch[query.ids[i]] = 0;
    this.queryBits.fill(0);
  }

  /** Forget the accumulator (its size follows the snapshot). */
  resetAccumulator(): void {
    this.accumulator = undefined;
    this.touched = new Int32Array(0);
  }

  /**
   * Score of the document at `position` for the loaded query. Its entries are decoded and used one at a time (the
   * varint decoding of src/index/varint.ts, inlined: this is the loop of every paper scored one by one, such as
   * the papers not yet in the postings). A term whose bit is clear is not in the query (its weight is 0 and would
   * add nothing), so it is passed over without reading the vocabulary-sized scratch vector, a cache miss each.
   */
  scoreOne(position: number): number {
    const { scratch, queryBits, documents } = this;
    const bytes = documents.blockAt(position);
    const end = documents.endAt(position);
    const { idf, invNorm, docCount } = this.snapshot();
    const inPostings = position < docCount;
    const recent = inPostings ? undefined : this.recentWeights(position);
    let sum = 0;
    let term = 0;
    for (let p = documents.startAt(position), i = 0; p < end; i++) {
      let b = bytes[p++];
      let v = b & 127;
      for (let shift = 7; b > 127; shift += 7) {
        b = bytes[p++];
        v |= (b & 127) << shift;
      }
      term += v >>> 1;
      let count = 1;
      if (v & 1) {
        b = bytes[p++];
        count = b & 127;
        for (let shift = 7; b > 127; shift += 7) {
          b = bytes[p++];
          count |= (b & 127) << shift;
        }
      }
      if ((queryBits[(term >>> 5) & QUERY_BITS_MASK] & (1 << (term & 31))) === 0) continue;
      const q = scratch[term];
      if (recent) sum += q * recent[i];
      else if (q !== 0) sum += q * idf[term] * LOG_TF[count];
    }
    return inPostings ? sum * invNorm[position] : sum;
  }

  /**
   * Score of the document at `position` for `query` (ids ascending), without the scratch vector: the query and
   * the document's terms are walked side by side. The same sum as `scoreOne` (the terms both hold, in ascending
   * order; a term the query lacks adds nothing there either), without touching a vocabulary-sized array: for a
   * few documents this avoids loading the query into the scratch vector and one cache miss per term.
   */
  scoreMerged(query: SparseVector, position: number): number {
    this.fitBuffers();
    const { terms, counts } = this;
    const n = this.documents.readInto(position, terms, counts);
    const { idf, invNorm, docCount } = this.snapshot();
    const recent = position >= docCount ? this.recentWeights(position) : undefined;
    const ids = query.ids;
    let sum = 0;
    for (let i = 0, j = 0; i < n && j < ids.length; i++) {
      const term = terms[i];
      while (j < ids.length && ids[j] < term) j++;
      if (j === ids.length || ids[j] !== term) continue;
      const q = query.weights[j];
      if (recent) sum += q * recent[i];
      else if (q !== 0) sum += q * idf[term] * LOG_TF[counts[i]];
    }
    return recent ? sum : sum * invNorm[position];
  }

  /** Grow the decoding buffers to the longest document. */
  private fitBuffers(): void {
    if (this.terms.length < this.documents.maxLength) {
      this.terms = new Uint32Array(this.documents.maxLength);
      this.counts = new Uint16Array(this.documents.maxLength);
    }
  }

  /** Push the given positions scoring at least `minScore` into `top`, one by one (the query must be loaded). */
  scoreSome(positions: number[], top: TopK, minScore: number): void {
    for (const position of positions) {
      const s = this.scoreOne(position);
      if (s >= minScore) top.push(position, s);
    }
  }

  /**
   * Push every live document scoring at least `minScore` into `top` (the query must be loaded). With a
   * positive `minScore` and `pruneFrom` documents in the postings or more, the postings are searched with
   * pruning (src/index/pruned-search.ts), which finds the same results.
   */
  scoreAll(query: SparseVector, top: TopK, minScore: number): void {
    const { docCount } = this.snapshot();
    if (minScore > 0 && docCount >= this.pruneFrom) searchPruned(this.searchSpace(), query, top, minScore);
    else this.scoreAllPostings(query, top, minScore);
    const alive = this.documents.aliveFlags;
    for (let d = docCount; d < this.documents.length; d++) {
      if (!alive[d]) continue;
      const s = this.scoreOne(d);
      if (s >= minScore) top.push(d, s);
    }
  }

  /** Push every live document in the postings scoring at least `minScore` into `top`, reading every query term's postings. */
  private scoreAllPostings(query: SparseVector, top: TopK, minScore: number): void {
    const { invNorm, docCount } = this.snapshot();
    pushScored(this.accumulate(query, undefined), invNorm, this.documents.aliveFlags, docCount, top, minScore);
  }

  /** The accumulator, found-list and full scoring a pruned search uses. */
  private searchSpace(): SearchSpace {
    const snapshot = this.snapshot();
    this.accumulator ??= new Float64Array(snapshot.docCount);
    if (this.touched.length < snapshot.docCount) this.touched = new Int32Array(snapshot.docCount);
    return { snapshot, alive: this.documents.aliveFlags, accumulator: this.accumulator, touched: this.touched, scoreOne: (d) => this.scoreOne(d) };
  }

  /**
   * Push the given live positions scoring at least `minScore` into `top` (duplicates count once; the query
   * must be loaded). Goes through the postings when their length is below the candidates' total length.
   */
  scoreCandidates(query: SparseVector, positions: number[], top: TopK, minScore: number): void {
    const { invNorm, docCount } = this.snapshot();
    if (this.mask.length < this.documents.length) this.mask = new Uint8Array(Math.ceil(this.documents.length * 1.25));
    const mask = this.mask;
    const main: number[] = [];
    let directCost = 0;
    for (const p of positions) {
      if (mask[p]) continue;
      mask[p] = 1;
      if (p < docCount) {
        main.push(p);
        directCost += this.documents.lengthAt(p);
      } else {
        const s = this.scoreOne(p);
        if (s >= minScore) top.push(p, s);
      }
    }
    let lo = docCount;
    let hi = -1;
    for (const d of main) {
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    if (this.postingsCost(query, lo, hi) < directCost) {
      const accumulator = this.accumulate(query, mask, lo, hi);
      for (const d of main) {
        const s = accumulator[d] * invNorm[d];
        accumulator[d] = 0;
        if (s >= minScore) top.push(d, s);
      }
    } else {
      for (const d of main) {
        const s = this.scoreOne(d);
        if (s >= minScore) top.push(d, s);
      }
    }
    for (const p of positions) mask[p] = 0;
  }

  /**
   * Add each query term's contribution to the documents in its postings; with `mask`, only to masked ones, and
   * only over positions `lo` to `hi` (skipping most of a long postings list that lies outside).
   */
  private accumulate(query: SparseVector, mask: Uint8Array | undefined, lo = 0, hi = Number.MAX_SAFE_INTEGER): Float64Array {
    const { idf, start, bytes, skips, docCount } = this.snapshot();
    this.accumulator ??= new Float64Array(docCount);
    const accumulator = this.accumulator;
    for (let i = 0; i < query.ids.length; i++) {
      const term = query.ids[i];
      if (term >= idf.length || idf[term] <= 0) continue;
      const k = lo > 0 ? lastSkipBefore(skips, term, lo) : -1;
      const from = k < 0 ? start[term] : skips.offsets[k];
      const base = k < 0 ? 0 : skips.docs[k];
      addPostings(bytes, from, start[term + 1], base, hi, query.weights[i] * idf[term], accumulator, mask);
    }
    return accumulator;
  }

  /**
   * About how much decoding the postings of `query` over positions `lo` to `hi` takes, in the units of
   * `directCost` (a document's distinct terms, each decoded and looked up in the scratch vector: about four
   * times the work of a postings byte, measured on arXiv abstracts).
   */
  private postingsCost(query: SparseVector, lo: number, hi: number): number {
    const { idf, start, docCount } = this.snapshot();
    let bytes = 0;
    for (let i = 0; i < query.ids.length; i++) {
      const term = query.ids[i];
      if (term < idf.length) bytes += start[term + 1] - start[term];
    }
    return ((bytes * (hi - lo + 1)) / Math.max(1, docCount) + 16 * query.ids.length) / 4;
  }
}

/**
 * `accumulator[doc] += qidf * logTf(count)` for each posting in `bytes[start, end)` (gaps counted from `base`)
 * up to document `hi` (only where `mask[doc]` is set, with a mask). The varint decoding of
 * src/index/varint.ts, inlined: this is the innermost loop of search.
 */
function addPostings(bytes: Uint8Array, start: number, end: number, base: number, hi: number, qidf: number, accumulator: Float64Array, mask: Uint8Array | undefined): void {
  let p = start;
  let doc = base;
  while (p < end) {
    let b = bytes[p++];
    let v = b & 127;
    if (b > 127) {
      b = bytes[p++];
      v |= (b & 127) << 7;
      if (b > 127) {
        b = bytes[p++];
        v |= (b & 127) << 14;
        for (let shift = 21; b > 127; shift += 7) {
          b = bytes[p++];
          v |= (b & 127) << shift;
        }
      }
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
    if (doc > hi) return;
    if (mask === undefined || mask[doc] !== 0) accumulator[doc] += qidf * LOG_TF[count];
  }
}

/**
 * Turn the first `docCount` sums of `accumulator` into scores (times each document's inverse norm), push every live
 * document scoring at least `minScore` (and the heap's threshold) into `top`, and leave the accumulator zeroed.
 * A function of its own, called with plain arguments: V8 optimises it during the first search and keeps it. As part
 * of the scorer's method, the code optimised during the first search was thrown away at once (too little type
 * feedback yet) and not optimised again for at least 720 searches (`--trace-opt --trace-deopt`); the whole-index
 * search took 15 to 20 % longer, in every round of an alternating comparison in one process.
 */
function pushScored(accumulator: Float64Array, invNorm: Float64Array, alive: Uint8Array, docCount: number, top: TopK, minScore: number): void {
  let floor = Math.max(minScore, top.threshold);
  if (floor > 0) {
    // A document no query term reached scores 0 (or NaN), below any positive floor, so it needs no test of its
    // own: a third of the documents, in no order, made that test a branch the processor mostly guessed wrong.
    for (let d = 0; d < docCount; d++) {
      const s = accumulator[d] * invNorm[d];
      accumulator[d] = 0;
      if (s >= floor && alive[d]) {
        top.push(d, s);
        floor = Math.max(minScore, top.threshold);
      }
    }
    return;
  }
  for (let d = 0; d < docCount; d++) {
    const sum = accumulator[d];
    if (sum === 0) continue;
    accumulator[d] = 0;
    const s = sum * invNorm[d];
    if (s >= floor && alive[d]) {
      top.push(d, s);
      floor = Math.max(minScore, top.threshold);
    }
  }
}
