/**
 * Ranking: score candidates against a profile through the index's one scoring path, lift by popularity as a
 * small prior, then pick best-first while skipping near-duplicates of earlier picks. Every pick says why.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import type { SparseVector } from '../index/sparse.js';
import type { Paper, Recommendation } from '../types.js';
import type { Profile } from './profile.js';

export interface RankOptions {
  k: number;
  /** Ids to choose from; the whole index when omitted. */
  candidates?: string[];
  /** Ids never to return (already posted, already voted on). */
  exclude?: Set<string>;
  /** Cosine similarity above which a paper counts as a near-duplicate of an earlier pick. Default 0.5. */
  duplicateAbove?: number;
}

/** How many scored candidates the diversity step looks at, per pick wanted (at least 10 picks' worth). */
const POOL_PER_PICK = 8;
/** Weight of the Hugging Face upvote prior: log1p(upvotes) times this, capped at `POPULARITY_CAP`. */
const POPULARITY_WEIGHT = 0.01;
const POPULARITY_CAP = 0.05;
/** Default near-duplicate threshold (cosine of the two papers' TF-IDF vectors). */
export const DUPLICATE_SIMILARITY = 0.5;

export interface Scored {
  id: string;
  score: number;
}

/** Rank papers for a profile vector. Returns at most `k` recommendations with reasons. */
export function rankPapers(index: TfIdfIndex, lookup: (id: string) => Paper | undefined, profile: Profile, options: RankOptions): Recommendation[] {
  const exclude = options.exclude ?? new Set<string>();
  const candidates = options.candidates?.filter((id) => !exclude.has(id));
  const pool = index
    .score(profile.vector, { limit: Math.max(options.k, 10) * POOL_PER_PICK + (candidates ? 0 : exclude.size), candidates })
    .filter((s) => !exclude.has(s.id))
    .map((s) => ({ id: s.id, score: s.score + popularityPrior(lookup(s.id)) }))
    .sort((a, b) => b.score - a.score);
  return withoutDuplicates(index, pool, options.k, [], options.duplicateAbove).map((s) => recommendation(index, profile, s, lookup));
}

/** Build the recommendation of a scored paper, with its reason. */
export function recommendation(index: TfIdfIndex, profile: Profile, s: Scored, lookup: (id: string) => Paper | undefined, exploratory = false): Recommendation {
  const paper = lookup(s.id)!;
  if (exploratory) {
    const terms = index.explain(index.documentVector(s.id), s.id, 3);
    return { paper, score: s.score, reason: `something different${terms.length ? `: ${terms.join(', ')}` : ''} (tell me if it fits)`, terms, exploratory: true };
  }
  return { paper, score: s.score, ...explainPick(index, profile, paper, lookup) };
}

/** Small lift from community upvotes; it can break ties, never decide a pick alone. */
export function popularityPrior(paper: Paper | undefined): number {
  const upvotes = paper?.popularity?.upvotes ?? 0;
  return Math.min(POPULARITY_CAP, POPULARITY_WEIGHT * Math.log1p(Math.max(0, upvotes)));
}

/**
 * Take up to `n` of `pool` (best first) skipping any paper whose cosine to an already chosen one (or to one in
 * `taken`) is above `threshold`, so a digest never holds two versions of the same work.
 */
export function withoutDuplicates<T extends Scored>(index: TfIdfIndex, pool: T[], n: number, taken: string[] = [], threshold = DUPLICATE_SIMILARITY): T[] {
  const chosen: T[] = [];
  const against = [...taken];
  for (const s of pool) {
    if (chosen.length >= n) break;
    if (against.length > 0 && maxSimilarity(index, index.documentVector(s.id), against) > threshold) continue;
    chosen.push(s);
    against.push(s.id);
  }
  return chosen;
}

function maxSimilarity(index: TfIdfIndex, vector: SparseVector, ids: string[]): number {
  let best = 0;
  for (const s of index.scoreMany(vector, ids)) if (s > best) best = s;
  return best;
}

/** "matches: a, b" from the interest phrases, else "like <title> you liked", else the profile's own terms. */
export function explainPick(
  index: TfIdfIndex,
  profile: Profile,
  paper: Paper,
  lookup: (id: string) => Paper | undefined,
): { reason: string; terms: string[] } {
  const interestTerms = index.explain(profile.interestVector, paper.id, 3);
  if (profile.liked.length > 0) {
    const similarities = index.scoreMany(index.documentVector(paper.id), profile.liked);
    let best = 0;
    for (let i = 1; i < similarities.length; i++) if (similarities[i] > similarities[best]) best = i;
    if (similarities[best] > 0.1 || (interestTerms.length === 0 && similarities[best] > 0.03)) {
      const terms = index.explain(index.documentVector(profile.liked[best]), paper.id, 3);
      const title = lookup(profile.liked[best])?.title ?? profile.liked[best];
      return { reason: `like "${shorten(title, 70)}", which was liked here`, terms };
    }
  }
  if (interestTerms.length > 0) return { reason: `matches: ${interestTerms.join(', ')}`, terms: interestTerms };
  const terms = index.explain(profile.vector, paper.id, 3);
  return { reason: terms.length > 0 ? `about ${terms.join(', ')}` : 'new this week', terms };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
