import { afterEach, describe, expect, it } from 'vitest';
import { ChannelUnavailableError } from '../../../src/errors.js';
import type { Paper, Reply } from '../../../src/types.js';
import { makePaper } from '../../helpers/core-fixture.js';
import { GOOD_TOKEN } from './fake-discord.js';
import { CHANNEL_ID, GUILD_ID } from './fake-payloads.js';
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
