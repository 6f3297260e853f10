/**
 * The recommender: turns a channel's interests and the reactions its members left into picks, and a person's
 * own reactions into their personal picks and search order. One place, used by the weekly digest, `/papers
 * picks` and search, so they all rank the same way.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import type { ChannelSettingsRepository } from '../channels/channel-settings.js';
import type { VoteRepository } from '../feedback/votes.js';
import type { ChannelRef, Paper, Recommendation, UserRef } from '../types.js';
import { blendProfiles, buildProfile, CHANNEL_WEIGHTS, USER_WEIGHTS, type Profile } from './profile.js';
import { rankPapers } from './rank.js';

/** How much a person's own profile counts next to the channel's in their picks. */
export const PERSONAL_WEIGHT = 0.7;
/** How much a person's profile reorders their search results. */
export const SEARCH_PERSONAL_WEIGHT = 0.15;

export interface RecommenderDeps {
  index: TfIdfIndex;
  lookup: (id: string) => Paper | undefined;
  channels: ChannelSettingsRepository;
  votes: VoteRepository;
}

export class Recommender {
  constructor(private readonly deps: RecommenderDeps) {}

  /** A channel's profile: its interest phrases and seed papers, plus the reactions left in it. */
  async channelProfile(channel: ChannelRef): Promise<Profile> {
    const settings = await this.deps.channels.get(channel);
    const votes = await this.deps.votes.forChannel(channel);
    return buildProfile(this.deps.index, { interests: settings.interests, seedPapers: settings.seedPapers, votes }, CHANNEL_WEIGHTS);
  }

  /** A person's profile: their own reactions, in every channel. */
  async userProfile(user: UserRef): Promise<Profile> {
    return buildProfile(this.deps.index, { interests: [], seedPapers: [], votes: await this.deps.votes.forUser(user) }, USER_WEIGHTS);
  }

  /** The channel's ranking of `candidates` (the weekly digest's ranking). */
  async forChannel(channel: ChannelRef, candidates: string[], k: number, exclude: Set<string>): Promise<Recommendation[]> {
    const profile = await this.channelProfile(channel);
    return rankPapers(this.deps.index, this.deps.lookup, profile, { k, candidates, exclude });
  }

  /** A person's picks in a channel: the channel's profile blended with their own. */
  async forUser(channel: ChannelRef, user: UserRef, candidates: string[] | undefined, k: number, exclude: Set<string>): Promise<Recommendation[]> {
    const profile = blendProfiles(await this.channelProfile(channel), await this.userProfile(user), PERSONAL_WEIGHT);
    return rankPapers(this.deps.index, this.deps.lookup, profile, { k, candidates, exclude });
  }

  /** Search results for `query`, lightly reordered by the asker's own likes and dislikes. */
  async search(query: string, user: UserRef | undefined, limit: number): Promise<Recommendation[]> {
    const { index, lookup } = this.deps;
    const queryVector = index.vectorize(query);
    const profile: Profile = { vector: queryVector, interestVector: queryVector, liked: [], disliked: [] };
    const personal = user ? await this.userProfile(user) : undefined;
    if (!personal || personal.vector.ids.length === 0) return rankPapers(index, lookup, profile, { k: limit, diversity: 0 });
    const pool = rankPapers(index, lookup, profile, { k: limit * 6, diversity: 0 });
    const personalScores = index.scoreMany(personal.vector, pool.map((r) => r.paper.id));
    return pool
      .map((r, i) => ({ ...r, score: r.score + SEARCH_PERSONAL_WEIGHT * personalScores[i] }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
