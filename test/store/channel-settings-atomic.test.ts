/** Callers of `Collection.update`: channel settings changed by many commands at once keep every change. */
import { describe, expect, it } from 'vitest';
import { ChannelSettingsRepository } from '../../src/channels/channel-settings.js';
import type { ChannelRef } from '../../src/types.js';
import { SCRATCH_KINDS, useScratchStores } from '../helpers/scratch-store.js';

const CHANNEL: ChannelRef = { platform: 'discord', workspace: 'G1', channel: 'C1' };
const openStore = useScratchStores();

describe.each(SCRATCH_KINDS)('channel settings under concurrency (%s)', (kind) => {
  it('20 concurrent follows store 20 interests; markUnavailable keeps them; a throwing change writes nothing', async () => {
    const store = await openStore(kind);
    const channels = new ChannelSettingsRepository(store, 'UTC');
    await Promise.all(Array.from({ length: 20 }, (_, i) => channels.update(CHANNEL, (s) => void s.interests.push(`topic ${i}`))));
    expect((await channels.get(CHANNEL)).interests).toHaveLength(20);
    await Promise.all([channels.markUnavailable(CHANNEL, 'archived', new Date('2025-01-01T00:00:00Z')), channels.update(CHANNEL, (s) => void s.interests.push('late'))]);
    expect((await channels.get(CHANNEL)).interests).toHaveLength(21);
    await expect(channels.update(CHANNEL, (s) => {
      s.interests = [];
      throw new Error('too many topics');
    })).rejects.toThrow('too many topics');
    expect((await channels.get(CHANNEL)).interests).toHaveLength(21);
  });
});
