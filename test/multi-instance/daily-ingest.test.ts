/**
 * The daily ingest with three instances on one Postgres, the sources on a local fixture server: every instance
 * attempts at start and then on `INGEST_CRON` every 5 s, all at the same moments; the fixture server sees one
 * set of requests, arXiv's at least 3 s apart, and later attempts that day fetch nothing. The papers that one
 * instance stored reach the other two instances' search within one paper-sync interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestState, utcDay, type DailyRunRecord } from '../../src/sources/ingest-state.js';
import { openStore } from '../../src/store/store.js';
import { startFakeSources, type FakeSources } from '../sources/fake-sources.js';
import { command, eventually, FLEET_LEASE_MS, FLEET_SYNC_INTERVAL_MS, startFleet, type Fleet } from './fleet.js';

/** A paper only the arXiv API fixture has. */
const FIXTURE_TITLE = 'Mana: Dexterous Manipulation of Articulated Tools';
const CRON_EVERY_MS = 5000;

let world: FakeSources;
let fleet: Fleet;
let record: DailyRunRecord;
let recordSeenAt: number;
beforeAll(async () => {
  world = await startFakeSources();
  fleet = await startFleet({
    env: {
      SOURCES: 'arxiv-api,arxiv-rss,hf-daily',
      ARXIV_CATEGORIES: world.config.arxivCategories.join(','),
      ARXIV_API_URL: world.config.arxivApiUrl,
      ARXIV_RSS_URL: world.config.arxivRssUrl,
      HF_API_URL: world.config.hfApiUrl,
      INGEST_CRON: '*/5 * * * * *',
    },
  });
  const store = await openStore(fleet.url);
  try {
    const state = new IngestState(store);
    record = await eventually(() => state.dailyRun(utcDay(new Date())), 90_000, "the day's ingest to finish");
    recordSeenAt = Date.now();
  } finally {
    await store.close();
  }
}, 200_000);
afterAll(async () => {
  await fleet?.stop();
  await world?.close();
});

describe('the daily ingest on three instances', () => {
  it('is fetched by one instance: one set of requests, arXiv requests started 3 s apart, nothing fetched again that day', async () => {
    const arrivals = world.arrivals();
    expect([world.requests('api').length, world.requests('rss').length, world.requests('hf').length]).toEqual([1, 1, 2]);
    const arxiv = arrivals.filter((a) => a.kind !== 'hf').map((a) => a.at);
    // The bot starts each arXiv request 3 s after the previous one finished (its limiter, tested on an injected clock
    // in test/sources), so the server sees them at least 3 s apart however slow the machine; three uncoordinated
    // instances would arrive milliseconds apart.
    expect(arxiv[1] - arxiv[0]).toBeGreaterThanOrEqual(3000);
    expect(fleet.bots.map((b) => b.pid)).toContain(Number(record.owner.split(':')[1]));
    expect(record.new).toBeGreaterThan(0);

    // Two more cron moments and a lease period on every instance: each finds the day done.
    await new Promise((resolve) => setTimeout(resolve, 2 * CRON_EVERY_MS + FLEET_LEASE_MS));
    expect(world.server.requests).toHaveLength(4);
  }, 60_000);

  it(`reaches the other instances' search within one paper-sync interval (${FLEET_SYNC_INTERVAL_MS / 1000} s here, 30 s by default)`, async () => {
    const fetcher = fleet.bots.find((b) => b.pid === Number(record.owner.split(':')[1]))!;
    const others = fleet.bots.filter((b) => b !== fetcher);
    // One interval after the day was recorded (plus a second for the look itself), every other instance has it.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, recordSeenAt + FLEET_SYNC_INTERVAL_MS + 1000 - Date.now())));
    for (const bot of others) expect(await command(fleet, bot, `search ${FIXTURE_TITLE}`)).toContain(FIXTURE_TITLE);
    expect(await command(fleet, fetcher, `search ${FIXTURE_TITLE}`)).toContain(FIXTURE_TITLE);
  }, 60_000);
});
