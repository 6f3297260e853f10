/**
 * Thread-style digests on Slack, through the real app's Web API client against the fake Slack: the summary in
 * the channel, each paper a reply with `thread_ts`, a reaction on a reply (`reaction_added` with the reply's
 * `ts`) reaching its paper, and a reply in flight at a crash read back with `conversations.replies`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDigestService } from '../../../src/digest/digest-service.js';
import type { ChannelRef, Reply } from '../../../src/types.js';
import { TEAM_ID } from './fake-slack.js';
import { sendReaction, startHarness, type Harness } from './harness.js';

const CHANNEL: ChannelRef = { platform: 'slack', workspace: TEAM_ID, channel: 'C0PAPERS' };
const CAROL = { platform: 'slack' as const, workspace: TEAM_ID, user: 'UCAROL' };

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.fake.now = () => h.fixture.clock.now().getTime();
});
afterEach(async () => {
  await h.close();
});

/** Follow a topic with a 3-paper Monday 09:00 digest (style left at its default, thread), armed at 08:00. */
async function armedThreadDigest() {
  const { core } = h.fixture;
  await core.follow(CHANNEL, ['reasoning']);
  await core.channels.update(CHANNEL, (s) => Object.assign(s.digest, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: 'UTC', k: 3 }));
  const digest = createDigestService(core, { owner: 'first' });
  expect((await digest.runDue([h.slack.platform])).posted).toBe(0);
  h.fixture.clock.advance(2 * 3600 * 1000);
  return digest;
}

function onePaperReply(index = 0): Reply {
  const paper = [...h.fixture.core.papers.all()][index];
  return { visibility: 'channel', lines: [], papers: [{ paper, score: 0.5, reason: 'matches: reasoning', terms: ['reasoning'] }] };
}

describe('thread-style digests on Slack', () => {
  it('posts the summary, then each paper in its thread; a reaction on a reply votes for that paper', async () => {
    const digest = await armedThreadDigest();
    expect((await digest.runDue([h.slack.platform])).posted).toBe(4);

    const [summary, ...replies] = h.fake.callsOf('chat.postMessage');
    expect(summary.args.thread_ts).toBeUndefined();
    expect(summary.args.text).toContain('3 papers for this week');
    const summaryTs = h.fake.messagesIn('C0PAPERS')[0].ts;
    expect(replies.map((r) => r.args.thread_ts)).toEqual([summaryTs, summaryTs, summaryTs]);
    const replyTs = h.fake.messagesIn('C0PAPERS').slice(1).map((m) => m.ts);
    // The vote reactions go under each reply, none under the summary.
    expect([...new Set(h.fake.callsOf('reactions.add').map((c) => c.args.timestamp))]).toEqual(replyTs);
    const paperIds = await Promise.all(replyTs.map((ts) => h.fixture.core.posted.paperFor(CHANNEL, ts)));
    expect(new Set(paperIds).size).toBe(3);

    await sendReaction(h, { type: 'reaction_added', user: 'UCAROL', reaction: '+1', channel: 'C0PAPERS', ts: replyTs[2] });
    await vi.waitFor(async () => expect((await h.fixture.core.votes.forUser(CAROL)).map((v) => v.paperId)).toEqual([paperIds[2]]), { timeout: 10_000 });
    expect((await digest.runDue([h.slack.platform])).posted).toBe(0);
  });

  it('after a death between Slack accepting a reply and recording it, reads the thread back and finishes in the same thread', async () => {
    const { core, clock } = h.fixture;
    const first = await armedThreadDigest();
    await first.runDue([h.slack.platform]);
    const [run] = await first.runs.runsOf(CHANNEL);
    // Undo the last two replies: the second reached Slack but its record was lost; the third was never sent.
    const [, second, third] = run.plan.map((p) => p.paperId);
    const secondTs = (await core.store.collection<{ messageId: string }>('posted').get(`slack:${TEAM_ID}:C0PAPERS|${second}`))!.messageId;
    const thirdTs = (await core.store.collection<{ messageId: string }>('posted').get(`slack:${TEAM_ID}:C0PAPERS|${third}`))!.messageId;
    for (const [paper, ts] of [[second, secondTs], [third, thirdTs]]) {
      await core.store.collection('posted').delete(`slack:${TEAM_ID}:C0PAPERS|${paper}`);
      await core.store.collection('message').delete(`slack:${TEAM_ID}:C0PAPERS|${ts}`);
    }
    await first.runs.saveRun({ ...run, status: 'running', attempting: second, attemptedAt: clock.now().toISOString() });
    const sentBefore = h.fake.callsOf('chat.postMessage').length;

    clock.advance(60_000);
    expect((await createDigestService(core, { owner: 'restarted' }).runDue([h.slack.platform])).posted).toBe(1);
    const [readBack] = h.fake.callsOf('conversations.replies');
    expect(readBack.args).toMatchObject({ channel: 'C0PAPERS', ts: run.summary, include_all_metadata: 'true' });
    expect(h.fake.callsOf('conversations.history')).toEqual([]);
    expect(await core.posted.paperFor(CHANNEL, secondTs)).toBe(second);
    const resent = h.fake.callsOf('chat.postMessage').slice(sentBefore);
    expect(resent.map((c) => c.args.thread_ts)).toEqual([run.summary]);
    expect(resent[0].args.text).toContain('3/3');
  });

  it('finds a keyed reply in its thread, not in the channel history', async () => {
    const key = { runId: 'run-1', item: '2501.00001' };
    const summary = await h.slack.platform.post(CHANNEL, { visibility: 'channel', title: 'Weekly digest', lines: ['1 paper'], papers: [] }, { key: { ...key, item: 'summary' } });
    const { messageId } = await h.slack.platform.post(CHANNEL, onePaperReply(), { key, replyTo: summary });
    const since = new Date(h.fixture.clock.now().getTime() - 60_000);
    expect(await h.slack.platform.findPosted(CHANNEL, { key, reply: onePaperReply(), replyTo: summary }, since)).toEqual({ messageId });
    expect(await h.slack.platform.findPosted(CHANNEL, { key, reply: onePaperReply() }, since)).toBeUndefined();
  });
});
