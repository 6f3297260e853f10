/**
 * Shared pieces of the digest tests: a recording platform (a channel in memory that can be read back by key)
 * that can fail on a chosen post, before or after the message reaches the channel, and opens direct-message
 * channels (`dm-<user>`) unless told a person cannot be messaged; and a channel with a weekly schedule and a
 * handful of fresh papers.
 */
import { ChannelUnavailableError } from '../../src/errors.js';
import type { Platform, PostKey } from '../../src/ports.js';
import type { ChannelRef, Reply, UserRef } from '../../src/types.js';
import type { CoreFixture } from '../helpers/core-fixture.js';
import { makePaper } from '../helpers/core-fixture.js';

export const CHANNEL: ChannelRef = { platform: 'console', workspace: 'w1', channel: 'reading-group' };

export interface RecordedPost {
  channel: ChannelRef;
  reply: Reply;
  key?: PostKey;
  messageId: string;
}

export interface RecordingPlatform extends Platform {
  /** Every message that reached the channel, in order. */
  posts: RecordedPost[];
  paperIds(): string[];
  /**
   * Make post number `n` (1-based, counted over this platform's life) throw `error`: before the message reaches
   * the channel, or (`afterDelivery`) after it did, as when the answer is lost.
   */
  failOn(n: number, error: Error, options?: { afterDelivery?: boolean }): void;
  /** How often `findPosted` was asked. */
  readBacks: number;
  /** Every person a direct-message channel was opened for, in order. */
  opened: UserRef[];
  /** `openDirect` for `user` throws `ChannelUnavailableError` (`reason`) from now on. */
  blockDirect(user: string, reason: string): void;
}

/** A channel in memory: `findPosted` finds a keyed post that reached it. */
export function recordingPlatform(): RecordingPlatform {
  const posts: RecordedPost[] = [];
  const failures = new Map<number, { error: Error; afterDelivery: boolean }>();
  const blocked = new Map<string, string>();
  let calls = 0;
  const keyText = (key: PostKey | undefined) => (key ? `${key.runId}|${key.item}` : '');
  const platform: RecordingPlatform = {
    name: 'console',
    posts,
    readBacks: 0,
    opened: [],
    blockDirect: (user, reason) => void blocked.set(user, reason),
    async openDirect(user) {
      platform.opened.push(user);
      const reason = blocked.get(user.user);
      if (reason) throw new ChannelUnavailableError(`cannot message ${user.user}: ${reason}`, reason);
      return { platform: user.platform, workspace: user.workspace, channel: `dm-${user.user}`, direct: true };
    },
    paperIds: () => posts.flatMap((p) => p.reply.papers.map((r) => r.paper.id)),
    failOn: (n, error, options = {}) => void failures.set(n, { error, afterDelivery: options.afterDelivery ?? false }),
    async post(channel, reply, options = {}) {
      calls++;
      const failure = failures.get(calls);
      if (failure && !failure.afterDelivery) throw failure.error;
      posts.push({ channel, reply, key: options.key, messageId: `m${calls}` });
      if (failure) throw failure.error;
      return { messageId: `m${calls}` };
    },
    async findPosted(channel, sent) {
      platform.readBacks++;
      const found = posts.find((p) => p.channel.channel === channel.channel && p.key && keyText(p.key) === keyText(sent.key));
      return found ? { messageId: found.messageId } : undefined;
    },
  };
  return platform;
}

export const TOPICS = [
  ['Retrieval augmented generation for clinical notes', 'Hospitals summarise patient records with retrieval augmented generation over discharge letters.'],
  ['Reranking code search results', 'A learned reranking stage orders functions returned by a code search engine for developers.'],
  ['Multilingual retrieval augmented generation', 'Answering questions in Swahili and Hindi with retrieval augmented generation across languages.'],
  ['Reranking with large language models as judges', 'Pairwise prompting lets a language model do reranking of product reviews for shoppers.'],
  ['Retrieval augmented generation under adversarial documents', 'Poisoned web pages mislead retrieval augmented generation; we filter them before answering.'],
  ['Galaxy formation in cosmological simulations', 'Simulations of galaxy formation and star formation in dark matter halos.'],
  ['Spectroscopy of distant quasars', 'Absorption lines in quasar spectra trace intergalactic gas.'],
];

/** Set up `CHANNEL` to follow retrieval topics with a Monday 09:00 (timezone) digest of `k` papers. */
export async function setUpChannel(f: CoreFixture, options: { timezone?: string; k?: number; quietNote?: boolean } = {}): Promise<void> {
  await f.core.follow(CHANNEL, ['retrieval augmented generation', 'reranking']);
  await f.core.channels.update(CHANNEL, (s) => {
    Object.assign(s.digest, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: options.timezone ?? 'UTC', k: options.k ?? 5, quietNote: options.quietNote ?? false });
  });
}

/** Ingest the seven topic papers (five about retrieval) as added at `at`, with ids prefixed by `prefix`. */
export async function ingestTopics(f: CoreFixture, at: Date, prefix = 'p'): Promise<string[]> {
  const papers = TOPICS.map(([title, abstract], i) => makePaper(`${prefix}${i + 1}`, title, abstract, { addedAt: at.toISOString() }));
  await f.core.ingest(papers);
  await f.core.papers.index.refresh();
  return papers.map((p) => p.id);
}

export function unavailable(): ChannelUnavailableError {
  return new ChannelUnavailableError('channel_not_found', 'channel_not_found');
}
