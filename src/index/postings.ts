/**
 * What a refresh computes and swaps in at once: idf per term, each document's inverse L2 norm, and the
 * inverted index. Postings are gap-coded (src/index/varint.ts): the postings of term t are the bytes
 * `bytes[start[t], start[t + 1])`, listing (document position, count of t in it) in position order.
 *
 * Postings keep the raw term count rather than a float weight: a document's weight for a term is
 * `logTf(count) * idf[term] * invNorm[doc]`, and every scoring path computes
 * `invNorm[doc] * sum over terms, in ascending id, of (q * idf[term]) * logTf(count)`, so scores from the
 * postings, from a candidate list and from `scoreMany` are bit-for-bit the same.
 */
import type { DocumentStore } from './document-store.js';
import { entryBytes, writeEntry } from './varint.js';
import { TERMS_PER_UNIT, type Pacer } from '../pacer.js';

/** Sublinear tf: LOG_TF[c] = 1 + ln(c) (0 for c = 0), for every count a document can store. */
export const LOG_TF: Float64Array = (() => {
  const table = new Float64Array(65536);
  for (let c = 1; c < table.length; c++) table[c] = 1 + Math.log(c);
  return table;
})();

/** A skip entry is kept for every `SKIP_EVERY`th posting of a term. */
export const SKIP_EVERY = 64;
/** Terms whose postings take at least this many bytes get a bound in `Snapshot.maxWeights`. */
export const BOUNDED_FROM = 1024;
const SKIP_COUNT_BITS = 2 ** 24;

/**
 * Skip entries let a search over a range of documents (a digest's week of candidates) start decoding a long
 * postings list near that range instead of at its start: for every `SKIP_EVERY`th posting of a term, the byte
 * offset just after it and its document.
 */
export interface Skips {
  /** For a term with skip entries: `first * 2^24 + count` (see `skipFirst`, `skipCount`). */
  entriesOf: Map<number, number>;
  offsets: Uint32Array;
  docs: Uint32Array;
}

/** Index of the first skip entry of `term` (see `skipCount`). */
export function skipFirst(skips: Skips, term: number): number {
  const packed = skips.entriesOf.get(term);
  return packed === undefined ? 0 : Math.floor(packed / SKIP_COUNT_BITS);
}

/** Number of skip entries of `term` (0 for a short postings list). */
export function skipCount(skips: Skips, term: number): number {
  const packed = skips.entriesOf.get(term);
  return packed === undefined ? 0 : packed % SKIP_COUNT_BITS;
}

/** Index of the last skip entry of `term` at a position below `lo`, or -1. */
export function lastSkipBefore(skips: Skips, term: number, lo: number): number {
  const count = skipCount(skips, term);
  if (count === 0) return -1;
  const first = skipFirst(skips, term);
  let low = first;
  let high = first + count;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (skips.docs[mid] < lo) low = mid + 1;
    else high = mid;
  }
  return low > first ? low - 1 : -1;
}

export interface Snapshot {
  /** Idf of every term id below `idf.length` (0 outside the df cut-offs). */
  idf: Float32Array;
  /** 1 / L2 norm of each document below `docCount` under `idf` (0 for an empty vector). */
  invNorm: Float64Array;
  /** Byte offset of each term's postings in `bytes` (length: terms + 1). */
  start: Uint32Array;
  bytes: Uint8Array;
  skips: Skips;
  /**
   * For each term with a long postings list (`BOUNDED_FROM` bytes or more): an upper bound of
   * `logTf(count) * invNorm[doc]` over its postings, so a search can tell that a term cannot lift a document
   * into its results without reading that term's postings. Terms without one have no bound (Infinity).
   */
  maxWeights: Map<number, number>;
  /** Documents at positions below this are in the postings; later ones are scored directly. */
  docCount: number;
}

export const EMPTY_SNAPSHOT: Snapshot = {
  idf: new Float32Array(0),
  invNorm: new Float64Array(0),
  start: new Uint32Array(1),
  bytes: new Uint8Array(0),
  skips: { entriesOf: new Map(), offsets: new Uint32Array(0), docs: new Uint32Array(0) },
  maxWeights: new Map(),
  docCount: 0,
};

export interface SnapshotInput {
  documents: DocumentStore;
  /** Documents at positions below this go into the postings: those the idf counts. */
  docCount: number;
  /** Idf of every term at the start of the build. */
  idf: Float32Array;
  /** Paces the work (one unit per document, per `TERMS_PER_UNIT` terms). */
  pacer: Pacer;
}


/**
 * Per-term state of a build, one record of `RECORD` numbers per term side by side (one cache line touched per
 * posting instead of one per array): bytes of postings (first pass) then write cursor (second pass), last
 * document, and postings counted (first pass) then `SKIP_EVERY` times the term's first skip entry plus the
 * postings written (second pass: every `SKIP_EVERY`th posting, it gives the skip entry to write).
 */
const RECORD = 3;
const CURSOR = 0;
const LAST = 1;
const COUNTED = 2;
/** `LAST` of a term that gets no postings (idf 0): the second pass passes over it on one read. */
const NO_POSTINGS = 0xffffffff;

/**
 * Build the norms and postings for every document stored now, in chunks. Documents added meanwhile are left
 * for the next build; documents removed meanwhile stay in the postings and are filtered out when scoring.
 */
export async function buildSnapshot(input: SnapshotInput): Promise<Snapshot> {
  const { documents, docCount, idf, pacer } = input;
  const alive = documents.aliveFlags.slice(0, docCount);
  const buffers = { terms: new Uint32Array(documents.maxLength), counts: new Uint16Array(documents.maxLength) };
  const vocabSize = idf.length;
  const invNorm = new Float64Array(docCount);
  const records = new Uint32Array(vocabSize * RECORD);
  for (let d = 0; d < docCount; d++) {
    if (alive[d]) invNorm[d] = normAndSize(documents, d, idf, buffers, records);
    const pause = pacer.tick();
    if (pause) await pause;
  }
  const start = new Uint32Array(vocabSize + 1);
  const skips = await startRecords(records, idf, start, pacer);
  const bytes = await fillPostings(input, alive, records, skips, new Uint8Array(start[vocabSize]), buffers);
  const maxWeights = await boundWeights(start, bytes, invNorm, pacer);
  return { idf, invNorm, start, bytes, skips, maxWeights, docCount };
}

/**
 * After the first pass: each term's postings offsets in `start`, its record ready for the second pass
 * (cursor at its start, nothing written from its first skip entry on), and room for the skip entries of
 * every term with `SKIP_EVERY` postings or more.
 */
async function startRecords(records: Uint32Array, idf: Float32Array, start: Uint32Array, pacer: Pacer): Promise<Skips> {
  const entriesOf = new Map<number, number>();
  let total = 0;
  let skipTotal = 0;
  for (let t = 0, r = 0; t < idf.length; t++, r += RECORD) {
    if ((t + 1) % TERMS_PER_UNIT === 0) {
      const pause = pacer.tick();
      if (pause) await pause;
    }
    start[t] = total;
    total += records[r + CURSOR];
    const count = Math.floor(records[r + COUNTED] / SKIP_EVERY);
    if (count > 0) entriesOf.set(t, skipTotal * SKIP_COUNT_BITS + count);
    records[r + CURSOR] = start[t];
    records[r + LAST] = idf[t] > 0 ? 0 : NO_POSTINGS;
    records[r + COUNTED] = skipTotal * SKIP_EVERY;
    skipTotal += count;
  }
  start[idf.length] = total;
  return { entriesOf, offsets: new Uint32Array(skipTotal), docs: new Uint32Array(skipTotal) };
}

type Buffers = { terms: Uint32Array; counts: Uint16Array };

/** 1 / L2 norm of document `d`; adds the bytes of its postings entries and 1 to the records of its terms. */
function normAndSize(documents: DocumentStore, d: number, idf: Float32Array, { terms, counts }: Buffers, records: Uint32Array): number {
  const n = documents.readInto(d, terms, counts);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t = terms[i];
    const w = idf[t];
    if (w <= 0) continue;
    const x = LOG_TF[counts[i]] * w;
    sum += x * x;
    const r = t * RECORD;
    records[r + CURSOR] += entryBytes(d - records[r + LAST], counts[i]);
    records[r + COUNTED]++;
    records[r + LAST] = d;
  }
  return sum > 0 ? 1 / Math.sqrt(sum) : 0;
}

/**
 * Second pass: write the postings into `bytes` at each term's cursor. Every `SKIP_EVERY`th posting of a term
 * leaves a skip entry.
 */
async function fillPostings(input: SnapshotInput, alive: Uint8Array, records: Uint32Array, skips: Skips, bytes: Uint8Array, { terms, counts }: Buffers): Promise<Uint8Array> {
  const { documents, pacer } = input;
  for (let d = 0; d < alive.length; d++) {
    if (alive[d]) {
      const n = documents.readInto(d, terms, counts);
      for (let i = 0; i < n; i++) {
        const r = terms[i] * RECORD;
        const last = records[r + LAST];
        if (last === NO_POSTINGS) continue;
        records[r + CURSOR] = writeEntry(d - last, counts[i], bytes, records[r + CURSOR]);
        records[r + LAST] = d;
        const counted = ++records[r + COUNTED];
        if (counted % SKIP_EVERY === 0) {
          const k = counted / SKIP_EVERY - 1;
          skips.offsets[k] = records[r + CURSOR];
          skips.docs[k] = d;
        }
      }
    }
    const pause = pacer.tick();
    if (pause) await pause;
  }
  return bytes;
}

/**
 * The bound of every term with `BOUNDED_FROM` bytes of postings or more (see `Snapshot.maxWeights`), read
 * from the postings; raised by a millionth so that rounding can never put a score above it.
 */
async function boundWeights(start: Uint32Array, bytes: Uint8Array, invNorm: Float64Array, pacer: Pacer): Promise<Map<number, number>> {
  const bounds = new Map<number, number>();
  for (let t = 0; t + 1 < start.length; t++) {
    if (start[t + 1] - start[t] < BOUNDED_FROM) continue;
    bounds.set(t, largestWeight(bytes, start[t], start[t + 1], invNorm) * (1 + 1e-6));
    const pause = pacer.tick((start[t + 1] - start[t]) / 4096);
    if (pause) await pause;
  }
  return bounds;
}

/** Largest `logTf(count) * invNorm[doc]` over the postings in `bytes[from, end)` (varint.ts's format). */
function largestWeight(bytes: Uint8Array, from: number, end: number, invNorm: Float64Array): number {
  let largest = 0;
  let doc = 0;
  for (let p = from; p < end; ) {
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
    const weight = LOG_TF[count] * invNorm[doc];
    if (weight > largest) largest = weight;
  }
  return largest;
}

