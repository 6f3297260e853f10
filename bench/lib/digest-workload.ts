/**
 * The digest benchmarks' shared workload: channels that follow seeded topics with a weekly digest due at the
 * end of the digest week (a quiet week gets its note, so every channel is posted to), the two moments around
 * it (armed before the slot, ticked after it), a platform that records posts in memory (no network), and the
 * check that every channel got its digest exactly once.
 */
import type { CoreInternals } from '../../src/core.js';
import type { Platform } from '../../src/ports.js';
import { channelKey, type ChannelRef } from '../../src/types.js';
import { channelInterests } from './workload.js';

/** One recorded post: channel key, the paper shown, and the digest run it belongs to. */
export type RecordedPost = [channel: string, paperId: string, runId: string];

/** The minute of the day (UTC) the bench digests are scheduled at: 30 minutes before the tick. */
const SLOT_MINUTE = 22 * 60 + 30;

/** The two moments of a digest benchmark: `armAt` (before the slot: the digest arms the channels) and `tickAt`. */
export function digestMoments(weekEnd: Date): { armAt: Date; tickAt: Date } {
  return { armAt: new Date(weekEnd.getTime() - 3600_000), tickAt: weekEnd };
}

/** `n` Slack channels of workspace `workspace`, `C0`, `C1`, ... */
export function benchChannels(n: number, workspace: string): ChannelRef[] {
  return Array.from({ length: n }, (_, i) => ({ platform: 'slack', workspace, channel: `C${i}` }));
}

/**
 * Make `channels` follow seeded topics with a digest of `k` papers due at `tickAt` (UTC, `SLOT_MINUTE`), then
 * run one digest pass at `armAt` so they are armed (a schedule first seen at a moment is due from its next slot).
 */
export async function setUpDigestChannels(core: CoreInternals, channels: ChannelRef[], tickAt: Date, armAt: Date, k = 5): Promise<void> {
  const interests = channelInterests(channels.length);
  for (const [i, channel] of channels.entries()) {
    await core.follow(channel, interests[i]);
    await core.channels.update(channel, (s) => {
      Object.assign(s.digest, { enabled: true, weekday: tickAt.getUTCDay(), minuteOfDay: SLOT_MINUTE, timezone: 'UTC', k, quietNote: true });
    });
  }
  const clock = core.clock as { set?: (date: Date) => void };
  if (!clock.set) throw new Error('setUpDigestChannels needs a settable clock');
  clock.set(armAt);
  await core.runDueDigests([recordingPlatform([])]);
}

/** A Slack platform that records each post into `posts` and answers at once. */
export function recordingPlatform(posts: RecordedPost[]): Platform {
  return {
    name: 'slack',
    async post(channel, reply, options = {}) {
      const paperId = reply.papers[0]?.paper.id ?? options.key?.item ?? '';
      posts.push([channelKey(channel), paperId, options.key?.runId ?? '']);
      return { messageId: `m${posts.length}.${process.pid}` };
    },
    findPosted: async () => undefined,
  };
}

/** What the posts of a digest tick show: channels reached, runs, posts, and how many were posted twice. */
export function checkPosts(posts: RecordedPost[]): { channels: number; runs: number; posts: number; duplicates: number } {
  const pairs = new Set(posts.map(([channel, paperId]) => `${channel} ${paperId}`));
  return {
    channels: new Set(posts.map(([channel]) => channel)).size,
    runs: new Set(posts.map(([, , runId]) => runId)).size,
    posts: posts.length,
    duplicates: posts.length - pairs.size,
  };
}
