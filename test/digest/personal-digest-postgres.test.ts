/**
 * The personal digest with two bot instances on one real Postgres (the run's embedded server): concurrent changes
 * to one person's subscription from both all land, and the digest reaches the person exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type CoreInternals } from '../../src/core.js';
import { createDigestService } from '../../src/digest/digest-service.js';
import { createMemoryLogger, SettableClock } from '../../src/ports.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { ChannelRef, UserRef } from '../../src/types.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { makePaper } from '../helpers/core-fixture.js';
import { recordingPlatform, TOPICS } from './digest-helpers.js';

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
