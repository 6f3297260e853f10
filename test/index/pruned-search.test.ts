import { describe, expect, it } from 'vitest';
import { TfIdfIndex, type IndexedText } from '../../src/index/tfidf-index.js';
import type { SparseVector } from '../../src/index/sparse.js';
import { PostingsCursor } from '../../src/index/pruned-search.js';
import { BOUNDED_FROM, LOG_TF, skipCount, type Snapshot } from '../../src/index/postings.js';
import { readEntries } from '../../src/index/varint.js';
import type { DocumentStore } from '../../src/index/document-store.js';

/** Words from common to rare: word i is picked about 1/(i+1) as often as the first. */
const WORDS = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x`);

/** A seeded generator (mulberry32), so the corpus is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Documents of 5 to 60 Zipf-distributed words, with exact duplicates now and then (equal scores). */
function corpus(n: number): IndexedText[] {
  const next = random(7);
  const word = () => WORDS[Math.min(WORDS.length - 1, Math.floor(Math.exp(next() * Math.log(WORDS.length + 1)) - 1))];
  const docs: IndexedText[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 97 === 50) {
      docs.push({ ...docs[i - 40], id: `d${i}` });
      continue;
    }
    const length = 5 + Math.floor(next() * 55);
    docs.push({ id: `d${i}`, title: word(), abstract: Array.from({ length }, word).join(' ') });
  }
  return docs;
}

/** Every document scored one by one (`scoreMany`), the `limit` best by score, then by position. */
function bruteForce(index: TfIdfIndex, ids: string[], query: SparseVector, limit: number): { id: string; score: number }[] {
  const scores = index.scoreMany(query, ids);
  return ids
    .map((id, position) => ({ id, score: scores[position], position }))
    .filter((r) => r.score >= 1e-9 && index.has(r.id))
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, limit)
    .map(({ id, score }) => ({ id, score }));
}

const QUERIES = ['w0x w1x', 'w2x w5x w9x', 'w0x w1x w2x w3x w4x w5x', 'w7x wax wbx', 'w3x w1cx', 'w0x w0x w1x w4x w2gx w2hx', 'w10x'];

describe('pruned search of the whole index', () => {
  it('finds exactly what scoring every document finds, with the same scores, for queries and signed profiles', async () => {
    const docs = corpus(6000);
    const index = new TfIdfIndex({ minDf: 2, maxDfRatio: 0.9, pruneFrom: 0 });
    index.add(docs);
    await index.refresh();
    const ids = docs.map((d) => d.id);
    for (const text of QUERIES) {
      for (const limit of [1, 5, 40]) {
        const query = index.vectorize(text);
        expect(index.score(query, { limit })).toEqual(bruteForce(index, ids, query, limit));
      }
    }
    const profile = index.vectorize('w0x w1x w2x w3x');
    const signed: SparseVector = { ids: profile.ids, weights: profile.weights.map((w, i) => (i === 1 ? -w : w)) };
    expect(index.score(signed, { limit: 20 })).toEqual(bruteForce(index, ids, signed, 20));
  });

  it('leaves out removed documents and scores documents added since the refresh', async () => {
    const docs = corpus(4000);
    const index = new TfIdfIndex({ minDf: 2, maxDfRatio: 0.9, pruneFrom: 0 });
    index.add(docs.slice(0, 3500));
    await index.refresh();
    index.add(docs.slice(3500));
    for (let i = 0; i < 3500; i += 3) index.remove(`d${i}`);
    const ids = docs.map((d) => d.id);
    for (const text of QUERIES) {
      const query = index.vectorize(text);
      const results = index.score(query, { limit: 25 });
      expect(results).toEqual(bruteForce(index, ids, query, 25));
      expect(results.some((r) => Number(r.id.slice(1)) % 3 === 0 && Number(r.id.slice(1)) < 3500)).toBe(false);
    }
  });

  it('counts a term in documents asked in ascending runs, at skip entries, again, and past the list (postings cursor)', async () => {
    const index = new TfIdfIndex({ minDf: 2, maxDfRatio: 0.9, pruneFrom: 0 });
    index.add(corpus(6000));
    // A rare word, in too few documents for a skip entry.
    index.add(Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, title: 'zqqx', abstract: `zqqx w2x ${i % 2 ? 'zqqx' : ''}` })));
    await index.refresh();
    const { snapshot, documents } = index as unknown as { snapshot: Snapshot; documents: DocumentStore };
    const ids = new Uint32Array(documents.maxLength);
    const counts = new Uint16Array(documents.maxLength);
    const countIn = (term: number, doc: number) => {
      const n = documents.readInto(doc, ids, counts);
      for (let i = 0; i < n; i++) if (ids[i] === term) return counts[i];
      return 0;
    };
    const next = random(11);
    const ascending = (from: number, gap: number) => {
      const run: number[] = [];
      for (let d = from + Math.floor(next() * gap); d < snapshot.docCount; d += 1 + Math.floor(next() * gap)) run.push(d);
      return run;
    };
    // w2x: a long list (many skip entries); w1ex: a few; zqqx: too short to have any.
    const terms = ['w2x', 'w1ex', 'zqqx'].map((word) => index.vectorize(word).ids[0]);
    expect(terms.map((term) => skipCount(snapshot.skips, term) > 0)).toEqual([true, true, false]);
    for (const term of terms) {
      const first = snapshot.skips.entriesOf.get(term) === undefined ? 0 : Math.floor(snapshot.skips.entriesOf.get(term)! / 2 ** 24);
      const atSkips = Array.from({ length: skipCount(snapshot.skips, term) }, (_, k) => snapshot.skips.docs[first + k]);
      const targets = [
        ...ascending(0, 1), // every document
        ...ascending(3000, 200), // a sparse run, then runs that start lower again
        ...ascending(10, 40),
        ...atSkips.flatMap((d) => [d, d, d + 1]), // each skip entry's own document, twice, and the next
        ...ascending(0, 900),
        snapshot.docCount - 1,
        snapshot.docCount + 5, // past the list
        0,
      ];
      const cursor = new PostingsCursor(snapshot, term);
      const got = targets.map((doc) => cursor.countAt(doc));
      expect(got).toEqual(targets.map((doc) => (doc < snapshot.docCount ? countIn(term, doc) : 0)));
      expect(got.filter((c) => c > 0).length).toBeGreaterThan(10);
    }
  });

  it('bounds each long postings list by its largest weight, as the reference decoder reads the list', async () => {
    const index = new TfIdfIndex({ minDf: 2, maxDfRatio: 0.9, pruneFrom: 0 });
    index.add(corpus(6000));
    await index.refresh();
    const { snapshot } = index as unknown as { snapshot: Snapshot };
    const { start, bytes, invNorm, maxWeights } = snapshot;
    const docs = new Uint32Array(snapshot.docCount);
    const counts = new Uint16Array(snapshot.docCount);
    let repeatedBest = 0;
    for (let term = 0; term + 1 < start.length; term++) {
      const long = start[term + 1] - start[term] >= BOUNDED_FROM;
      expect(maxWeights.has(term)).toBe(long);
      if (!long) continue;
      const n = readEntries(bytes, start[term], start[term + 1], docs, counts);
      let largest = 0;
      let countOfLargest = 1;
      for (let i = 0; i < n; i++) {
        const weight = LOG_TF[counts[i]] * invNorm[docs[i]];
        if (weight > largest) [largest, countOfLargest] = [weight, counts[i]];
      }
      expect(maxWeights.get(term)).toBe(largest * (1 + 1e-6));
      if (countOfLargest > 1) repeatedBest++;
    }
    // Lists whose best posting holds its term more than once: their bound depends on the counts read too.
    expect(maxWeights.size).toBeGreaterThan(10);
    expect(repeatedBest).toBeGreaterThan(0);
  });
});
