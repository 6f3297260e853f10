/**
 * Picks once there are reactions to learn from: train the preference model on the votes (and the week's
 * unrated papers as weak negatives), take the best-scoring papers as exploit picks, and spend the rest of the
 * picks on exploration (see explore.ts). Only candidates whose neighbourhood of votes says they are likely
 * liked (evidence.ts) may be exploit picks: reactions are noisy and most early likes are flips, so a single
 * stray like gets one or two neighbours shown and, once those are disliked, the picks go back to exploring.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import type { SparseVector } from '../index/sparse.js';
import { clusterEvidence, clusterPapers, hashString, sampleBeta, seededRandom, type Clustering } from './explore.js';
import { candidateEvidence, likeChance } from './evidence.js';
import { candidateSpace, type CandidateSpace } from './candidate-space.js';
import { trainModel, type Example, type PreferenceModel } from './model.js';
import { withoutDuplicates, type Scored } from './rank.js';

/** How strongly the interest phrases hold against the votes (scale of the prior weights). */
export const PRIOR_SCALE = 2;
/** Votes after which the interests weigh half as much as with none (the votes have said more by then). */
export const PRIOR_HALF_LIFE = 5;
/** Unrated papers of the week used as weak negatives, and the weight of each. */
export const BACKGROUND_PAPERS = 200;
export const BACKGROUND_WEIGHT = 0.1;
/** Likes are weighted up until they weigh this fraction of the negatives (likes are rare). */
const BALANCE = 0.5;
/** Like chance of a paper no vote speaks for (liked categories are rare among a week's papers). */
export const CHANCE_PRIOR = 0.05;
/** Like chance from which a candidate may be an exploit pick. */
export const EXPLOIT_CHANCE = 0.35;
/** Smallest cluster worth exploring. */
const MIN_CLUSTER = 3;

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

/** Clusterings of recent candidate sets, so several people's picks in one week cluster once. */
const clusterCache = new WeakMap<CandidateSpace, Clustering>();

/** Choose `k` picks from the candidates by the learned model plus exploration. */
export function learnedPicks(index: TfIdfIndex, input: LearnedInput): { picks: LearnedPick[]; model: PreferenceModel } {
  const evidenceMass = input.votes.reduce((s, v) => s + v.weight, 0);
  const priorScale = PRIOR_SCALE / (1 + evidenceMass / PRIOR_HALF_LIFE);
  const model = trainModel(index, examples(input), { prior: scaled(input.interestVector, priorScale) });
  const scores = index.scoreMany(model.weights, input.candidates);
  const ranked: Scored[] = input.candidates.map((id, i) => ({ id, score: scores[i] + model.bias }));
  ranked.sort((a, b) => b.score - a.score);
  const evidence = candidateEvidence(candidateSpace(index, input.candidates), input.votes);
  const position = new Map(input.candidates.map((id, i) => [id, i] as const));
  const likely = ranked.filter((s) => likeChance(evidence, position.get(s.id)!, CHANCE_PRIOR) >= EXPLOIT_CHANCE);
  const pool = input.votes.some((v) => v.like) ? likely : ranked;
  const explore = Math.min(exploreCount(input.votes, input.k, pool.length), Math.max(0, input.candidates.length - input.k));
  const exploit = withoutDuplicates(index, pool, input.k - explore).map((s) => ({ ...s, exploratory: false }));
  const exploring = explorePicks(index, input, ranked, exploit.map((p) => p.id), input.k - exploit.length);
  return { picks: [...exploit, ...exploring], model };
}

function examples(input: LearnedInput): Example[] {
  const likes = input.votes.filter((v) => v.like).reduce((s, v) => s + v.weight, 0);
  const dislikes = input.votes.filter((v) => !v.like).reduce((s, v) => s + v.weight, 0) + BACKGROUND_PAPERS * BACKGROUND_WEIGHT;
  const boost = likes > 0 ? Math.max(1, (BALANCE * dislikes) / likes) : 1;
  const out: Example[] = input.votes.map((v) => ({ id: v.id, label: v.like ? 1 : 0, weight: v.like ? v.weight * boost : v.weight }));
  const stride = Math.max(1, Math.floor(input.candidates.length / BACKGROUND_PAPERS));
  for (let i = 0; i < input.candidates.length && out.length < input.votes.length + BACKGROUND_PAPERS; i += stride) {
    out.push({ id: input.candidates[i], label: 0, weight: BACKGROUND_WEIGHT });
  }
  return out;
}

/**
 * Exploratory picks: none before any vote (the interests alone decide); all of them while nothing was ever
 * liked; otherwise the picks the `likely` candidates (those whose votes nearby say they are probably liked)
 * cannot fill. With k likely candidates there is no exploratory pick: an exploratory pick is in the person's
 * field 2-5% of the time, a likely one about 35% (quality bench). Exploring resumes as soon as dislikes around
 * the likely ones close them.
 */
export function exploreCount(votes: VoteExample[], k: number, likely: number): number {
  if (votes.length === 0 || k < 2) return 0;
  if (!votes.some((v) => v.like)) return votes.length >= k ? k : 1;
  return k - Math.min(likely, k);
}

function explorePicks(index: TfIdfIndex, input: LearnedInput, ranked: Scored[], taken: string[], n: number): LearnedPick[] {
  if (n <= 0) return [];
  const clustering = cachedClusters(index, input.candidates);
  const clusterOf = new Map(clustering.ids.map((id, i) => [id, i] as const));
  const { likes, dislikes } = clusterEvidence(index, clustering, input.votes);
  const size = new Int32Array(clustering.centroids.length);
  for (const c of clustering.assignment) size[c]++;
  const used = new Set(taken.map((id) => clustering.assignment[clusterOf.get(id) ?? -1]).filter((c) => c !== undefined));
  const random = seededRandom(hashString(`${input.seed}|${input.votes.length}|${input.candidates.length}`));
  const rank = new Map(ranked.map((s, i) => [s.id, i] as const));
  const out: LearnedPick[] = [];
  for (let slot = 0; slot < n; slot++) {
    let bestCluster = -1;
    let bestDraw = -1;
    for (let c = 0; c < clustering.centroids.length; c++) {
      if (used.has(c) || size[c] < MIN_CLUSTER) continue;
      const draw = sampleBeta(1 + likes[c], 1 + dislikes[c], random);
      if (draw > bestDraw) {
        bestDraw = draw;
        bestCluster = c;
      }
    }
    if (bestCluster < 0) break;
    used.add(bestCluster);
    const pick = bestMember(clustering, bestCluster, rank, new Set([...taken, ...out.map((p) => p.id)]));
    if (pick) out.push({ id: pick, score: ranked[rank.get(pick)!].score, exploratory: true });
  }
  return out;
}

/**
 * The cluster's best paper by the model. Not its most central one: a cluster's typical papers are the ones the
 * dislikes nearby already speak against, and the model's pick is in the person's field more often (quality bench:
 * 5.6% of exploratory picks instead of 4.4%).
 */
function bestMember(clustering: Clustering, cluster: number, rank: Map<string, number>, taken: Set<string>): string | undefined {
  let best: string | undefined;
  let bestRank = Infinity;
  clustering.ids.forEach((id, i) => {
    if (clustering.assignment[i] !== cluster || taken.has(id)) return;
    const r = rank.get(id)!;
    if (r < bestRank) {
      bestRank = r;
      best = id;
    }
  });
  return best;
}

/** The clustering of a candidate space, made once per space (spaces are cached by candidate set and index state). */
function cachedClusters(index: TfIdfIndex, ids: string[]): Clustering {
  const space = candidateSpace(index, ids);
  let clustering = clusterCache.get(space);
  if (!clustering) clusterCache.set(space, (clustering = clusterPapers(space)));
  return clustering;
}

function scaled(vector: SparseVector, factor: number): SparseVector {
  return { ids: vector.ids, weights: vector.weights.map((w) => w * factor) };
}
