/**
 * The TF-IDF index: every setting written out, vectors and postings on typed arrays.
 *
 * - tf is sublinear: 1 + ln(count); idf is smoothed: ln((1 + N) / (1 + df)) + 1; vectors are L2-normalised.
 * - A term counts only when its document frequency is within the cut-offs (at least `minDf` documents, at most
 *   `maxDfRatio` of them); others get weight 0 (but are kept, so a later refresh counts them exactly).
 * - Documents live in two parts: a "main" part with an inverted index (src/index/postings.ts), and a small
 *   "recent" part scored directly, with weights fixed when added (under the last refresh's idf). `add` puts
 *   documents in the recent part at once; `refresh` recomputes idf and rebuilds the postings in paced chunks
 *   that yield to the event loop (src/pacer.ts), then swaps; searches meanwhile use the previous state.
 * - Search (a query) and ranking (a profile) share `score`: a weighted term vector against documents. Every
 *   way of scoring a document (full search, candidate list, candidate set, `scoreMany`) gives the same number.
 *
 * Terms live in src/index/vocabulary.ts, documents in src/index/document-store.ts, scoring in
 * src/index/scorer.ts and src/index/candidate-set.ts.
 */
import { paperParts } from '../text/tokenize.js';
import { type SparseVector, TopK, EMPTY_VECTOR } from './sparse.js';
import { Vocabulary } from './vocabulary.js';
import { DocumentStore } from './document-store.js';
import { buildSnapshot, EMPTY_SNAPSHOT, LOG_TF, type Snapshot } from './postings.js';
import { Scorer } from './scorer.js';
import { Pacer } from '../pacer.js';
import { CandidateCache } from './candidate-set.js';
import { CandidateSpace, CandidateSpaceCache } from './candidate-space.js';
import { type IndexedText, type IndexSettings, type ResolvedIndexSettings, type ScoredDoc, withDefaults } from './index-settings.js';
import { imageOf, termsOfImage } from './index-image.js';
import type { ImageParts } from './image-parts.js';
import { DEFAULT_MAX_DF_RATIO, dropCovered, idfFormula, idfOf, MAX_DF_FROM, normalized, topContributions } from './weighting.js';

/** `scoreMany` of at most this many documents walks query and document side by side (no scratch vector). */
const FEW_DOCUMENTS = 8;

function isAscending(ids: Uint32Array): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i] <= ids[i - 1]) return false;
  return true;
}

export type { IndexedText, IndexSettings, ScoredDoc } from './index-settings.js';

export class TfIdfIndex {
  private vocabulary = new Vocabulary();
  private documents = new DocumentStore();
  private snapshot: Snapshot = EMPTY_SNAPSHOT;
  /** Weights of the documents at positions `snapshot.docCount` and later, fixed when first needed. */
  private recentWeights: (Float32Array | undefined)[] = [];
  private scorer: Scorer;
  private refreshing: Promise<void> | undefined;
  /** Bumped by every add, remove and refresh: candidate sets built before are stale. */
  private version = 0;
  /** Long candidate lists scored again and again (a digest's week, once per channel) get their own index. */
  private readonly candidateSets = new CandidateCache();
  /** Candidate spaces (personal picks' similarity tables), dropped whenever the version moves. */
  private readonly candidateSpaces = new CandidateSpaceCache();
  private readonly settings: ResolvedIndexSettings;

  constructor(settings: IndexSettings = {}) {
    this.settings = withDefaults(settings);
    this.scorer = this.scorerOf(this.documents);
  }

  /**
   * The index's documents and vocabulary as an image (index-image.ts), or undefined while a refresh runs. The
   * image's arrays are views of the index's own: encode it before the index changes again (`stateVersion`).
   */
  writeImage(): ImageParts | undefined {
    return this.refreshing ? undefined : imageOf(this.vocabulary, this.documents);
  }

  /**
   * Take documents and vocabulary from an image, into an empty index; `refresh` then builds the postings. Throws
   * `ImageMismatch` (and leaves the index empty) when the image cannot be used.
   */
  readImage(parts: ImageParts): void {
    if (this.documents.length > 0) throw new Error('an image goes into an empty index');
    ({ vocabulary: this.vocabulary, documents: this.documents } = termsOfImage(parts));
    this.scorer = this.scorerOf(this.documents);
    this.version++;
  }

  /** Number of documents searchable now. */
  get size(): number {
    return this.documents.liveCount;
  }

  /** Changes with every add, remove and refresh: what is computed from the documents holds while it stands. */
  get stateVersion(): number {
    return this.version;
  }

  /** Number of distinct terms seen (before cut-offs). */
  get vocabularySize(): number {
    return this.vocabulary.size;
  }

  /** Documents added since the last refresh (scored without postings). */
  get pendingCount(): number {
    return this.documents.length - this.snapshot.docCount;
  }

  /** True when a document with this id is in the index. */
  has(id: string): boolean {
    return this.documents.positionOf(id) !== undefined;
  }

  /**
   * Position of a live document: fixed until it is removed or replaced. An image lists per-document data by
   * position (its `documents.ids` list).
   */
  positionOf(id: string): number | undefined {
    return this.documents.positionOf(id);
  }

  /** Add or replace documents now (synchronous). Call `refresh` afterwards to fold them into the postings. */
  add(docs: Iterable<IndexedText>): void {
    for (const doc of docs) this.addOne(doc);
  }

  /** Add documents, yielding to the event loop every `chunkSize` documents or `sliceMs` so the process keeps answering. */
  async addAsync(docs: Iterable<IndexedText>): Promise<void> {
    const pacer = new Pacer(this.settings.chunkSize, this.settings.sliceMs);
    for (const doc of docs) {
      this.addOne(doc);
      const pause = pacer.tick();
      if (pause) await pause;
    }
    await pacer.pause();
  }

  /** Remove a document. */
  remove(id: string): void {
    this.version++;
    const position = this.documents.kill(id);
    if (position !== undefined) this.vocabulary.removeDocument(this.documents.read(position).ids);
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
    if (this.pendingCount > Math.max(minimum, this.size * ratio)) await this.refresh();
  }

  /** The weighted, normalised vector of a free-text query under the current idf. */
  vectorize(text: string): SparseVector {
    const counts = this.vocabulary.readQuery(text);
    const ids = Uint32Array.from(counts.keys()).sort();
    const weights = Float32Array.from(ids, (id) => LOG_TF[Math.min(65535, counts.get(id)!)] * this.currentIdf(id));
    return normalized(ids, weights, true);
  }

  /** The stored vector of a document, or an empty vector when unknown. */
  documentVector(id: string): SparseVector {
    const position = this.documents.positionOf(id);
    if (position === undefined) return EMPTY_VECTOR;
    if (position >= this.snapshot.docCount) return { ids: this.documents.read(position).ids, weights: this.recentWeightsAt(position) };
    const { ids, counts } = this.documents.read(position);
    const { idf, invNorm } = this.snapshot;
    const weights = new Float32Array(ids.length);
    for (let i = 0; i < ids.length; i++) weights[i] = LOG_TF[counts[i]] * idf[ids[i]] * invNorm[position];
    return { ids, weights };
  }

  /**
   * Score documents against a weighted term vector (cosine when both are normalised). With `candidates`, only
   * those ids are scored; otherwise the whole index. Returns the `limit` best with a positive score, best first.
   */
  score(query: SparseVector, options: { limit: number; candidates?: string[]; minScore?: number }): ScoredDoc[] {
    const top = new TopK(options.limit);
    const minScore = options.minScore ?? 1e-9;
    if (query.ids.length === 0) return [];
    const set = options.candidates ? this.candidateSets.get(options.candidates, this.version, this.documents, this.snapshot) : undefined;
    if (set) set.scoreMain(query, this.snapshot, top, minScore);
    if (!set || set.recent.length > 0) {
      this.scratchFor(query, () => {
        if (set) this.scorer.scoreSome(set.recent, top, minScore);
        else if (options.candidates) this.scorer.scoreCandidates(query, this.positionsOf(options.candidates), top, minScore);
        else this.scorer.scoreAll(query, top, minScore);
      });
    }
    return top.result().map(({ item, score }) => ({ id: this.documents.idAt(item), score }));
  }

  /** Scores of the given documents for one query, in the order given (0 for unknown ids). */
  scoreMany(query: SparseVector, ids: string[]): Float64Array {
    const out = new Float64Array(ids.length);
    if (query.ids.length === 0) return out;
    if (ids.length <= FEW_DOCUMENTS && isAscending(query.ids)) {
      for (let i = 0; i < ids.length; i++) {
        const position = this.documents.positionOf(ids[i]);
        if (position !== undefined) out[i] = this.scorer.scoreMerged(query, position);
      }
      return out;
    }
    this.scratchFor(query, () => {
      for (let i = 0; i < ids.length; i++) {
        const position = this.documents.positionOf(ids[i]);
        if (position !== undefined) out[i] = this.scorer.scoreOne(position);
      }
    });
    return out;
  }

  /** The terms that contribute most to a document's score for `query`, in display form, largest first. */
  explain(query: SparseVector, id: string, n = 3): string[] {
    return this.explainVector(query, this.documentVector(id), n);
  }

  /** `explain` for a document's vector already at hand (`documentVector`; query ids ascending, as vectors here are). */
  explainVector(query: SparseVector, doc: SparseVector, n = 3): string[] {
    return dropCovered(topContributions(query, doc, n * 2).map((term) => this.vocabulary.surface(term))).slice(0, n);
  }

  /**
   * The candidate space of `ids` (see candidate-space.ts) for the index as it is now: built once per candidate
   * list and index version, so every add, remove or refresh leads to a fresh one.
   */
  candidateSpace(ids: string[]): CandidateSpace {
    return this.candidateSpaces.get(ids, this.version, () => new CandidateSpace(ids, (id) => this.documentVector(id), this.vocabularySize));
  }

  /** Display form of a term id. */
  surface(termId: number): string {
    return this.vocabulary.surface(termId);
  }

  /** Current idf of a term id (0 when outside the cut-offs). */
  idfOf(termId: number): number {
    return this.currentIdf(termId);
  }

  private addOne(doc: IndexedText): void {
    this.version++;
    if (this.has(doc.id)) this.remove(doc.id);
    const terms = this.vocabulary.addDocument(paperParts(doc), Math.max(1, this.minDf()));
    const position = this.documents.append(doc.id, terms);
    // Weigh now, while adding (which yields), rather than all at once in the next search; a first bulk load
    // (nothing refreshed yet) skips this, as its refresh weighs everything anyway.
    if (this.snapshot.docCount > 0) this.recentWeightsAt(position);
  }

  /**
   * Weights of a document not yet in the postings: under the last refresh's idf (terms first seen since then
   * with their current counts), computed when first needed and kept until the next refresh. Computing them
   * lazily keeps a bulk load (add everything, then refresh) from weighing every document twice.
   */
  private recentWeightsAt(position: number): Float32Array {
    const slot = position - this.snapshot.docCount;
    let weights = this.recentWeights[slot];
    if (weights === undefined) {
      const { ids, counts } = this.documents.read(position);
      weights = normalized(ids, Float32Array.from(ids, (id, i) => LOG_TF[counts[i]] * this.currentIdf(id)), false).weights;
      while (this.recentWeights.length < slot) this.recentWeights.push(undefined);
      this.recentWeights[slot] = weights;
    }
    return weights;
  }

  /** The default cut applies from `MAX_DF_FROM` documents on: in a tiny corpus every word is "common". */
  private maxDfRatio(): number {
    if (this.settings.maxDfRatio >= 0) return this.settings.maxDfRatio;
    return this.size < MAX_DF_FROM ? 1 : DEFAULT_MAX_DF_RATIO;
  }

  private minDf(): number {
    if (this.settings.minDf >= 0) return this.settings.minDf;
    return this.size < 200 ? 1 : 2;
  }

  /** Idf from the last refresh; terms first seen after it use the current counts. */
  private currentIdf(termId: number): number {
    const { idf } = this.snapshot;
    if (termId < idf.length) return idf[termId];
    if (termId >= this.vocabulary.size) return 0;
    return idfFormula(this.vocabulary.df[termId], Math.max(this.size, 1), this.minDf(), this.maxDfRatio());
  }

  private scorerOf(documents: DocumentStore): Scorer {
    return new Scorer(documents, () => this.snapshot, (position) => this.recentWeightsAt(position), this.settings.pruneFrom);
  }

  /** Run `body` with `query` loaded into the scorer's dense scratch vector, cleared afterwards. */
  private scratchFor(query: SparseVector, body: (scratch: Float32Array) => void): void {
    const scratch = this.scorer.load(query, this.vocabulary.size);
    try {
      body(scratch);
    } finally {
      this.scorer.unload(query);
    }
  }

  private positionsOf(ids: string[]): number[] {
    const positions: number[] = [];
    for (const id of ids) {
      const position = this.documents.positionOf(id);
      if (position !== undefined) positions.push(position);
    }
    return positions;
  }

  private async rebuild(): Promise<void> {
    const pacer = new Pacer(this.settings.chunkSize * 4, this.settings.sliceMs);
    // Surfaces are dropped below, in place: an image taken before this moment is no longer the index's.
    this.version++;
    const n = Math.max(this.size, 1);
    const minDf = this.minDf();
    const maxDfRatio = this.maxDfRatio();
    // The idf is worked out at once (documents added meanwhile must not count in it); the rest is paced.
    const idf = idfOf(this.vocabulary.df, this.vocabulary.size, n, minDf, maxDfRatio);
    const docCount = this.documents.length;
    if (minDf > 1) await this.vocabulary.dropSurfaces(minDf, pacer);
    const next = await buildSnapshot({ documents: this.documents, docCount, idf, pacer });
    // Documents added while we yielded keep their own weights and are scored directly until the next refresh.
    this.recentWeights = this.recentWeights.slice(next.docCount - this.snapshot.docCount);
    this.snapshot = next;
    this.version++;
    this.scorer.resetAccumulator();
  }
}
