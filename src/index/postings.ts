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
import type { Pacer } from './pacer.js';

/** Sublinear tf: LOG_TF[c] = 1 + ln(c) (0 for c = 0), for every count a document can store. */
export const LOG_TF: Float64Array = (() => {
  const table = new Float64Array(65536);
  for (let c = 1; c < table.length; c++) table[c] = 1 + Math.log(c);
  return table;
})();

/** A skip entry is kept for every `SKIP_EVERY`th posting of a term. */
export const SKIP_EVERY = 64;
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

export interface Snapshot {
  /** Idf of every term id below `idf.length` (0 outside the df cut-offs). */
  idf: Float32Array;
  /** 1 / L2 norm of each document below `docCount` under `idf` (0 for an empty vector). */
  invNorm: Float64Array;
  /** Byte offset of each term's postings in `bytes` (length: terms + 1). */
  start: Uint32Array;
  bytes: Uint8Array;
  skips: Skips;
  /** Documents at positions below this are in the postings; later ones are scored directly. */
  docCount: number;
}

export const EMPTY_SNAPSHOT: Snapshot = {
  idf: new Float32Array(0),
  invNorm: new Float64Array(0),
  start: new Uint32Array(1),
  bytes: new Uint8Array(0),
  skips: { entriesOf: new Map(), offsets: new Uint32Array(0), docs: new Uint32Array(0) },
  docCount: 0,
};

export interface SnapshotInput {
  documents: DocumentStore;
  /** Idf of every term at the start of the build. */
  idf: Float32Array;
  /** Paces the work (one unit per document, per 4096 terms). */
  pacer: Pacer;
}


/**
 * Build the norms and postings for every document stored now, in chunks. Documents added meanwhile are left
 * for the next build; documents removed meanwhile stay in the postings and are filtered out when scoring.
 */
export async function buildSnapshot(input: SnapshotInput): Promise<Snapshot> {
  const { documents, idf, pacer } = input;
  const docCount = documents.length;
  const alive = documents.aliveFlags.slice(0, docCount);
  const buffers = { terms: new Uint32Array(documents.maxLength), counts: new Uint16Array(documents.maxLength) };
  const vocabSize = idf.length;
  const invNorm = new Float64Array(docCount);
  // First pass: norms, each term's postings size in `start[t]` and number of postings in `lengths[t]`.
  const start = new Uint32Array(vocabSize + 1);
  const lengths = new Uint32Array(vocabSize);
  const last = new Uint32Array(vocabSize);
  for (let d = 0; d < docCount; d++) {
    if (alive[d]) invNorm[d] = normAndSize(documents, d, idf, buffers, { sizes: start, lengths, last });
    const pause = pacer.tick();
    if (pause) await pause;
  }
  let total = 0;
  for (let t = 0; t < vocabSize; t++) {
    const size = start[t];
    start[t] = total;
    total += size;
  }
  start[vocabSize] = total;
  const skips = emptySkips(lengths);
  last.fill(0);
  lengths.fill(0);
  const bytes = await fillPostings(input, alive, { start, last, written: lengths, skips }, buffers);
  return { idf, invNorm, start, bytes, skips, docCount };
}

/** Room for the skip entries of every term with `SKIP_EVERY` postings or more. */
function emptySkips(lengths: Uint32Array): Skips {
  const entriesOf = new Map<number, number>();
  let total = 0;
  for (let t = 0; t < lengths.length; t++) {
    const count = Math.floor(lengths[t] / SKIP_EVERY);
    if (count === 0) continue;
    entriesOf.set(t, total * SKIP_COUNT_BITS + count);
    total += count;
  }
  return { entriesOf, offsets: new Uint32Array(total), docs: new Uint32Array(total) };
}

type Buffers = { terms: Uint32Array; counts: Uint16Array };

type Tally = { sizes: Uint32Array; lengths: Uint32Array; last: Uint32Array };

/** 1 / L2 norm of document `d`; adds the bytes of its postings entries to `sizes[term]`, and 1 to `lengths[term]`. */
function normAndSize(documents: DocumentStore, d: number, idf: Float32Array, { terms, counts }: Buffers, { sizes, lengths, last }: Tally): number {
  const n = documents.readInto(d, terms, counts);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t = terms[i];
    const w = idf[t];
    if (w <= 0) continue;
    const x = LOG_TF[counts[i]] * w;
    sum += x * x;
    sizes[t] += entryBytes(d - last[t], counts[i]);
    lengths[t]++;
    last[t] = d;
  }
  return sum > 0 ? 1 / Math.sqrt(sum) : 0;
}

/**
 * Second pass: write the postings, using `start[t]` as term t's write cursor; at the end each cursor is at the
 * start of the next term, so shifting the array by one restores the offsets. Every `SKIP_EVERY`th posting of
 * a term leaves a skip entry.
 */
async function fillPostings(input: SnapshotInput, alive: Uint8Array, out: Cursors, { terms, counts }: Buffers): Promise<Uint8Array> {
  const { documents, idf, pacer } = input;
  const { start, last, written, skips } = out;
  const bytes = new Uint8Array(start[idf.length]);
  for (let d = 0; d < alive.length; d++) {
    if (alive[d]) {
      const n = documents.readInto(d, terms, counts);
      for (let i = 0; i < n; i++) {
        const t = terms[i];
        if (idf[t] <= 0) continue;
        start[t] = writeEntry(d - last[t], counts[i], bytes, start[t]);
        last[t] = d;
        if (++written[t] % SKIP_EVERY === 0) {
          const k = skipFirst(skips, t) + written[t] / SKIP_EVERY - 1;
          skips.offsets[k] = start[t];
          skips.docs[k] = d;
        }
      }
    }
    const pause = pacer.tick();
    if (pause) await pause;
  }
  start.copyWithin(1, 0, idf.length);
  start[0] = 0;
  return bytes;
}

type Cursors = { start: Uint32Array; last: Uint32Array; written: Uint32Array; skips: Skips };
