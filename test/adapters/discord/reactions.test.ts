import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/types.js';
import { BOT_USER_ID, CHANNEL_ID, GUILD_ID } from './fake-payloads.js';
import { startHarness, type DiscordHarness } from './harness.js';

const CHANNEL = { platform: 'discord' as const, workspace: GUILD_ID, channel: CHANNEL_ID };
const READER = { platform: 'discord' as const, workspace: GUILD_ID, user: '333' };

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Post one seed paper through the platform, as a digest would; returns the message and paper ids. */
async function postPaper(h: DiscordHarness, index = 0): Promise<{ messageId: string; paperId: string }> {
  const paper = [...h.fixture.core.papers.all()][index];
  const reply: Reply = { visibility: 'channel', lines: [], papers: [{ paper, score: 1, reason: 'matches: test', terms: [] }] };
  const { messageId } = await h.adapter.platform.post(CHANNEL, reply);
  await h.fixture.core.recordPost(CHANNEL, paper.id, messageId); // as the digest does after each post
  return { messageId, paperId: paper.id };
}

describe('reactions on paper posts', () => {
  it('reach the core for a message posted before a restart, never cached by the new client', async () => {
    harness = await startHarness({ adapter: { reactionHints: [] } });
    const { messageId, paperId } = await postPaper(harness);
    await harness.restart();
    expect(harness.adapter.client.channels.cache.get(CHANNEL_ID)?.isTextBased()).toBe(true);

    harness.fake.sendReaction('add', { messageId, userId: READER.user, emoji: { name: '👍🏽' } });
    const [added] = await harness.reactionsHandled(1);
    expect(added).toMatchObject({ handled: true, outcome: { status: 'recorded', paperId, sentiment: 'like' } });
    expect(added.handled && added.event).toEqual({ user: READER, channel: CHANNEL, messageId, emoji: '👍🏽', action: 'added' });
    expect((await harness.fixture.core.votes.forUser(READER)).map((v) => v.paperId)).toEqual([paperId]);

    harness.fake.sendReaction('remove', { messageId, userId: READER.user, emoji: { name: '👍🏽' } });
    const [, removed] = await harness.reactionsHandled(2);
    expect(removed).toMatchObject({ handled: true, outcome: { status: 'removed', paperId } });
    expect(await harness.fixture.core.votes.forUser(READER)).toEqual([]);
  });

  it("ignores the bot's own reactions (the hints it adds under its posts)", async () => {
    harness = await startHarness({ adapter: { reactionHints: [] } });
    const { messageId } = await postPaper(harness);
    harness.fake.sendReaction('add', { messageId, userId: BOT_USER_ID, emoji: { name: '👍' } });
    harness.fake.sendReaction('add', { messageId, userId: READER.user, emoji: { name: '👎' } });
    const [own, reader] = await harness.reactionsHandled(2);
    expect(own).toEqual({ handled: false, reason: 'own reaction' });
    expect(reader).toMatchObject({ handled: true, outcome: { status: 'recorded', sentiment: 'dislike' } });
    expect(await harness.fixture.core.votes.forUser({ ...READER, user: BOT_USER_ID })).toEqual([]);
  });

  it('counts a custom emoji only when its name is in the emoji table', async () => {
    harness = await startHarness({ adapter: { reactionHints: [] } });
    const { messageId } = await postPaper(harness);
    harness.fake.sendReaction('add', { messageId, userId: READER.user, emoji: { name: 'fire', id: '555' } });
    harness.fake.sendReaction('add', { messageId, userId: READER.user, emoji: { name: 'pepe_laugh', id: '556' } });
    const results = await harness.reactionsHandled(2);
    const byEmoji = (name: string) => results.find((r) => r.handled && r.event.emoji === name);
    expect(byEmoji('fire')).toMatchObject({ handled: true, outcome: { status: 'recorded', sentiment: 'like' } });
    expect(byEmoji('pepe_laugh')).toMatchObject({ handled: true, outcome: { status: 'ignored' } });
  });

  it('ignores reactions on messages that are not paper posts', async () => {
    harness = await startHarness({ adapter: { reactionHints: [] } });
    harness.fake.sendReaction('add', { messageId: '123456789012345678', userId: READER.user, emoji: { name: '👍' } });
    const [result] = await harness.reactionsHandled(1);
    expect(result).toMatchObject({ handled: true, outcome: { status: 'ignored' } });
    expect(await harness.fixture.core.votes.forUser(READER)).toEqual([]);
  });
});
