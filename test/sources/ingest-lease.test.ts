/**
 * The daily ingest under the store's lease, on sqlite (two connections to one file) and on the run's Postgres
 * (two connections to one database): two instances attempting at once fetch once, a finished day is not fetched
 * again, a dead holder's lease expires and the next attempt takes the day, and a stopped run records nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core.js';
import { createMemoryLogger } from '../../src/ports.js';
import { DEFAULT_LEASE_MS } from '../../src/store/fenced-lease.js';
import { createDailyIngest, DAILY_INGEST_LEASE, type DailyIngest } from '../../src/sources/ingest-lease.js';
import { createIngestService } from '../../src/sources/ingest.js';
import { IngestState } from '../../src/sources/ingest-state.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { startFakeSources, type FakeSources } from './fake-sources.js';
import { fakeTime, type FakeTime } from './fixture-server.js';

const NOW = new Date('2026-06-12T06:00:00Z');

/** Two instances' stores on one database: the URL of a fresh sqlite file or Postgres database. */
async function sharedUrl(kind: 'sqlite' | 'postgres', dirs: string[]): Promise<string> {
  if (kind === 'postgres') return createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'paperboy-lease-'));
  dirs.push(dir);
  return `sqlite://${join(dir, 'store.sqlite')}`;
}

describe.each(['sqlite', 'postgres'] as const)('the daily ingest lease on %s', (kind) => {
  let world: FakeSources;
  let time: FakeTime;
  let stores: Store[];
  let dirs: string[];
  let instances: DailyIngest[];

  /** An instance: its own store connection, core and ingest service, on the shared clock and fake sources. */
  async function instance(url: string, name: string): Promise<DailyIngest> {
    const store = await openStore(url);
    stores.push(store);
    const logger = createMemoryLogger();
    const core = await createCore({ store, clock: time.clock, logger });
    const service = createIngestService({ core, fetch, clock: time.clock, logger, config: world.config, sleep: time.sleep });
    return createDailyIngest({ service, store, clock: time.clock, logger, owner: name });
  }

  beforeEach(async () => {
    world = await startFakeSources();
    time = fakeTime(NOW);
    stores = [];
    dirs = [];
    const url = await sharedUrl(kind, dirs);
    instances = [await instance(url, 'instance-1'), await instance(url, 'instance-2')];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    await world.close();
  });

  const requestCount = () => world.server.requests.length;

  it('two instances attempting at once: one fetches (one set of requests), the other skips', async () => {
    const outcomes = await Promise.all(instances.map((daily) => daily.runToday()));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['busy', 'ran']);
    // One set: the API page, the RSS feed, Hugging Face yesterday and today.
    expect([world.requests('api').length, world.requests('rss').length, world.requests('hf').length]).toEqual([1, 1, 2]);
    const winner = outcomes.findIndex((o) => o.status === 'ran');
    const record = await new IngestState(stores[0]).dailyRun('2026-06-12');
    expect(record).toMatchObject({ owner: `instance-${winner + 1}`, new: 38 });
  });

  it('a finished day is not fetched again, by either instance; the next day is', async () => {
    expect((await instances[0].runToday()).status).toBe('ran');
    const after = requestCount();
    expect((await instances[1].runToday()).status).toBe('done');
    expect((await instances[0].runToday()).status).toBe('done');
    expect(requestCount()).toBe(after);
    time.clock.advance(86_400_000);
    expect(await instances[1].runToday()).toMatchObject({ status: 'ran', day: '2026-06-13' });
    expect(requestCount()).toBeGreaterThan(after);
  });

  it('a holder that died keeps the day only until its lease expires; then the next attempt runs it', async () => {
    // A process took the lease and was killed before it renewed it.
    const at = time.clock.now().getTime();
    expect(await stores[0].acquireLeaseToken(DAILY_INGEST_LEASE, 'dead-instance', at, at + DEFAULT_LEASE_MS)).toBeDefined();
    expect((await instances[1].runToday()).status).toBe('busy');
    time.clock.advance(DEFAULT_LEASE_MS - 1);
    expect((await instances[1].runToday()).status).toBe('busy');
    expect(requestCount()).toBe(0);
    time.clock.advance(2);
    expect((await instances[1].runToday()).status).toBe('ran');
    expect(await new IngestState(stores[0]).dailyRun('2026-06-12')).toMatchObject({ owner: 'instance-2' });
  });

  it('a run stopped on request records nothing and gives the lease back: the next attempt, anywhere, runs the day', async () => {
    const stop = new AbortController();
    stop.abort();
    expect((await instances[0].runToday(stop.signal)).status).toBe('interrupted');
    expect(await new IngestState(stores[0]).dailyRun('2026-06-12')).toBeUndefined();
    expect((await instances[1].runToday()).status).toBe('ran');
  });
});
