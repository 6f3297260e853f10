/**
 * The recommender: turns a channel's interests and the reactions its members left into picks, and a person's
 * own reactions into their personal picks and search order. One place, used by the weekly digest, `/papers
 * picks` and search, so they all rank the same way.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import type { ChannelSettingsRepository } from '../channels/channel-settings.js';
import type { VoteRepository } from '../feedback/votes.js';
import type { ChannelRef, Paper, Recommendation, UserRef } from '../types.js';
import type { Vote } from '../feedback/votes.js';
import { normalize, truncate } from '../index/sparse.js';
import { InterestExpansionCache } from './interest-expansion.js';
import { buildProfile, CHANNEL_WEIGHTS, interestVector, PROFILE_TERMS, USER_WEIGHTS, type Profile } from './profile.js';
import { rankPapers, recommendation } from './rank.js';
import { learnedPicks, type VoteExample } from './select.js';

/** How much others' reactions in the channel count in a person's picks, next to their own (1). */
export const PERSONAL_WEIGHT = 0.5;
/** How much a person's profile reorders their search results. */
export const SEARCH_PERSONAL_WEIGHT = 0.15;
/** Papers considered when picks fall back to older papers. */
const BROAD_POOL = 500;

export interface RecommenderDeps {
  index: TfIdfIndex;
  lookup: (id: string) => Paper | undefined;
  channels: ChannelSettingsRepository;
  votes: VoteRepository;
}

function example(vote: Vote, weight: number): VoteExample {
  return { id: vote.paperId, like: vote.sentiment === 'like', weight, at: vote.at };
}

export class Recommender {
  private readonly expansions: InterestExpansionCache;

  constructor(private readonly deps: RecommenderDeps) {
    this.expansions = new InterestExpansionCache(deps.index);
  }

  /** Widen a channel's interests now (after they change), so its next digest only scores candidates. */
  async prepareChannel(channel: ChannelRef): Promise<void> {
    const settings = await this.deps.channels.get(channel);
    this.expansions.get(channelSeed(channel), interestSignature(settings), interestVector(this.deps.index, settings));
  }

  /** A person's profile: their own reactions, in every channel. */
  async userProfile(user: UserRef): Promise<Profile> {
    return buildProfile(this.deps.index, { interests: [], seedPapers: [], votes: await this.deps.votes.forUser(user) }, USER_WEIGHTS);
  }

  /** The channel's ranking of `candidates` (the weekly digest's ranking). */
  async forChannel(channel: ChannelRef, candidates: string[] | undefined, k: number, exclude: Set<string>): Promise<Recommendation[]> {
    const settings = await this.deps.channels.get(channel);
    const channelVotes = await this.deps.votes.forChannel(channel);
    const votes = channelVotes.map((v) => example(v, 1));
    const pool = candidates ?? this.broadPool(settings, channelVotes);
    return this.rank(interestVector(this.deps.index, settings), interestSignature(settings), votes, pool, k, exclude, channelSeed(channel));
  }

  /** A person's picks in a channel: the channel's interests, the channel's reactions and, above all, their own. */
  async forUser(channel: ChannelRef, user: UserRef, candidates: string[] | undefined, k: number, exclude: Set<string>): Promise<Recommendation[]> {
    const settings = await this.deps.channels.get(channel);
    const ownVotes = await this.deps.votes.forUser(user);
    const channelVotes = await this.deps.votes.forChannel(channel);
    const ownIds = new Set(ownVotes.map((v) => v.paperId));
    const others = channelVotes.filter((v) => !ownIds.has(v.paperId));
    const votes = [...ownVotes.map((v) => example(v, 1)), ...others.map((v) => example(v, PERSONAL_WEIGHT))];
    const pool = candidates ?? this.broadPool(settings, [...ownVotes, ...channelVotes]);
    return this.rank(interestVector(this.deps.index, settings), interestSignature(settings), votes, pool, k, exclude, userSeed(user));
  }

  /** With no fresh candidates, the papers of the whole index closest to the interests and likes. */
  private broadPool(settings: { interests: string[]; seedPapers: string[] }, votes: Vote[]): string[] {
    const profile = buildProfile(this.deps.index, { ...settings, votes }, CHANNEL_WEIGHTS);
    return this.deps.index.score(profile.vector, { limit: BROAD_POOL }).map((s) => s.id);
  }

  private rank(interests: ReturnType<typeof interestVector>, signature: string, votes: VoteExample[], candidates: string[], k: number, exclude: Set<string>, seed: string): Recommendation[] {
    const { index, lookup } = this.deps;
    const voted = new Set(votes.map((v) => v.id));
    const pool = candidates.filter((id) => !exclude.has(id) && !voted.has(id) && index.has(id) && lookup(id) !== undefined);
    const liked = votes.filter((v) => v.like).map((v) => v.id);
    const disliked = votes.filter((v) => !v.like).map((v) => v.id);
    if (votes.length === 0) {
      return rankPapers(index, lookup, { vector: this.expansions.get(seed, signature, interests), interestVector: interests, liked, disliked }, { k, candidates: pool });
    }
    const { picks, model } = learnedPicks(index, { interestVector: interests, votes, candidates: pool, k, seed });
    const profile: Profile = { vector: normalize(truncate(model.weights, PROFILE_TERMS)), interestVector: interests, liked, disliked };
    return picks.map((p) => recommendation(index, profile, p, lookup, p.exploratory));
  }

  /** Search results for `query`, lightly reordered by the asker's own likes and dislikes. */
  async search(query: string, user: UserRef | undefined, limit: number): Promise<Recommendation[]> {
    const { index, lookup } = this.deps;
    const queryVector = index.vectorize(query);
    const profile: Profile = { vector: queryVector, interestVector: queryVector, liked: [], disliked: [] };
    const personal = user ? await this.userProfile(user) : undefined;
    if (!personal || personal.vector.ids.length === 0) return rankPapers(index, lookup, profile, { k: limit });
    const pool = rankPapers(index, lookup, profile, { k: limit * 6 });
    const personalScores = index.scoreMany(personal.vector, pool.map((r) => r.paper.id));
    return pool
      .map((r, i) => ({ ...r, score: r.score + SEARCH_PERSONAL_WEIGHT * personalScores[i] }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}

/** The key a channel's expansion and exploration draws are kept under. */
function channelSeed(channel: ChannelRef): string {
  return `channel|${channel.platform}:${channel.workspace}:${channel.channel}`;
}

/** The key a person's exploration draws and widened interests are kept under. */
function userSeed(user: UserRef): string {
  return `user|${user.platform}:${user.workspace}:${user.user}`;
}

/** What a channel's interest vector is built from: any change to it rebuilds the expansion. */
function interestSignature(settings: { interests: string[]; seedPapers: string[] }): string {
  return JSON.stringify([settings.interests, settings.seedPapers]);
}
