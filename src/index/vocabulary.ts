/**
 * The index's vocabulary: term ids, document frequencies and display forms, sized for a million terms.
 *
 * Reading a document follows src/text/tokenize.ts exactly (same words, stop words, stems and bigrams as
 * `terms`), but on the hot path: words come from a scanner that caches, per distinct word, its unigram id (or
 * that it makes no term); bigrams are found by their two unigram ids in a typed-array table, so no bigram
 * string is built per occurrence; per-document counts use a dense scratch array instead of a Map. A display
 * form ("surface") is kept only for terms that count (document frequency at least the index's minimum), so
 * the many bigrams seen in a single abstract cost a few typed-array slots and no strings.
 */
import { isContentWord, stem, stemUncached, words } from '../text/tokenize.js';
import { WordScanner } from '../text/word-scanner.js';
import { PairTable } from './pair-table.js';
import { SurfacePool } from './surface-pool.js';
import type { ImageParts } from './image-parts.js';
import type { Pacer } from '../pacer.js';

const NOT_CONTENT = -1;
const UNKNOWN = -2;

/** Sorted unique term ids of a text and how often each occurs (capped at 65535). */
export interface TermCounts {
  ids: Uint32Array;
  counts: Uint16Array;
}

export class Vocabulary {
  private readonly unigrams = new Map<string, number>();
  /** Stem of each unigram id (bigrams have none: their key is made from their two unigrams). */
  private readonly stems = new Map<number, string>();
  private readonly surfaces = new SurfacePool();
  private termCount = 0;
  private dfs = new Uint32Array(1024);
  /** Counts of the document being read, by term id (saturating at 65535). */
  private docScratch = new Uint16Array(1024);
  private touched = new Int32Array(1024);
  /** Word index of each touched term's first occurrence, times 2, plus 1 for a bigram. */
  private touchedAt = new Int32Array(1024);
  private sortedIds = new Uint32Array(1024);
  private sortedCounts = new Uint16Array(1024);
  private readonly pairs = new PairTable();
  private readonly scanner = new WordScanner((word) => this.unigramOf(word, true));

  /** Number of term ids handed out (unigrams and bigrams, counted or not). */
  get size(): number {
    return this.termCount;
  }

  /** Document frequency per term id (live view; reallocated as the vocabulary grows). */
  get df(): Uint32Array {
    return this.dfs;
  }

  /**
   * Read a new document, given as parts of text joined end to end (see `paperText`): create ids for its new
   * terms, add 1 to the document frequency of each of its terms, and give a display form (from this document)
   * to each term whose frequency reaches `surfaceAt` with it. The arrays returned are reused by the next call.
   */
  addDocument(parts: string[], surfaceAt: number): TermCounts {
    const n = this.scanner.scan(parts);
    const values = this.scanner.values;
    if (this.touched.length < 2 * n) this.growTouched(2 * n);
    let m = 0;
    let previous = NOT_CONTENT;
    for (let i = 0; i < n; i++) {
      const unigram = values[i];
      if (unigram < 0) {
        previous = NOT_CONTENT;
        continue;
      }
      if (this.bump(unigram)) {
        this.touched[m] = unigram;
        this.touchedAt[m++] = 2 * i;
      }
      if (previous >= 0) {
        const bigram = this.bigramOf(previous, unigram);
        if (this.bump(bigram)) {
          this.touched[m] = bigram;
          this.touchedAt[m++] = 2 * i + 1;
        }
      }
      previous = unigram;
    }
    this.countDocument(m, surfaceAt);
    return this.collectCounts(m);
  }

  /** Count the known terms of a query (no ids are created). */
  readQuery(text: string): Map<number, number> {
    const counts = new Map<number, number>();
    let previous = NOT_CONTENT;
    for (const word of words(text)) {
      const unigram = this.unigramOf(word, false);
      if (unigram === NOT_CONTENT) {
        previous = NOT_CONTENT;
        continue;
      }
      if (unigram >= 0) counts.set(unigram, (counts.get(unigram) ?? 0) + 1);
      const bigram = previous >= 0 && unigram >= 0 ? this.pairs.get(previous, unigram) : -1;
      if (bigram >= 0) counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
      previous = unigram;
    }
    return counts;
  }

  /** Subtract 1 from the document frequency of each term of a removed document. */
  removeDocument(ids: Uint32Array): void {
    const df = this.dfs;
    for (let i = 0; i < ids.length; i++) df[ids[i]]--;
  }

  /** The stemmed key of a term: `adapt`, `low rank`. */
  keyOf(id: number): string {
    if (id >= this.size) return '';
    const stemmed = this.stems.get(id);
    if (stemmed !== undefined) return stemmed;
    const parts = this.pairs.partsOf(id);
    if (!parts) return '';
    return `${this.stems.get(parts[0])} ${this.stems.get(parts[1])}`;
  }

  /** Display form of a term: as written in the document that made it count, else its stemmed key. */
  surface(id: number): string {
    if (id >= this.size) return '';
    return this.surfaces.get(id) || this.keyOf(id);
  }

  /** Forget the display forms of terms below `minDf` documents (they carry no weight), paced; returns how many. */
  dropSurfaces(minDf: number, pacer: Pacer): Promise<number> {
    // The counts as they are at each term (documents may come while the work yields; the array may grow).
    return this.surfaces.dropWhere((id) => this.dfs[id] < minDf, pacer);
  }

  /** Put the vocabulary into an image (views of its arrays: take the image before the next document). */
  writeImage(parts: ImageParts, prefix: string): void {
    parts.numbers.set(`${prefix}.terms`, this.termCount);
    parts.arrays.set(`${prefix}.df`, this.dfs.subarray(0, this.termCount));
    parts.arrays.set(`${prefix}.stemIds`, Uint32Array.from(this.stems.keys()));
    parts.lists.set(`${prefix}.stems`, [...this.stems.values()]);
    this.pairs.writeImage(parts, `${prefix}.pairs`);
    this.surfaces.writeImage(parts, `${prefix}.surfaces`);
  }

  /** Take the vocabulary from an image, into an empty one. Throws a RangeError when the parts do not fit together. */
  readImage(parts: ImageParts, prefix: string): void {
    if (this.termCount > 0) throw new Error('an image goes into an empty vocabulary');
    const terms = parts.number(`${prefix}.terms`);
    const df = parts.array(`${prefix}.df`, Uint32Array);
    const stemIds = parts.array(`${prefix}.stemIds`, Uint32Array);
    const stems = parts.list(`${prefix}.stems`);
    if (df.length !== terms || stemIds.length !== stems.length) throw new RangeError('vocabulary arrays differ in length');
    for (let i = 0; i < stemIds.length; i++) {
      if (stemIds[i] >= terms || this.unigrams.has(stems[i])) throw new RangeError(`unigram ${stems[i]} is out of place`);
      this.unigrams.set(stems[i], stemIds[i]);
      this.stems.set(stemIds[i], stems[i]);
    }
    this.pairs.readImage(parts, `${prefix}.pairs`);
    this.surfaces.readImage(parts, `${prefix}.surfaces`);
    const capacity = Math.max(1024, Math.ceil(terms * 1.5));
    this.dfs = new Uint32Array(capacity);
    this.dfs.set(df);
    this.docScratch = new Uint16Array(capacity);
    this.termCount = terms;
  }

  /** Count one more occurrence of a term in the current document; true for its first. */
  private bump(id: number): boolean {
    const count = this.docScratch[id];
    if (count < 65535) this.docScratch[id] = count + 1;
    return count === 0;
  }

  /** Add 1 to the df of the `m` touched terms; name those that reach `surfaceAt` now. */
  private countDocument(m: number, surfaceAt: number): void {
    const df = this.dfs;
    for (let k = 0; k < m; k++) {
      const id = this.touched[k];
      if (++df[id] === surfaceAt && !this.surfaces.has(id)) {
        const at = this.touchedAt[k];
        const i = at >> 1;
        this.surfaces.set(id, at & 1 ? `${this.scanner.word(i - 1)} ${this.scanner.word(i)}` : this.scanner.word(i));
      }
    }
  }

  /** Sorted ids and counts of the `m` touched terms (views of reused buffers); clears the scratch counts. */
  private collectCounts(m: number): TermCounts {
    if (this.sortedIds.length < m) {
      this.sortedIds = new Uint32Array(this.touched.length);
      this.sortedCounts = new Uint16Array(this.touched.length);
    }
    const ids = this.sortedIds.subarray(0, m);
    ids.set(this.touched.subarray(0, m));
    ids.sort();
    const counts = this.sortedCounts.subarray(0, m);
    const scratch = this.docScratch;
    for (let k = 0; k < m; k++) {
      counts[k] = scratch[ids[k]];
      scratch[ids[k]] = 0;
    }
    return { ids, counts };
  }

  /** Unigram id of a lower-case word, NOT_CONTENT for a word that makes no term, UNKNOWN when new and not created. */
  private unigramOf(word: string, create: boolean): number {
    if (!isContentWord(word)) return NOT_CONTENT;
    // Documents' words reach here once each (the scanner caches them), so their stems need no second cache.
    const key = create ? stemUncached(word) : stem(word);
    let id = this.unigrams.get(key);
    if (id === undefined) {
      if (!create) return UNKNOWN;
      id = this.newTerm(key);
      this.unigrams.set(key, id);
    }
    return id;
  }

  private bigramOf(a: number, b: number): number {
    const id = this.pairs.get(a, b);
    if (id >= 0) return id;
    const created = this.newTerm('');
    this.pairs.insert(a, b, created);
    return created;
  }

  private newTerm(stemKey: string): number {
    const id = this.termCount++;
    if (id >= this.dfs.length) {
      const capacity = Math.ceil(this.dfs.length * 1.5);
      this.dfs = resized(this.dfs, capacity);
      const scratch = new Uint16Array(capacity);
      scratch.set(this.docScratch);
      this.docScratch = scratch;
    }
    if (stemKey !== '') this.stems.set(id, stemKey);
    return id;
  }

  private growTouched(size: number): void {
    this.touched = new Int32Array(size);
    this.touchedAt = new Int32Array(size);
  }
}

function resized(array: Uint32Array, capacity: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(capacity);
  next.set(array);
  return next;
}
