/**
 * Picks once there are reactions to learn from: train the preference model on the votes (and the week's
 * unrated papers as weak negatives), take the best-scoring papers as exploit picks, and spend the rest of the
 * picks on exploration (explore.ts). Only candidates whose neighbourhood of votes says they are likely liked
 * (evidence.ts) may be exploit picks: reactions are noisy and most early likes are flips, so a single stray
 * like gets one or two neighbours shown and, once those are disliked, the picks go back to exploring.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import type { SparseVector } from '../index/sparse.js';
import { candidateEvidence, likeChance } from './evidence.js';
import { exploreCount, explorePicks } from './explore.js';
import { trainModel, type Example, type PreferenceModel } from './model.js';
import { withoutDuplicates, type Scored } from './rank.js';
import type { RankingSettings } from './settings.js';

export interface VoteExample {
  id: string;
  like: boolean;
  /** 1 for the person's own vote; less for others' votes in the channel. */
  weight: number;
  /** ISO time of the vote. */
  at: string;
}

export interface LearnedPick extends Scored {
  exploratory: boolean;
}

export interface LearnedInput {
  interestVector: SparseVector;
  votes: VoteExample[];
  /** Candidates not yet posted nor voted on. */
  candidates: string[];
  k: number;
  /** Seeds the exploration draws (channel or user key): the same state gives the same picks. */
  seed: string;
}

/** Choose `k` picks from the candidates by the learned model plus exploration. */
export function learnedPicks(
  index: TfIdfIndex,
  input: LearnedInput,
  settings: RankingSettings,
): { picks: LearnedPick[]; model: PreferenceModel } {
  const evidenceMass = input.votes.reduce((s, v) => s + v.weight, 0);
  const priorScale = settings.priorScale / (1 + evidenceMass / settings.priorHalfLife);
  const model = trainModel(index, examples(input, settings), {
    prior: scaled(input.interestVector, priorScale),
    l2: settings.modelL2,
    iterations: settings.modelIterations,
    step: settings.modelStep,
  });
  const scores = index.scoreMany(model.weights, input.candidates);
  const ranked: Scored[] = input.candidates.map((id, i) => ({ id, score: scores[i] + model.bias }));
  ranked.sort((a, b) => b.score - a.score);
  const evidence = candidateEvidence(index.candidateSpace(input.candidates), input.votes);
  const position = new Map(input.candidates.map((id, i) => [id, i] as const));
  const chance = (id: string) => likeChance(evidence, position.get(id)!, settings.chancePrior, settings.evidencePriorMass);
  const likely = ranked.filter((s) => chance(s.id) >= settings.exploitChance);
  const pool = input.votes.some((v) => v.like) ? likely : ranked;
  const explore = Math.min(exploreCount(input.votes, input.k, pool.length), Math.max(0, input.candidates.length - input.k));
  const exploit = withoutDuplicates(index, pool, input.k - explore, [], settings.duplicateSimilarity).map((s) => ({ ...s, exploratory: false }));
  const taken = exploit.map((p) => p.id);
  const exploring = explorePicks(index, input, ranked, taken, input.k - exploit.length, settings);
  return { picks: [...exploit, ...exploring], model };
}

/** The training examples: the votes (likes weighted up toward `likeBalance`) and background negatives. */
function examples(input: LearnedInput, settings: RankingSettings): Example[] {
  const { backgroundPapers, backgroundWeight } = settings;
  const likes = input.votes.filter((v) => v.like).reduce((s, v) => s + v.weight, 0);
  const dislikes = input.votes.filter((v) => !v.like).reduce((s, v) => s + v.weight, 0) + backgroundPapers * backgroundWeight;
  const boost = likes > 0 ? Math.max(1, (settings.likeBalance * dislikes) / likes) : 1;
  const out: Example[] = input.votes.map((v) => ({ id: v.id, label: v.like ? 1 : 0, weight: v.like ? v.weight * boost : v.weight }));
  const stride = Math.max(1, Math.floor(input.candidates.length / backgroundPapers));
  for (let i = 0; i < input.candidates.length && out.length < input.votes.length + backgroundPapers; i += stride) {
    out.push({ id: input.candidates[i], label: 0, weight: backgroundWeight });
  }
  return out;
}

function scaled(vector: SparseVector, factor: number): SparseVector {
  return { ids: vector.ids, weights: vector.weights.map((w) => w * factor) };
}
