/**
 * The benchmark phases that run the whole bot on a real sqlite store in a temp directory:
 * `prepare` writes the stores, `bot` measures start-up, search and 1,000 channel digests on the full store,
 * `ingest` measures the longest event-loop stall while 10,000 new papers go through `core.ingest`.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../../src/core.js';
import { openStore } from '../../src/store/store.js';
import { SettableClock, type Logger } from '../../src/ports.js';
import type { ChannelRef, Paper } from '../../src/types.js';
import { readPapersFile, streamPapersFile, toPaper, type PaperRecord } from './papers-file.js';
import { collectGarbage, latencies, peakRssMb, summary, timed, type PhaseResult } from './measure.js';
import { channelInterests, digestWeek, QUERIES } from './workload.js';

type Options = { papers: string; n: number; dir: string };

/** Papers ingested while the event loop is watched: the newest ones in the file. */
export const INGESTED = 10_000;
const CHANNELS = 1_000;
/** The sqlite stores `prepare` writes: all but the newest 10,000 papers, and all of them. */
export const BASE_STORE = 'base.sqlite';
export const FULL_STORE = 'full.sqlite';

/** A logger for the bench's cores: only errors, on stderr. */
export const quietLogger: Logger = { info: () => undefined, warn: () => undefined, error: (message, fields) => console.error(message, fields) };

/** Order of records by announcement date, then id. */
export function byDateThenId(a: PaperRecord, b: PaperRecord): number {
  return a.announced.localeCompare(b.announced) || a.id.localeCompare(b.id);
}

/** Every record of the papers file, by date then id. */
export async function sortedRecords(file: string): Promise<PaperRecord[]> {
  return (await readPapersFile(file)).sort(byDateThenId);
}

async function writePapers(file: string, papers: Paper[]): Promise<void> {
  const store = await openStore(`sqlite://${file}`);
  const collection = store.collection<Paper>('paper');
  for (let i = 0; i < papers.length; i += 5000) await collection.setMany(papers.slice(i, i + 5000).map((p) => [p.id, p]));
  await store.close();
}

/**
 * A first start on a store that has papers and no index image: the index is built from the papers' text, and
 * stored as an image (awaited here) that later starts take it from. Times the start alone, not the image's write.
 */
export async function firstStart(url: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const store = await openStore(url);
  try {
    const started = await timed(() => createCore({ store, logger: quietLogger }));
    await started.value.papers.imageUpkeep();
    return { seconds: started.seconds, cpuSeconds: started.cpuSeconds };
  } finally {
    await store.close();
  }
}

/**
 * Write `base.sqlite` (all but the newest 10,000 papers) and `full.sqlite` (all of them) into `dir`, then start
 * the bot once on each (the full store's first start is timed): the bench's other starts are restarts, which take
 * the index from the stored image, as a bot's restarts do.
 */
export async function preparePhase(options: Options): Promise<PhaseResult> {
  const papers = (await sortedRecords(options.papers)).map((r) => toPaper(r));
  const stored = papers.length;
  const split = Math.max(0, papers.length - INGESTED);
  const base = join(options.dir, BASE_STORE);
  const full = join(options.dir, FULL_STORE);
  const written = await timed(async () => {
    await writePapers(base, papers.slice(0, split));
    copyFileSync(base, full);
    if (existsSync(`${base}-wal`)) copyFileSync(`${base}-wal`, `${full}-wal`);
    await writePapers(full, papers.slice(split));
  });
  papers.length = 0;
  const first = await firstStart(`sqlite://${full}`);
  await firstStart(`sqlite://${base}`);
  return { stored_papers: stored, store_write_s: written.seconds, first_startup_s: first.seconds, first_startup_cpu_s: first.cpuSeconds };
}

/** Ids and dates of the papers file, without their text (so the bot's memory is measured, not the file's). */
export async function datedIds(file: string): Promise<PaperRecord[]> {
  const out: PaperRecord[] = [];
  for await (const r of streamPapersFile(file)) out.push({ id: r.id, announced: r.announced, title: '', abstract: '', categories: [], authors: [] });
  return out;
}

/** The end of the digest week: the bot's "now" in the bot phase. */
export function weekEnd(records: PaperRecord[], ids: string[]): Date {
  const wanted = new Set(ids);
  const last = records.filter((r) => wanted.has(r.id)).reduce((max, r) => (r.announced > max ? r.announced : max), '');
  return new Date(`${last}T23:00:00Z`);
}

/** Start-up from the full store, search latency, and the digest ranking of 1,000 channels over one week. */
export async function botPhase(options: Options): Promise<PhaseResult> {
  const records = await datedIds(options.papers);
  const week = digestWeek(records);
  const clock = new SettableClock(weekEnd(records, week.ids));
  records.length = 0;
  collectGarbage();
  const store = await openStore(`sqlite://${join(options.dir, FULL_STORE)}`);
  const startup = await timed(() => createCore({ store, clock, logger: quietLogger }));
  const core = startup.value;
  const search = summary(await latencies(QUERIES, 5, (q) => core.search(q)));

  const interests = channelInterests(CHANNELS);
  const channels: ChannelRef[] = interests.map((_, i) => ({ platform: 'slack', workspace: 'TBENCH', channel: `C${i}` }));
  // Following sets each channel's interests and widens them once (a search over the whole store); a digest
  // then only scores the week. Timed apart, so the one-off cost per change of interests is seen too.
  const follows = await timed(async () => {
    for (const [i, channel] of channels.entries()) await core.follow(channel, interests[i]);
  });
  for (const channel of channels.slice(0, 20)) await core.rankForChannel(channel, week.ids, 5);
  let picks = 0;
  const digests = await timed(async () => {
    for (const channel of channels) picks += (await core.rankForChannel(channel, week.ids, 5)).length;
  });
  const result: PhaseResult = {
    startup_s: startup.seconds,
    startup_cpu_s: startup.cpuSeconds,
    queries: QUERIES.length,
    search_ms_p50: search.p50,
    search_ms_p95: search.p95,
    search_ms_p99: search.p99,
    digest_week: week.week,
    digest_candidates: week.ids.length,
    digest_1000_channels_s: digests.seconds,
    follow_1000_channels_s: follows.seconds,
    digest_cpu_s: digests.cpuSeconds,
    digest_picks: picks,
    rss_mb: peakRssMb(),
  };
  await store.close();
  return result;
}

/** Start on the base store, then ingest the newest 10,000 papers in one call while watching the event loop. */
export async function ingestPhase(options: Options): Promise<PhaseResult> {
  const newest = new Set((await datedIds(options.papers)).sort(byDateThenId).slice(-INGESTED).map((r) => r.id));
  const incoming: PaperRecord[] = [];
  for await (const r of streamPapersFile(options.papers)) if (newest.has(r.id)) incoming.push(r);
  incoming.sort(byDateThenId);
  collectGarbage();
  const store = await openStore(`sqlite://${join(options.dir, BASE_STORE)}`);
  const now = new Date(`${incoming[incoming.length - 1]?.announced ?? '2025-12-31'}T23:00:00Z`);
  const core = await createCore({ store, clock: new SettableClock(now), logger: quietLogger });
  const papers = incoming.map((r) => toPaper(r, { addedAt: now.toISOString() }));

  const probes: number[] = [];
  let probing = true;
  const probe = async () => {
    while (probing) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const start = performance.now();
      await core.search(QUERIES[probes.length % QUERIES.length]);
      probes.push(performance.now() - start);
    }
  };
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const probing$ = probe();
  const ingest = await timed(() => core.ingest(papers));
  histogram.disable();
  probing = false;
  await probing$;
  const result: PhaseResult = {
    ingested: ingest.value.added + ingest.value.updated,
    ingest_s: ingest.seconds,
    ingest_max_stall_ms: histogram.max / 1e6,
    ingest_stall_ms_p99: histogram.percentile(99) / 1e6,
    searches_during_ingest: probes.length,
    search_during_ingest_ms_p95: summary(probes).p95,
    ingest_rss_mb: peakRssMb(),
  };
  await store.close();
  return result;
}
