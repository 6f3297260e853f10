/**
 * The `Platform` port on Slack, through the real app's Web API client against the fake Slack: one message per
 * paper, the ts -> paper mapping, rate limits waited out, unavailable channels marked and reported.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDigestService } from '../../../src/digest/digest-service.js';
import { ChannelUnavailableError } from '../../../src/errors.js';
import type { ChannelRef, Reply } from '../../../src/types.js';
import { webApi } from '@slack/bolt';
import { SlackPlatform, singleWorkspaceClients } from '../../../adapters/slack/slack-platform.js';
import { BOT_TOKEN, TEAM_ID } from './fake-slack.js';
import { sendReaction, startHarness, type Harness } from './harness.js';

const CHANNEL: ChannelRef = { platform: 'slack', workspace: TEAM_ID, channel: 'C0PAPERS' };

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function onePaperReply(index = 0): Reply {
  const paper = [...h.fixture.core.papers.all()][index];
  return { visibility: 'channel', lines: [], papers: [{ paper, score: 0.5, reason: 'matches: reasoning', terms: ['reasoning'] }] };
}

describe('SlackPlatform.post', () => {
  it('posts one paper as one message with blocks and adds the vote reactions (the digest records ts -> paper)', async () => {
    const reply = onePaperReply();
    const { messageId } = await h.slack.platform.post(CHANNEL, reply);
    const [call] = h.fake.callsOf('chat.postMessage');
    expect(call.args).toMatchObject({ channel: 'C0PAPERS', unfurl_links: 'false', unfurl_media: 'false' });
    expect(call.args.blocks[0].text.text).toContain(reply.papers[0].paper.title.slice(0, 20));
    expect(call.args.text).toBeTruthy();
    expect(call.token).toBe('xoxb-test-token');
    expect(messageId).toMatch(/^\d{10}\.\d{6}$/);
    expect(await h.fixture.core.posted.paperFor(CHANNEL, messageId)).toBeUndefined();
    expect(h.fake.callsOf('reactions.add').map((c) => [c.args.timestamp, c.args.name])).toEqual([
      [messageId, '+1'],
      [messageId, '-1'],
    ]);
  });

  it('posts a reply without papers (a quiet-week note) without vote reactions', async () => {
    const { messageId } = await h.slack.platform.post(CHANNEL, { visibility: 'channel', lines: ['Quiet week: nothing new for this channel.'], papers: [] });
    expect(h.fake.callsOf('chat.postMessage')[0].args.text).toBe('Quiet week: nothing new for this channel.');
    expect(messageId).toMatch(/^\d{10}\.\d{6}$/);
    expect(h.fake.callsOf('reactions.add')).toEqual([]);
  });

  it('waits out a 429 for its Retry-After and posts', async () => {
    h.fake.script('chat.postMessage', { status: 429, retryAfter: 7 });
    await h.slack.platform.post(CHANNEL, onePaperReply());
    expect(h.waits).toEqual([7000]);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(2);
    expect(h.fixture.logger.lines.some((l) => l.includes('slack rate limit'))).toBe(true);
  });

  it('gives up after four rate-limited attempts with the error', async () => {
    h.fake.script('chat.postMessage', ...Array.from({ length: 4 }, () => ({ status: 429 as const, retryAfter: 2 })));
    await expect(h.slack.platform.post(CHANNEL, onePaperReply())).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    expect(h.waits).toEqual([2000, 2000, 2000]);
  });

  for (const reason of ['channel_not_found', 'not_in_channel', 'is_archived']) {
    it(`reports ${reason} as ChannelUnavailableError with a log line, not a raw error`, async () => {
      h.fake.script('chat.postMessage', { error: reason });
      const error = await h.slack.platform.post(CHANNEL, onePaperReply()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelUnavailableError);
      expect((error as ChannelUnavailableError).reason).toBe(reason);
      expect(h.fixture.logger.lines.some((l) => l.startsWith('warn slack: stopped posting to a channel') && l.includes(reason))).toBe(true);
      expect(h.fake.callsOf('reactions.add')).toEqual([]);
    });
  }

  it('passes other Slack errors on without marking the channel', async () => {
    h.fake.script('chat.postMessage', { error: 'msg_too_long' });
    await expect(h.slack.platform.post(CHANNEL, onePaperReply())).rejects.toMatchObject({ data: { error: 'msg_too_long' } });
    expect((await h.fixture.core.channels.get(CHANNEL)).unavailable).toBeUndefined();
  });

  it('keeps the post when adding a vote reaction fails', async () => {
    h.fake.script('reactions.add', { error: 'too_many_reactions' });
    const { messageId } = await h.slack.platform.post(CHANNEL, onePaperReply());
    expect(messageId).toMatch(/^\d{10}\.\d{6}$/);
    expect(h.fixture.logger.lines.some((l) => l.includes('could not add a vote reaction'))).toBe(true);
  });

  it('refuses channels of another workspace without calling Slack', async () => {
    const other = { ...CHANNEL, workspace: 'T0OTHER' };
    await expect(h.slack.platform.post(other, onePaperReply())).rejects.toMatchObject({ reason: 'other_workspace' });
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
  });
});

describe('SlackPlatform: keyed digest posts read back', () => {
  const key = { runId: 'run-1', item: '2501.00001' };

  it('attaches the key as message metadata and finds the message again through conversations.history', async () => {
    h.fake.now = () => Date.parse('2026-11-23T09:00:00Z');
    const { messageId } = await h.slack.platform.post(CHANNEL, onePaperReply(), { key });
    expect(h.fake.callsOf('chat.postMessage')[0].args.metadata).toBe(JSON.stringify({ event_type: 'paperboy_digest_post', event_payload: { run_id: 'run-1', paper_id: '2501.00001' } }));
    await h.slack.platform.post(CHANNEL, onePaperReply(1), { key: { ...key, item: 'other' } });

    const since = new Date('2026-11-23T08:59:00Z');
    expect(await h.slack.platform.findPosted(CHANNEL, { key, reply: onePaperReply() }, since)).toEqual({ messageId });
    const [history] = h.fake.callsOf('conversations.history');
    expect(history.args).toMatchObject({ channel: 'C0PAPERS', include_all_metadata: 'true', oldest: String(since.getTime() / 1000) + '.000000' });
    expect(await h.slack.platform.findPosted(CHANNEL, { key: { ...key, runId: 'run-2' }, reply: onePaperReply() }, since)).toBeUndefined();
    // A message older than `oldest` is not read.
    expect(await h.slack.platform.findPosted(CHANNEL, { key, reply: onePaperReply() }, new Date('2026-11-23T09:01:00Z'))).toBeUndefined();
  });

  it('reads several history pages, newest first', async () => {
    h.fake.now = () => Date.parse('2026-11-23T09:00:00Z');
    const { messageId } = await h.slack.platform.post(CHANNEL, onePaperReply(), { key });
    for (let i = 0; i < 205; i++) await h.slack.platform.post(CHANNEL, { visibility: 'channel', lines: [`chatter ${i}`], papers: [] });
    expect(await h.slack.platform.findPosted(CHANNEL, { key, reply: onePaperReply() }, new Date('2026-11-23T08:00:00Z'))).toEqual({ messageId });
    expect(h.fake.callsOf('conversations.history')).toHaveLength(2);
  });

  it('treats a workspace without the history scopes as "not there", with a warning saying what to do', async () => {
    h.fake.script('conversations.history', { error: 'missing_scope' });
    expect(await h.slack.platform.findPosted(CHANNEL, { key, reply: onePaperReply() }, new Date(0))).toBeUndefined();
    expect(h.fixture.logger.lines.some((l) => l.includes('reinstall the app to grant channels:history'))).toBe(true);
  });

  it('reports a channel that is gone while reading it back as ChannelUnavailableError', async () => {
    h.fake.script('conversations.history', { error: 'channel_not_found' });
    await expect(h.slack.platform.findPosted(CHANNEL, { key, reply: onePaperReply() }, new Date(0))).rejects.toBeInstanceOf(ChannelUnavailableError);
  });

  it('sends no attempt once the lease signal is aborted, and none after a rate-limit wait it outlived', async () => {
    const lost = new AbortController();
    lost.abort(new Error('lease lost'));
    await expect(h.slack.platform.post(CHANNEL, onePaperReply(), { key, signal: lost.signal })).rejects.toThrow('lease lost');
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);

    // The lease is lost while a Retry-After is waited out: the retry is not sent.
    const losing = new AbortController();
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: h.fake.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    const platform = new SlackPlatform({ logger: h.fixture.logger, clients: singleWorkspaceClients(client, TEAM_ID), wait: async () => losing.abort(new Error('lease lost')) });
    h.fake.script('chat.postMessage', { status: 429, retryAfter: 30 });
    await expect(platform.post(CHANNEL, onePaperReply(), { key, signal: losing.signal })).rejects.toThrow('lease lost');
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
  });
});

describe('the weekly digest through Slack', () => {
  it('after a death between Slack accepting a post and recording it, records that message and posts the rest once', async () => {
    const { core, clock } = h.fixture;
    h.fake.now = () => clock.now().getTime();
    await core.follow(CHANNEL, ['reasoning']);
    await core.channels.update(CHANNEL, (s) => Object.assign(s.digest, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: 'UTC', k: 3, style: 'messages' }));
    const first = createDigestService(core, { owner: 'first' });
    await first.runDue([h.slack.platform]);
    clock.advance(2 * 3600 * 1000);
    await first.runDue([h.slack.platform]);
    const [run] = await first.runs.runsOf(CHANNEL);
    // Undo the record of the last post as if the process had died right after Slack accepted it.
    const last = run.plan[2].paperId;
    const lastTs = (await core.store.collection<{ messageId: string }>('posted').get(`slack:${TEAM_ID}:C0PAPERS|${last}`))!.messageId;
    await core.store.collection('posted').delete(`slack:${TEAM_ID}:C0PAPERS|${last}`);
    await core.store.collection('message').delete(`slack:${TEAM_ID}:C0PAPERS|${lastTs}`);
    await first.runs.saveRun({ ...run, status: 'running', attempting: last, attemptedAt: clock.now().toISOString() });

    clock.advance(60_000);
    expect((await createDigestService(core, { owner: 'restarted' }).runDue([h.slack.platform])).posted).toBe(0);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(3);
    expect(h.fake.callsOf('conversations.history')).toHaveLength(1);
    expect(await core.posted.paperFor(CHANNEL, lastTs)).toBe(last);
  });


  it('posts each pick as its own message, and a reaction on one of them reaches that paper', async () => {
    const { core, clock } = h.fixture;
    await core.follow(CHANNEL, ['reasoning']);
    await core.channels.update(CHANNEL, (s) => Object.assign(s.digest, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: 'UTC', k: 3, style: 'messages' }));
    const digest = createDigestService(core, { owner: 'test' });
    expect((await digest.runDue([h.slack.platform])).posted).toBe(0);
    clock.advance(2 * 3600 * 1000);
    expect((await digest.runDue([h.slack.platform])).posted).toBe(3);

    const posts = h.fake.callsOf('chat.postMessage');
    expect(posts).toHaveLength(3);
    const tsList = [...new Set(h.fake.callsOf('reactions.add').map((c) => c.args.timestamp as string))];
    expect(tsList).toHaveLength(3);
    const paperIds = await Promise.all(tsList.map((ts) => core.posted.paperFor(CHANNEL, ts)));
    expect(new Set(paperIds).size).toBe(3);
    expect(posts[1].args.text).toContain('Weekly digest 2/3');

    await sendReaction(h, { type: 'reaction_added', user: 'UCAROL', reaction: 'star', channel: 'C0PAPERS', ts: tsList[1] });
    const carol = { platform: 'slack' as const, workspace: TEAM_ID, user: 'UCAROL' };
    await vi.waitFor(async () => expect((await core.votes.forUser(carol)).map((v) => v.paperId)).toEqual([paperIds[1]]), { timeout: 10_000 });
    expect((await digest.runDue([h.slack.platform])).posted).toBe(0);
  });
});
