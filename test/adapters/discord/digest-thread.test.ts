/**
 * Thread-style digests on Discord, through the real discord.js client against the fake Discord: the summary in
 * the channel, a thread started on it with each paper posted there (hints under each), reactions in that
 * thread counted for the channel, also after a restart when the client has never seen the thread (it was
 * archived, so GUILD_CREATE does not list it), the fallback to replies in the channel where the bot may not
 * start threads or post in them, and a reply in flight at a crash read back from the thread by a restarted bot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDigestService } from '../../../src/digest/digest-service.js';
import { DIGEST_THREAD_NAME } from '../../../adapters/discord/threads.js';
import { CHANNEL_ID, GUILD_ID } from './fake-payloads.js';
import { startHarness, type DiscordHarness } from './harness.js';

const CHANNEL = { platform: 'discord' as const, workspace: GUILD_ID, channel: CHANNEL_ID };
const READER = { platform: 'discord' as const, workspace: GUILD_ID, user: '333' };

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Follow a topic with a 3-paper Monday 09:00 thread-style digest (the default style), armed at 08:00, then due. */
async function dueThreadDigest(h: DiscordHarness) {
  const { core, clock } = h.fixture;
  await core.follow(CHANNEL, ['reasoning']);
  await core.channels.update(CHANNEL, (s) => Object.assign(s.digest, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: 'UTC', k: 3 }));
  const digest = createDigestService(core, { owner: 'first' });
  expect((await digest.runDue([h.adapter.platform])).posted).toBe(0);
  clock.advance(2 * 3600 * 1000);
  return digest;
}

describe('thread-style digests on Discord', () => {
  it('posts the summary, starts a thread on it and posts each paper there, with hints, recorded for the channel', async () => {
    harness = await startHarness();
    const digest = await dueThreadDigest(harness);
    expect((await digest.runDue([harness.adapter.platform])).posted).toBe(4);

    const [summary] = harness.fake.messagesIn(CHANNEL_ID);
    expect(harness.fake.messagesIn(CHANNEL_ID)).toHaveLength(1);
    expect(summary.content + JSON.stringify(summary.embeds)).toContain('3 papers for this week');
    const [start] = harness.fake.callsTo('POST', /\/threads$/);
    expect(start.path).toBe(`/channels/${CHANNEL_ID}/messages/${summary.id}/threads`);
    expect(start.body).toMatchObject({ name: DIGEST_THREAD_NAME });
    const replies = harness.fake.messagesIn(summary.id);
    expect(replies).toHaveLength(3);
    for (const reply of replies) {
      expect(await harness.fixture.core.posted.paperFor(CHANNEL, reply.id)).toBeDefined();
      expect(harness.fake.callsTo('PUT', new RegExp(`^/channels/${summary.id}/messages/${reply.id}/reactions/`))).toHaveLength(2);
    }
    expect(harness.fake.callsTo('POST', /\/threads$/)).toHaveLength(1);
  });

  it('counts a reaction in a thread the restarted client has never seen, fetching the thread once', async () => {
    harness = await startHarness({ adapter: { reactionHints: [] } });
    await (await dueThreadDigest(harness)).runDue([harness.adapter.platform]);
    const [summary] = harness.fake.messagesIn(CHANNEL_ID);
    const [first, second] = harness.fake.messagesIn(summary.id);
    harness.fake.archiveThread(summary.id); // a week later: archived, so the next session's GUILD_CREATE leaves it out
    await harness.restart();
    expect(harness.adapter.client.channels.cache.has(summary.id)).toBe(false);
    const fetchesBefore = harness.fake.callsTo('GET', new RegExp(`^/channels/${summary.id}$`)).length;

    harness.fake.sendReaction('add', { messageId: first.id, channelId: summary.id, userId: READER.user, emoji: { name: '👍' } });
    const [added] = await harness.reactionsHandled(1);
    const firstPaper = await harness.fixture.core.posted.paperFor(CHANNEL, first.id);
    expect(added).toMatchObject({ handled: true, event: { channel: CHANNEL, messageId: first.id }, outcome: { status: 'recorded', paperId: firstPaper, sentiment: 'like' } });
    harness.fake.sendReaction('add', { messageId: second.id, channelId: summary.id, userId: READER.user, emoji: { name: '👎' } });
    await harness.reactionsHandled(2);
    const votes = await harness.fixture.core.votes.forUser(READER);
    expect(votes.map((v) => [v.paperId, v.sentiment])).toEqual(
      expect.arrayContaining([
        [firstPaper, 'like'],
        [await harness.fixture.core.posted.paperFor(CHANNEL, second.id), 'dislike'],
      ]),
    );
    expect(harness.fake.callsTo('GET', new RegExp(`^/channels/${summary.id}$`)).length - fetchesBefore).toBe(1);
  });

  it('counts a reaction in an active thread the client knows from GUILD_CREATE, without fetching it', async () => {
    harness = await startHarness({ adapter: { reactionHints: [] } });
    await (await dueThreadDigest(harness)).runDue([harness.adapter.platform]);
    const [summary] = harness.fake.messagesIn(CHANNEL_ID);
    const [reply] = harness.fake.messagesIn(summary.id);
    await harness.restart();
    expect(harness.adapter.client.channels.cache.get(summary.id)?.isThread()).toBe(true);
    const fetchesBefore = harness.fake.callsTo('GET', new RegExp(`^/channels/${summary.id}$`)).length;

    harness.fake.sendReaction('add', { messageId: reply.id, channelId: summary.id, userId: READER.user, emoji: { name: '⭐' } });
    const [added] = await harness.reactionsHandled(1);
    expect(added).toMatchObject({ handled: true, outcome: { status: 'recorded', sentiment: 'like' } });
    expect(harness.fake.callsTo('GET', new RegExp(`^/channels/${summary.id}$`)).length).toBe(fetchesBefore);
  });

  it('without the thread permission, posts the papers as replies to the summary in the channel, with a log line', async () => {
    harness = await startHarness({ adapter: { reactionHints: [] } });
    harness.fake.failThreads(CHANNEL_ID, { status: 403, code: 50013, message: 'Missing Permissions' });
    expect((await (await dueThreadDigest(harness)).runDue([harness.adapter.platform])).posted).toBe(4);

    const [summary, ...replies] = harness.fake.messagesIn(CHANNEL_ID);
    expect(replies).toHaveLength(3);
    const posts = harness.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`)).slice(1);
    expect(posts.map((p) => p.body.message_reference)).toEqual(Array(3).fill({ message_id: summary.id, fail_if_not_exists: false }));
    expect(harness.fake.threadsIn(CHANNEL_ID)).toEqual([]);
    expect(harness.fixture.logger.lines.filter((l) => l.includes('cannot use a digest thread here'))).toHaveLength(1);
    expect((await harness.fixture.core.channels.get(CHANNEL)).unavailable).toBeUndefined();

    harness.fake.sendReaction('add', { messageId: replies[1].id, userId: READER.user, emoji: { name: '👍' } });
    const [added] = await harness.reactionsHandled(1);
    expect(added).toMatchObject({ handled: true, outcome: { status: 'recorded', paperId: await harness.fixture.core.posted.paperFor(CHANNEL, replies[1].id) } });
  });

  it('with a thread but no permission to post in it, posts the papers as replies in the channel instead of marking it unavailable', async () => {
    harness = await startHarness({ adapter: { reactionHints: [] } });
    harness.fake.failThreadPosts(CHANNEL_ID, { status: 403, code: 50013, message: 'Missing Permissions' });
    expect((await (await dueThreadDigest(harness)).runDue([harness.adapter.platform])).posted).toBe(4);

    const [summary, ...replies] = harness.fake.messagesIn(CHANNEL_ID);
    expect(replies).toHaveLength(3);
    expect(harness.fake.messagesIn(summary.id)).toEqual([]);
    expect(harness.fake.callsTo('POST', new RegExp(`^/channels/${summary.id}/messages$`))).toHaveLength(1); // refused once, then the channel
    expect(harness.fixture.logger.lines.filter((l) => l.includes('cannot use a digest thread here'))).toHaveLength(1);
    expect((await harness.fixture.core.channels.get(CHANNEL)).unavailable).toBeUndefined();
    for (const reply of replies) expect(await harness.fixture.core.posted.paperFor(CHANNEL, reply.id)).toBeDefined();
  });

  it('reads a reply back from the channel when it went there because the thread refused it', async () => {
    harness = await startHarness({ adapter: { reactionHints: [] } });
    harness.fake.failThreadPosts(CHANNEL_ID, { status: 403, code: 50013, message: 'Missing Permissions' });
    const key = { runId: 'run-1', item: 'p1' };
    const paper = [...harness.fixture.core.papers.all()][0];
    const reply = { visibility: 'channel' as const, title: 'Weekly digest 1/1', lines: [], papers: [{ paper, score: 1, reason: 'matches: test', terms: [] }] };
    const summary = await harness.adapter.platform.post(CHANNEL, { visibility: 'channel', title: 'Weekly digest', lines: ['1 paper'], papers: [] }, { key: { ...key, item: 'summary' } });
    const posted = await harness.adapter.platform.post(CHANNEL, reply, { key, replyTo: summary });
    await harness.restart();
    const since = new Date(Date.now() - 60_000);
    expect(await harness.adapter.platform.findPosted(CHANNEL, { key, reply, replyTo: summary }, since)).toEqual(posted);
    const reads = harness.fake.callsTo('GET', /\/messages$/).map((c) => c.path);
    expect(reads).toEqual([`/channels/${summary.messageId}/messages`, `/channels/${CHANNEL_ID}/messages`]);
  });

  it('after a death between Discord accepting a reply and recording it, a restarted bot reads the thread back and finishes there', async () => {
    harness = await startHarness({ adapter: { reactionHints: [] } });
    const { core, clock } = harness.fixture;
    const first = await dueThreadDigest(harness);
    await first.runDue([harness.adapter.platform]);
    const [run] = await first.runs.runsOf(CHANNEL);
    const [summary] = harness.fake.messagesIn(CHANNEL_ID);
    const replies = harness.fake.messagesIn(summary.id);
    // Undo the record of the second reply (it reached Discord) and of the third (as if never sent).
    const [, second, third] = run.plan.map((p) => p.paperId);
    for (const [paper, message] of [[second, replies[1].id], [third, replies[2].id]]) {
      await core.store.collection('posted').delete(`discord:${GUILD_ID}:${CHANNEL_ID}|${paper}`);
      await core.store.collection('message').delete(`discord:${GUILD_ID}:${CHANNEL_ID}|${message}`);
    }
    await first.runs.saveRun({ ...run, status: 'running', attempting: second, attemptedAt: clock.now().toISOString() });
    await harness.restart();

    clock.advance(60_000);
    expect((await createDigestService(core, { owner: 'restarted' }).runDue([harness.adapter.platform])).posted).toBe(1);
    expect(await core.posted.paperFor(CHANNEL, replies[1].id)).toBe(second);
    expect(harness.fake.callsTo('GET', new RegExp(`^/channels/${summary.id}/messages$`))).toHaveLength(1);
    expect(harness.fake.messagesIn(CHANNEL_ID)).toHaveLength(1); // no second summary
    // The third paper is sent again (its record was undone) into the same thread: the restarted bot's thread start
    // is answered 160004 (already exists), and the repeated nonce returns the first message instead of a new one.
    const resent = harness.fake.callsTo('POST', new RegExp(`^/channels/${summary.id}/messages$`));
    expect(resent).toHaveLength(4);
    expect(harness.fake.callsTo('POST', /\/threads$/)).toHaveLength(2);
    expect(harness.fake.threadsIn(CHANNEL_ID)).toHaveLength(1);
    expect(harness.fake.messagesIn(summary.id)).toHaveLength(3);
    expect(await core.posted.paperFor(CHANNEL, replies[2].id)).toBe(third);
  });
});
