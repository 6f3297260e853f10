import { describe, expect, it } from 'vitest';
import { VoteRepository } from '../../src/feedback/votes.js';
import type { ChannelRef, UserRef } from '../../src/types.js';
import { SCRATCH_KINDS, useScratchStores } from '../helpers/scratch-store.js';

const CHANNEL: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };
const user = (i: number): UserRef => ({ platform: 'slack', workspace: 'T1', user: `U${i}` });
const LIKE = (name: string) => ({ name, sentiment: 'like' as const });

const openStore = useScratchStores();

describe.each(SCRATCH_KINDS)('votes under concurrency (%s)', (kind) => {
  const open = () => openStore(kind);

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
});
