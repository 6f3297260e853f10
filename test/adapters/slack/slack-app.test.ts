/**
 * The real Bolt app in HTTP mode against the fake Slack: signed slash commands and reaction events in,
 * recorded Web API calls and response_url posts out.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METHOD_SCOPES } from '../../../adapters/slack/scopes.js';
import type { ChannelRef, Reply } from '../../../src/types.js';
import { makePaper } from '../../helpers/core-fixture.js';
import { BOT_USER_ID, TEAM_ID } from './fake-slack.js';
import { allText, sendCommand, sendReaction, sign, SIGNING_SECRET, startHarness, type Harness } from './harness.js';

const GENERAL: ChannelRef = { platform: 'slack', workspace: TEAM_ID, channel: 'C0GENERAL' };
const ALICE = { platform: 'slack' as const, workspace: TEAM_ID, user: 'UALICE' };

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const responseOf = (id: string) => h.fake.responses.find((r) => r.id === id)?.body;
const waitForResponse = async (id: string) => {
  await h.fake.waitFor(() => responseOf(id) !== undefined, 10_000, `the response "${id}"`);
  return responseOf(id)!;
};

/** The id of the n-th stored paper. */
const firstPaperIds = (n: number) => [...h.fixture.core.papers.all()][n].id;

/** Post one paper the way a digest does and return its message ts. */
async function postPaper(paperId: string, channel: ChannelRef = GENERAL): Promise<string> {
  const paper = h.fixture.core.papers.get(paperId)!;
  const reply: Reply = { visibility: 'channel', lines: [], papers: [{ paper, score: 1, reason: 'matches: test', terms: [] }] };
  const { messageId } = await h.slack.platform.post(channel, reply);
  await h.fixture.core.recordPost(channel, paperId, messageId); // as the digest does after each post
  return messageId;
}

describe('/papers on Slack', () => {
  it('acknowledges, then answers a search privately with paper cards', async () => {
    const ack = await sendCommand(h, { text: 'search low-rank adaptation', responseId: 'search' });
    expect(ack.status).toBe(200);
    const body = await waitForResponse('search');
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/Papers about "low-rank adaptation"/);
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    const cards = body.blocks.filter((b: any) => b.type === 'section' && /^\*<https:\/\/[^|]+\|1\. /.test(b.text.text));
    expect(cards).toHaveLength(1);
    expect(allText(body)).toMatch(/\*Why:\* matches: /);
  });

  it('confirms a follow in the channel and joins the channel so digests can post there', async () => {
    await sendCommand(h, { text: 'follow retrieval augmented generation', responseId: 'follow' });
    const body = await waitForResponse('follow');
    expect(body.response_type).toBe('in_channel');
    expect(body.text).toContain('This channel now follows: retrieval augmented generation.');
    expect(h.fake.callsOf('conversations.join').map((c) => c.args.channel)).toEqual(['C0GENERAL']);
    expect((await h.fixture.core.channels.get(GENERAL)).interests).toEqual(['retrieval augmented generation']);
  });

  it('asks to be invited where it cannot join by itself', async () => {
    h.fake.script('conversations.join', { error: 'method_not_supported_for_channel_type' });
    await sendCommand(h, { text: 'digest on', responseId: 'digest', channel: 'C0PRIVATE' });
    const body = await waitForResponse('digest');
    expect(body.response_type).toBe('in_channel');
    expect(body.text).toContain('Invite me with `/invite @paperboy`');
  });

  it('answers errors privately and never crashes on unknown commands', async () => {
    await sendCommand(h, { text: 'fly to the moon', responseId: 'unknown' });
    const body = await waitForResponse('unknown');
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/I don't know "fly"/);
  });
});

describe('reactions on Slack', () => {
  it('a reaction on a posted paper changes the user\'s preferences; removing it undoes that', async () => {
    const paperId = firstPaperIds(0);
    const ts = await postPaper(paperId);
    expect(h.fake.callsOf('reactions.add').map((c) => c.args.name)).toEqual(['+1', '-1']);

    expect((await sendReaction(h, { type: 'reaction_added', user: 'UALICE', reaction: '+1::skin-tone-3', channel: 'C0GENERAL', ts })).status).toBe(200);
    await vi.waitFor(async () => expect(await h.fixture.core.votes.forUser(ALICE)).toHaveLength(1), { timeout: 10_000 });
    const [vote] = await h.fixture.core.votes.forUser(ALICE);
    expect(vote).toMatchObject({ paperId, sentiment: 'like', channel: `slack:${TEAM_ID}:C0GENERAL` });

    await sendCommand(h, { text: 'me', responseId: 'me' });
    expect((await waitForResponse('me')).text).toContain('You reacted to 1 paper: 1 liked');

    await sendReaction(h, { type: 'reaction_removed', user: 'UALICE', reaction: '+1::skin-tone-3', channel: 'C0GENERAL', ts });
    await vi.waitFor(async () => expect(await h.fixture.core.votes.forUser(ALICE)).toHaveLength(0), { timeout: 10_000 });
  });

  it('folds aliases: thumbsdown counts as a dislike', async () => {
    const ts = await postPaper(firstPaperIds(1));
    await sendReaction(h, { type: 'reaction_added', user: 'UALICE', reaction: 'thumbsdown', channel: 'C0GENERAL', ts });
    await vi.waitFor(async () => expect((await h.fixture.core.votes.forUser(ALICE))[0]?.sentiment).toBe('dislike'), { timeout: 10_000 });
  });

  it('ignores the bot\'s own reactions, reactions on other messages and other workspaces', async () => {
    const react = vi.spyOn(h.fixture.core, 'react');
    const ts = await postPaper(firstPaperIds(0));
    const base = { type: 'reaction_added' as const, reaction: '+1', channel: 'C0GENERAL' };
    await sendReaction(h, { ...base, user: BOT_USER_ID, ts });
    await sendReaction(h, { ...base, user: 'UALICE', ts, itemUser: 'UBOB' });
    await sendReaction(h, { ...base, user: 'UALICE', ts: '1600000000.000001' });
    await sendReaction(h, { ...base, user: 'UALICE', ts, team: 'T0OTHER' });
    await sendReaction(h, { ...base, user: 'UBOB', ts });
    await vi.waitFor(async () => expect(await h.fixture.core.votes.forUser({ ...ALICE, user: 'UBOB' })).toHaveLength(1), { timeout: 10_000 });
    const outcomes = await Promise.all(react.mock.results.map((r) => r.value));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['ignored', 'ignored', 'recorded']);
    expect(await h.fixture.core.votes.forUser(ALICE)).toEqual([]);
    expect(await h.fixture.core.votes.forUser({ platform: 'slack', workspace: 'T0OTHER', user: 'UALICE' })).toEqual([]);
  });
});

describe('request signatures', () => {
  const bad = [
    { name: 'a wrong signature', options: { signature: sign('not-the-secret', Math.floor(Date.now() / 1000), 'x') } },
    { name: 'no signature', options: { signature: null } },
    { name: 'a stale timestamp', options: { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 } },
  ];
  for (const { name, options } of bad) {
    it(`rejects ${name} with 401 and runs no handler`, async () => {
      const react = vi.spyOn(h.fixture.core, 'react');
      const command = await sendCommand(h, { text: 'follow forged topic', responseId: 'forged' }, options);
      const ts = await postPaper(firstPaperIds(0));
      const reaction = await sendReaction(h, { type: 'reaction_added', user: 'UALICE', reaction: '+1', channel: 'C0GENERAL', ts }, options);
      expect([command.status, reaction.status]).toEqual([401, 401]);
      await sendCommand(h, { text: 'help', responseId: 'after' });
      await waitForResponse('after');
      expect(responseOf('forged')).toBeUndefined();
      expect(react).not.toHaveBeenCalled();
      expect((await h.fixture.core.channels.get(GENERAL)).interests).toEqual([]);
    });
  }

  it('accepts the same request when it is signed with the signing secret', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    expect(sign(SIGNING_SECRET, timestamp, 'a')).toMatch(/^v0=[0-9a-f]{64}$/);
    expect((await sendCommand(h, { text: 'help', responseId: 'signed' }, { timestamp })).status).toBe(200);
    expect((await waitForResponse('signed')).text).toContain('Paperboy commands');
  });
});

describe('untrusted text', () => {
  const HOSTILE = '<!channel> Attention <@U123> is <https://evil.example|all you need> & <!subteam^S1>';
  const forbidden = ['<!channel>', '<@U123>', '<https://evil.example', '<!subteam', '<!here>'];

  it('escapes hostile titles and abstracts in search answers and digest posts', async () => {
    const paper = makePaper('2611.00001', HOSTILE, `Zebrafinch quokka study. <!here> ${HOSTILE}`, { url: 'https://arxiv.org/abs/2611.00001|<!channel>' });
    await h.fixture.core.ingest([paper]);
    await sendCommand(h, { text: 'search zebrafinch quokka', responseId: 'hostile' });
    const answer = allText(await waitForResponse('hostile'));
    await postPaper('2611.00001');
    const posted = allText(h.fake.callsOf('chat.postMessage')[0].args);
    for (const text of [answer, posted]) {
      expect(text).toContain('&lt;!channel&gt; Attention &lt;@U123&gt;');
      for (const bad of forbidden) expect(text).not.toContain(bad);
      expect(text).toContain('<https://arxiv.org/abs/2611.00001%7C%3C!channel%3E|');
    }
  });

  it('escapes hostile queries and topics echoed back', async () => {
    await sendCommand(h, { text: `search ${HOSTILE}`, responseId: 'query' });
    await sendCommand(h, { text: `follow ${HOSTILE.replace(/,/g, ' ')}`, responseId: 'topic' });
    for (const id of ['query', 'topic']) {
      const text = allText(await waitForResponse(id));
      expect(text).toContain('&lt;!channel&gt;');
      for (const bad of forbidden) expect(text).not.toContain(bad);
    }
  });

  it('treats Slack-encoded command text as what the person typed', async () => {
    await sendCommand(h, { text: 'follow &lt;b&gt; tags &amp; more', responseId: 'encoded' });
    await waitForResponse('encoded');
    expect((await h.fixture.core.channels.get(GENERAL)).interests).toEqual(['<b> tags & more']);
  });
});

describe('load', () => {
  it('acknowledges 50 simultaneous commands well within 3 seconds and answers them all', async () => {
    const started = performance.now();
    const timings = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const sent = performance.now();
        const res = await sendCommand(h, { text: i % 2 ? 'search diffusion models' : 'picks', responseId: `load-${i}`, user: `U${i}` });
        return { status: res.status, ms: performance.now() - sent };
      }),
    );
    expect(timings.every((t) => t.status === 200)).toBe(true);
    const slowest = Math.max(...timings.map((t) => t.ms));
    expect(slowest, `slowest ack took ${slowest.toFixed(0)} ms`).toBeLessThan(3000);
    await h.fake.waitFor(() => h.fake.responses.length === 50, 20_000, 'all 50 answers');
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('workspaces and permissions', () => {
  it('keeps every key under its team id', async () => {
    await sendCommand(h, { text: 'follow speech recognition', responseId: 'other', team: 'T0OTHER' });
    await waitForResponse('other');
    expect((await h.fixture.core.channels.get({ ...GENERAL, workspace: 'T0OTHER' })).interests).toEqual(['speech recognition']);
    expect((await h.fixture.core.channels.get(GENERAL)).interests).toEqual([]);
  });

  it('calls only Web API methods whose scopes the manifest lists', async () => {
    await sendCommand(h, { text: 'follow diffusion', responseId: 'f' });
    await waitForResponse('f');
    h.fake.setUserRole('UADMIN', { is_admin: true });
    await sendCommand(h, { text: 'lock', responseId: 'lock', user: 'UADMIN' });
    await waitForResponse('lock');
    await sendCommand(h, { text: 'follow agents', responseId: 'locked-follow' }); // a member: users.info, conversations.info
    await waitForResponse('locked-follow');
    await postPaper(firstPaperIds(0));
    const paper = h.fixture.core.papers.get(firstPaperIds(0))!;
    await h.slack.platform.findPosted(GENERAL, { key: { runId: 'r', item: paper.id }, reply: { visibility: 'channel', lines: [], papers: [] } }, new Date(0)); // a digest reading back after a crash
    await h.slack.platform.openDirect({ platform: 'slack', workspace: TEAM_ID, user: 'UALICE' }); // a personal digest opening a DM
    const methods = new Set(h.fake.calls.map((c) => c.method));
    expect([...methods].sort()).toEqual(Object.keys(METHOD_SCOPES).sort());
  });
});
