import { describe, expect, it } from 'vitest';
import { createDigestService } from '../../src/digest/digest-service.js';
import { makePaper } from '../helpers/core-fixture.js';
import { armedChannelWithSundayPapers, CHANNEL, digestFixtures, ingestTopics, MONDAY_0905, recordingPlatform, secondProcess, setUpChannel, SUNDAY, unavailable } from './digest-helpers.js';

const fixture = digestFixtures();

describe('digest service', () => {
  it('posts the week once at the slot, one message per paper, each with a reason, and records each post', async () => {
    const f = await fixture();
    await setUpChannel(f, { k: 3 });
    const service = createDigestService(f.core, { owner: 'a' });
    const platform = recordingPlatform();
    expect((await service.runDue([platform])).posted).toBe(0); // arms the schedule on Sunday
    await ingestTopics(f, SUNDAY);
    f.clock.set(new Date('2026-11-23T08:59:00Z'));
    expect((await service.runDue([platform])).posted).toBe(0);
    f.clock.set(MONDAY_0905);
    const summary = await service.runDue([platform]);
    expect(summary.posted).toBe(3);
    expect(platform.posts.every((p) => p.reply.papers.length === 1 && p.reply.papers[0].reason.length > 0)).toBe(true);
    expect(platform.paperIds().filter((id) => id === 'p6' || id === 'p7')).toEqual([]); // astronomy does not match
    for (const id of platform.paperIds()) expect(await f.core.posted.wasPosted(CHANNEL, id)).toBe(true);
    f.clock.set(new Date('2026-11-23T09:06:00Z'));
    expect((await service.runDue([platform])).posted).toBe(0);
    expect(platform.posts).toHaveLength(3);
  });

  it('after a crash after 2 of 5 posts, the restarted bot posts the other 3 only', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f);
    f.clock.set(MONDAY_0905);
    const first = recordingPlatform();
    first.failOn(3, new Error('process killed'));
    await createDigestService(f.core, { owner: 'a' }).runDue([first]);
    expect(first.paperIds()).toHaveLength(2);

    const restarted = await secondProcess(f, f.clock, 'b');
    const second = recordingPlatform();
    f.clock.set(new Date('2026-11-23T09:06:00Z'));
    expect((await restarted.service.runDue([second])).posted).toBe(3);
    await restarted.store.close();
    expect(second.paperIds()).toHaveLength(3);
    expect(new Set([...first.paperIds(), ...second.paperIds()]).size).toBe(5);
  });

  it('records, without reposting, a post that reached the channel when the process died before recording it', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f);
    f.clock.set(MONDAY_0905);
    const channel = recordingPlatform();
    channel.failOn(3, new Error('process killed after the message arrived'), { afterDelivery: true });
    await createDigestService(f.core, { owner: 'a' }).runDue([channel]);
    const [run] = await createDigestService(f.core).runs.runsOf(CHANNEL);
    const third = run.plan[2].paperId;
    expect(run.status).toBe('running');
    expect(Object.keys(run.inFlight ?? {})).toEqual([third]); // the posts never attempted were unmarked
    expect(await f.core.posted.wasPosted(CHANNEL, third)).toBe(false);

    const restarted = await secondProcess(f, f.clock, 'b');
    f.clock.set(new Date('2026-11-23T09:06:00Z'));
    expect((await restarted.service.runDue([channel])).posted).toBe(2);
    await restarted.store.close();
    expect(channel.readBacks).toBe(1);
    expect(channel.paperIds()).toHaveLength(5);
    expect(new Set(channel.paperIds()).size).toBe(5);
    const thirdMessage = channel.posts.find((p) => p.key?.item === third)!.messageId;
    expect(await f.core.posted.paperFor(CHANNEL, thirdMessage)).toBe(third); // reactions on it count
    const [finished] = await createDigestService(f.core).runs.runsOf(CHANNEL);
    expect(finished.status).toBe('done');
    expect(finished.inFlight).toBeUndefined();
  });

  it('posts once a post that was in flight but never reached the channel', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f);
    f.clock.set(MONDAY_0905);
    const channel = recordingPlatform();
    channel.failOn(3, new Error('process killed before the message arrived'));
    await createDigestService(f.core, { owner: 'a' }).runDue([channel]);
    expect(channel.paperIds()).toHaveLength(2);
    f.clock.set(new Date('2026-11-23T09:06:00Z'));
    expect((await createDigestService(f.core, { owner: 'b' }).runDue([channel])).posted).toBe(3);
    expect(channel.readBacks).toBe(1);
    expect(new Set(channel.paperIds()).size).toBe(5);
    expect(channel.paperIds()).toHaveLength(5);
  });

  it('catches up a Monday missed while down exactly once, and skips a week that is over', async () => {
    const f = await fixture();
    await setUpChannel(f, { k: 2 });
    const service = createDigestService(f.core, { owner: 'a' });
    await service.runDue([recordingPlatform()]);
    await ingestTopics(f, SUNDAY);
    f.clock.set(new Date('2026-11-24T15:00:00Z')); // Tuesday: the bot was down on Monday
    const platform = recordingPlatform();
    const restarted = createDigestService(f.core, { owner: 'b' });
    expect((await restarted.runDue([platform])).posted).toBe(2);
    expect((await restarted.runDue([platform])).posted).toBe(0);
    // Down for two whole weeks: only the latest Monday runs, once.
    await ingestTopics(f, new Date('2026-11-25T00:00:00Z'), 'q');
    f.clock.set(new Date('2026-12-08T10:00:00Z'));
    const later = recordingPlatform();
    expect((await restarted.runDue([later])).posted).toBe(2);
    expect((await restarted.runDue([later])).posted).toBe(0);
    expect((await restarted.runs.runsOf(CHANNEL)).map((r) => r.slot)).toEqual(['2026-11-23T09:00:00.000Z', '2026-12-07T09:00:00.000Z']);
  });

  it('posts a time set for the coming minute in that minute, though no tick came between the change and the slot', async () => {
    const f = await fixture();
    await setUpChannel(f, { k: 2 });
    const service = createDigestService(f.core, { owner: 'a' });
    await service.runDue([recordingPlatform()]); // armed on Sunday, for Mondays 09:00
    await ingestTopics(f, SUNDAY);
    // Moved to 10:30 ten seconds before; the next tick comes after the slot.
    f.clock.set(new Date('2026-11-23T10:29:50Z'));
    await f.core.updateDigest(CHANNEL, { minuteOfDay: 10 * 60 + 30 });
    f.clock.set(new Date('2026-11-23T10:30:04Z'));
    const platform = recordingPlatform();
    expect((await service.runDue([platform])).posted).toBe(2);
    expect((await service.runs.runsOf(CHANNEL)).map((r) => r.slot)).toEqual(['2026-11-23T10:30:00.000Z']);
    // Moved to a time already past today: next week's.
    await f.core.updateDigest(CHANNEL, { minuteOfDay: 10 * 60 + 15 });
    f.clock.set(new Date('2026-11-23T10:31:00Z'));
    expect((await service.runDue([platform])).posted).toBe(0);
  });

  it('lets only one of two runners on one sqlite file post', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f);
    const other = await secondProcess(f, f.clock, 'b');
    f.clock.set(MONDAY_0905);
    const pa = recordingPlatform();
    const pb = recordingPlatform();
    // However late b's pass asks for the lease (a loaded machine; b's write can also sit in sqlite's busy wait while
    // a writes), a posts nothing until b's pass is over: else a could finish and give the lease back first, and b
    // would find the digest done instead of the lease held. If b takes the lease, a finds it held and posts nothing.
    let bFinished!: () => void;
    const bDone = new Promise<void>((resolve) => (bFinished = resolve));
    const postA = pa.post.bind(pa);
    pa.post = async (...args) => (await bDone, postA(...args));
    const [a, b] = await Promise.all([createDigestService(f.core, { owner: 'a' }).runDue([pa]), other.service.runDue([pb]).finally(bFinished)]);
    expect([a.busy, b.busy].filter(Boolean)).toHaveLength(1);
    await other.service.runDue([pb]);
    await createDigestService(f.core, { owner: 'a' }).runDue([pa]);
    await other.store.close();
    const all = [...pa.paperIds(), ...pb.paperIds()];
    expect(all).toHaveLength(5);
    expect(new Set(all).size).toBe(5);
  });

  it('posts a paper seen as v1 and then v2 once', async () => {
    const f = await fixture();
    await setUpChannel(f, { k: 5 });
    const service = createDigestService(f.core, { owner: 'a' });
    await service.runDue([recordingPlatform()]);
    await ingestTopics(f, new Date('2026-11-01T00:00:00Z'));
    await f.core.ingest([makePaper('2611.00001', 'Retrieval augmented generation, reranked', 'Reranking for retrieval augmented generation.', { version: 1, addedAt: SUNDAY.toISOString() })]);
    f.clock.set(MONDAY_0905);
    const platform = recordingPlatform();
    await service.runDue([platform]);
    await f.core.ingest([makePaper('2611.00001', 'Retrieval augmented generation, reranked (v2)', 'Reranking for retrieval augmented generation, revised.', { version: 2, addedAt: '2026-11-25T00:00:00Z' })]);
    f.clock.set(new Date('2026-11-30T09:05:00Z'));
    await service.runDue([platform]);
    expect(platform.paperIds()).toEqual(['2611.00001']);
  });

  it('posts a quiet-week note once when the setting is on, and nothing when it is off', async () => {
    const f = await fixture();
    await setUpChannel(f, { quietNote: true });
    const service = createDigestService(f.core, { owner: 'a' });
    await service.runDue([recordingPlatform()]);
    f.clock.set(MONDAY_0905);
    const platform = recordingPlatform();
    expect((await service.runDue([platform])).posted).toBe(1);
    await service.runDue([platform]);
    expect(platform.posts).toHaveLength(1);
    expect(platform.posts[0].reply.papers).toHaveLength(0);
    await f.core.channels.update(CHANNEL, (s) => void (s.digest.quietNote = false));
    f.clock.set(new Date('2026-11-30T09:05:00Z'));
    expect((await service.runDue([platform])).posted).toBe(0);
  });

  it('marks a channel unavailable when the platform says so and stops posting there', async () => {
    const f = await fixture();
    const service = await armedChannelWithSundayPapers(f);
    f.clock.set(MONDAY_0905);
    const platform = recordingPlatform();
    platform.failOn(2, unavailable());
    await service.runDue([platform]);
    expect(platform.posts).toHaveLength(1);
    expect((await f.core.channels.get(CHANNEL)).unavailable?.reason).toBe('channel_not_found');
    f.clock.set(new Date('2026-11-30T09:05:00Z'));
    await service.runDue([platform]);
    expect(platform.posts).toHaveLength(1);
  });

  it('retries a transient failure on the next tick without reposting', async () => {
    const f = await fixture();
    await setUpChannel(f, { k: 3 });
    const service = createDigestService(f.core, { owner: 'a' });
    await service.runDue([recordingPlatform()]);
    await ingestTopics(f, SUNDAY);
    f.clock.set(MONDAY_0905);
    const platform = recordingPlatform();
    platform.failOn(2, new Error('rate limited'));
    await service.runDue([platform]);
    expect(f.logger.lines.some((l) => l.includes('digest failed'))).toBe(true);
    await service.runDue([platform]);
    expect(platform.paperIds()).toHaveLength(3);
    expect(new Set(platform.paperIds()).size).toBe(3);
  });
});
