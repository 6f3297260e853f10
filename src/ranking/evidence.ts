/**
 * What a person's votes say about each candidate, by nearness alone: a paper close to liked papers is likely
 * wanted, one close to disliked papers is not, one close to neither is unknown. This works from the first vote
 * on (a logistic model needs several), and a single stray like (reactions are noisy) stops counting as soon as
 * its neighbours are disliked, because the estimate is a ratio of the like and dislike mass around a paper.
 */
import type { CandidateSpace } from '../index/candidate-space.js';

/** A vote as evidence: which paper, which way, how much it counts. */
export interface VoteEvidence {
  id: string;
  like: boolean;
  weight: number;
}

export interface CandidateEvidence {
  /** Kernel-weighted like mass near each candidate (parallel to the candidates). */
  like: Float64Array;
  /** Kernel-weighted dislike mass near each candidate. */
  dislike: Float64Array;
}

/** The kernel turning a cosine similarity into how much a vote speaks for a paper. */
export function kernel(similarity: number): number {
  return similarity > 0 ? similarity * similarity : 0;
}

/** Like and dislike mass around each candidate. Cost: one pass over the postings of each vote's terms. */
export function candidateEvidence(space: CandidateSpace, votes: VoteEvidence[]): CandidateEvidence {
  const n = space.size;
  const out: CandidateEvidence = { like: new Float64Array(n), dislike: new Float64Array(n) };
  for (const vote of votes) {
    const sims = space.similaritiesTo(vote.id);
    const mass = vote.like ? out.like : out.dislike;
    for (let i = 0; i < n; i++) mass[i] += vote.weight * kernel(sims[i]);
  }
  return out;
}

/**
 * The estimated chance that candidate `i` is liked: the like share of the vote mass around it, pulled toward
 * `prior` with the strength `priorMass` (kernel mass; the `evidencePriorMass` setting), so a paper near nothing
 * voted keeps the prior.
 */
export function likeChance(evidence: CandidateEvidence, i: number, prior: number, priorMass: number): number {
  return (evidence.like[i] + priorMass * prior) / (evidence.like[i] + evidence.dislike[i] + priorMass);
}
