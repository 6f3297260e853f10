/**
 * The TF-IDF index: every setting written out, vectors and postings on typed arrays.
 *
 * - tf is sublinear: 1 + ln(count); idf is smoothed: ln((1 + N) / (1 + df)) + 1; vectors are L2-normalised.
 * - A term counts only when its document frequency is within the cut-offs (at least `minDf` documents, at most
 *   `maxDfRatio` of them); others get weight 0.
 * - Documents live in two parts: a "main" part with an inverted index (postings in one CSR block of typed
 *   arrays), and a small "recent" part scored directly. `add` puts documents in the recent part at once;
 *   `refresh` recomputes idf and rebuilds the postings in chunks, yielding to the event loop, then swaps.
 * - Search (a query) and ranking (a profile) share `score`: a weighted term vector against documents.
 */
import { terms, paperText } from '../text/tokenize.js';
import { type SparseVector, TopK, EMPTY_VECTOR } from './sparse.js';

export interface IndexSettings {
  /** Minimum document frequency for a term to count. Default: 2, or 1 below 200 documents. */
  minDf?: number;
  /** Maximum document frequency as a fraction of documents. Default 0.5. */
  maxDfRatio?: number;
  /** Documents processed between yields to the event loop during `addAsync`/`refresh`. Default 500. */
  chunkSize?: number;
}

export interface IndexedText {
  id: string;
  title: string;
  abstract: string;
}

export interface ScoredDoc {
  id: string;
  score: number;
}

interface Postings {
  start: Uint32Array;
  docs: Uint32Array;
  weights: Float32Array;
  /** Documents with a position below this are in the postings. */
  docCount: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class TfIdfIndex {
  private readonly vocab = new Map<string, number>();
  private readonly surfaces: string[] = [];
  private df = new Uint32Array(1024);
  private idf: Float32Array = new Float32Array(0);
  private readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();
  private readonly docTerms: Uint32Array[] = [];
  private readonly docCounts: Uint16Array[] = [];
  private docWeights: Float32Array[] = [];
  private alive = new Uint8Array(1024);
  private liveCount = 0;
  private postings: Postings = { start: new Uint32Array(1), docs: new Uint32Array(0), weights: new Float32Array(0), docCount: 0 };
  private scratch = new Float32Array(0);
  private refreshing: Promise<void> | undefined;
  private readonly settings: Required<IndexSettings>;

  constructor(settings: IndexSettings = {}) {
    this.settings = { minDf: settings.minDf ?? -1, maxDfRatio: settings.maxDfRatio ?? 0.5, chunkSize: settings.chunkSize ?? 500 };
  }

  /** Number of documents searchable now. */
  get size(): number {
    return this.liveCount;
  }

  /** Number of distinct terms seen (before cut-offs). */
  get vocabularySize(): number {
    return this.vocab.size;
  }

  /** Documents added since the last refresh (scored without postings). */
  get pendingCount(): number {
    return this.ids.length - this.postings.docCount;
  }

  has(id: string): boolean {
    return this.positions.has(id);
  }

  /** Add or replace documents now (synchronous). Call `refresh` afterwards to fold them into the postings. */
  add(docs: Iterable<IndexedText>): void {
    for (const doc of docs) this.addOne(doc);
  }

  /** Add documents in chunks, yielding between chunks so the process keeps answering. */
  async addAsync(docs: IndexedText[]): Promise<void> {
    for (let i = 0; i < docs.length; i += this.settings.chunkSize) {
      this.add(docs.slice(i, i + this.settings.chunkSize));
      await yieldToEventLoop();
    }
  }

  /** Remove a document. */
  remove(id: string): void {
    const position = this.positions.get(id);
    if (position === undefined) return;
    this.positions.delete(id);
    this.alive[position] = 0;
    this.liveCount--;
    const termIds = this.docTerms[position];
    for (let i = 0; i < termIds.length; i++) this.df[termIds[i]]--;
  }

  /**
   * Recompute idf and rebuild the postings over all documents, in chunks that yield to the event loop.
   * Searches keep working on the previous state until the new one is swapped in. Concurrent calls share one run.
   */
  refresh(): Promise<void> {
    this.refreshing ??= this.rebuild().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Refresh when the recent part has grown past `ratio` of the index (and at least `minimum` documents). */
  async refreshIfStale(ratio = 0.1, minimum = 1000): Promise<void> {
    if (this.pendingCount > Math.max(minimum, this.liveCount * ratio)) await this.refresh();
  }

  /** The weighted, normalised vector of a free-text query under the current idf. */
  vectorize(text: string): SparseVector {
    const counts = new Map<number, number>();
    for (const term of terms(text)) {
      const id = this.vocab.get(term.key);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return this.weigh(counts);
  }

  /** The stored vector of a document, or an empty vector when unknown. */
  documentVector(id: string): SparseVector {
    const position = this.positions.get(id);
    if (position === undefined) return EMPTY_VECTOR;
    return { ids: this.docTerms[position], weights: this.docWeights[position] };
  }

  /**
   * Score documents against a weighted term vector (cosine when both are normalised). With `candidates`, only
   * those ids are scored; otherwise the whole index. Returns the `limit` best with a positive score, best first.
   */
  score(query: SparseVector, options: { limit: number; candidates?: string[]; minScore?: number }): ScoredDoc[] {
    const top = new TopK(options.limit);
    const minScore = options.minScore ?? 1e-9;
    if (query.ids.length === 0) return [];
    if (options.candidates) {
      for (const id of options.candidates) {
        const position = this.positions.get(id);
        if (position === undefined) continue;
        const s = this.dot(query, position);
        if (s >= minScore) top.push(position, s);
      }
    } else {
      this.scoreAll(query, top, minScore);
    }
    return top.result().map(({ item, score }) => ({ id: this.ids[item], score }));
  }

  /** Scores of the given documents for one query, in the order given (0 for unknown ids). */
  scoreMany(query: SparseVector, ids: string[]): Float64Array {
    const out = new Float64Array(ids.length);
    if (query.ids.length === 0) return out;
    this.loadScratch(query);
    for (let i = 0; i < ids.length; i++) {
      const position = this.positions.get(ids[i]);
      if (position !== undefined) out[i] = this.dotScratch(position);
    }
    this.clearScratch(query);
    return out;
  }

  /** The terms that contribute most to a document's score for `query`, in display form, largest first. */
  explain(query: SparseVector, id: string, n = 3): string[] {
    const position = this.positions.get(id);
    if (position === undefined) return [];
    const weights = new Map<number, number>();
    for (let i = 0; i < query.ids.length; i++) weights.set(query.ids[i], query.weights[i]);
    const termIds = this.docTerms[position];
    const docWeights = this.docWeights[position];
    const contributions: { term: number; value: number }[] = [];
    for (let i = 0; i < termIds.length; i++) {
      const q = weights.get(termIds[i]);
      if (q !== undefined && q * docWeights[i] > 0) contributions.push({ term: termIds[i], value: q * docWeights[i] });
    }
    contributions.sort((a, b) => b.value - a.value);
    return dropCovered(contributions.slice(0, n * 2).map((c) => this.surfaces[c.term])).slice(0, n);
  }

  /** Display form of a term id. */
  surface(termId: number): string {
    return this.surfaces[termId] ?? '';
  }

  /** Current idf of a term id (0 when outside the cut-offs). */
  idfOf(termId: number): number {
    return this.currentIdf(termId);
  }

  private addOne(doc: IndexedText): void {
    if (this.positions.has(doc.id)) this.remove(doc.id);
    const counts = new Map<number, number>();
    for (const term of terms(paperText(doc))) {
      let id = this.vocab.get(term.key);
      if (id === undefined) {
        id = this.vocab.size;
        this.vocab.set(term.key, id);
        this.surfaces.push(term.surface);
        if (id >= this.df.length) this.df = grow(this.df, id + 1);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const termIds = Uint32Array.from(counts.keys()).sort();
    const tf = Uint16Array.from(termIds, (id) => Math.min(65535, counts.get(id)!));
    for (const id of termIds) this.df[id]++;
    const position = this.ids.length;
    this.ids.push(doc.id);
    this.positions.set(doc.id, position);
    this.docTerms.push(termIds);
    this.docCounts.push(tf);
    if (position >= this.alive.length) this.alive = grow(this.alive, position + 1);
    this.alive[position] = 1;
    this.liveCount++;
    this.docWeights.push(this.documentWeights(termIds, tf));
  }

  private minDf(): number {
    if (this.settings.minDf >= 0) return this.settings.minDf;
    return this.liveCount < 200 ? 1 : 2;
  }

  private computeIdf(df: number, n: number): number {
    if (df < this.minDf() || df > this.settings.maxDfRatio * n || df === 0) return 0;
    return Math.log((1 + n) / (1 + df)) + 1;
  }

  /** Idf from the last refresh; terms first seen after it use the current counts. */
  private currentIdf(termId: number): number {
    if (termId < this.idf.length) return this.idf[termId];
    return this.computeIdf(this.df[termId], Math.max(this.liveCount, 1));
  }

  private documentWeights(termIds: Uint32Array, tf: Uint16Array): Float32Array {
    const weights = new Float32Array(termIds.length);
    let sum = 0;
    for (let i = 0; i < termIds.length; i++) {
      const w = (1 + Math.log(tf[i])) * this.currentIdf(termIds[i]);
      weights[i] = w;
      sum += w * w;
    }
    const length = Math.sqrt(sum);
    if (length > 0) for (let i = 0; i < weights.length; i++) weights[i] /= length;
    return weights;
  }

  private weigh(counts: Map<number, number>): SparseVector {
    const ids = Uint32Array.from(counts.keys()).sort();
    const weights = Float32Array.from(ids, (id) => (1 + Math.log(counts.get(id)!)) * this.currentIdf(id));
    let sum = 0;
    for (const w of weights) sum += w * w;
    const length = Math.sqrt(sum);
    if (length > 0) for (let i = 0; i < weights.length; i++) weights[i] /= length;
    const keep = [...ids.keys()].filter((i) => weights[i] > 0);
    return { ids: Uint32Array.from(keep, (i) => ids[i]), weights: Float32Array.from(keep, (i) => weights[i]) };
  }

  private dot(query: SparseVector, position: number): number {
    const termIds = this.docTerms[position];
    const weights = this.docWeights[position];
    let i = 0;
    let j = 0;
    let sum = 0;
    while (i < query.ids.length && j < termIds.length) {
      const a = query.ids[i];
      const b = termIds[j];
      if (a === b) sum += query.weights[i++] * weights[j++];
      else if (a < b) i++;
      else j++;
    }
    return sum;
  }

  private loadScratch(query: SparseVector): void {
    if (this.scratch.length < this.vocab.size) this.scratch = new Float32Array(Math.ceil(this.vocab.size * 1.25));
    for (let i = 0; i < query.ids.length; i++) this.scratch[query.ids[i]] = query.weights[i];
  }

  private clearScratch(query: SparseVector): void {
    for (let i = 0; i < query.ids.length; i++) this.scratch[query.ids[i]] = 0;
  }

  private dotScratch(position: number): number {
    const termIds = this.docTerms[position];
    const weights = this.docWeights[position];
    let sum = 0;
    for (let i = 0; i < termIds.length; i++) sum += this.scratch[termIds[i]] * weights[i];
    return sum;
  }

  private scoreAll(query: SparseVector, top: TopK, minScore: number): void {
    const { start, docs, weights, docCount } = this.postings;
    const accumulator = new Float32Array(docCount);
    for (let i = 0; i < query.ids.length; i++) {
      const term = query.ids[i];
      if (term + 1 >= start.length) continue;
      const q = query.weights[i];
      for (let p = start[term]; p < start[term + 1]; p++) accumulator[docs[p]] += q * weights[p];
    }
    for (let d = 0; d < docCount; d++) {
      const s = accumulator[d];
      if (s >= minScore && s > top.threshold && this.alive[d]) top.push(d, s);
    }
    for (let d = docCount; d < this.ids.length; d++) {
      if (!this.alive[d]) continue;
      const s = this.dot(query, d);
      if (s >= minScore) top.push(d, s);
    }
  }

  private async rebuild(): Promise<void> {
    const chunk = this.settings.chunkSize * 4;
    const docCount = this.ids.length;
    const n = Math.max(this.liveCount, 1);
    const vocabSize = this.vocab.size;
    const idf = new Float32Array(vocabSize);
    for (let t = 0; t < vocabSize; t++) idf[t] = this.computeIdf(this.df[t], n);
    const previousIdf = this.idf;
    this.idf = idf;
    const weights: Float32Array[] = new Array(docCount);
    const lengths = new Uint32Array(vocabSize + 1);
    for (let d = 0; d < docCount; d++) {
      weights[d] = this.documentWeights(this.docTerms[d], this.docCounts[d]);
      if (this.alive[d]) {
        const termIds = this.docTerms[d];
        for (let i = 0; i < termIds.length; i++) if (weights[d][i] > 0) lengths[termIds[i] + 1]++;
      }
      if (d % chunk === chunk - 1) await this.pause(previousIdf, idf);
    }
    for (let t = 0; t < vocabSize; t++) lengths[t + 1] += lengths[t];
    const start = lengths;
    const fill = start.slice(0, vocabSize);
    const postingDocs = new Uint32Array(start[vocabSize]);
    const postingWeights = new Float32Array(start[vocabSize]);
    for (let d = 0; d < docCount; d++) {
      if (!this.alive[d]) continue;
      const termIds = this.docTerms[d];
      const w = weights[d];
      for (let i = 0; i < termIds.length; i++) {
        if (w[i] <= 0) continue;
        const slot = fill[termIds[i]]++;
        postingDocs[slot] = d;
        postingWeights[slot] = w[i];
      }
      if (d % chunk === chunk - 1) await this.pause(previousIdf, idf);
    }
    // Documents added while we yielded keep their own weights and are scored directly until the next refresh.
    for (let d = docCount; d < this.ids.length; d++) weights[d] = this.docWeights[d];
    this.idf = idf;
    this.docWeights = weights;
    this.postings = { start, docs: postingDocs, weights: postingWeights, docCount };
  }

  /** Yield during a rebuild; searches in between must see the old idf, so swap it back while paused. */
  private async pause(previousIdf: Float32Array, nextIdf: Float32Array): Promise<void> {
    this.idf = previousIdf;
    await yieldToEventLoop();
    this.idf = nextIdf;
  }
}

/** Drop unigrams already shown inside a listed bigram: "low rank", not "low", "rank", "low rank". */
function dropCovered(surfaces: string[]): string[] {
  const covered = new Set(surfaces.filter((s) => s.includes(' ')).flatMap((s) => s.split(' ')));
  return [...new Set(surfaces.filter((s) => s.includes(' ') || !covered.has(s)))];
}

function grow<T extends Uint32Array | Uint8Array>(array: T, minimum: number): T {
  const next = new (array.constructor as new (n: number) => T)(Math.max(minimum, array.length * 2));
  next.set(array);
  return next;
}
