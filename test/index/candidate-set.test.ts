import { describe, expect, it } from 'vitest';
import { TfIdfIndex } from '../../src/index/tfidf-index.js';
import { MIN_CANDIDATES } from '../../src/index/candidate-set.js';
import { fromMap, TopK, type SparseVector } from '../../src/index/sparse.js';
import { seededRandom } from '../../src/ranking/seeded-random.js';
import { randomDocuments } from '../helpers/random-documents.js';

/** The `limit` best of `ids` by `index.scoreMany` (the one-document-at-a-time path), as `TopK` orders them. */
function expected(index: TfIdfIndex, query: SparseVector, ids: string[], limit: number, minScore = 1e-9): { id: string; score: number }[] {
  const scores = index.scoreMany(query, ids);
  const order = new Map<string, number>();
  ids.forEach((id) => order.has(id) || order.set(id, order.size));
  const top = new TopK(limit);
  const unique = [...order.keys()];
  unique.forEach((id) => {
    const s = scores[ids.indexOf(id)];
    if (index.has(id) && s >= minScore) top.push(order.get(id)!, s);
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

  it('keeps exactly the best `limit` (ids, scores, order, ties) for random mixed-sign queries, limits and floors', async () => {
    // Its own index: twins (same text, so the same score for every query: ties broken by position) and documents
    // added after the refresh among the candidates.
    const twins = new TfIdfIndex();
    const documents = randomDocuments(700, 11);
    twins.add(documents);
    twins.add(documents.slice(0, 40).map((doc, i) => ({ ...doc, id: `twin${i}` })));
    await twins.refresh();
    twins.add(randomDocuments(15, 12, 700));
    const pick = seededRandom(5);
    const candidates = [...documents.filter(() => pick() < 0.6).map((doc) => doc.id), ...Array.from({ length: 40 }, (_, i) => `twin${i}`), 'd703', 'd710'];
    expect(candidates.length).toBeGreaterThanOrEqual(MIN_CANDIDATES);
    const queryOf = (round: number): SparseVector => {
      const weights = new Map<number, number>();
      for (let d = 0; d < 3; d++) {
        const vector = twins.documentVector(`d${Math.floor(pick() * 700)}`);
        vector.ids.forEach((term, i) => weights.set(term, (weights.get(term) ?? 0) + vector.weights[i] * (pick() < 0.2 * (round % 3) ? -1 : pick())));
      }
      return fromMap(weights);
    };
    let tied = 0;
    for (let round = 0; round < 40; round++) {
      const query = queryOf(round);
      for (const limit of [1, 7, 80, 2000]) {
        for (const minScore of [1e-9, 0.05, 0.3, 0, -1]) {
          // Twice: the first scoring sees the list once (no set yet); every later one goes through the set.
          for (let again = 0; again < 2; again++) {
            const scored = twins.score(query, { limit, candidates, minScore });
            expect(scored).toEqual(expected(twins, query, candidates, limit, minScore));
            if (scored.some((s, i) => i > 0 && s.score === scored[i - 1].score && s.score > 0)) tied++;
          }
        }
      }
    }
    expect(tied).toBeGreaterThan(0);
  });
});
