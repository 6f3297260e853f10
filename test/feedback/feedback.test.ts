import { afterEach, describe, expect, it } from 'vitest';
import { emojiMeaning, foldEmoji } from '../../src/feedback/emoji.js';
import type { ChannelRef, UserRef } from '../../src/types.js';
import { createCoreFixture, type CoreFixture } from '../helpers/core-fixture.js';

const CHANNEL: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };
const ADA: UserRef = { platform: 'slack', workspace: 'T1', user: 'U1' };

let fixture: CoreFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('emoji folding', () => {
  it('folds skin tones, colons, variation selectors and aliases to one meaning', () => {
    for (const raw of ['+1', ':+1:', '+1::skin-tone-3', ':thumbsup:', '👍', '👍🏽', 'thumbs_up']) expect(emojiMeaning(raw)).toEqual({ name: 'thumbsup', sentiment: 'like' });
    for (const raw of ['-1', ':thumbsdown:', '👎🏿', '-1::skin-tone-6']) expect(emojiMeaning(raw)).toEqual({ name: 'thumbsdown', sentiment: 'dislike' });
    expect(emojiMeaning('❤️')?.name).toBe('heart');
    expect(emojiMeaning('heart')?.sentiment).toBe('like');
    expect(foldEmoji(' :Fire: ')).toBe('fire');
    expect(emojiMeaning('eyes')).toBeUndefined();
    expect(emojiMeaning('')).toBeUndefined();
  });
});

describe('votes through core.react', () => {
  it('keeps one vote per user and paper; the latest reaction wins', async () => {
    fixture = await createCoreFixture();
    const { core } = fixture;
    const paperId = [...core.papers.all()][0].id;
    await core.react({ user: ADA, channel: CHANNEL, paperId, emoji: '👍', action: 'added' });
    await core.react({ user: ADA, channel: CHANNEL, paperId, emoji: ':-1:', action: 'added' });
    const votes = await core.votes.forUser(ADA);
    expect(votes).toHaveLength(1);
    expect(votes[0].sentiment).toBe('dislike');
    expect(await core.votes.forChannel(CHANNEL)).toHaveLength(1);
  });

  it('leaves no preference after reactions are added and removed', async () => {
    fixture = await createCoreFixture();
    const { core } = fixture;
    const [a, b] = [...core.papers.all()].map((p) => p.id);
    const before = (await core.picks(CHANNEL, ADA, 5)).recommendations.map((r) => r.paper.id);
    await core.react({ user: ADA, channel: CHANNEL, paperId: a, emoji: '👍🏻', action: 'added' });
    await core.react({ user: ADA, channel: CHANNEL, paperId: a, emoji: 'heart', action: 'added' });
    await core.react({ user: ADA, channel: CHANNEL, paperId: b, emoji: '👎', action: 'added' });
    await core.react({ user: ADA, channel: CHANNEL, paperId: a, emoji: '+1::skin-tone-4', action: 'removed' });
    expect(await core.votes.forUser(ADA)).toHaveLength(2); // the heart still holds the like
    await core.react({ user: ADA, channel: CHANNEL, paperId: a, emoji: '❤️', action: 'removed' });
    await core.react({ user: ADA, channel: CHANNEL, paperId: b, emoji: 'thumbsdown', action: 'removed' });
    expect(await core.votes.forUser(ADA)).toEqual([]);
    expect(await core.votes.forChannel(CHANNEL)).toEqual([]);
    const summary = await core.me(ADA);
    expect(summary.liked).toEqual([]);
    expect(summary.topTerms).toEqual([]);
    expect((await core.picks(CHANNEL, ADA, 5)).recommendations.map((r) => r.paper.id)).toEqual(before);
  });

  it('ignores emoji that carry no preference and papers it does not know', async () => {
    fixture = await createCoreFixture();
    const { core } = fixture;
    const paperId = [...core.papers.all()][0].id;
    expect((await core.react({ user: ADA, channel: CHANNEL, paperId, emoji: 'eyes', action: 'added' })).status).toBe('ignored');
    expect((await core.react({ user: ADA, channel: CHANNEL, paperId: 'nope', emoji: '👍', action: 'added' })).status).toBe('ignored');
    expect(await core.votes.forUser(ADA)).toEqual([]);
  });
});
