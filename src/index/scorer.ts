/**
 * Scoring a weighted term vector against the index's documents. The query is loaded once into a dense scratch
 * vector (one float per term id); then documents are scored either through the postings (accumulating only
 * the query's terms, the fast way over many documents) or one by one against the scratch vector (the fast way
 * over a short candidate list). Every path computes the same sum in the same order (see postings.ts), so a
 * candidate list scores each document exactly as a full search does.
 */
import type { SparseVector, TopK } from './sparse.js';
import type { DocumentStore } from './document-store.js';
import { LOG_TF, type Snapshot } from './postings.js';
import { readEntries } from './varint.js';

export class Scorer {
  private scratch = new Float32Array(0);
  private accumulator: Float64Array | undefined;
  private mask = new Uint8Array(0);
  /** Decoding buffers: one document's terms, one term's postings. */
  private terms = new Uint32Array(256);
  private counts = new Uint16Array(256);
  private postingDocs = new Uint32Array(0);
  private postingCounts = new Uint16Array(0);

  /**
   * @param documents     the index's documents
   * @param snapshot      the current refresh's idf, norms and postings
   * @param recentWeights stored weights of a document not yet in the postings
   */
  constructor(
    private readonly documents: DocumentStore,
    private readonly snapshot: () => Snapshot,
    private readonly recentWeights: (position: number) => Float32Array,
  ) {}

  /** Load `query` into the scratch vector (sized for `vocabularySize` terms) and return it. */
  load(query: SparseVector, vocabularySize: number): Float32Array {
    if (this.scratch.length < vocabularySize) this.scratch = new Float32Array(Math.ceil(vocabularySize * 1.25) + 1024);
    for (let i = 0; i < query.ids.length; i++) this.scratch[query.ids[i]] = query.weights[i];
    return this.scratch;
  }

  /** Zero the scratch entries `load` set. */
  unload(query: SparseVector): void {
    for (let i = 0; i < query.ids.length; i++) this.scratch[query.ids[i]] = 0;
  }

  /** Forget the accumulator (its size follows the snapshot). */
  resetAccumulator(): void {
    this.accumulator = undefined;
  }

  /** Score of the document at `position` for the loaded query. */
  scoreOne(position: number): number {
    const scratch = this.scratch;
    if (this.terms.length < this.documents.maxLength) {
      this.terms = new Uint32Array(this.documents.maxLength);
      this.counts = new Uint16Array(this.documents.maxLength);
    }
    const { terms, counts } = this;
    const n = this.documents.readInto(position, terms, counts);
    const { idf, invNorm, docCount } = this.snapshot();
    let sum = 0;
    if (position < docCount) {
      for (let i = 0; i < n; i++) {
        const q = scratch[terms[i]];
        if (q !== 0) sum += q * idf[terms[i]] * LOG_TF[counts[i]];
      }
      return sum * invNorm[position];
    }
    const weights = this.recentWeights(position);
    for (let i = 0; i < n; i++) sum += scratch[terms[i]] * weights[i];
    return sum;
  }

  /** Push every live document scoring at least `minScore` into `top` (the query must be loaded). */
  scoreAll(query: SparseVector, top: TopK, minScore: number): void {
    const { invNorm, docCount } = this.snapshot();
    const accumulator = this.accumulate(query, undefined);
    const alive = this.documents.aliveFlags;
    for (let d = 0; d < docCount; d++) {
      const sum = accumulator[d];
      if (sum === 0) continue;
      accumulator[d] = 0;
      const s = sum * invNorm[d];
      if (s >= minScore && s > top.threshold && alive[d]) top.push(d, s);
    }
    for (let d = docCount; d < this.documents.length; d++) {
      if (!alive[d]) continue;
      const s = this.scoreOne(d);
      if (s >= minScore) top.push(d, s);
    }
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
    if (this.postingsCost(query) < directCost) {
      const accumulator = this.accumulate(query, mask);
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

  /** Add each query term's contribution to the documents in its postings (only masked ones with `mask`). */
  private accumulate(query: SparseVector, mask: Uint8Array | undefined): Float64Array {
    const { idf, start, bytes, docCount, maxPostingBytes } = this.snapshot();
    this.accumulator ??= new Float64Array(docCount);
    if (this.postingDocs.length < maxPostingBytes) {
      this.postingDocs = new Uint32Array(maxPostingBytes);
      this.postingCounts = new Uint16Array(maxPostingBytes);
    }
    const { accumulator, postingDocs: docs, postingCounts: tfs } = this;
    for (let i = 0; i < query.ids.length; i++) {
      const term = query.ids[i];
      if (term >= idf.length || idf[term] <= 0) continue;
      const qidf = query.weights[i] * idf[term];
      const n = readEntries(bytes, start[term], start[term + 1], docs, tfs);
      if (mask) {
        for (let p = 0; p < n; p++) if (mask[docs[p]]) accumulator[docs[p]] += qidf * LOG_TF[tfs[p]];
      } else {
        for (let p = 0; p < n; p++) accumulator[docs[p]] += qidf * LOG_TF[tfs[p]];
      }
    }
    return accumulator;
  }

  private postingsCost(query: SparseVector): number {
    const { idf, start } = this.snapshot();
    let cost = 0;
    for (let i = 0; i < query.ids.length; i++) {
      const term = query.ids[i];
      if (term < idf.length) cost += start[term + 1] - start[term];
    }
    return cost;
  }
}
