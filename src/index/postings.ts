/**
 * What a refresh computes and swaps in at once: idf per term, each document's inverse L2 norm, and the
 * inverted index (postings in one CSR block: `start[t]..start[t+1]` index `docs` and `tfs`).
 *
 * Postings keep the raw term count (2 bytes) rather than a float weight (4 bytes): a document's weight for a
 * term is `logTf(count) * idf[term] * invNorm[doc]`, and every scoring path computes
 * `invNorm[doc] * sum over terms, in ascending id, of (q * idf[term]) * logTf(count)`, so scores from the
 * postings, from a candidate list and from `scoreMany` are bit-for-bit the same.
 */
import type { DocumentStore } from './document-store.js';

/** Sublinear tf: LOG_TF[c] = 1 + ln(c) (0 for c = 0), for every count a document can store. */
export const LOG_TF: Float64Array = (() => {
  const table = new Float64Array(65536);
  for (let c = 1; c < table.length; c++) table[c] = 1 + Math.log(c);
  return table;
})();

export interface Snapshot {
  /** Idf of every term id below `idf.length` (0 outside the df cut-offs). */
  idf: Float32Array;
  /** 1 / L2 norm of each document below `docCount` under `idf` (0 for an empty vector). */
  invNorm: Float64Array;
  start: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
  /** Documents at positions below this are in the postings; later ones are scored directly. */
  docCount: number;
}

export const EMPTY_SNAPSHOT: Snapshot = {
  idf: new Float32Array(0),
  invNorm: new Float64Array(0),
  start: new Uint32Array(1),
  docs: new Uint32Array(0),
  tfs: new Uint16Array(0),
  docCount: 0,
};

export interface SnapshotInput {
  documents: DocumentStore;
  /** Idf of every term at the start of the build. */
  idf: Float32Array;
  /** Documents processed between calls to `pause`. */
  chunk: number;
  /** Called between chunks (the caller yields to the event loop there). */
  pause: () => Promise<void>;
}

/**
 * Build the norms and postings for every document stored now, in chunks. Documents added meanwhile are left
 * for the next build; documents removed meanwhile stay in the postings and are filtered out when scoring.
 */
export async function buildSnapshot(input: SnapshotInput): Promise<Snapshot> {
  const { documents, idf, chunk, pause } = input;
  const docCount = documents.length;
  const alive = documents.aliveFlags.slice(0, docCount);
  const vocabSize = idf.length;
  const invNorm = new Float64Array(docCount);
  const start = new Uint32Array(vocabSize + 1);
  for (let d = 0; d < docCount; d++) {
    if (alive[d]) invNorm[d] = normAndCount(documents.termsAt(d), documents.countsAt(d), idf, start);
    if (d % chunk === chunk - 1) await pause();
  }
  for (let t = 0; t < vocabSize; t++) start[t + 1] += start[t];
  const fill = start.slice(0, vocabSize);
  const docs = new Uint32Array(start[vocabSize]);
  const tfs = new Uint16Array(start[vocabSize]);
  for (let d = 0; d < docCount; d++) {
    if (alive[d]) {
      const terms = documents.termsAt(d);
      const counts = documents.countsAt(d);
      for (let i = 0; i < terms.length; i++) {
        const t = terms[i];
        if (idf[t] <= 0) continue;
        const slot = fill[t]++;
        docs[slot] = d;
        tfs[slot] = counts[i];
      }
    }
    if (d % chunk === chunk - 1) await pause();
  }
  return { idf, invNorm, start, docs, tfs, docCount };
}

/** 1 / L2 norm of a document's weights; counts its counted terms into `lengths[term + 1]`. */
function normAndCount(terms: Uint32Array, counts: Uint16Array, idf: Float32Array, lengths: Uint32Array): number {
  let sum = 0;
  for (let i = 0; i < terms.length; i++) {
    const w = idf[terms[i]];
    if (w <= 0) continue;
    const x = LOG_TF[counts[i]] * w;
    sum += x * x;
    lengths[terms[i] + 1]++;
  }
  return sum > 0 ? 1 / Math.sqrt(sum) : 0;
}
