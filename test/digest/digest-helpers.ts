/**
 * Shared pieces of the digest tests: a recording platform (a channel in memory, with threads, that can be read
 * back by key and thread) that can fail on a chosen post, before or after the message reaches the channel, and
 * opens direct-message channels (`dm-<user>`) unless told a person cannot be messaged; and a channel with a
 * weekly schedule and a handful of fresh papers.
 */
import { createCore } from '../../src/core.js';
import { createDigestService } from '../../src/digest/digest-service.js';
import { ChannelUnavailableError } from '../../src/errors.js';
import { createMemoryLogger, type Platform, type PostKey, type SettableClock } from '../../src/ports.js';
import { openStore } from '../../src/store/store.js';
import type { ChannelRef, DigestStyle, Reply, UserRef } from '../../src/types.js';
import { afterEach } from 'vitest';
import { createCoreFixture, makePaper, type CoreFixture } from '../helpers/core-fixture.js';

export const CHANNEL: ChannelRef = { platform: 'console', workspace: 'w1', channel: 'reading-group' };

// 2026-11-23 is a Monday.
export const SUNDAY = new Date('2026-11-22T12:00:00Z');
export const MONDAY_0905 = new Date('2026-11-23T09:05:00Z');

/**
 * For a test file: a function that makes a core on a fresh sqlite file with no papers, its clock on `SUNDAY`;
 * every core made is closed (and its directory removed) after each test.
 */
export function digestFixtures(): () => Promise<CoreFixture> {
  let open: CoreFixture[] = [];
  afterEach(async () => {
    for (const f of open) await f.close();
    open = [];
  });
  return async () => {
    const f = await createCoreFixture({ seed: false, now: SUNDAY });
    open.push(f);
    return f;
  };
}

export interface RecordedPost {
  channel: ChannelRef;
  reply: Reply;
  key?: PostKey;
  messageId: string;
  /** The message whose thread this post replies in. */
  replyTo?: string;
}

export interface RecordingPlatform extends Platform {
  /** Every message that reached the channel, in order. */
  posts: RecordedPost[];
  paperIds(): string[];
  /** Message ids of the posts in the thread of `messageId`, in order. */
  repliesTo(messageId: string): string[];
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
    repliesTo: (messageId) => posts.filter((p) => p.replyTo === messageId).map((p) => p.messageId),
    failOn: (n, error, options = {}) => void failures.set(n, { error, afterDelivery: options.afterDelivery ?? false }),
    async post(channel, reply, options = {}) {
      calls++;
      const failure = failures.get(calls);
      if (failure && !failure.afterDelivery) throw failure.error;
      posts.push({ channel, reply, key: options.key, messageId: `m${calls}`, ...(options.replyTo ? { replyTo: options.replyTo.messageId } : {}) });
      if (failure) throw failure.error;
      return { messageId: `m${calls}` };
    },
    async findPosted(channel, sent) {
      platform.readBacks++;
      const inPlace = (p: RecordedPost) => p.channel.channel === channel.channel && p.replyTo === sent.replyTo?.messageId;
      const found = posts.find((p) => inPlace(p) && p.key && keyText(p.key) === keyText(sent.key));
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

/**
 * Set up `CHANNEL` to follow retrieval topics with a Monday 09:00 (timezone) digest of `k` papers, laid out as
 * `style` (default `messages`; `'unset'` leaves the field out, as in channels stored before styles existed).
 */
export async function setUpChannel(f: CoreFixture, options: { timezone?: string; k?: number; quietNote?: boolean; style?: DigestStyle | 'unset' } = {}): Promise<void> {
  await f.core.follow(CHANNEL, ['retrieval augmented generation', 'reranking']);
  await f.core.channels.update(CHANNEL, (s) => {
    Object.assign(s.digest, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: options.timezone ?? 'UTC', k: options.k ?? 5, quietNote: options.quietNote ?? false });
    if (options.style === 'unset') delete s.digest.style;
    else s.digest.style = options.style ?? 'messages';
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

/** A second process on the same sqlite file: its own store connection, core and digest service. */
export async function secondProcess(f: CoreFixture, clock: SettableClock, owner: string) {
  const store = await openStore(`sqlite://${f.file}`);
  const core = await createCore({ store, clock, logger: createMemoryLogger() });
  return { store, core, service: createDigestService(core, { owner }) };
}

/** A channel with a 5-paper digest in `style`, armed (first seen) on Sunday, then Sunday's papers; returns the arming service. */
export async function armedChannelWithSundayPapers(f: CoreFixture, style: DigestStyle | 'unset' = 'messages') {
  await setUpChannel(f, { k: 5, style });
  const service = createDigestService(f.core, { owner: 'a' });
  await service.runDue([recordingPlatform()]);
  await ingestTopics(f, SUNDAY);
  return service;
}
