/**
 * `createCore` wires the store, papers and index, channel settings, votes, posted messages and the digest
 * service behind the declared `Core` surface (src/core-types.ts), and loads the bundled papers into an empty
 * store so the bot has something to recommend offline. Each concern's methods live in their own file
 * (`core-papers.ts`, `core-channels.ts`, `core-feedback.ts`); a new core method goes in the one it belongs to.
 */
import type { Store } from './store/store.js';
import { systemClock, type Clock, type Logger } from './ports.js';
import { logInvalidPapers, PaperRepository } from './papers/paper-repository.js';
import { StoredIndex } from './papers/stored-index.js';
import { ChannelSettingsRepository } from './channels/channel-settings.js';
import { PostedMessages } from './channels/posted-messages.js';
import { WidenedInterests } from './channels/widened-interests.js';
import { VoteRepository } from './feedback/votes.js';
import { PersonalSubscriptions } from './digest/personal-subscriptions.js';
import { personalMethods } from './core-personal.js';
import { Recommender } from './ranking/recommender.js';
import type { RankingSettings } from './ranking/settings.js';
import { createDigestService, type DigestServiceOptions } from './digest/digest-service.js';
import { channelMethods } from './core-channels.js';
import { feedbackMethods } from './core-feedback.js';
import type { CoreParts } from './core-parts.js';
import { paperMethods } from './core-papers.js';
import type { CoreInternals } from './core-types.js';
import type { Paper } from './types.js';

export type { Core, CoreInternals, DigestChange, FollowOutcome, PicksResult, ReactOutcome, UnfollowOutcome, UserSummary } from './core-types.js';
export { PAPER_SYNC_INTERVAL_MS, PICK_WINDOW_MS } from './core-papers.js';

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
  /**
   * Fetch one paper by arXiv id (without version) for `follow paper:` and search by id; undefined when arXiv has
   * no such paper; throws when arXiv cannot be reached. Without it, only stored papers can be followed.
   */
  fetchPaper?: (id: string) => Promise<Paper | undefined>;
  /** The digest lease's settings (length, heartbeat, owner name); the defaults (60 s, 15 s) when omitted. */
  digest?: DigestServiceOptions;
}

/**
 * Wire the core. Loads stored papers (or the seed corpus into an empty store) and builds the index. Returns the
 * `Core` together with its internals (see `CoreInternals`); hand commands and adapters the `Core` type.
 */
export async function createCore(deps: CoreDeps): Promise<CoreInternals> {
  const clock = deps.clock ?? systemClock;
  const { store, logger } = deps;
  const papers = new PaperRepository(store, { onInvalid: logInvalidPapers(logger), image: new StoredIndex(store, clock, logger) });
  await loadPapers(papers, deps, clock);
  const channels = new ChannelSettingsRepository(store, deps.defaultTimezone ?? 'UTC');
  const votes = new VoteRepository(store);
  const recommender = new Recommender({ index: papers.index, lookup: (id) => papers.get(id), channels, votes, settings: deps.ranking });
  const people = new PersonalSubscriptions(store, deps.defaultTimezone ?? 'UTC');
  const parts: CoreParts = { store, clock, logger, papers, channels, votes, posted: new PostedMessages(store), widened: new WidenedInterests(store), people, recommender, fetchPaper: deps.fetchPaper };
  const feedback = feedbackMethods(parts);
  const core: CoreInternals = {
    store, clock, logger, papers, channels, votes, posted: parts.posted, widened: parts.widened, people,
    ...paperMethods(parts),
    ...channelMethods(parts),
    ...feedback,
    ...personalMethods(parts, feedback.vote),
    runDueDigests: (platforms) => digests.runDue(platforms),
  };
  // The core's own digest service, built from the internals so the public surface stays free of repositories.
  const digests = createDigestService(core, deps.digest);
  return core;
}

/** Load the stored papers; an empty store gets the seed corpus (the bundled papers), arrived now. */
async function loadPapers(papers: PaperRepository, deps: CoreDeps, clock: Clock): Promise<void> {
  const loaded = await papers.load();
  if (loaded > 0 || !deps.seedPapers) return;
  const seed = await deps.seedPapers();
  const now = clock.now().toISOString();
  await papers.upsert(seed.map((p) => ({ ...p, addedAt: now })));
  await papers.index.refresh();
  deps.logger.info('loaded the bundled papers into an empty store', { papers: seed.length });
}
