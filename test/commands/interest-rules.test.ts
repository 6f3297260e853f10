import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_INTERESTS, MAX_TOPIC_LENGTH } from '../../src/channels/interests.js';
import { UserError } from '../../src/errors.js';
import type { ChannelRef } from '../../src/types.js';
import { createCoreFixture, type CoreFixture } from '../helpers/core-fixture.js';

const channel: ChannelRef = { platform: 'console', workspace: 'local', channel: 'rules' };
let fx: CoreFixture;
beforeEach(async () => {
  fx = await createCoreFixture({ seed: false });
});
afterEach(() => fx.close());

describe('the interest rules live in the core', () => {
  it('dedupes case-insensitively, also within one call', async () => {
    const first = await fx.core.follow(channel, ['RAG', 'rag', 'agents']);
    expect(first.added).toEqual(['RAG', 'agents']);
    expect(first.already).toEqual(['rag']);
    expect((await fx.core.follow(channel, ['Agents'])).already).toEqual(['Agents']);
    expect(first.settings.digest.enabled).toBe(true);
  });

  it('refuses an over-long topic and too many topics, storing nothing', async () => {
    await expect(fx.core.follow(channel, ['x'.repeat(MAX_TOPIC_LENGTH + 1)])).rejects.toBeInstanceOf(UserError);
    const many = Array.from({ length: MAX_INTERESTS + 1 }, (_, i) => `topic ${i}`);
    await expect(fx.core.follow(channel, many)).rejects.toThrow(/at most 25/);
    expect((await fx.core.channelSettings(channel)).interests).toEqual([]);
    await fx.core.follow(channel, many.slice(0, MAX_INTERESTS));
    await expect(fx.core.follow(channel, ['one more'])).rejects.toThrow(/follows 25 topics; at most 25/);
  });

  it('unfollows several topics at once and says which were not followed', async () => {
    await fx.core.follow(channel, ['a topic', 'another']);
    const outcome = await fx.core.unfollow(channel, ['A TOPIC', 'missing']);
    expect(outcome).toMatchObject({ removed: ['A TOPIC'], missing: ['missing'] });
    expect(outcome.settings.interests).toEqual(['another']);
  });
});
