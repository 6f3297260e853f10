import { describe, expect, it } from 'vitest';
import { TfIdfIndex } from '../../src/index/tfidf-index.js';
import { MIN_CANDIDATES } from '../../src/index/candidate-set.js';
import { fromMap, TopK, type SparseVector } from '../../src/index/sparse.js';
import { seededRandom } from '../../src/ranking/seeded-random.js';
import { randomDocuments } from '../helpers/random-documents.js';

/** The `limit` best of `ids` by `index.scoreMany` (the one-document-at-a-time path), as `TopK` orders them. */
function expected(index: TfIdfIndex, query: SparseVector, ids: string[], limit: number): { id: string; score: number }[] {
  const scores = index.scoreMany(query, ids);
  const order = new Map<string, number>();
  ids.forEach((id) => order.has(id) || order.set(id, order.size));
  const top = new TopK(limit);
  const unique = [...order.keys()];
  unique.forEach((id) => {
    const s = scores[ids.indexOf(id)];
    if (index.has(id) && s >= 1e-9) top.push(order.get(id)!, s);
  });
  return top.result().map(({ item, score }) => ({ id: unique[item], score }));
}

describe('candidate set (a long list scored again and again)', () => {
  const index = new TfIdfIndex();
  index.add(randomDocuments(900, 7));
  const ready = index.refresh().then(() => index.add(randomDocuments(20, 8, 900)));
  const random = seededRandom(3);
  // Some unknown ids, duplicates, and documents added after the refresh (scored directly).
  const ids = [...Array.from({ length: 400 }, () => `d${Math.floor(random() * 920)}`), 'unknown-1', 'd905', 'd905', 'unknown-2'];

  it('scores every candidate exactly as the one-document-at-a-time path, on first and later calls', async () => {
    await ready;
    expect(ids.length).toBeGreaterThanOrEqual(MIN_CANDIDATES);
    const queries = [
      index.vectorize('graph attention transformer'),
      index.vectorize('protein molecule diffusion sampling'),
      index.documentVector('d17'),
      // Mixed signs, as a learned profile can have.
      fromMap(new Map([...index.vectorize('robot policy planning agent').ids].map((t, i) => [t, i % 2 === 0 ? 0.7 : -0.3]))),
    ];
    for (let round = 0; round < 3; round++) {
      for (const query of queries) {
        for (const limit of [1, 10, 80, 1000]) {
          expect(index.score(query, { limit, candidates: ids })).toEqual(expected(index, query, ids, limit));
        }
      }
    }
  });

  it('follows a change of the index (a new set for the new state)', async () => {
    await ready;
    const query = index.vectorize('speech audio token');
    index.score(query, { limit: 50, candidates: ids });
    index.score(query, { limit: 50, candidates: ids });
    index.remove('d905');
    await index.refresh();
    for (let round = 0; round < 3; round++) expect(index.score(query, { limit: 50, candidates: ids })).toEqual(expected(index, query, ids, 50));
  });
});
