/**
 * Vote buttons and typed options on Discord, through the real discord.js client against the fake Discord:
 * button clicks (MESSAGE_COMPONENT interactions) become votes with an ephemeral confirmation, slash commands
 * with integer and boolean options run the right command, autocomplete offers the channel's own topics and
 * categories for a `category:` filter being typed, and registration sends the typed options.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../../../adapters/discord/register.js';
import type { Reply } from '../../../src/types.js';
import { makePaper } from '../../helpers/core-fixture.js';
import { FakeDiscord, GOOD_TOKEN } from './fake-discord.js';
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID, MANAGER_PERMISSIONS, MEMBER_PERMISSIONS } from './fake-payloads.js';
import { startHarness, type DiscordHarness } from './harness.js';

const CHANNEL = { platform: 'discord' as const, workspace: GUILD_ID, channel: CHANNEL_ID };
const ALICE = { platform: 'discord' as const, workspace: GUILD_ID, user: '111' };
const EPHEMERAL = 64;

let harness: DiscordHarness | undefined;
afterEach(async () => {
  const errors = harness?.fixture.logger.lines.filter((line) => line.startsWith('error')) ?? [];
  await harness?.close();
  harness = undefined;
  expect(errors).toEqual([]);
});

/** Click the button `customId` as user 111 and wait for the interaction callback. */
async function clickButton(h: DiscordHarness, customId: string) {
  const { id, token } = h.fake.sendComponentInteraction({ customId, messageId: '920000000000000001', userId: '111', permissions: MEMBER_PERMISSIONS });
  const callback = await h.fake.waitForCall((c) => c.path === `/interactions/${id}/${token}/callback`);
  expect(await h.interactionHandled(id)).toBe(true);
  return callback.body;
}

/** Send `/papers <subcommand>` with typed options and wait for its answer (autocomplete: the callback). */
async function slash(h: DiscordHarness, subcommand: string, options: { name: string; value: string | number | boolean; type?: number; focused?: boolean }[], type: 2 | 4 = 2) {
  const { id, token } = h.fake.sendInteraction({ type, subcommand, options, userId: '111', permissions: MANAGER_PERMISSIONS });
  const callback = await h.fake.waitForCall((c) => c.path === `/interactions/${id}/${token}/callback`);
  expect(await h.interactionHandled(id)).toBe(true);
  if (type === 4) return callback.body;
  // A command is deferred at once (type 5) and its answer edited in (or sent as a follow-up).
  expect(callback.body.type).toBe(5);
  const answer = await h.fake.waitForCall((c) => c.path.includes(`/${token}`) && (c.method === 'PATCH' || (c.method === 'POST' && !c.path.endsWith('/callback'))));
  return { type: callback.body.type, data: answer.body };
}

const votesOfAlice = (h: DiscordHarness) => h.fixture.core.votes.forUser(ALICE);
const firstPaperId = (h: DiscordHarness) => [...h.fixture.core.papers.all()][0].id;

describe('vote buttons on Discord', () => {
  it('a digest post carries the two buttons and links to the abstract and the PDF', async () => {
    harness = await startHarness({ adapter: { reactionHints: [] } });
    await harness.fixture.core.ingest([makePaper('2611.00042', 'Vote buttons for reading groups', 'An abstract.')]);
    const paper = harness.fixture.core.papers.get('2611.00042')!;
    const reply: Reply = { visibility: 'channel', lines: [], papers: [{ paper, score: 1, reason: 'matches: test', terms: [] }] };
    await harness.adapter.platform.post(CHANNEL, reply);
    const [post] = harness.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));
    expect(post.body.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 1, custom_id: 'vote:like:2611.00042', label: '👍 More like this' },
          { type: 2, style: 2, custom_id: 'vote:dislike:2611.00042', label: '👎 Not for me' },
        ],
      },
    ]);
    expect(post.body.embeds[0].description).toContain('[Abstract](https://arxiv.org/abs/2611.00042) · [PDF](https://arxiv.org/pdf/2611.00042)');
  });

  it('a click is a vote, confirmed ephemerally; the same click takes it back; 👎 replaces it', async () => {
    harness = await startHarness();
    const id = firstPaperId(harness);
    const first = await clickButton(harness, `vote:like:${id}`);
    expect(first.type).toBe(4);
    expect(first.data.flags).toBe(EPHEMERAL);
    expect(first.data.allowed_mentions).toEqual({ parse: [] });
    expect(first.data.content).toMatch(/^👍 Noted: more like "/);
    expect((await votesOfAlice(harness)).map((v) => [v.paperId, v.sentiment, v.channel])).toEqual([[id, 'like', `discord:${GUILD_ID}:${CHANNEL_ID}`]]);

    expect((await clickButton(harness, `vote:like:${id}`)).data.content).toMatch(/^Taken back: your 👍 on "/);
    expect(await votesOfAlice(harness)).toEqual([]);

    await clickButton(harness, `vote:like:${id}`);
    expect((await clickButton(harness, `vote:dislike:${id}`)).data.content).toMatch(/^👎 Noted: fewer like "/);
    expect((await votesOfAlice(harness)).map((v) => v.sentiment)).toEqual(['dislike']);
    expect(harness.fake.callsTo('PATCH', /messages/)).toEqual([]);
  });

  it('refuses forged custom ids (unknown paper, overlong, another shape) with a message and stores nothing', async () => {
    harness = await startHarness();
    const unknown = await clickButton(harness, 'vote:like:9999.99999');
    expect(unknown.data).toMatchObject({ flags: EPHEMERAL, content: "I don't know that paper, so nothing was saved. Try a button on a newer post." });
    const overlong = await clickButton(harness, `vote:like:${firstPaperId(harness)}${'x'.repeat(120)}`);
    expect(overlong.data.content).toBe('That button is not one of mine, so nothing was saved.');
    expect((await clickButton(harness, 'delete-everything')).data.content).toBe('That button is not one of mine, so nothing was saved.');
    expect(await votesOfAlice(harness)).toEqual([]);
  });

  it('puts numbered buttons under a search answer, two papers to a row', async () => {
    harness = await startHarness();
    const body = await slash(harness, 'search', [{ name: 'query', value: 'low-rank adaptation' }]);
    const rows = body.data.components;
    expect(rows.map((r: any) => r.components.length)).toEqual([4, 4, 2]);
    expect(rows[0].components.map((b: any) => b.label)).toEqual(['👍 1', '👎 1', '👍 2', '👎 2']);
    expect(body.data.embeds[0].title).toMatch(/^1\. /);
  });
});

describe('typed options on Discord', () => {
  it('runs picks with an integer count', async () => {
    harness = await startHarness();
    await harness.fixture.core.follow(CHANNEL, ['low-rank adaptation', 'reasoning']);
    const body = await slash(harness, 'picks', [{ name: 'count', value: 3, type: 4 }]);
    expect(body.data.embeds).toHaveLength(3);
  });

  it('runs digest with an integer size and a boolean quiet', async () => {
    harness = await startHarness();
    const body = await slash(harness, 'digest', [
      { name: 'quiet', value: true, type: 5 },
      { name: 'size', value: 3, type: 4 },
    ]);
    expect(body.data.flags ?? 0).toBe(0);
    expect((await harness.fixture.core.channels.get(CHANNEL)).digest).toMatchObject({ k: 3, quietNote: true });
    await slash(harness, 'digest', [{ name: 'quiet', value: false, type: 5 }]);
    expect((await harness.fixture.core.channels.get(CHANNEL)).digest.quietNote).toBe(false);
  });

  it('autocompletes unfollow with the channel\'s own topics', async () => {
    harness = await startHarness();
    await harness.fixture.core.follow(CHANNEL, ['retrieval augmented generation', 'reasoning', 'speech recognition']);
    const all = await slash(harness, 'unfollow', [{ name: 'topic', value: '', focused: true }], 4);
    expect(all.type).toBe(8);
    expect(all.data.choices.map((c: any) => c.value)).toEqual(['retrieval augmented generation', 'reasoning', 'speech recognition']);
    const some = await slash(harness, 'unfollow', [{ name: 'topic', value: 'rec', focused: true }], 4);
    expect(some.data.choices).toEqual([{ name: 'speech recognition', value: 'speech recognition' }]);
  });

  it('autocompletes a category: filter in follow and search with arXiv categories, completing the whole text', async () => {
    harness = await startHarness();
    const follow = await slash(harness, 'follow', [{ name: 'topics', value: 'category:cs.r', focused: true }], 4);
    expect(follow.type).toBe(8);
    expect(follow.data.choices[0]).toEqual({ name: 'category:cs.RO — Robotics', value: 'category:cs.RO' });
    expect(follow.data.choices.every((c: any) => c.value.startsWith('category:cs.'))).toBe(true);
    const search = await slash(harness, 'search', [{ name: 'query', value: 'diffusion cat:cs.CV', focused: true }], 4);
    expect(search.data.choices[0]).toEqual({ name: 'category:cs.CV — Computer Vision and Pattern Recognition', value: 'diffusion cat:cs.CV' });
    const plain = await slash(harness, 'follow', [{ name: 'topics', value: 'retrieval augmented', focused: true }], 4);
    expect(plain.data.choices).toEqual([]);
  });

  it("autocompletes category: in unfollow with the channel's own categories", async () => {
    harness = await startHarness();
    await harness.fixture.core.follow(CHANNEL, ['cs.RO', 'cs.CL'], 'category');
    await harness.fixture.core.follow(CHANNEL, ['robot learning']);
    const all = await slash(harness, 'unfollow', [{ name: 'topic', value: 'category:', focused: true }], 4);
    expect(all.data.choices).toEqual([
      { name: 'category:cs.RO — Robotics', value: 'category:cs.RO' },
      { name: 'category:cs.CL — Computation and Language', value: 'category:cs.CL' },
    ]);
    const some = await slash(harness, 'unfollow', [{ name: 'topic', value: 'category:ro', focused: true }], 4);
    expect(some.data.choices.map((c: any) => c.value)).toEqual(['category:cs.RO']);
  });
});

describe('registration', () => {
  it('sends integers with their range, a boolean, weekday choices and autocomplete', async () => {
    const fake = await FakeDiscord.start();
    try {
      await registerCommands({ token: GOOD_TOKEN, applicationId: APPLICATION_ID, guildId: GUILD_ID, restApi: fake.apiUrl });
      const [put] = fake.callsTo('PUT', /\/commands$/);
      const sub = (name: string) => put.body[0].options.find((o: any) => o.name === name);
      const option = (subName: string, name: string) => sub(subName).options.find((o: any) => o.name === name);
      expect(option('picks', 'count')).toEqual({ type: 4, name: 'count', description: 'How many papers (1-10)', required: false, min_value: 1, max_value: 10 });
      expect(option('digest', 'size')).toMatchObject({ type: 4, min_value: 1, max_value: 10 });
      expect(option('digest', 'quiet')).toEqual({ type: 5, name: 'quiet', description: 'Post a note on weeks with nothing new', required: false });
      expect(option('digest', 'day').choices.map((c: any) => c.value)).toEqual(['on', 'off', 'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']);
      expect(option('unfollow', 'topic')).toMatchObject({ type: 3, autocomplete: true });
      expect(option('follow', 'topics')).toMatchObject({ type: 3, autocomplete: true });
      expect(option('digest', 'style').choices.map((c: any) => c.value)).toEqual(['thread', 'messages']);
    } finally {
      await fake.close();
    }
  });
});
