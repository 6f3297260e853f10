/**
 * The recommender: turns a channel's interests and the reactions its members left into picks, and a person's
 * own reactions into their personal picks and search order. One place, used by the weekly digest, `/papers
 * picks` and search, so they all rank the same way. Every knob comes from one RankingSettings object.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import type { ChannelSettings, ChannelSettingsRepository } from '../channels/channel-settings.js';
import type { VoteRepository } from '../feedback/votes.js';
import type { ChannelRef, Paper, Recommendation, UserRef } from '../types.js';
import type { Vote } from '../feedback/votes.js';
import { normalize, truncate, type SparseVector } from '../index/sparse.js';
import { InterestExpansionCache, type StoredExpansion } from './interest-expansion.js';
import { RankableCandidates, withoutExcluded } from './candidate-lists.js';
import { channelFollows, type ChannelFollows } from './follows.js';
import { buildProfile, channelWeights, combinedInterests, phraseVector, seedVector, userWeights, type Profile } from './profile.js';
import { rankPapers, recommendation } from './rank.js';
import { learnedPicks, type VoteExample } from './select.js';
import { rankingSettings, type RankingSettings } from './settings.js';

export interface RecommenderDeps {
  index: TfIdfIndex;
  lookup: (id: string) => Paper | undefined;
  channels: ChannelSettingsRepository;
  votes: VoteRepository;
  /** Overrides of the ranking knobs (see settings.ts); the defaults when omitted. */
  settings?: Partial<RankingSettings>;
}

/**
 * What ranking a channel reads from the store, when the caller has read it already (the digest reads a whole
 * group's at once): the channel's settings and the votes cast in it.
 */
export interface ChannelRankInputs {
  settings: ChannelSettings;
  votes: Vote[];
  /** The channel's widened interests as stored (by this or another instance), adopted when still current. */
  expansion?: StoredExpansion;
}

/** What a channel follows, as the ranking reads it. */
type ChannelInterests = Pick<ChannelSettings, 'interests' | 'seedPapers' | 'categories' | 'authors'>;

/** A channel's interests as vectors: phrases and followed papers apart (for widening) and together. */
interface ChannelVectors {
  /** Phrases and followed papers together: the learned model's prior and the "matches:" reasons. */
  interests: SparseVector;
  phrases: SparseVector;
  seeds: SparseVector;
  follows: ChannelFollows;
}

/** What one ranking call works from: the channel's interests and whose votes, under which keys. */
interface RankRequest extends ChannelVectors {
  /** What the interests were built from (see interestSignature). */
  signature: string;
  /** The channel's key: its widened interests are kept under it. */
  channelKey: string;
  /** The widened interests as stored, if read (see interest-expansion.ts). */
  stored?: StoredExpansion;
  /** Seeds the exploration draws (the channel's or the person's key). */
  seed: string;
  votes: VoteExample[];
  candidates: string[];
  k: number;
  exclude: Set<string>;
}

function example(vote: Vote, weight: number): VoteExample {
  return { id: vote.paperId, like: vote.sentiment === 'like', weight, at: vote.at };
}

export class Recommender {
  private readonly expansions: InterestExpansionCache;
  private readonly rankable: RankableCandidates;
  /** Interest vectors by interest signature, at one index state (they depend on its idf). */
  private interestVectors = { version: -1, bySignature: new Map<string, Omit<ChannelVectors, 'follows'>>() };
  readonly settings: RankingSettings;

  constructor(private readonly deps: RecommenderDeps) {
    this.settings = rankingSettings(deps.settings);
    this.expansions = new InterestExpansionCache(deps.index, this.settings);
    this.rankable = new RankableCandidates(deps.index, deps.lookup);
  }

  /** Widen a channel's interests now (after they change), so its next digest only scores candidates. */
  async prepareChannel(channel: ChannelRef): Promise<void> {
    const settings = await this.deps.channels.get(channel);
    const { phrases, seeds } = this.vectors(settings);
    this.expansions.get(channelKey(channel), interestSignature(settings), phrases, seeds);
  }

  /** A channel's interest vectors (kept by what they are built from, while the index stands) and follows. */
  private vectors(settings: ChannelInterests): ChannelVectors {
    const { index } = this.deps;
    if (this.interestVectors.version !== index.stateVersion) this.interestVectors = { version: index.stateVersion, bySignature: new Map() };
    const signature = interestSignature(settings);
    let vectors = this.interestVectors.bySignature.get(signature);
    if (!vectors) {
      const phrases = phraseVector(index, settings.interests);
      const seeds = seedVector(index, settings.seedPapers);
      vectors = { interests: combinedInterests(phrases, seeds, this.settings.seedPaperWeight), phrases, seeds };
      this.interestVectors.bySignature.set(signature, vectors);
    }
    return { ...vectors, follows: channelFollows(settings) };
  }

  /** A person's profile: their own reactions, in every channel. */
  async userProfile(user: UserRef): Promise<Profile> {
    const input = { interests: [], seedPapers: [], votes: await this.deps.votes.forUser(user) };
    return buildProfile(this.deps.index, input, userWeights(this.settings), this.settings.profileTerms);
  }

  /** The channel's ranking of `candidates` (the weekly digest's ranking); `read`: its store inputs, read already. */
  async forChannel(channel: ChannelRef, candidates: string[] | undefined, k: number, exclude: Set<string>, read?: ChannelRankInputs): Promise<Recommendation[]> {
    const { settings, votes: channelVotes, expansion } = read ?? (await this.channelInputs(channel));
    const votes = channelVotes.map((v) => example(v, 1));
    const pool = candidates ?? this.broadPool(settings, channelVotes);
    const key = channelKey(channel);
    return this.rank({ ...this.vectors(settings), signature: interestSignature(settings), channelKey: key, seed: key, votes, candidates: pool, k, exclude, stored: expansion });
  }

  /** What `forChannel` reads from the store for `channel` (its settings and votes), both reads at once. */
  async channelInputs(channel: ChannelRef): Promise<ChannelRankInputs> {
    const [settings, votes] = await Promise.all([this.deps.channels.get(channel), this.deps.votes.forChannel(channel)]);
    return { settings, votes };
  }

  /**
   * True when this process holds the channel's widened interests, current for `settings`: its ranking would not
   * use a stored copy, so the digest does not read one.
   */
  holdsWidenedInterests(settings: ChannelSettings): boolean {
    return this.expansions.holds(channelKey(settings.channel), interestSignature(settings));
  }

  /**
   * The channels' widened interests computed in this process since the last call (by a follow or a ranking), to
   * store: channel key (`platform:workspace:channel`) and the stored form.
   */
  takeComputedExpansions(): [string, StoredExpansion][] {
    return this.expansions.takeComputed().flatMap(([key, stored]): [string, StoredExpansion][] => (key.startsWith(CHANNEL_PREFIX) ? [[key.slice(CHANNEL_PREFIX.length), stored]] : []));
  }

  /** A person's picks in a channel: the channel's interests, the channel's reactions and, above all, their own. */
  async forUser(channel: ChannelRef, user: UserRef, candidates: string[] | undefined, k: number, exclude: Set<string>): Promise<Recommendation[]> {
    const [settings, ownVotes, channelVotes] = await Promise.all([this.deps.channels.get(channel), this.deps.votes.forUser(user), this.deps.votes.forChannel(channel)]);
    const ownIds = new Set(ownVotes.map((v) => v.paperId));
    const others = channelVotes.filter((v) => !ownIds.has(v.paperId));
    const votes = [...ownVotes.map((v) => example(v, 1)), ...others.map((v) => example(v, this.settings.personalWeight))];
    const pool = candidates ?? this.broadPool(settings, [...ownVotes, ...channelVotes]);
    const signature = interestSignature(settings);
    return this.rank({ ...this.vectors(settings), signature, channelKey: channelKey(channel), seed: userSeed(user), votes, candidates: pool, k, exclude });
  }

  /**
   * A person's own picks (their personal digest): the interests of the channels they use, merged, and their own
   * votes; papers they voted on are never picks. Empty when they use no channel with interests and voted on nothing.
   */
  async forPerson(user: UserRef, channels: ChannelRef[], candidates: string[], k: number, exclude: Set<string>): Promise<Recommendation[]> {
    const interests = mergedInterests(await Promise.all(channels.map((c) => this.deps.channels.get(c))));
    const votes = (await this.deps.votes.forUser(user)).map((v) => example(v, 1));
    if (votes.length === 0 && interests.interests.length === 0 && interests.seedPapers.length === 0) return [];
    const key = userSeed(user);
    return this.rank({ ...this.vectors(interests), signature: interestSignature(interests), channelKey: key, seed: key, votes, candidates, k, exclude });
  }

  /** With no fresh candidates, the `broadPool` papers of the whole index closest to the interests and likes. */
  private broadPool(settings: { interests: string[]; seedPapers: string[] }, votes: Vote[]): string[] {
    const profile = buildProfile(this.deps.index, { ...settings, votes }, channelWeights(this.settings), this.settings.profileTerms);
    return this.deps.index.score(profile.vector, { limit: this.settings.broadPool }).map((s) => s.id);
  }

  /** No votes: rank by the channel's widened interests. With votes: the learned model plus exploration. */
  private rank(request: RankRequest): Recommendation[] {
    const { index, lookup } = this.deps;
    const { interests, votes, k, follows } = request;
    // Papers voted on or followed here are known to the channel already: never picks.
    const known = new Set([...votes.map((v) => v.id), ...follows.seedPapers]);
    const pool = withoutExcluded(this.rankable.of(request.candidates), request.exclude, known);
    const liked = votes.filter((v) => v.like).map((v) => v.id);
    const disliked = votes.filter((v) => !v.like).map((v) => v.id);
    if (votes.length === 0) {
      const vector = this.expansions.get(request.channelKey, request.signature, request.phrases, request.seeds, request.stored);
      return rankPapers(index, lookup, { vector, interestVector: interests, liked, disliked, follows }, { k, candidates: pool }, this.settings);
    }
    const { picks, model } = learnedPicks(index, { interestVector: interests, votes, candidates: pool, k, seed: request.seed }, this.settings);
    const profile: Profile = { vector: normalize(truncate(model.weights, this.settings.profileTerms)), interestVector: interests, liked, disliked, follows };
    return picks.map((p) => recommendation(index, profile, p, lookup, this.settings, p.exploratory));
  }

  /**
   * Search results for `query` (among `candidates` when given: a search narrowed by filters), lightly reordered
   * by the asker's own likes and dislikes.
   */
  async search(query: string, user: UserRef | undefined, limit: number, candidates?: string[]): Promise<Recommendation[]> {
    const { index, lookup } = this.deps;
    const queryVector = index.vectorize(query);
    const profile: Profile = { vector: queryVector, interestVector: queryVector, liked: [], disliked: [] };
    const personal = user ? await this.userProfile(user) : undefined;
    if (!personal || personal.vector.ids.length === 0) return rankPapers(index, lookup, profile, { k: limit, candidates }, this.settings);
    const pool = rankPapers(index, lookup, profile, { k: limit * this.settings.searchPoolFactor, candidates }, this.settings);
    const personalScores = index.scoreMany(personal.vector, pool.map((r) => r.paper.id));
    return pool
      .map((r, i) => ({ ...r, score: r.score + this.settings.searchPersonalWeight * personalScores[i] }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}

/** The key a channel's widened interests and exploration draws are kept under. */
function channelKey(channel: ChannelRef): string {
  return `${CHANNEL_PREFIX}${channel.platform}:${channel.workspace}:${channel.channel}`;
}
const CHANNEL_PREFIX = 'channel|';

/** The key a person's exploration draws are seeded with. */
function userSeed(user: UserRef): string {
  return `user|${user.platform}:${user.workspace}:${user.user}`;
}

/** What a channel's interest vector is built from: any change to it rebuilds the expansion. */
function interestSignature(settings: { interests: string[]; seedPapers: string[] }): string {
  // Followed categories and authors lift papers at ranking time; they do not change the widened vector.
  return JSON.stringify([settings.interests, settings.seedPapers]);
}

/** The follows of several channels as one: each topic (case-insensitively), paper, category and author once. */
function mergedInterests(settings: ChannelInterests[]): Required<ChannelInterests> {
  const unique = (values: string[]) => [...new Map(values.map((v) => [v.toLowerCase(), v])).values()];
  return {
    interests: unique(settings.flatMap((s) => s.interests)),
    seedPapers: unique(settings.flatMap((s) => s.seedPapers)),
    categories: unique(settings.flatMap((s) => s.categories ?? [])),
    authors: unique(settings.flatMap((s) => s.authors ?? [])),
  };
}
