import { describe, expect, it } from 'vitest';
import { TfIdfIndex, type IndexedText } from '../../src/index/tfidf-index.js';
import type { SparseVector } from '../../src/index/sparse.js';

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
});
