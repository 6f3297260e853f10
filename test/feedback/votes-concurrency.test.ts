/**
 * Votes under concurrency and when a vote moves between channels, on every backend (memory, sqlite on a real
 * file, the run's real Postgres).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VoteRepository } from '../../src/feedback/votes.js';
import type { Store } from '../../src/store/store.js';
import type { ChannelRef, UserRef } from '../../src/types.js';
import { openTestPostgresStore } from '../helpers/postgres.js';
import { SCRATCH_KINDS, useScratchStores, type ScratchKind } from '../helpers/scratch-store.js';

const CHANNEL: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };
const user = (i: number): UserRef => ({ platform: 'slack', workspace: 'T1', user: `U${i}` });
const LIKE = (name: string) => ({ name, sentiment: 'like' as const });

const OTHER: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C2' };
const DISLIKE = (name: string) => ({ name, sentiment: 'dislike' as const });

const openScratch = useScratchStores();
const postgresStores: Store[] = [];
afterEach(async () => {
  await Promise.all(postgresStores.splice(0).map((store) => store.close()));
});

describe.each([...SCRATCH_KINDS, 'postgres'] as const)('votes under concurrency (%s)', (kind) => {
  const open = async () => {
    if (kind !== 'postgres') return openScratch(kind satisfies ScratchKind);
    const store = await openTestPostgresStore();
    postgresStores.push(store);
    return store;
  };

  it('200 concurrent reactions from 50 users lose nothing, and user and channel copies agree', async () => {
    const votes = new VoteRepository(await open());
    const at = new Date('2025-01-06T09:00:00Z');
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => votes.apply(user(i % 50), CHANNEL, `p${Math.floor(i / 50)}`, LIKE('thumbsup'), 'added', at)),
    );
    expect(await votes.forChannel(CHANNEL)).toHaveLength(200);
    let mine = 0;
    for (let u = 0; u < 50; u++) mine += (await votes.forUser(user(u))).length;
    expect(mine).toBe(200);
  });

  it('two emoji from one person at once both count, and removing one keeps the vote', async () => {
    const votes = new VoteRepository(await open());
    const at = new Date('2025-01-06T09:00:00Z');
    await Promise.all([votes.apply(user(1), CHANNEL, 'p1', LIKE('thumbsup'), 'added', at), votes.apply(user(1), CHANNEL, 'p1', LIKE('heart'), 'added', at)]);
    expect((await votes.forUser(user(1)))[0].emojis.sort()).toEqual(['heart', 'thumbsup']);
    expect((await votes.forChannel(CHANNEL))[0].emojis.sort()).toEqual(['heart', 'thumbsup']);
    expect(await votes.apply(user(1), CHANNEL, 'p1', LIKE('heart'), 'removed', at)).toBe('unchanged');
    expect(await votes.apply(user(1), CHANNEL, 'p1', LIKE('thumbsup'), 'removed', at)).toBe('removed');
    expect(await votes.forChannel(CHANNEL)).toEqual([]);
  });

  it('keeps one channel copy of a vote: moved when cast again from another channel, kept when cast again in the same one', async () => {
    const votes = new VoteRepository(await open());
    const at = new Date('2025-01-06T09:00:00Z');
    await votes.apply(user(1), CHANNEL, 'p1', LIKE('thumbsup'), 'added', at);
    await votes.apply(user(1), CHANNEL, 'p1', LIKE('heart'), 'added', at);
    expect((await votes.forChannel(CHANNEL)).map((v) => v.emojis)).toEqual([['thumbsup', 'heart']]);
    // Another sentiment from another channel: the vote is now that channel's.
    expect(await votes.apply(user(1), OTHER, 'p1', DISLIKE('thumbsdown'), 'added', at)).toBe('recorded');
    expect(await votes.forChannel(CHANNEL)).toEqual([]);
    expect((await votes.forChannel(OTHER)).map((v) => [v.sentiment, v.emojis])).toEqual([['dislike', ['thumbsdown']]]);
    // A button from the first channel takes it back there; the same button again removes it everywhere.
    expect(await votes.toggleButton(user(1), CHANNEL, 'p1', 'like', at)).toBe('recorded');
    expect(await votes.forChannel(OTHER)).toEqual([]);
    expect((await votes.forChannel(CHANNEL)).map((v) => v.emojis)).toEqual([['button']]);
    expect(await votes.toggleButton(user(1), CHANNEL, 'p1', 'like', at)).toBe('removed');
    expect([await votes.forChannel(CHANNEL), await votes.forChannel(OTHER), await votes.forUser(user(1))]).toEqual([[], [], []]);
  });
});
