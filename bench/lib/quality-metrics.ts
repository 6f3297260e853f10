/**
 * Scoring for the quality benchmark: precision at k, nDCG@10 with binary gains, means, and the seeded random
 * generator the simulated users flip their reactions with.
 */

/** Relevant picks / k (picks beyond k are ignored; missing picks count as misses). */
export function precisionAtK(picks: string[], relevant: (id: string) => boolean, k: number): number {
  return picks.slice(0, k).filter(relevant).length / k;
}

/** nDCG@n with binary gains; the ideal ranking puts min(n, relevant candidates) relevant papers first. */
export function ndcgAt(ranking: string[], relevant: (id: string) => boolean, relevantCount: number, n = 10): number {
  let dcg = 0;
  ranking.slice(0, n).forEach((id, i) => {
    if (relevant(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(n, relevantCount); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Mean of the values; 0 for none. */
export function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The seeded generator the simulated users flip their reactions with (the one exploration uses). */
export { seededRandom } from '../../src/ranking/seeded-random.js';
