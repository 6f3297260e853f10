/**
 * Ranking: score candidates against a profile through the index's one scoring path, lift by popularity as a
 * small prior, then pick greedily with maximal marginal relevance so near-duplicates do not fill a digest.
 * Every pick says why.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import type { Paper, Recommendation } from '../types.js';
import type { Profile } from './profile.js';

export interface RankOptions {
  k: number;
  /** Ids to choose from; the whole index when omitted. */
  candidates?: string[];
  /** Ids never to return (already posted, already voted on). */
  exclude?: Set<string>;
  /** 0..1: how much a pick must differ from earlier picks. Default 0.3. */
  diversity?: number;
}

/** How many scored candidates the diversity step looks at, per pick wanted. */
const POOL_PER_PICK = 8;
/** Weight of the Hugging Face upvote prior: log1p(upvotes) times this, capped at `POPULARITY_CAP`. */
const POPULARITY_WEIGHT = 0.01;
const POPULARITY_CAP = 0.05;

/** Rank papers for a profile. Returns at most `k` recommendations with reasons. */
export function rankPapers(index: TfIdfIndex, lookup: (id: string) => Paper | undefined, profile: Profile, options: RankOptions): Recommendation[] {
  const exclude = options.exclude ?? new Set<string>();
  const candidates = options.candidates?.filter((id) => !exclude.has(id));
  const pool = index
    .score(profile.vector, { limit: options.k * POOL_PER_PICK + exclude.size, candidates })
    .filter((s) => !exclude.has(s.id))
    .map((s) => ({ ...s, paper: lookup(s.id) }))
    .filter((s): s is { id: string; score: number; paper: Paper } => s.paper !== undefined)
    .map((s) => ({ ...s, score: s.score + popularityPrior(s.paper) }));
  return diversify(index, pool, options.k, options.diversity ?? 0.3).map((s) => ({
    paper: s.paper,
    score: s.score,
    ...explainPick(index, profile, s.paper, lookup),
  }));
}

/** Small lift from community upvotes; it can break ties, never decide a pick alone. */
export function popularityPrior(paper: Paper): number {
  const upvotes = paper.popularity?.upvotes ?? 0;
  return Math.min(POPULARITY_CAP, POPULARITY_WEIGHT * Math.log1p(Math.max(0, upvotes)));
}

function diversify<T extends { id: string; score: number }>(index: TfIdfIndex, pool: T[], k: number, diversity: number): T[] {
  const chosen: T[] = [];
  const remaining = [...pool];
  while (chosen.length < k && remaining.length > 0) {
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < remaining.length; i++) {
      const similarity = chosen.length === 0 ? 0 : Math.max(...index.scoreMany(index.documentVector(remaining[i].id), chosen.map((c) => c.id)));
      const value = (1 - diversity) * remaining[i].score - diversity * similarity;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    chosen.push(remaining.splice(best, 1)[0]);
  }
  return chosen;
}

/** "matches: a, b" from the interest phrases, else "like <title> you liked", else the profile's own terms. */
export function explainPick(
  index: TfIdfIndex,
  profile: Profile,
  paper: Paper,
  lookup: (id: string) => Paper | undefined,
): { reason: string; terms: string[] } {
  const interestTerms = index.explain(profile.interestVector, paper.id, 3);
  if (interestTerms.length > 0) return { reason: `matches: ${interestTerms.join(', ')}`, terms: interestTerms };
  if (profile.liked.length > 0) {
    const similarities = index.scoreMany(index.documentVector(paper.id), profile.liked);
    let best = 0;
    for (let i = 1; i < similarities.length; i++) if (similarities[i] > similarities[best]) best = i;
    if (similarities[best] > 0.05) {
      const terms = index.explain(index.documentVector(profile.liked[best]), paper.id, 3);
      const title = lookup(profile.liked[best])?.title ?? profile.liked[best];
      return { reason: `like "${shorten(title, 70)}", which was liked here`, terms };
    }
  }
  const terms = index.explain(profile.vector, paper.id, 3);
  return { reason: terms.length > 0 ? `about ${terms.join(', ')}` : 'new this week', terms };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
