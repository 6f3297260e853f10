/**
 * The batched, sharded digest on real sqlite files: a crash between the batch mark and the record (the next
 * runner reads every marked post back: nothing twice, nothing lost, everything recorded), two services on one
 * store sharing the shards (each channel once), and a shard taken over when its holder stops renewing (the
 * stalled holder posts nothing after it wakes up).
 */
import { describe, expect, it } from 'vitest';
import { createDigestService } from '../../src/digest/digest-service.js';
import { DEFAULT_LEASE_MS, shardOf } from '../../src/digest/digest-lease.js';
import { SettableClock } from '../../src/ports.js';
import type { Store } from '../../src/store/store.js';
import type { ChannelRef } from '../../src/types.js';
import type { CoreFixture } from '../helpers/core-fixture.js';
import { armedChannelWithSundayPapers, CHANNEL, digestFixtures, ingestTopics, MONDAY_0905, recordingPlatform, secondProcess, SUNDAY } from './digest-helpers.js';

const fixture = digestFixtures();

/** The store, with every transaction after the first `allowed` failing as if the process died before it. */
function dyingAfter(store: Store, allowed: number): Store {
  let transactions = 0;
  return { ...store, transaction: (work) => (++transactions > allowed ? Promise.reject(new Error('process killed')) : store.transaction(work)) };
}

/** Twelve channels following the retrieval topics, each with a 2-paper Monday digest, armed on Sunday. */
async function twelveChannels(f: CoreFixture): Promise<ChannelRef[]> {
  const channels = Array.from({ length: 12 }, (_, i) => ({ platform: 'console' as const, workspace: 'w1', channel: `c${i}` }));
  for (const channel of channels) {
    await f.core.follow(channel, ['retrieval augmented generation', 'reranking']);
    await f.core.channels.update(channel, (s) => void Object.assign(s.digest, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: 'UTC', k: 2, quietNote: false, style: 'messages' }));
  }
  await createDigestService(f.core, { owner: 'arming' }).runDue([recordingPlatform()]);
  await ingestTopics(f, SUNDAY);
  return channels;
}

describe('batched digest runs', () => {
  it('after a crash between the batch mark and the record, the next runner reads every mark back: no duplicate, nothing lost', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f);
    f.clock.set(MONDAY_0905);
    const channel = recordingPlatform();
    channel.failOn(4, new Error('the fourth post is cut off by the crash'));
    // The first transaction (plan, claim, mark) commits; the record of the three posts that arrived never does.
    const dying = createDigestService({ ...f.core, store: dyingAfter(f.core.store, 1) }, { owner: 'a' });
    await dying.runDue([channel]);
    expect(channel.paperIds()).toHaveLength(3);
    const [marked] = await dying.runs.runsOf(CHANNEL);
    expect(Object.keys(marked.inFlight ?? {}).sort()).toEqual(marked.plan.map((p) => p.paperId).sort());
    expect(await f.core.posted.postedIds(CHANNEL)).toEqual(new Set());

    const restarted = await secondProcess(f, f.clock, 'b');
    f.clock.set(new Date('2026-11-23T09:06:00Z'));
    expect((await restarted.service.runDue([channel])).posted).toBe(2);
    await restarted.store.close();
    expect(channel.readBacks).toBe(5);
    expect(channel.paperIds()).toHaveLength(5);
    expect(new Set(channel.paperIds()).size).toBe(5);
    for (const post of channel.posts) expect(await f.core.posted.paperFor(CHANNEL, post.messageId)).toBe(post.reply.papers[0].paper.id);
    const [finished] = await dying.runs.runsOf(CHANNEL);
    expect(finished.status).toBe('done');
    expect(finished.inFlight).toBeUndefined();
  });

  it('two services on one store share the shards: each takes some, every channel gets its digest once', async () => {
    const f = await fixture();
    const channels = await twelveChannels(f);
    const other = await secondProcess(f, f.clock, 'unused');
    const [a, b] = ['a', 'b'];
    expect(shardOf(a, 4)).not.toBe(shardOf(b, 4)); // they start at different shards
    f.clock.set(MONDAY_0905);
    const pa = recordingPlatform();
    const pb = recordingPlatform();
    // However late b's pass gets going (a loaded machine), a posts nothing until b has posted or finished: a holds
    // two shards at a time, so b finds the others free instead of finding every digest done.
    let bGoing!: () => void;
    const bStarted = new Promise<void>((resolve) => (bGoing = resolve));
    const [postA, postB] = [pa.post.bind(pa), pb.post.bind(pb)];
    pa.post = async (...args) => (await bStarted, postA(...args));
    pb.post = async (...args) => (bGoing(), postB(...args));
    const [sa, sb] = await Promise.all([
      createDigestService(f.core, { owner: a, shards: 4 }).runDue([pa]),
      createDigestService(other.core, { owner: b, shards: 4 }).runDue([pb]).finally(bGoing),
    ]);
    await other.store.close();
    expect(sa.channels).toBeGreaterThan(0);
    expect(sb.channels).toBeGreaterThan(0);
    expect(sa.channels + sb.channels).toBe(12);
    const posts = [...pa.posts, ...pb.posts].map((p) => `${p.channel.channel} ${p.reply.papers[0].paper.id}`);
    expect(posts).toHaveLength(24);
    expect(new Set(posts).size).toBe(24);
    expect(new Set([...pa.posts, ...pb.posts].map((p) => p.channel.channel))).toEqual(new Set(channels.map((c) => c.channel)));
  });

  it('takes over a shard whose holder stopped renewing; the holder, waking up, posts nothing more', async () => {
    const f = await fixture();
    await armedChannelWithSundayPapers(f);
    f.clock.set(MONDAY_0905);
    let stalled!: () => void;
    const stalledNow = new Promise<void>((resolve) => (stalled = resolve));
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    // The holder's batch mark commits, then the process stalls (a long pause) before it hears back.
    const stalling: Store = {
      ...f.core.store,
      transaction: async (work) => {
        const result = await f.core.store.transaction(work);
        stalled();
        await woken;
        return result;
      },
    };
    const platform = recordingPlatform();
    // The holder's own clock stands still, as a paused process's view of time would: only the store can tell it.
    const holderClock = new SettableClock(MONDAY_0905);
    const holder = createDigestService({ ...f.core, store: stalling, clock: holderClock }, { owner: 'a' }).runDue([platform]);
    await stalledNow;

    const taker = await secondProcess(f, f.clock, 'b');
    f.clock.set(new Date(MONDAY_0905.getTime() + DEFAULT_LEASE_MS + 1000));
    const took = await taker.service.runDue([platform]);
    expect(took).toMatchObject({ busy: false, channels: 1, posted: 5 });
    wake();
    expect((await holder).posted).toBe(0);
    await taker.store.close();
    expect(platform.readBacks).toBe(5); // every post the holder had marked was looked for first
    expect(platform.paperIds()).toHaveLength(5);
    expect(new Set(platform.paperIds()).size).toBe(5);
    expect(f.logger.lines.some((l) => l.includes('digest lease lost'))).toBe(true);
  });
});
