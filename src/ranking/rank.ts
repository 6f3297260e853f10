/**
 * Ranking: score candidates against a profile through the index's one scoring path (plus nearness to the
 * channel's followed papers, when it has any), lift by popularity as a small prior, then pick best-first while
 * skipping near-duplicates of earlier picks. Every pick says why.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import { sparseDot, type SparseVector } from '../index/sparse.js';
import type { Paper, Recommendation } from '../types.js';
import { followLift, followReason, liftsPapers } from './follows.js';
import type { Profile } from './profile.js';
import { documentVector } from './document-vectors.js';
import { seedNearness } from './seed-neighbours.js';
import type { RankingSettings } from './settings.js';

/** The settings ranking reads. */
export type RankSettings = Pick<
  RankingSettings,
  | 'poolPerPick'
  | 'minPoolPicks'
  | 'popularityWeight'
  | 'popularityCap'
  | 'duplicateSimilarity'
  | 'likedReasonSimilarity'
  | 'likedReasonFallbackSimilarity'
  | 'categoryBoost'
  | 'authorBoost'
  | 'seedNeighbourWeight'
>;

export interface RankOptions {
  k: number;
  /** Ids to choose from; the whole index when omitted. */
  candidates?: string[];
  /** Ids never to return (already posted, already voted on). */
  exclude?: Set<string>;
}

export interface Scored {
  id: string;
  score: number;
}

/**
 * Rank papers for a profile vector: the `max(k, minPoolPicks) * poolPerPick` best by score (the cosine to the
 * vector, plus `seedNeighbourWeight` times the cosine to the nearest followed paper; and, when the
 * profile follows categories or authors, every candidate they lift), plus the upvote prior and the follow lift,
 * then best-first without near-duplicates. Returns at most `k` recommendations with reasons.
 */
export function rankPapers(
  index: TfIdfIndex,
  lookup: (id: string) => Paper | undefined,
  profile: Profile,
  options: RankOptions,
  settings: RankSettings,
): Recommendation[] {
  const exclude = options.exclude ?? new Set<string>();
  const candidates = exclude.size > 0 ? options.candidates?.filter((id) => !exclude.has(id)) : options.candidates;
  const limit = Math.max(options.k, settings.minPoolPicks) * settings.poolPerPick + (candidates ? 0 : exclude.size);
  const follows = profile.follows;
  const scored = scoredPool(index, profile, candidates, limit, settings).filter((s) => !exclude.has(s.id));
  if (liftsPapers(follows) && candidates) {
    const inPool = new Set(scored.map((s) => s.id));
    const lifted = candidates.filter((id) => !inPool.has(id) && index.has(id) && followLift(lookup(id), follows, settings) > 0);
    const scores = candidateScores(index, profile, lifted, settings);
    lifted.forEach((id, i) => scored.push({ id, score: scores[i] }));
  }
  const lift = (id: string) => (liftsPapers(follows) ? followLift(lookup(id), follows, settings) : 0);
  const pool = scored
    .map((s) => ({ id: s.id, score: s.score + popularityPrior(lookup(s.id), settings) + lift(s.id) }))
    .sort((a, b) => b.score - a.score);
  const chosen = withoutDuplicates(index, pool, options.k, [], settings.duplicateSimilarity);
  return chosen.map((s) => recommendation(index, profile, s, lookup, settings));
}

/**
 * The `limit` best candidates by `candidateScores`; without candidates (a search of the whole index), the best
 * of the index by the profile's score.
 */
function scoredPool(index: TfIdfIndex, profile: Profile, candidates: string[] | undefined, limit: number, settings: RankSettings): Scored[] {
  if (!candidates || !followsSeeds(profile, settings)) return index.score(profile.vector, { limit, candidates });
  const scores = candidateScores(index, profile, candidates, settings);
  return candidates
    .map((id, i) => ({ id, score: scores[i] }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

/**
 * Scores of `ids` (in order) for a profile: the cosine to its vector plus, when the channel follows papers,
 * `seedNeighbourWeight` times the cosine to the nearest of them (seed-neighbours.ts).
 */
function candidateScores(index: TfIdfIndex, profile: Profile, ids: string[], settings: RankSettings): Float64Array {
  const scores = index.scoreMany(profile.vector, ids);
  const near = followsSeeds(profile, settings) ? seedNearness(index, ids, profile.follows!.seedPapers) : undefined;
  if (near) for (let i = 0; i < ids.length; i++) scores[i] += settings.seedNeighbourWeight * near[i];
  return scores;
}

function followsSeeds(profile: Profile, settings: RankSettings): boolean {
  return (profile.follows?.seedPapers.length ?? 0) > 0 && settings.seedNeighbourWeight > 0;
}

/** Build the recommendation of a scored paper, with its reason (an exploratory pick says it is one). */
export function recommendation(
  index: TfIdfIndex,
  profile: Profile,
  s: Scored,
  lookup: (id: string) => Paper | undefined,
  settings: RankSettings,
  exploratory = false,
): Recommendation {
  const paper = lookup(s.id)!;
  if (exploratory) {
    const vector = documentVector(index, s.id);
    const terms = index.explainVector(vector, vector, 3);
    return { paper, score: s.score, reason: `something different${terms.length ? `: ${terms.join(', ')}` : ''} (tell me if it fits)`, terms, exploratory: true };
  }
  return { paper, score: s.score, ...explainPick(index, profile, paper, lookup, settings) };
}

/** Small lift from community upvotes: log1p(upvotes) * popularityWeight, at most popularityCap. */
export function popularityPrior(paper: Paper | undefined, settings: Pick<RankingSettings, 'popularityWeight' | 'popularityCap'>): number {
  const upvotes = paper?.popularity?.upvotes ?? 0;
  return Math.min(settings.popularityCap, settings.popularityWeight * Math.log1p(Math.max(0, upvotes)));
}

/**
 * Take up to `n` of `pool` (best first) skipping any paper whose cosine to an already chosen one (or to one in
 * `taken`) is above `threshold` (the `duplicateSimilarity` setting), so a digest never holds two versions of
 * the same work.
 */
export function withoutDuplicates<T extends Scored>(index: TfIdfIndex, pool: T[], n: number, taken: string[], threshold: number): T[] {
  const chosen: T[] = [];
  const against = taken.map((id) => documentVector(index, id));
  const againstIds = [...taken];
  for (const s of pool) {
    if (chosen.length >= n) break;
    const vector = documentVector(index, s.id);
    if (nearAny(index, vector, against, againstIds, threshold)) continue;
    chosen.push(s);
    against.push(vector);
    againstIds.push(s.id);
  }
  return chosen;
}

/**
 * Whether the cosine of `vector` to any of `ids` (their vectors `vectors`) as the index scores it exceeds
 * `threshold`. The dot product of the kept vectors (stored as 32-bit floats) is within `SIMILARITY_SLACK` of the
 * index's score (unit vectors: the rounding of each weight is under 1e-7 of it), so only a pair that close to the
 * threshold is scored by the index; the answer is the index's.
 */
function nearAny(index: TfIdfIndex, vector: SparseVector, vectors: SparseVector[], ids: string[], threshold: number): boolean {
  for (let i = 0; i < vectors.length; i++) {
    const estimate = sparseDot(vector, vectors[i]);
    if (estimate < threshold - SIMILARITY_SLACK) continue;
    if (estimate > threshold + SIMILARITY_SLACK || index.scoreMany(vector, [ids[i]])[0] > threshold) return true;
  }
  return false;
}

/** How far the dot product of two kept unit vectors may be from the index's score of the pair (see nearAny). */
const SIMILARITY_SLACK = 1e-6;

/**
 * What the channel follows first (a followed author, a followed category, a followed paper it is like; see
 * follows.ts), then "like <title>, which was liked here" when a liked paper is near enough (`likedReasonSimilarity`, or
 * `likedReasonFallbackSimilarity` when no interest phrase matches), else "matches: a, b" from the interest
 * phrases, else the profile's own terms.
 */
export function explainPick(
  index: TfIdfIndex,
  profile: Profile,
  paper: Paper,
  lookup: (id: string) => Paper | undefined,
  settings: Pick<RankingSettings, 'likedReasonSimilarity' | 'likedReasonFallbackSimilarity'>,
): { reason: string; terms: string[] } {
  const vector = documentVector(index, paper.id);
  const interestTerms = index.explainVector(profile.interestVector, vector, 3);
  const followed = profile.follows ? followReason(index, paper, profile.follows, lookup, settings) : undefined;
  if (followed) return { reason: followed.reason, terms: followed.terms.length > 0 ? followed.terms : interestTerms };
  if (profile.liked.length > 0) {
    const similarities = index.scoreMany(vector, profile.liked);
    let best = 0;
    for (let i = 1; i < similarities.length; i++) if (similarities[i] > similarities[best]) best = i;
    const near = similarities[best] > settings.likedReasonSimilarity;
    if (near || (interestTerms.length === 0 && similarities[best] > settings.likedReasonFallbackSimilarity)) {
      const terms = index.explainVector(documentVector(index, profile.liked[best]), vector, 3);
      const title = lookup(profile.liked[best])?.title ?? profile.liked[best];
      return { reason: `like "${shorten(title, 70)}", which was liked here`, terms };
    }
  }
  if (interestTerms.length > 0) return { reason: `matches: ${interestTerms.join(', ')}`, terms: interestTerms };
  const terms = index.explainVector(profile.vector, vector, 3);
  return { reason: terms.length > 0 ? `about ${terms.join(', ')}` : 'new this week', terms };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
