/**
 * Profiles: what a channel or a person wants, as one weighted term vector in the index's space.
 * A channel's profile is its interest phrases and seed papers plus the votes cast in it; a person's is their
 * own votes. Likes pull toward a paper's terms, dislikes push away from them.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import { addScaled, fromMap, normalize, truncate, type SparseVector } from '../index/sparse.js';
import type { Vote } from '../feedback/votes.js';
import type { ChannelFollows } from './follows.js';
import type { RankingSettings } from './settings.js';

export interface Profile {
  vector: SparseVector;
  /** Vector of the interest phrases (and followed papers), used to explain picks as "matches: ...". */
  interestVector: SparseVector;
  liked: string[];
  disliked: string[];
  /** The channel's followed papers, categories and authors: they lift papers and explain picks. */
  follows?: ChannelFollows;
}

export interface ProfileWeights {
  interests: number;
  likes: number;
  dislikes: number;
}

/** A channel profile's weights (its interests, likes and dislikes) from the settings. */
export function channelWeights(settings: RankingSettings): ProfileWeights {
  return { interests: settings.channelInterestsWeight, likes: settings.channelLikesWeight, dislikes: settings.channelDislikesWeight };
}

/** A person's profile weights (their likes and dislikes; no interests) from the settings. */
export function userWeights(settings: RankingSettings): ProfileWeights {
  return { interests: 0, likes: settings.userLikesWeight, dislikes: settings.userDislikesWeight };
}

/** The unit vector of a channel's interest phrases (each phrase counts once). */
export function phraseVector(index: TfIdfIndex, phrases: string[]): SparseVector {
  const sum = new Map<number, number>();
  for (const phrase of phrases) addScaled(sum, index.vectorize(phrase), 1);
  return normalize(fromMap(sum));
}

/** The centre (unit vector) of a channel's followed papers that are in the index; empty when there are none. */
export function seedVector(index: TfIdfIndex, seedPapers: string[]): SparseVector {
  return centroid(index, seedPapers.filter((id) => index.has(id)));
}

/**
 * The unit vector of a channel's interest phrases and followed papers: the phrases' unit vector plus
 * `seedWeight` (the `seedPaperWeight` setting) times the centre of the followed papers. With no followed
 * papers, the phrases' vector alone; with no phrases, the followed papers' centre alone.
 */
export function interestVector(index: TfIdfIndex, input: { interests: string[]; seedPapers: string[] }, seedWeight = 1): SparseVector {
  return combinedInterests(phraseVector(index, input.interests), seedVector(index, input.seedPapers), seedWeight);
}

/** `interestVector` from the phrases' unit vector and the followed papers' centre, already made. */
export function combinedInterests(phrases: SparseVector, seeds: SparseVector, seedWeight: number): SparseVector {
  if (seeds.ids.length === 0) return phrases;
  if (phrases.ids.length === 0) return seeds;
  const sum = new Map<number, number>();
  addScaled(sum, phrases, 1);
  addScaled(sum, seeds, seedWeight);
  return normalize(fromMap(sum));
}

/** Build a profile from interest phrases, seed papers and votes, kept to its `terms` largest weights. */
export function buildProfile(
  index: TfIdfIndex,
  input: { interests: string[]; seedPapers: string[]; votes: Vote[] },
  weights: ProfileWeights,
  terms: number,
): Profile {
  const interests = interestVector(index, input);

  const liked = input.votes.filter((v) => v.sentiment === 'like').map((v) => v.paperId);
  const disliked = input.votes.filter((v) => v.sentiment === 'dislike').map((v) => v.paperId);
  const total = new Map<number, number>();
  addScaled(total, interests, weights.interests);
  addScaled(total, centroid(index, liked), weights.likes);
  addScaled(total, centroid(index, disliked), -weights.dislikes);
  return { vector: truncate(fromMap(total), terms), interestVector: interests, liked, disliked };
}

/** The normalised mean of some documents' vectors. */
function centroid(index: TfIdfIndex, ids: string[]): SparseVector {
  const sum = new Map<number, number>();
  for (const id of ids) addScaled(sum, index.documentVector(id), 1);
  return normalize(fromMap(sum));
}
