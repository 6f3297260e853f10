/**
 * What a channel follows besides its topic phrases, as the ranking uses it: papers in a followed arXiv category
 * or by a followed author get a fixed lift (`categoryBoost`, `authorBoost`: a lift, never a filter), and a pick
 * that a follow explains says which one ("follows author Y. LeCun", "in followed category cs.RO", "like
 * followed paper “…”"). Followed papers steer the widening of the interests (interest-expansion.ts) and lift
 * the candidates nearest to them (seed-neighbours.ts).
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import { authorKey, matchingAuthor, type AuthorKey } from '../index/author-names.js';
import type { Paper } from '../types.js';
import { documentVector } from './document-vectors.js';
import type { RankingSettings } from './settings.js';

/** A channel's follows, ready to test papers against. */
export interface ChannelFollows {
  /** Followed paper ids (seed papers). */
  seedPapers: string[];
  /** Followed categories, as arXiv spells them. */
  categories: Set<string>;
  /** Followed author names, folded once. */
  authors: AuthorKey[];
}

/** Fold a channel's stored follows (settings stored before categories and authors existed have neither). */
export function channelFollows(settings: { seedPapers: string[]; categories?: string[]; authors?: string[] }): ChannelFollows {
  return {
    seedPapers: settings.seedPapers,
    categories: new Set(settings.categories ?? []),
    authors: (settings.authors ?? []).map((a) => authorKey(a)).filter((k): k is AuthorKey => k !== undefined),
  };
}

/** True when a category or author follow can lift a paper (seed papers act through the interest vector). */
export function liftsPapers(follows: ChannelFollows | undefined): follows is ChannelFollows {
  return follows !== undefined && (follows.categories.size > 0 || follows.authors.length > 0);
}

/** The first author of `paper` a followed name names, as the paper lists it. */
export function followedAuthorOf(paper: Paper, follows: ChannelFollows): string | undefined {
  for (const key of follows.authors) {
    const listed = matchingAuthor(key, paper.authors);
    if (listed) return listed;
  }
  return undefined;
}

/** The first of `paper`'s categories the channel follows. */
export function followedCategoryOf(paper: Paper, follows: ChannelFollows): string | undefined {
  return paper.categories.find((c) => follows.categories.has(c));
}

/** The lift a paper gets from the channel's followed categories and authors (0 when none applies). */
export function followLift(paper: Paper | undefined, follows: ChannelFollows, settings: Pick<RankingSettings, 'categoryBoost' | 'authorBoost'>): number {
  if (!paper) return 0;
  return (followedCategoryOf(paper, follows) ? settings.categoryBoost : 0) + (followedAuthorOf(paper, follows) ? settings.authorBoost : 0);
}

/**
 * Why the channel's follows point at `paper`, or undefined when they do not: a followed author, a followed
 * category, or (with cosine above `likedReasonSimilarity`) a followed paper it is like. The terms are those it
 * shares with that paper.
 */
export function followReason(
  index: TfIdfIndex,
  paper: Paper,
  follows: ChannelFollows,
  lookup: (id: string) => Paper | undefined,
  settings: Pick<RankingSettings, 'likedReasonSimilarity'>,
): { reason: string; terms: string[] } | undefined {
  const parts: string[] = [];
  const author = followedAuthorOf(paper, follows);
  if (author) parts.push(`follows author ${author}`);
  const category = followedCategoryOf(paper, follows);
  if (category) parts.push(`in followed category ${category}`);
  const seeds = follows.seedPapers.filter((id) => id !== paper.id && index.has(id));
  let terms: string[] = [];
  if (seeds.length > 0) {
    const vector = documentVector(index, paper.id);
    const similarities = index.scoreMany(vector, seeds);
    let best = 0;
    for (let i = 1; i < similarities.length; i++) if (similarities[i] > similarities[best]) best = i;
    if (similarities[best] > settings.likedReasonSimilarity) {
      parts.push(`like followed paper “${shorten(lookup(seeds[best])?.title ?? seeds[best], 70)}”`);
      terms = index.explainVector(documentVector(index, seeds[best]), vector, 3);
    }
  }
  return parts.length > 0 ? { reason: parts.join('; '), terms } : undefined;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
