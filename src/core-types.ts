/**
 * The declared surface of the core. Commands and adapters see only `Core`: questions and actions in the bot's
 * own words, never the repositories or the index behind them, so storage and ranking can change without
 * touching a command. `CoreInternals` is the wider object `createCore` builds, for the composition root, the
 * ingest, the benchmarks and tests that need to look inside.
 */
import type { ChannelSettings, ChannelSettingsRepository, LockOutcome } from './channels/channel-settings.js';
import type { InterestKind } from './channels/interests.js';
import type { PostedMessages } from './channels/posted-messages.js';
import type { WidenedInterests } from './channels/widened-interests.js';
import type { DigestPassSummary } from './digest/digest-service.js';
import type { PersonalDigestChange, PersonalSubscription, PersonalSubscriptions } from './digest/personal-subscriptions.js';
import type { Vote, VoteChange, VoteRepository } from './feedback/votes.js';
import type { PaperRepository, UpsertSummary } from './papers/paper-repository.js';
import type { Clock, Logger, Platform } from './ports.js';
import type { Store } from './store/store.js';
import type { ChannelRef, DigestSchedule, Paper, PlatformName, ReactionEvent, Recommendation, Sentiment, UserRef } from './types.js';
import type { ForgetResult } from './workspaces/forget-workspace.js';
import type { ChannelInputs } from './digest/channel-inputs.js';

export type { ChannelSettings } from './channels/channel-settings.js';
export type { InterestKind } from './channels/interests.js';
export type { PersonalDigestChange, PersonalSubscription } from './digest/personal-subscriptions.js';

/** What `forgetMe` deleted. */
export interface ForgetMeResult {
  /** Votes (reactions and button clicks) deleted. */
  votes: number;
  /**
   * What personal-digest record was deleted: `digest` (one was on or had been sent, deleted with its runs and
   * sent posts), `settings` (a digest never on: its settings and the channels they used the bot from), or undefined (none).
   */
  personal?: 'digest' | 'settings';
}

/** A click on a vote button in a direct message, as a platform without workspaces in DMs (Discord) reports it. */
export interface DirectMessageRef {
  platform: PlatformName;
  /** The clicking person's platform id. */
  user: string;
  /** The direct-message channel id. */
  directChannel: string;
  /** The message whose button was clicked. */
  messageId: string;
}

/**
 * How to search: for whom, how many, and what narrows it. `paperId` (an arXiv id without version) puts that
 * paper first (fetched from arXiv when unknown) and fills the rest with papers like it; `authors` and
 * `categories` keep only papers by one of those authors and in one of those categories. With no words and no
 * paper, the newest papers that pass the filters.
 */
export interface SearchOptions {
  user?: UserRef;
  /** Default 5. */
  limit?: number;
  paperId?: string;
  authors?: string[];
  categories?: string[];
}


/** What a reaction did: recorded, removed or unchanged a vote, or was ignored (no meaning, unknown paper). */
export interface ReactOutcome {
  status: VoteChange | 'ignored';
  paperId?: string;
  sentiment?: Sentiment;
}

/**
 * What a vote button did: `recorded` (a new or changed vote), `removed` (the same button again takes the vote
 * back), or `unknown paper` (nothing stored: the id names no paper the bot knows).
 */
export interface VoteOutcome {
  status: 'recorded' | 'removed' | 'unknown paper';
  paperId: string;
  sentiment: Sentiment;
  /** The paper's title, when the paper is known. */
  title?: string;
}

/** What the bot has learned about one person. */
export interface UserSummary {
  votes: Vote[];
  topTerms: string[];
  liked: Paper[];
  disliked: Paper[];
}

/** The picks for a channel right now. */
export interface PicksResult {
  recommendations: Recommendation[];
  /** True when nothing was new this week and the picks come from older papers. */
  fromOlderPapers: boolean;
}

/** The result of `follow`: which values were new, which were followed already, and the settings after. */
export interface FollowOutcome {
  added: string[];
  already: string[];
  settings: ChannelSettings;
}

/** The result of `unfollow`: which values were removed, which were not followed, and the settings after. */
export interface UnfollowOutcome {
  removed: string[];
  missing: string[];
  settings: ChannelSettings;
}

/** A change to a channel's weekly digest; fields left out keep their value. */
export type DigestChange = Partial<DigestSchedule>;

/** Everything commands and adapters may ask of the bot. */
export interface Core {
  /** Where the core logs; adapters log their own failures here too. */
  readonly logger: Logger;

  /**
   * Free-text search over all papers, lightly reordered by the asker's own likes and dislikes, narrowed and
   * led as `options` say (see `SearchOptions`). Throws `UserError` when a wanted paper cannot be fetched.
   */
  search(query: string, options?: SearchOptions): Promise<Recommendation[]>;
  /** True when at least one word (or word pair) of `text` appears in the indexed papers. */
  knowsWordsOf(text: string): boolean;
  /** How many papers the bot knows. */
  paperCount(): number;
  /** One stored paper by id. */
  paper(id: string): Paper | undefined;

  /** What `channel` would get now, personalised for `user` when given. */
  picks(channel: ChannelRef, user: UserRef | undefined, k: number): Promise<PicksResult>;

  /** A channel's settings (defaults when it has none stored). */
  channelSettings(channel: ChannelRef): Promise<ChannelSettings>;
  /**
   * Add interests of one kind (default: topic phrases; the rules are in src/channels/interests.ts). Dedupes;
   * throws `UserError` for a value the rules refuse or more than the kind's limit. Papers are arXiv ids without
   * version: one the bot does not know is fetched from arXiv and stored first (a `UserError` says when arXiv
   * cannot be reached or has no such paper). A channel's first follow turns its digest on.
   */
  follow(channel: ChannelRef, values: string[], kind?: InterestKind): Promise<FollowOutcome>;
  /** Remove interests of one kind (default: topic phrases). */
  unfollow(channel: ChannelRef, values: string[], kind?: InterestKind): Promise<UnfollowOutcome>;
  /** Change a channel's weekly digest. Returns the settings after the change. */
  updateDigest(channel: ChannelRef, change: DigestChange): Promise<ChannelSettings>;
  /**
   * Lock a channel (`locked` true: from now on only workspace admins, owners and its creator may change its
   * topics and digest) or unlock it. Who may do this is decided by the command (commands/channel-permission.ts).
   */
  setChannelLocked(channel: ChannelRef, locked: boolean): Promise<LockOutcome>;

  /** A reaction added or removed on a posted paper (`messageId`) or a listed one (`paperId`). */
  react(event: ReactionEvent): Promise<ReactOutcome>;
  /**
   * A vote button on a paper card clicked by `user` in `channel`: the same vote as a reaction, the latest wins,
   * and clicking the button of the vote already cast takes it back. An unknown paper stores nothing.
   */
  vote(user: UserRef, channel: ChannelRef, paperId: string, sentiment: Sentiment): Promise<VoteOutcome>;
  /** What the bot has learned about a person. */
  me(user: UserRef): Promise<UserSummary>;
  /** Delete everything stored about a person: votes, personal digest (and its runs and sent posts). */
  forgetMe(user: UserRef): Promise<ForgetMeResult>;

  /** A person's own weekly digest by direct message (the defaults, off, when they have none). */
  personalDigest(user: UserRef): Promise<PersonalSubscription>;
  /**
   * Change a person's own weekly digest, asked in `from` (remembered as a channel they use); any change clears
   * an "unavailable" mark. Returns it after the change.
   */
  updatePersonalDigest(user: UserRef, change: PersonalDigestChange, from?: ChannelRef): Promise<PersonalSubscription>;
  /**
   * Remember that `user`, who has set up their own digest, used the bot from `channel` (a command), so their
   * digest draws on its interests. Best effort: never throws. Votes and reactions note their channel themselves.
   */
  noteChannelUse(user: UserRef, channel: ChannelRef): Promise<void>;
  /**
   * A vote button clicked on a personal digest card in a direct message that carries no workspace (Discord): the
   * vote goes to the clicker in the workspace whose digest posted that message, with the DM as its channel.
   * Undefined when the message is no personal digest post of the clicker's (nothing is stored).
   */
  directVote(message: DirectMessageRef, paperId: string, sentiment: Sentiment): Promise<VoteOutcome | undefined>;
  /** Delete every record of a workspace (its channels, votes, digests, posts and installation): an uninstall. */
  forgetWorkspace(platform: PlatformName, workspace: string): Promise<ForgetResult>;

  /** Store papers from a source (merged by id) and index them. */
  ingest(incoming: Paper[]): Promise<UpsertSummary>;
  /**
   * Take in papers another process stored (a backfill, another instance): only those the store's change feed
   * lists after the last look (adapters/paper-sync-schedule.ts calls it every `PAPER_SYNC_INTERVAL_MS`).
   * Returns how many papers were new or changed.
   */
  syncPapers(): Promise<number>;
  /** Post every weekly digest that is due now on `platforms` (exactly once, under the digest lease). */
  runDueDigests(platforms: Platform[]): Promise<DigestPassSummary>;
}

/**
 * The object `createCore` returns: the `Core` plus the repositories and the clock. Internal: for the
 * composition root, the ingest, the digest service, the benchmarks and tests. Commands and adapters take `Core`.
 */
export interface CoreInternals extends Core {
  readonly store: Store;
  readonly clock: Clock;
  readonly papers: PaperRepository;
  readonly channels: ChannelSettingsRepository;
  readonly votes: VoteRepository;
  readonly posted: PostedMessages;
  readonly widened: WidenedInterests;
  readonly people: PersonalSubscriptions;
  /**
   * Store the channels' widened interests this process computed since the last call (after follows, and after
   * each digest group's ranking), so other instances on the store and later restarts adopt them.
   */
  saveWidenedInterests(): Promise<void>;
  /** A personal digest's ranking: the person's best `k` of `candidates`, from their votes and `channels`' interests. */
  rankForPerson(user: UserRef, channels: ChannelRef[], candidates: string[], k: number, exclude: Set<string>): Promise<Recommendation[]>;
  /**
   * The weekly digest's ranking: the channel's best `k` of `candidates`, never a paper already posted there.
   * `read`: the channel's settings, votes and posted papers when the caller read them already (the digest reads a
   * group's at once); otherwise they are read here.
   */
  rankForChannel(channel: ChannelRef, candidates: string[], k: number, read?: ChannelInputs): Promise<Recommendation[]>;
  /** True when this process holds the channel's widened interests, current for `settings`: the digest reads no stored copy. */
  holdsWidenedInterests(settings: ChannelSettings): boolean;
  /** Every arXiv category some channel follows, each once, in the order first followed. The daily ingest reads them. */
  followedCategories(): Promise<string[]>;
  /** Remember that a message in `channel` shows `paperId`. */
  recordPost(channel: ChannelRef, paperId: string, messageId: string, runId?: string): Promise<void>;
}
