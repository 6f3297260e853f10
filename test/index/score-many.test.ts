import { describe, expect, it } from 'vitest';
import { TfIdfIndex } from '../../src/index/tfidf-index.js';
import { fromMap } from '../../src/index/sparse.js';
import { randomDocuments } from '../helpers/random-documents.js';

describe('scoreMany of a few documents (query and document walked side by side)', () => {
  it('gives the same numbers as the scratch-vector path, for stored, recent and unknown documents', async () => {
    const index = new TfIdfIndex();
    index.add(randomDocuments(300, 11));
    await index.refresh();
    index.add(randomDocuments(10, 12, 300));
    const queries = [
      index.vectorize('graph attention transformer kernel'),
      index.documentVector('d3'),
      index.documentVector('d305'),
      fromMap(new Map([...index.vectorize('robot policy planning agent memory').ids].map((t, i) => [t, i % 2 === 0 ? 0.6 : -0.4]))),
    ];
    const ids = ['d1', 'd3', 'd77', 'unknown', 'd301', 'd305', 'd299', 'd150'];
    // Nine or more ids go through the scratch vector; eight or fewer are walked side by side.
    const padding = Array.from({ length: 12 }, (_, i) => `d${200 + i}`);
    for (const query of queries) {
      const few = index.scoreMany(query, ids);
      const many = index.scoreMany(query, [...ids, ...padding]).slice(0, ids.length);
      expect([...few]).toEqual([...many]);
      expect(few.some((s) => s !== 0)).toBe(true);
      for (const [i, id] of ids.entries()) expect(index.scoreMany(query, [id])[0]).toBe(many[i]);
    }
  });
});
