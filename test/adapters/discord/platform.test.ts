import { afterEach, describe, expect, it } from 'vitest';
import { ChannelUnavailableError } from '../../../src/errors.js';
import type { Paper, Reply } from '../../../src/types.js';
import { makePaper } from '../../helpers/core-fixture.js';
import { nonceOf } from '../../../adapters/discord/platform.js';
import { GOOD_TOKEN } from './fake-discord.js';
import { BOT_USER_ID, CHANNEL_ID, GUILD_ID } from './fake-payloads.js';
import { startHarness, type DiscordHarness } from './harness.js';

const CHANNEL = { platform: 'discord' as const, workspace: GUILD_ID, channel: CHANNEL_ID };
const HOSTILE = makePaper('2501.66666', '@everyone <@&1> **Act now** [arxiv.org](https://evil.example) <@42>', '@here # Big\n> quote <#7>', {
  authors: ['<@42>', '@everyone'],
});

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function paperReply(paper: Paper): Reply {
  return { visibility: 'channel', lines: [], papers: [{ paper, score: 1, reason: 'matches: act now', terms: [] }] };
}

describe('the Discord platform for digest posts', () => {
  it('posts a paper as its own message, records it and adds the reaction hints', async () => {
    harness = await startHarness();
    await harness.fixture.core.ingest([HOSTILE]);
    const { messageId } = await harness.adapter.platform.post(CHANNEL, paperReply(HOSTILE));

    const [post] = harness.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));
    expect(post.authorization).toBe(`Bot ${GOOD_TOKEN}`);
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    expect(post.body.embeds).toHaveLength(1);
    const shown = [post.body.content ?? '', post.body.embeds[0].title, post.body.embeds[0].description].join('\n');
    expect(shown).not.toMatch(/@everyone|@here|(?<!\\)<[@#]|(?<!\\)\[arxiv|(?<!\\)\*\*Act|^\s*[#>]/m);
    expect(post.body.embeds[0].title).toContain('\\*\\*Act now\\*\\*');

    expect(await harness.fixture.core.posted.paperFor(CHANNEL, messageId)).toBeUndefined(); // the digest records it
    const hints = harness.fake.callsTo('PUT', new RegExp(`/messages/${messageId}/reactions/`)).map((c) => decodeURIComponent(c.path.split('/')[6]));
    expect(hints).toEqual(['👍', '👎']);
  });

  it.each([
    [403, 50013, 'Missing Permissions', 'lacks a permission'],
    [403, 50001, 'Missing Access', 'cannot see the channel'],
    [404, 10003, 'Unknown Channel', 'deleted'],
  ])('turns HTTP %i / Discord error %i into ChannelUnavailableError', async (status, code, message, reason) => {
    harness = await startHarness();
    harness.fake.failChannel(CHANNEL_ID, { status, code, message });
    const paper = [...harness.fixture.core.papers.all()][0];
    const failure = await harness.adapter.platform.post(CHANNEL, paperReply(paper)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelUnavailableError);
    expect((failure as ChannelUnavailableError).reason).toContain(reason);
    expect(harness.fixture.logger.lines.join('\n')).toContain(`cannot post to a Discord channel {"channel":"${CHANNEL_ID}"`);
    expect(await harness.fixture.core.posted.postedIds(CHANNEL)).toEqual(new Set());
  });

  it('passes other Discord errors on as they are', async () => {
    harness = await startHarness();
    harness.fake.failChannel(CHANNEL_ID, { status: 400, code: 50035, message: 'Invalid Form Body' });
    const paper = [...harness.fixture.core.papers.all()][0];
    const failure = await harness.adapter.platform.post(CHANNEL, paperReply(paper)).catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(ChannelUnavailableError);
    expect((failure as { code?: number }).code).toBe(50035);
  });

  it('still counts a post when the hints cannot be added, and says which permission is missing', async () => {
    harness = await startHarness();
    harness.fake.failReactions(CHANNEL_ID, { status: 403, code: 50013, message: 'Missing Permissions' });
    const paper = [...harness.fixture.core.papers.all()][1];
    const { messageId } = await harness.adapter.platform.post(CHANNEL, paperReply(paper));
    expect(messageId).toMatch(/^\d+$/);
    expect(harness.fixture.logger.lines.join('\n')).toMatch(/Add Reactions/);
  });

  it('posts a text-only note (a quiet week) without reaction hints', async () => {
    harness = await startHarness();
    const { messageId } = await harness.adapter.platform.post(CHANNEL, { visibility: 'channel', title: 'Quiet week', lines: ['Nothing new matched.'], papers: [] });
    expect(messageId).toMatch(/^\d+$/);
    expect(await harness.fixture.core.posted.postedIds(CHANNEL)).toEqual(new Set());
    expect(harness.fake.callsTo('PUT', /reactions/)).toEqual([]);
  });
});

describe('the Discord platform: server check, nonces, reading back', () => {
  const key = { runId: '6f1c2a7e-0000-4000-8000-000000000001', item: '2501.66666' };
  const since = () => new Date(Date.now() - 60_000);

  it('refuses a channel of another server without posting, and an unknown channel as unavailable', async () => {
    harness = await startHarness();
    harness.fake.addChannel('900000000000000077', '900000000000000099');
    const paper = [...harness.fixture.core.papers.all()][0];
    const elsewhere = { ...CHANNEL, channel: '900000000000000077' };
    const failure = await harness.adapter.platform.post(elsewhere, paperReply(paper)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelUnavailableError);
    expect((failure as ChannelUnavailableError).reason).toBe('the channel is not in that server');
    const unknown = await harness.adapter.platform.post({ ...CHANNEL, channel: '900000000000000088' }, paperReply(paper)).catch((error: unknown) => error);
    expect((unknown as ChannelUnavailableError).reason).toContain('deleted');
    expect(harness.fake.callsTo('POST', /\/messages$/)).toEqual([]);
  });

  it('sends a nonce of at most 25 characters with enforce_nonce; a repeated send returns the first message', async () => {
    harness = await startHarness();
    const paper = [...harness.fixture.core.papers.all()][0];
    const first = await harness.adapter.platform.post(CHANNEL, paperReply(paper), { key });
    const again = await harness.adapter.platform.post(CHANNEL, paperReply(paper), { key });
    const [post] = harness.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));
    expect(post.body).toMatchObject({ nonce: nonceOf(key), enforce_nonce: true });
    expect(nonceOf(key).length).toBeLessThanOrEqual(25);
    expect(nonceOf({ ...key, item: 'other' })).not.toBe(nonceOf(key));
    expect(again.messageId).toBe(first.messageId);
    expect(harness.fake.messagesIn(CHANNEL_ID)).toHaveLength(1);
  });

  it("finds the bot's own post again by its content, not another message or another paper's post", async () => {
    harness = await startHarness();
    const [paper, other] = [...harness.fixture.core.papers.all()];
    const reply = { ...paperReply(paper), title: 'Weekly digest 1/2' };
    const { messageId } = await harness.adapter.platform.post(CHANNEL, reply, { key });
    await harness.adapter.platform.post(CHANNEL, { ...paperReply(other), title: 'Weekly digest 2/2' }, { key: { ...key, item: other.id } });
    expect(harness.fake.messagesIn(CHANNEL_ID).every((m) => !('nonce' in m))).toBe(true);

    expect(await harness.adapter.platform.findPosted(CHANNEL, { key, reply }, since())).toEqual({ messageId });
    const [list] = harness.fake.callsTo('GET', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));
    expect(list.query.limit).toBe('100');
    expect(BigInt(list.query.after)).toBeGreaterThan(0n);
    const unposted = [...harness.fixture.core.papers.all()][2];
    expect(await harness.adapter.platform.findPosted(CHANNEL, { key: { ...key, item: unposted.id }, reply: paperReply(unposted) }, since())).toBeUndefined();
    // Messages from before `since` are not read.
    expect(await harness.adapter.platform.findPosted(CHANNEL, { key, reply }, new Date(Date.now() + 60_000))).toBeUndefined();
    expect(harness.fake.callsTo('GET', /^\/users\/@me$/)).toHaveLength(1);
    expect(BOT_USER_ID).toMatch(/^\d+$/);
  });

  it('stops before sending when the lease signal is already aborted', async () => {
    harness = await startHarness();
    const paper = [...harness.fixture.core.papers.all()][0];
    const lost = new AbortController();
    lost.abort(new Error('lease lost'));
    await expect(harness.adapter.platform.post(CHANNEL, paperReply(paper), { key, signal: lost.signal })).rejects.toThrow();
    expect(harness.fake.messagesIn(CHANNEL_ID)).toEqual([]);
  });
});
