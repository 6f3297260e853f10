/**
 * `createCore` wires the store, papers and index, channel settings, votes, posted messages and the digest
 * service behind the declared `Core` surface (src/core-types.ts), and loads the bundled papers into an empty
 * store so the bot has something to recommend offline.
 */
import type { Store } from './store/store.js';
import { systemClock, type Clock, type Logger } from './ports.js';
import { logInvalidPapers, PaperRepository, type UpsertSummary } from './papers/paper-repository.js';
import { ChannelSettingsRepository } from './channels/channel-settings.js';
import { PostedMessages } from './channels/posted-messages.js';
import { VoteRepository } from './feedback/votes.js';
import { emojiMeaning } from './feedback/emoji.js';
import { Recommender } from './ranking/recommender.js';
import type { RankingSettings } from './ranking/settings.js';
import { addInterests, removeInterests } from './channels/interests.js';
import { createDigestService } from './digest/digest-service.js';
import { forgetWorkspace } from './workspaces/forget-workspace.js';
import type { CoreInternals, FollowOutcome, PicksResult, ReactOutcome, UnfollowOutcome, UserSummary } from './core-types.js';
import type { ChannelRef, Paper, ReactionEvent, Recommendation, UserRef } from './types.js';

export type { Core, CoreInternals, DigestChange, FollowOutcome, PicksResult, ReactOutcome, UnfollowOutcome, UserSummary } from './core-types.js';

export interface CoreDeps {
  store: Store;
  clock?: Clock;
  logger: Logger;
  /** IANA timezone for new channels' digests. Default UTC. */
  defaultTimezone?: string;
  /** Papers to load when the store has none (the bundled corpus). */
  seedPapers?: () => Promise<Paper[]>;
  /** Overrides of the ranking knobs (src/ranking/settings.ts); the defaults when omitted. */
  ranking?: Partial<RankingSettings>;
}

/**
 * How often a running bot looks for papers another process stored: while a backfill writes, each look reads every
 * stored paper, so not every digest tick.
 */
export const PAPER_SYNC_INTERVAL_MS = 5 * 60 * 1000;

/** How far back `picks` looks for new papers by default. */
export const PICK_WINDOW_MS = 7 * 24 * 3600 * 1000;

/**
 * Wire the core. Loads stored papers (or the seed corpus into an empty store) and builds the index. Returns the
 * `Core` together with its internals (see `CoreInternals`); hand commands and adapters the `Core` type.
 */
export async function createCore(deps: CoreDeps): Promise<CoreInternals> {
  const clock = deps.clock ?? systemClock;
  const { store, logger } = deps;
  const papers = new PaperRepository(store, undefined, logInvalidPapers(logger));
  const channels = new ChannelSettingsRepository(store, deps.defaultTimezone ?? 'UTC');
  const votes = new VoteRepository(store);
  const posted = new PostedMessages(store);

  const loaded = await papers.load();
  if (loaded === 0 && deps.seedPapers) {
    const seed = await deps.seedPapers();
    const now = clock.now().toISOString();
    await papers.upsert(seed.map((p) => ({ ...p, addedAt: now })));
    await papers.index.refresh();
    logger.info('loaded the bundled papers into an empty store', { papers: seed.length });
  }

  const lookup = (id: string) => papers.get(id);
  let lastPaperSync = -Infinity;

  const recommender = new Recommender({ index: papers.index, lookup, channels, votes, settings: deps.ranking });

  const core: CoreInternals = {
    store,
    clock,
    logger,
    papers,
    channels,
    votes,
    posted,

    /** Free-text search over all papers, lightly reordered by the asker's own likes and dislikes. */
    async search(query: string, options: { user?: UserRef; limit?: number } = {}): Promise<Recommendation[]> {
      return recommender.search(query, options.user, options.limit ?? 5);
    },

    /**
     * What `channel` would get now, personalised for `user` when given: papers new in the last week that were
     * not posted there yet; when there are none, the best older papers.
     */
    async picks(channel: ChannelRef, user: UserRef | undefined, k: number): Promise<PicksResult> {
      const exclude = await posted.postedIds(channel);
      const rank = (candidates: string[] | undefined) =>
        user ? recommender.forUser(channel, user, candidates, k, exclude) : recommender.forChannel(channel, candidates, k, exclude);
      const since = new Date(clock.now().getTime() - PICK_WINDOW_MS);
      const fresh = await rank(papers.newSince(since).map((p) => p.id));
      if (fresh.length > 0) return { recommendations: fresh, fromOlderPapers: false };
      return { recommendations: await rank(undefined), fromOlderPapers: true };
    },

    /**
     * The weekly digest's ranking: the channel's best `k` of `candidates`, never a paper already posted there.
     * The digest service and the quality benchmark call this.
     */
    async rankForChannel(channel: ChannelRef, candidates: string[], k: number): Promise<Recommendation[]> {
      return recommender.forChannel(channel, candidates, k, await posted.postedIds(channel));
    },

    knowsWordsOf(text: string): boolean {
      return papers.index.vectorize(text).ids.length > 0;
    },

    paperCount: () => papers.size,

    paper: lookup,

    channelSettings: (channel) => channels.get(channel),

    async follow(channel: ChannelRef, topics: string[]): Promise<FollowOutcome> {
      let outcome: { added: string[]; already: string[] } = { added: [], already: [] };
      const settings = await channels.update(channel, (s, isNew) => {
        // A channel that starts following topics gets the weekly digest at the default time unless it says otherwise.
        if (isNew) s.digest.enabled = true;
        outcome = addInterests(s, topics);
      });
      await recommender.prepareChannel(channel);
      return { ...outcome, settings };
    },

    async unfollow(channel: ChannelRef, topics: string[]): Promise<UnfollowOutcome> {
      let outcome: { removed: string[]; missing: string[] } = { removed: [], missing: [] };
      const settings = await channels.update(channel, (s) => {
        outcome = removeInterests(s, topics);
      });
      await recommender.prepareChannel(channel);
      return { ...outcome, settings };
    },

    updateDigest: (channel, change) => channels.update(channel, (s) => void Object.assign(s.digest, change)),

    /** A reaction added or removed on a posted paper (`messageId`) or a listed one (`paperId`). */
    async react(event: ReactionEvent): Promise<ReactOutcome> {
      const meaning = emojiMeaning(event.emoji);
      if (!meaning) return { status: 'ignored' };
      const paperId = event.paperId ?? (event.messageId ? await posted.paperFor(event.channel, event.messageId) : undefined);
      if (!paperId || !papers.get(paperId)) return { status: 'ignored' };
      const status = await votes.apply(event.user, event.channel, paperId, meaning, event.action, clock.now());
      logger.info('reaction', { paperId, emoji: meaning.name, action: event.action, status });
      return { status, paperId, sentiment: meaning.sentiment };
    },

    /** Remember that a message in `channel` shows `paperId`. */
    async recordPost(channel: ChannelRef, paperId: string, messageId: string, runId?: string): Promise<void> {
      await posted.record(channel, { paperId, messageId, at: clock.now().toISOString(), runId });
    },

    /** What the bot has learned about a person. */
    async me(user: UserRef): Promise<UserSummary> {
      const userVotes = await votes.forUser(user);
      const profile = await recommender.userProfile(user);
      const order = [...profile.vector.ids.keys()].filter((i) => profile.vector.weights[i] > 0);
      order.sort((a, b) => profile.vector.weights[b] - profile.vector.weights[a]);
      const topTerms = [...new Set(order.slice(0, 8).map((i) => papers.index.surface(profile.vector.ids[i])))];
      const known = (ids: string[]) => ids.map(lookup).filter((p): p is Paper => p !== undefined);
      return { votes: userVotes, topTerms, liked: known(profile.liked), disliked: known(profile.disliked) };
    },

    /** Delete everything stored about a person. Returns how many votes were deleted. */
    forgetWorkspace: (platform, workspace) => forgetWorkspace(store, platform, workspace),

    async forgetMe(user: UserRef): Promise<number> {
      return votes.deleteUser(user);
    },

    /** Store papers from a source (merged by id) and index them. */
    async ingest(incoming: Paper[]): Promise<UpsertSummary> {
      return papers.upsert(incoming);
    },

    /**
     * Take in papers another process stored (a backfill next to the running bot), looking at most once every
     * PAPER_SYNC_INTERVAL_MS. Returns how many papers were new or changed.
     */
    async syncPapers(): Promise<number> {
      const now = clock.now().getTime();
      if (now - lastPaperSync < PAPER_SYNC_INTERVAL_MS) return 0;
      lastPaperSync = now;
      const taken = await papers.syncFromStore();
      if (taken > 0) logger.info('took in papers another process stored', { papers: taken });
      return taken;
    },

    runDueDigests: (platforms) => digests.runDue(platforms),
  };
  // The core's own digest service, built from the internals so the public surface stays free of repositories.
  const digests = createDigestService(core);
  return core;
}
