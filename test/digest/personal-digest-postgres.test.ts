/**
 * The personal digest with two bot instances on one real Postgres (the run's embedded server): concurrent changes
 * to one person's subscription from both all land, and the digest reaches the person exactly once; a forget-me
 * (or the digest turned off) on one instance while the other runs the person's digest is never undone by it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type CoreInternals } from '../../src/core.js';
import { createDigestService } from '../../src/digest/digest-service.js';
import { createMemoryLogger, SettableClock } from '../../src/ports.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { ChannelRef, UserRef } from '../../src/types.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { makePaper } from '../helpers/core-fixture.js';
import { recordingPlatform, TOPICS, type RecordingPlatform } from './digest-helpers.js';

// The recording platform is the console's.
const ADA: UserRef = { platform: 'console', workspace: 'w1', user: 'ada' };
const channel = (n: number): ChannelRef => ({ platform: 'console', workspace: 'w1', channel: `c${n}` });

let stores: Store[] = [];
afterEach(async () => {
  for (const store of stores) await store.close();
  stores = [];
});

async function instances(clock: SettableClock): Promise<CoreInternals[]> {
  const url = await createTestDatabase();
  const cores: CoreInternals[] = [];
  for (let i = 0; i < 2; i++) {
    const store = await openStore(url);
    stores.push(store);
    cores.push(await createCore({ store, clock, logger: createMemoryLogger() }));
  }
  return cores;
}

describe('the personal digest on Postgres, two instances', () => {
  it('keeps every concurrent change and sends the digest once', async () => {
    const clock = new SettableClock(new Date('2026-11-22T12:00:00Z')); // a Sunday
    const [a, b] = await instances(clock);
    await a.follow(channel(1), ['retrieval augmented generation']);
    await a.updatePersonalDigest(ADA, { enabled: true }, channel(1));
    await Promise.all([
      a.updatePersonalDigest(ADA, { k: 2 }),
      b.updatePersonalDigest(ADA, { timezone: 'UTC' }),
      ...[2, 3, 4].map((n) => (n % 2 ? a : b).noteChannelUse(ADA, channel(n))),
    ]);
    const subscription = await b.personalDigest(ADA);
    expect(subscription.digest).toMatchObject({ enabled: true, k: 2, timezone: 'UTC' });
    expect([...subscription.channelsUsed].sort()).toEqual(['c1', 'c2', 'c3', 'c4']);

    const platform = recordingPlatform();
    const services = [createDigestService(a, { owner: 'a' }), createDigestService(b, { owner: 'b' })];
    await services[0].runDue([platform]); // arms the schedule
    const papers = TOPICS.map(([title, abstract], i) => makePaper(`p${i + 1}`, title, abstract, { addedAt: clock.now().toISOString() }));
    for (const core of [a, b]) {
      await core.ingest(papers);
      await core.papers.index.refresh();
    }
    clock.set(new Date('2026-11-23T09:05:00Z'));
    for (let tick = 0; tick < 3; tick++) await Promise.all(services.map((s) => s.runDue([platform])));
    const direct = platform.posts.filter((p) => p.channel.channel === 'dm-ada').map((p) => p.reply.papers[0].paper.id);
    expect(direct).toHaveLength(2);
    expect(new Set(direct).size).toBe(2);
    // c1's own digest (its first follow turned it on), once: one summary, each paper once in its thread.
    const inC1 = platform.posts.filter((p) => p.channel.channel === 'c1');
    expect(inC1.filter((p) => p.reply.papers.length === 0)).toHaveLength(1);
    const channelPosts = inC1.filter((p) => p.reply.papers.length > 0).map((p) => p.reply.papers[0].paper.id);
    expect(channelPosts.length).toBeGreaterThan(0);
    expect(new Set(channelPosts).size).toBe(channelPosts.length);
  });
});

describe('forget-me on instance B while instance A runs the person’s digest', () => {
  const C1 = channel(1);

  /**
   * Ada's Monday 09:00 digest (2 papers) armed on Sunday by A, whose digest service runs every digest in one group
   * (one shard); the week's papers on both instances; the clock at Monday 09:05. `channelDigest`: c1's own digest
   * stays on (else only Ada's posts); `knownDirect`: her direct-message channel is already remembered (as after an
   * earlier digest), so planning writes nothing and the run's start is the only place left to notice.
   */
  async function dueForAda(options: { channelDigest?: boolean; knownDirect?: boolean } = {}) {
    const clock = new SettableClock(new Date('2026-11-22T12:00:00Z')); // a Sunday
    const [a, b] = await instances(clock);
    await a.follow(C1, ['retrieval augmented generation']);
    if (!options.channelDigest) await a.updateDigest(C1, { enabled: false });
    await a.updatePersonalDigest(ADA, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: 'UTC', k: 2 }, C1);
    if (options.knownDirect) expect(await a.people.setDirectChannel(ADA, 'dm-ada')).toBe(true);
    const service = createDigestService(a, { owner: 'a', shards: 1 });
    await service.runDue([recordingPlatform()]); // Sunday: arms the schedules
    const papers = TOPICS.map(([title, abstract], i) => makePaper(`p${i + 1}`, title, abstract, { addedAt: clock.now().toISOString() }));
    await a.ingest(papers);
    await a.papers.index.refresh();
    await b.syncPapers();
    clock.set(new Date('2026-11-23T09:05:00Z'));
    return { a, b, service };
  }

  /** What is left about Ada: direct messages sent, and her records in the shared store. */
  async function leftOfAda(platform: RecordingPlatform) {
    const store = stores[1];
    return {
      subscription: await store.collection('personaldigest').get('console:w1:ada'),
      runs: (await store.collection('digestrun').entries('console:w1:@ada|')).length,
      state: await store.collection('digeststate').get('console:w1:@ada'),
      posted: (await store.collection('posted').entries('console:w1:dm-ada|')).length,
      messages: (await store.collection('message').entries('console:w1:dm-ada|')).length,
      directMessages: platform.posts.filter((p) => p.channel.channel === 'dm-ada').length,
    };
  }

  const FORGOTTEN = { subscription: undefined, runs: 0, state: undefined, posted: 0, messages: 0 };

  /** A platform whose `openDirect` first lets `meanwhile` happen (on the other instance), once. */
  function openingWith(meanwhile: () => Promise<unknown>): RecordingPlatform {
    const platform = recordingPlatform();
    const open = platform.openDirect!.bind(platform);
    let done = false;
    platform.openDirect = async (user) => {
      if (!done) {
        done = true;
        await meanwhile();
      }
      return open(user);
    };
    return platform;
  }

  it.each([
    ['as A opens her direct messages (first digest): sends nothing and leaves no record of her', false],
    ['after A planned her digest: the run is not started, nothing sent, no record of her', true],
  ])('%s', async (_, knownDirect) => {
    const { b, service } = await dueForAda({ knownDirect });
    let forgotten: Awaited<ReturnType<CoreInternals['forgetMe']>> | undefined;
    const platform = openingWith(async () => (forgotten = await b.forgetMe(ADA)));
    const pass = await service.runDue([platform]);
    expect(forgotten?.personal).toBe('digest');
    expect(pass).toMatchObject({ people: 0, posted: 0 });
    expect(await leftOfAda(platform)).toEqual({ ...FORGOTTEN, directMessages: 0 });
  });

  it('her digest turned off on B after A planned it: not started, nothing sent, her subscription kept as she left it', async () => {
    const { a, b, service } = await dueForAda({ knownDirect: true });
    const platform = openingWith(() => b.updatePersonalDigest(ADA, { enabled: false }));
    expect(await service.runDue([platform])).toMatchObject({ people: 0, posted: 0 });
    const left = await leftOfAda(platform);
    expect(left).toMatchObject({ runs: 0, posted: 0, messages: 0, directMessages: 0 });
    expect(left.state).not.toHaveProperty('lastRun');
    expect((await a.personalDigest(ADA)).digest).toMatchObject({ enabled: false, k: 2 });
  });

  it('between the run’s start and its record: nothing about her is written back; the channel in her group is recorded', async () => {
    const { b, service } = await dueForAda({ channelDigest: true });
    const platform = recordingPlatform();
    const post = platform.post.bind(platform);
    let forgotten: Awaited<ReturnType<CoreInternals['forgetMe']>> | undefined;
    platform.post = async (to, reply, options) => {
      const message = await post(to, reply, options);
      if (to.channel === 'dm-ada') forgotten ??= await b.forgetMe(ADA); // after her first direct message arrived
      return message;
    };
    const pass = await service.runDue([platform]);
    expect(forgotten?.personal).toBe('digest');
    expect(pass).toMatchObject({ channels: 1, people: 1 });
    const left = await leftOfAda(platform);
    expect(left.directMessages).toBeGreaterThan(0); // sent before she was forgotten: a message cannot be unsent
    expect(left).toEqual({ ...FORGOTTEN, directMessages: left.directMessages });
    // c1's digest, started and posted in the same group, is recorded as usual (nothing thrown for the group).
    const [c1Run] = await service.runs.runsOf(C1);
    expect(c1Run).toMatchObject({ status: 'done' });
    expect(c1Run.inFlight).toBeUndefined();
    const c1Papers = platform.posts.filter((p) => p.channel.channel === 'c1' && p.reply.papers.length > 0).length;
    expect(c1Papers).toBeGreaterThan(0);
    expect(await stores[1].collection('posted').entries('console:w1:c1|')).toHaveLength(c1Papers);
  });
});
