import { describe, expect, it } from 'vitest';
import { idfFormula, idfOf, topContributions } from '../../src/index/weighting.js';
import type { SparseVector } from '../../src/index/sparse.js';

const vector = (entries: [number, number][]): SparseVector => ({
  ids: Uint32Array.from(entries, ([id]) => id),
  weights: Float32Array.from(entries, ([, w]) => w),
});

/** The contributions written out: every product of the two vectors' weights on a shared term. */
function reference(query: SparseVector, doc: SparseVector, n: number): number[] {
  const q = new Map([...query.ids].map((id, i) => [id, query.weights[i]]));
  return [...doc.ids]
    .map((term, i) => ({ term, value: (q.get(term) ?? 0) * doc.weights[i] }))
    .filter((c) => c.value > 0)
    .sort((a, b) => b.value - a.value || a.term - b.term)
    .slice(0, n)
    .map((c) => c.term);
}

describe('topContributions (the terms a pick is explained by)', () => {
  it('takes the largest positive products, largest first, equal ones in term order', () => {
    const query = vector([[2, 0.5], [5, 0.25], [7, -0.5], [9, 0.5], [12, 0.1]]);
    const doc = vector([[1, 0.9], [2, 0.2], [5, 0.4], [7, 0.8], [9, 0.2], [12, 0.3], [20, 0.5]]);
    expect(topContributions(query, doc, 10)).toEqual([2, 5, 9, 12]);
    expect(topContributions(query, doc, 2)).toEqual([2, 5]);
    expect(topContributions(query, vector([]), 3)).toEqual([]);
    expect(topContributions(vector([]), doc, 3)).toEqual([]);
  });

  it('agrees with the products written out on random vectors', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const randomVector = (size: number) => {
      const ids = [...new Set(Array.from({ length: size }, () => Math.floor(random() * 60)))].sort((a, b) => a - b);
      return vector(ids.map((id) => [id, Math.round(random() * 8) / 8 - 0.2]));
    };
    for (let round = 0; round < 200; round++) {
      const query = randomVector(1 + Math.floor(random() * 30));
      const doc = randomVector(1 + Math.floor(random() * 30));
      expect(topContributions(query, doc, 6)).toEqual(reference(query, doc, 6));
    }
  });
});

describe('idfOf', () => {
  it('gives every term the idf of its count, as idfFormula does, counts past the remembered ones included', () => {
    const n = 200_000;
    const df = Uint32Array.from({ length: 5000 }, (_, i) => [0, 1, 2, 3, 70_000, 99_999, 100_001, n][i % 8] + (i % 3));
    for (const [minDf, maxDfRatio] of [[1, 1], [2, 0.5]]) {
      const idf = idfOf(df, df.length - 7, n, minDf, maxDfRatio);
      expect(idf.length).toBe(df.length - 7);
      expect([...idf]).toEqual([...df.subarray(0, idf.length)].map((count) => Math.fround(idfFormula(count, n, minDf, maxDfRatio))));
    }
  });
});
