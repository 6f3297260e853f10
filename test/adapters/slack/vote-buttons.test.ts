/**
 * Vote buttons on Slack, through the real Bolt app against the fake Slack: signed `block_actions` payloads in
 * (HTTP mode and over the Socket Mode WebSocket), votes in the store and private confirmations through the
 * action's `response_url` out.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSlack } from '../../../adapters/slack/slack-app.js';
import type { ChannelRef, Reply } from '../../../src/types.js';
import { createCoreFixture, makePaper } from '../../helpers/core-fixture.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack, TEAM_ID } from './fake-slack.js';
import { blockActionsPayload, postSigned, sendCommand, sendReaction, startHarness, type Harness } from './harness.js';

const GENERAL: ChannelRef = { platform: 'slack', workspace: TEAM_ID, channel: 'C0GENERAL' };
const ALICE = { platform: 'slack' as const, workspace: TEAM_ID, user: 'UALICE' };

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** Click a button: a signed, form-encoded interaction POST to the request URL. Resolves with the ack and its time. */
async function click(actionId: string, responseId: string): Promise<{ status: number; ms: number }> {
  const body = new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(h.fake, { actionId, responseId })) }).toString();
  const started = performance.now();
  const response = await postSigned(h.eventsUrl, body, 'application/x-www-form-urlencoded');
  return { status: response.status, ms: performance.now() - started };
}

async function confirmation(responseId: string): Promise<Record<string, any>> {
  await h.fake.waitFor(() => h.fake.responses.some((r) => r.id === responseId), 10_000, `the confirmation "${responseId}"`);
  return h.fake.responses.find((r) => r.id === responseId)!.body;
}

/** Post one paper as a digest does; returns the posted blocks and the message ts. */
async function postPaperWithTs(paperId: string): Promise<{ blocks: any[]; ts: string }> {
  const paper = h.fixture.core.papers.get(paperId)!;
  const reply: Reply = { visibility: 'channel', lines: [], papers: [{ paper, score: 1, reason: 'matches: test', terms: [] }] };
  const { messageId } = await h.slack.platform.post(GENERAL, reply);
  await h.fixture.core.recordPost(GENERAL, paperId, messageId);
  return { blocks: h.fake.callsOf('chat.postMessage').at(-1)!.args.blocks, ts: messageId };
}
const postPaper = async (paperId: string) => (await postPaperWithTs(paperId)).blocks;

const votesOfAlice = () => h.fixture.core.votes.forUser(ALICE);
const paperId = () => [...h.fixture.core.papers.all()][0].id;

describe('vote buttons on Slack', () => {
  it('a digest post carries both buttons and links to the abstract and the PDF', async () => {
    await h.fixture.core.ingest([makePaper('2611.00042', 'Vote buttons for reading groups', 'An abstract.')]);
    const blocks = await postPaper('2611.00042');
    const actions = blocks.find((b) => b.type === 'actions');
    expect(actions.elements.map((e: any) => [e.action_id, e.text.text])).toEqual([
      ['vote:like:2611.00042', '👍 More like this'],
      ['vote:dislike:2611.00042', '👎 Not for me'],
    ]);
    expect(blocks[0].text.text).toContain('<https://arxiv.org/abs/2611.00042|Abstract> · <https://arxiv.org/pdf/2611.00042|PDF>');
  });

  it('a reaction on the posted card still counts, and a 👍 click joins it as one vote', async () => {
    const { ts } = await postPaperWithTs(paperId());
    await sendReaction(h, { type: 'reaction_added', user: 'UALICE', reaction: '+1', channel: 'C0GENERAL', ts });
    await vi.waitFor(async () => expect(await votesOfAlice()).toHaveLength(1), { timeout: 10_000 });
    expect((await votesOfAlice())[0]).toMatchObject({ sentiment: 'like', emojis: ['thumbsup'] });
    await click(`vote:like:${paperId()}`, 'after-reaction');
    await confirmation('after-reaction');
    expect((await votesOfAlice())[0]).toMatchObject({ sentiment: 'like', emojis: ['thumbsup', 'button'] });
  });

  it('a click is acked at once, stored as a vote and confirmed privately; the same click takes it back; 👎 replaces it', async () => {
    const id = paperId();
    const first = await click(`vote:like:${id}`, 'like-1');
    expect(first.status).toBe(200);
    expect(first.ms).toBeLessThan(3000);
    const confirmed = await confirmation('like-1');
    expect(confirmed).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(confirmed.text).toMatch(/^👍 Noted: more like "/);
    expect((await votesOfAlice()).map((v) => [v.paperId, v.sentiment])).toEqual([[id, 'like']]);
    expect((await h.fixture.core.votes.forChannel(GENERAL)).map((v) => v.user)).toEqual(['slack:T0TEAM:UALICE']);

    await click(`vote:like:${id}`, 'like-2');
    expect((await confirmation('like-2')).text).toMatch(/^Taken back: your 👍 on "/);
    expect(await votesOfAlice()).toEqual([]);
    expect(await h.fixture.core.votes.forChannel(GENERAL)).toEqual([]);

    await click(`vote:like:${id}`, 'like-3');
    await confirmation('like-3');
    await click(`vote:dislike:${id}`, 'dislike-1');
    expect((await confirmation('dislike-1')).text).toMatch(/^👎 Noted: fewer like "/);
    expect((await votesOfAlice()).map((v) => [v.paperId, v.sentiment])).toEqual([[id, 'dislike']]);
    expect(h.fake.callsOf('chat.update')).toEqual([]);
  });

  it('refuses forged buttons with a clear message and stores nothing', async () => {
    await click('vote:like:9999.99999', 'unknown');
    expect((await confirmation('unknown')).text).toBe("I don't know that paper, so nothing was saved. Try a button on a newer post.");
    await click(`vote:like:${'9'.repeat(300)}`, 'overlong');
    expect((await confirmation('overlong')).text).toBe('That button is not one of mine, so nothing was saved.');
    await click('vote:love:2401.00001', 'bad-sentiment');
    expect((await confirmation('bad-sentiment')).text).toBe('That button is not one of mine, so nothing was saved.');
    expect(await votesOfAlice()).toEqual([]);
  });

  it('puts the buttons under every paper of a search answer', async () => {
    await sendCommand(h, { text: 'search low-rank adaptation', responseId: 'search' });
    const body = await confirmation('search');
    const rows = body.blocks.filter((b: any) => b.type === 'actions');
    expect(rows).toHaveLength(5);
    const ids = rows.flatMap((r: any) => r.elements.map((e: any) => e.action_id));
    expect(new Set(ids).size).toBe(10);
  });
});

describe('vote buttons over Socket Mode', () => {
  it('arrive as an interactive envelope, are acknowledged and stored', async () => {
    const fixture = await createCoreFixture();
    const fake = await new FakeSlack().start();
    const adapter = await startSlack({ core: fixture.core, botToken: BOT_TOKEN, appToken: APP_TOKEN, slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    try {
      const id = [...fixture.core.papers.all()][1].id;
      const ack = await fake.sendEnvelope('interactive', blockActionsPayload(fake, { actionId: `vote:dislike:${id}`, responseId: 'socket-vote' }));
      expect(ack).toMatchObject({ envelope_id: expect.any(String) });
      await fake.waitFor(() => fake.responses.some((r) => r.id === 'socket-vote'));
      expect(fake.responses.find((r) => r.id === 'socket-vote')!.body.response_type).toBe('ephemeral');
      expect((await fixture.core.votes.forUser(ALICE)).map((v) => [v.paperId, v.sentiment])).toEqual([[id, 'dislike']]);
    } finally {
      await adapter.stop();
      await fake.stop();
      await fixture.close();
    }
  });
});

describe('the app manifest', () => {
  it('turns interactivity on, with the request URL HTTP mode needs', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../adapters/slack/manifest.json', import.meta.url), 'utf8'));
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://YOUR-HOST/slack/events' });
  });
});
