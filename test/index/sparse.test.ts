import { describe, expect, it } from 'vitest';
import { addScaled, fromMap, norm, normalize, sparseDot, TopK, truncate, type SparseVector } from '../../src/index/sparse.js';

const vector = (entries: [number, number][]): SparseVector => ({
  ids: Uint32Array.from(entries, (e) => e[0]),
  weights: Float32Array.from(entries, (e) => e[1]),
});
const entries = (v: SparseVector) => Array.from(v.ids, (id, i) => [id, v.weights[i]]);

describe('sparse vectors', () => {
  it('fromMap sorts by term id and drops zero and non-finite weights', () => {
    const v = fromMap(new Map([[9, 0.5], [2, -1], [5, 0], [7, NaN], [1, 2]]));
    expect(entries(v)).toEqual([[1, 2], [2, -1], [9, 0.5]]);
    expect(fromMap(new Map()).ids.length).toBe(0);
  });

  it('addScaled accumulates, normalize gives unit length', () => {
    const sum = new Map<number, number>();
    addScaled(sum, vector([[1, 1], [3, 2]]), 2);
    addScaled(sum, vector([[3, 1]]), -1);
    expect([...sum]).toEqual([[1, 2], [3, 3]]);
    expect(norm(normalize(fromMap(sum)))).toBeCloseTo(1, 6);
  });

  it('truncate keeps the largest magnitudes, lower ids first among ties, sorted by id', () => {
    const v = vector([[1, 0.125], [2, -0.875], [3, 0.5], [4, 0.5], [5, 0.5], [6, 0.25]]);
    expect(entries(truncate(v, 3))).toEqual([[2, -0.875], [3, 0.5], [4, 0.5]]);
    expect(entries(truncate(v, 1))).toEqual([[2, -0.875]]);
    expect(truncate(v, 10)).toBe(v);
    expect(truncate(v, 0).ids.length).toBe(0);
  });

  it('truncate agrees with sorting by magnitude on random vectors', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 20; round++) {
      const v = vector(Array.from({ length: 50 }, (_, i) => [i * 3, Math.round((random() - 0.5) * 20) / 10] as [number, number]));
      const order = [...v.ids.keys()].sort((a, b) => Math.abs(v.weights[b]) - Math.abs(v.weights[a])).slice(0, 12).sort((a, b) => a - b);
      expect(entries(truncate(v, 12))).toEqual(order.map((i) => [v.ids[i], v.weights[i]]));
    }
  });

  it('TopK keeps the k best, best first', () => {
    const top = new TopK(3);
    [5, 1, 9, 3, 7, 2].forEach((score, item) => top.push(item, score));
    expect(top.result()).toEqual([{ item: 2, score: 9 }, { item: 4, score: 7 }, { item: 0, score: 5 }]);
    expect(top.threshold).toBe(5);
  });

  it('TopK keeps the lower items among equal scores, whatever order they come in', () => {
    const pushes: [number, number][] = [[7, 5], [3, 5], [9, 6], [1, 5], [4, 2], [2, 5]];
    for (const order of [pushes, [...pushes].reverse(), [pushes[2], pushes[0], pushes[4], pushes[5], pushes[1], pushes[3]]]) {
      const top = new TopK(3);
      for (const [item, score] of order) top.push(item, score);
      expect(top.result()).toEqual([{ item: 9, score: 6 }, { item: 1, score: 5 }, { item: 2, score: 5 }]);
    }
  });
});

describe('sparseDot', () => {
  it('sums the products of shared ids only', () => {
    const a = fromMap(new Map([[1, 2], [3, 1], [7, 4]]));
    const b = fromMap(new Map([[3, 5], [7, 0.5], [9, 10]]));
    expect(sparseDot(a, b)).toBe(7);
    expect(sparseDot(a, fromMap(new Map()))).toBe(0);
  });
});
