/**
 * Thread-style digests on a real sqlite store: one summary message, then each paper as a reply in its thread,
 * each reply recorded so reactions on it count; and exactly once across crashes, with the restarted run posting
 * the remaining replies into the same thread (the run remembers the summary's message id, and reads the thread
 * back for a reply that was in flight).
 */
import { describe, expect, it } from 'vitest';
import { createDigestService } from '../../src/digest/digest-service.js';
import { armedChannelWithSundayPapers, CHANNEL, digestFixtures, MONDAY_0905, recordingPlatform, secondProcess } from './digest-helpers.js';

const MONDAY_0906 = new Date('2026-11-23T09:06:00Z');

const fixture = digestFixtures();

describe('thread-style digests', () => {
  it('posts one summary, then each paper as a reply in its thread, recording every reply', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f, 'thread');
    f.clock.set(MONDAY_0905);
    const platform = recordingPlatform();
    expect((await createDigestService(f.core, { owner: 'a' }).runDue([platform])).posted).toBe(6);

    const [summary, ...replies] = platform.posts;
    expect(summary.key?.item).toBe('summary');
    expect(summary.replyTo).toBeUndefined();
    expect(summary.reply.papers).toEqual([]);
    expect(summary.reply.lines.join(' ')).toContain('5 papers for this week');
    expect(replies.map((r) => r.replyTo)).toEqual(Array(5).fill(summary.messageId));
    expect(replies.every((r) => r.reply.papers.length === 1)).toBe(true);
    for (const reply of replies) expect(await f.core.posted.paperFor(CHANNEL, reply.messageId)).toBe(reply.reply.papers[0].paper.id);
    const [run] = await createDigestService(f.core).runs.runsOf(CHANNEL);
    expect(run).toMatchObject({ style: 'thread', summary: summary.messageId, status: 'done' });
  });

  it('treats a channel stored before styles existed as thread style', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f, 'unset');
    f.clock.set(MONDAY_0905);
    const platform = recordingPlatform();
    await createDigestService(f.core, { owner: 'a' }).runDue([platform]);
    expect(platform.posts[0].key?.item).toBe('summary');
    expect(platform.repliesTo(platform.posts[0].messageId)).toHaveLength(5);
  });

  it('posts a messages-style digest without a summary or thread', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f, 'messages');
    f.clock.set(MONDAY_0905);
    const platform = recordingPlatform();
    expect((await createDigestService(f.core, { owner: 'a' }).runDue([platform])).posted).toBe(5);
    expect(platform.posts.every((p) => p.replyTo === undefined && p.reply.papers.length === 1)).toBe(true);
  });

  it('after a crash after the summary and 2 replies, the restarted bot posts the other 3 into the same thread', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f, 'thread');
    f.clock.set(MONDAY_0905);
    const channel = recordingPlatform();
    channel.failOn(4, new Error('process killed'));
    await createDigestService(f.core, { owner: 'a' }).runDue([channel]);
    const summaryId = channel.posts[0].messageId;
    expect(channel.repliesTo(summaryId)).toHaveLength(2);

    const restarted = await secondProcess(f, f.clock, 'b');
    f.clock.set(MONDAY_0906);
    expect((await restarted.service.runDue([channel])).posted).toBe(3);
    await restarted.store.close();
    expect(channel.posts.filter((p) => p.key?.item === 'summary')).toHaveLength(1);
    expect(channel.repliesTo(summaryId)).toHaveLength(5);
    expect(new Set(channel.paperIds()).size).toBe(5);
    expect(channel.paperIds()).toHaveLength(5);
  });

  it('records a summary that reached the channel before the process died, and replies in its thread', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f, 'thread');
    f.clock.set(MONDAY_0905);
    const channel = recordingPlatform();
    channel.failOn(1, new Error('process killed after the summary arrived'), { afterDelivery: true });
    await createDigestService(f.core, { owner: 'a' }).runDue([channel]);
    const [before] = await createDigestService(f.core).runs.runsOf(CHANNEL);
    expect(Object.keys(before.inFlight ?? {})).toEqual(['summary']);
    expect(before.summary).toBeUndefined();

    const restarted = await secondProcess(f, f.clock, 'b');
    f.clock.set(MONDAY_0906);
    expect((await restarted.service.runDue([channel])).posted).toBe(5);
    await restarted.store.close();
    expect(channel.readBacks).toBe(1);
    expect(channel.posts.filter((p) => p.key?.item === 'summary')).toHaveLength(1);
    expect(channel.repliesTo(channel.posts[0].messageId)).toHaveLength(5);
    const [after] = await createDigestService(f.core).runs.runsOf(CHANNEL);
    expect(after).toMatchObject({ summary: channel.posts[0].messageId, status: 'done' });
  });

  it('reads the thread back for a reply in flight: one that arrived is recorded, not posted again', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f, 'thread');
    f.clock.set(MONDAY_0905);
    const channel = recordingPlatform();
    channel.failOn(3, new Error('process killed after the reply arrived'), { afterDelivery: true });
    await createDigestService(f.core, { owner: 'a' }).runDue([channel]);
    const [run] = await createDigestService(f.core).runs.runsOf(CHANNEL);
    const second = run.plan[1].paperId;
    expect(Object.keys(run.inFlight ?? {})).toEqual([second]);

    const restarted = await secondProcess(f, f.clock, 'b');
    f.clock.set(MONDAY_0906);
    expect((await restarted.service.runDue([channel])).posted).toBe(3);
    await restarted.store.close();
    expect(channel.readBacks).toBe(1);
    expect(channel.paperIds()).toHaveLength(5);
    const secondMessage = channel.posts.find((p) => p.key?.item === second)!;
    expect(secondMessage.replyTo).toBe(channel.posts[0].messageId);
    expect(await f.core.posted.paperFor(CHANNEL, secondMessage.messageId)).toBe(second); // reactions on it count
  });

  it('reads the thread back for a reply in flight that never arrived, and posts it there once', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f, 'thread');
    f.clock.set(MONDAY_0905);
    const channel = recordingPlatform();
    channel.failOn(3, new Error('process killed before the reply arrived'));
    await createDigestService(f.core, { owner: 'a' }).runDue([channel]);
    f.clock.set(MONDAY_0906);
    expect((await createDigestService(f.core, { owner: 'b' }).runDue([channel])).posted).toBe(4);
    expect(channel.readBacks).toBe(1);
    expect(channel.repliesTo(channel.posts[0].messageId)).toHaveLength(5);
    expect(new Set(channel.paperIds()).size).toBe(5);
  });
});
