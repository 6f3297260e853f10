import { describe, expect, it } from 'vitest';
import { TfIdfIndex } from '../../src/index/tfidf-index.js';
import { withoutDuplicates } from '../../src/ranking/rank.js';
import { randomDocuments } from '../helpers/random-documents.js';

describe('withoutDuplicates (the duplicate check of picks)', () => {
  it('drops a paper exactly when the index scores it above the threshold against an earlier pick', async () => {
    const index = new TfIdfIndex();
    const docs = randomDocuments(300, 21);
    // Near-copies of d0 and d1: their cosine to them is high, but below 1.
    docs.push({ id: 'copy0', title: docs[0].title, abstract: `${docs[0].abstract} graph` }, { id: 'copy1', title: docs[1].title, abstract: docs[1].abstract });
    index.add(docs);
    await index.refresh();
    index.add([{ id: 'late', title: docs[2].title, abstract: `${docs[2].abstract} robot` }]);
    const pool = ['d0', 'copy0', 'd1', 'copy1', 'd2', 'late', 'd3', 'd4'].map((id, i) => ({ id, score: 1 - i / 10 }));
    const similarity = (a: string, b: string) => index.scoreMany(index.documentVector(b), [a])[0];
    for (const [copy, of] of [['copy0', 'd0'], ['late', 'd2']]) {
      const exact = similarity(of, copy);
      expect(exact).toBeGreaterThan(0.5);
      // At the exact score the copy stays (not above it); just under it, it goes.
      expect(withoutDuplicates(index, pool, 8, [], exact).map((s) => s.id)).toContain(copy);
      expect(withoutDuplicates(index, pool, 8, [], exact - 1e-12).map((s) => s.id)).not.toContain(copy);
    }
    expect(withoutDuplicates(index, pool, 8, [], 0.5).map((s) => s.id)).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(withoutDuplicates(index, pool, 3, ['d1'], 0.5).map((s) => s.id)).toEqual(['d0', 'd2', 'd3']);
  });
});
