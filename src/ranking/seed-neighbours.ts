/**
 * Followed papers as evidence of their own: a candidate close to one of the channel's followed (seed) papers is
 * likely wanted even when the interest phrases do not name its topic. A candidate's nearness is its cosine to
 * its nearest seed, so one seed on a topic the phrases miss lifts that topic's papers without being averaged
 * away by the others (a centroid of unrelated seeds points at none of them).
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';

/**
 * Each candidate's cosine to its nearest followed paper (of `seeds`, those in the index), in candidate order.
 * Undefined when no seed is in the index or there are no candidates.
 */
export function seedNearness(index: TfIdfIndex, candidates: string[], seeds: string[]): Float64Array | undefined {
  const known = seeds.filter((id) => index.has(id));
  if (known.length === 0 || candidates.length === 0) return undefined;
  const space = index.candidateSpace(candidates);
  const nearest = new Float64Array(candidates.length);
  for (const id of known) {
    const similarities = space.similaritiesTo(id);
    for (let i = 0; i < nearest.length; i++) if (similarities[i] > nearest[i]) nearest[i] = similarities[i];
  }
  return nearest;
}
