/**
 * The core's data model: papers, the places and people the bot talks to, and the neutral reply model that
 * every adapter renders. Nothing here knows about Slack or Discord.
 */

/** Where a paper came from. `seed` is the bundled offline corpus. */
export type SourceName = 'arxiv-api' | 'arxiv-rss' | 'hf-daily' | 'seed' | 'import';

export type PlatformName = 'slack' | 'discord' | 'console';

export interface Paper {
  /** Stable id: the arXiv id without version (`2403.01234`) where there is one, else a source-prefixed id. */
  id: string;
  /** arXiv version number (1 for v1), when known. */
  version?: number;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  primaryCategory?: string;
  /** ISO 8601 timestamp of the first version. */
  published: string;
  /** ISO 8601 timestamp of the latest version. */
  updated?: string;
  url: string;
  sources: SourceName[];
  /** Hugging Face community signal, when known. */
  popularity?: { upvotes: number; comments?: number };
  comment?: string;
  doi?: string;
  /** ISO 8601 timestamp of when this bot first stored the paper. Digests pick papers added since their last run. */
  addedAt: string;
}

/** A channel on a platform, inside one workspace (Slack team, Discord guild; `local` for the console). */
export interface ChannelRef {
  platform: PlatformName;
  workspace: string;
  channel: string;
  /** True for a person's direct-message conversation with the bot (opened by `Platform.openDirect`). */
  direct?: true;
}

/** A person on a platform, inside one workspace. */
export interface UserRef {
  platform: PlatformName;
  workspace: string;
  user: string;
}

/** A ranked paper and why it was chosen. */
export interface Recommendation {
  paper: Paper;
  score: number;
  /** One line a person can read: "matches: retrieval augmented generation, reranking". */
  reason: string;
  /** The terms that contributed most, in display form. */
  terms: string[];
  /** True when the pick was chosen to explore rather than because it scored best. */
  exploratory?: boolean;
}

/**
 * The neutral reply model. All strings are plain text: adapters escape them for their platform, so text from
 * papers or users can never become markup, mentions or links.
 */
export interface Reply {
  /** `private`: only the asker sees it (ephemeral); `channel`: everyone in the channel. */
  visibility: 'private' | 'channel';
  /** A short heading. */
  title?: string;
  /** Paragraphs of plain text, shown before the papers. */
  lines: string[];
  /** Papers, numbered from 1 in this order. */
  papers: Recommendation[];
  /** Plain text shown after the papers (a hint on what to do next). */
  footer?: string;
  /** True when the reply reports a problem with the request. */
  isError?: boolean;
}

/** The meaning of a reaction, after platform emoji names are folded. */
export type Sentiment = 'like' | 'dislike';

export interface ReactionEvent {
  user: UserRef;
  channel: ChannelRef;
  /** The platform message reacted to; resolved to a paper through the stored message map. */
  messageId?: string;
  /** Direct paper reference (the console's `react N`). */
  paperId?: string;
  /** Platform emoji: a Slack short name (`+1::skin-tone-2`), a unicode emoji (`👍🏽`) or a Discord custom name. */
  emoji: string;
  action: 'added' | 'removed';
}

/** A weekly digest schedule in the channel's local time. */
export interface DigestSchedule {
  enabled: boolean;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** Minutes after local midnight. */
  minuteOfDay: number;
  /** IANA timezone name. */
  timezone: string;
  /** Picks per digest, 1 to 10. */
  k: number;
  /** Post a short note when a week has nothing to recommend. */
  quietNote: boolean;
  /** How the papers are laid out; absent (channels set up before styles existed) means `thread`. Read it with `digestStyle`. */
  style?: DigestStyle;
  /**
   * ISO instant it was last switched on or off or moved (day, time, timezone), set by `changeSchedule`: a new
   * schedule is due from its first slot after it. Absent (set before this existed): from the tick that first sees it.
   */
  changedAt?: string;
}

/**
 * How a digest is laid out: `thread` posts one short summary message and each paper as a reply in its thread;
 * `messages` posts each paper as its own message in the channel.
 */
export type DigestStyle = 'thread' | 'messages';

/** Every digest style, the default first. */
export const DIGEST_STYLES: readonly DigestStyle[] = ['thread', 'messages'];

/** The schedule's digest style: `thread` unless it says `messages`. */
export function digestStyle(schedule: Pick<DigestSchedule, 'style'>): DigestStyle {
  return schedule.style ?? 'thread';
}

/** Build the store/registry key of a channel: `slack:T123:C456`. */
export function channelKey(ref: ChannelRef): string {
  return `${ref.platform}:${ref.workspace}:${ref.channel}`;
}

/** Build the store key of a user: `discord:G1:U2`. */
export function userKey(ref: UserRef): string {
  return `${ref.platform}:${ref.workspace}:${ref.user}`;
}
