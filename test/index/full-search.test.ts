/**
 * A search of the whole index below the pruning size: every query term's postings read, then one pass over the
 * sums (src/index/scorer.ts). It must keep exactly what scoring each document one by one keeps.
 */
import { describe, expect, it } from 'vitest';
import { TfIdfIndex } from '../../src/index/tfidf-index.js';
import { fromMap, TopK } from '../../src/index/sparse.js';
import { seededRandom } from '../../src/ranking/seeded-random.js';
import { randomDocuments } from '../helpers/random-documents.js';

describe('full search (every document in the postings)', () => {
  it('keeps exactly the best `limit` of the documents a query term reaches, for mixed-sign queries and any floor', async () => {
    // Twins tie on every query (ties broken by position); the floors 0 and -1 take the path that tests each sum.
    const index = new TfIdfIndex();
    const documents = randomDocuments(600, 21);
    index.add([...documents, ...documents.slice(0, 30).map((doc, i) => ({ ...doc, id: `twin${i}` }))]);
    await index.refresh();
    // Removed since the refresh: still in the postings, never a result.
    for (const id of ['d5', 'twin3']) index.remove(id);
    const ids = [...documents.map((doc) => doc.id), ...Array.from({ length: 30 }, (_, i) => `twin${i}`)];
    const live = (id: string) => id !== 'd5' && id !== 'twin3';
    const pick = seededRandom(9);
    for (let round = 0; round < 30; round++) {
      const weights = new Map<number, number>();
      const vector = index.documentVector(`d${Math.floor(pick() * 600)}`);
      vector.ids.forEach((term, i) => weights.set(term, vector.weights[i] * (pick() < 0.3 ? -1 : 1)));
      const query = fromMap(weights);
      const scores = index.scoreMany(query, ids);
      for (const limit of [1, 7, 80, 1000]) {
        for (const minScore of [1e-9, 0.05, 0, -1]) {
          // A document no query term reaches is never a result, whatever the floor.
          const top = new TopK(limit);
          ids.forEach((id, i) => live(id) && scores[i] !== 0 && scores[i] >= minScore && top.push(i, scores[i]));
          const want = top.result().map(({ item, score }) => ({ id: ids[item], score }));
          expect(index.score(query, { limit, minScore })).toEqual(want);
        }
      }
    }
  });
});
