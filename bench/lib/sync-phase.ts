/**
 * The benchmark phase `sync`: two bot processes on one Postgres database holding all but the newest 10,000
 * papers. This process is instance B; it starts instance A (a child process, bench/lib/instance-main.ts),
 * which puts the 10,000 papers through `core.ingest`. From the moment A's write finished, B takes them in
 * through its paper sync (the store's change feed) until its index finds them, with its event loop watched
 * as in the `ingest` phase.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore, PAPER_SYNC_INTERVAL_MS } from '../../src/core.js';
import { openStore } from '../../src/store/store.js';
import { SettableClock } from '../../src/ports.js';
import { databaseUrl } from './bench-postgres.js';
import { INGESTED, quietLogger } from './bot-phases.js';
import { collectGarbage, peakRssMb, type PhaseResult } from './measure.js';
import { startInstance } from './instances.js';
import { PG_SYNC } from './pg-phases.js';

type Options = { papers: string; n: number; dir: string };

/** Papers whose titles B searches for once synced: each must come back among its own search's results. */
const PROBES = 20;

/** Instance A writes the newest 10,000 papers (`--n`: that many, for the test); instance B syncs them. */
export async function syncPhase(options: Options): Promise<PhaseResult> {
  const count = options.n || INGESTED;
  const url = databaseUrl(PG_SYNC);
  const store = await openStore(url);
  const writer = startInstance('writer', { url, papers: options.papers, n: count });
  try {
    const clock = new SettableClock(new Date('2026-01-05T12:00:00Z'));
    const core = await createCore({ store, clock, logger: quietLogger });
    const before = new Set([...core.papers.all()].map((p) => p.id));
    await core.syncPapers();
    await writer.next('ready');
    collectGarbage();
    writer.send({ type: 'ingest' });
    const written = await writer.next('written');
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    clock.advance(PAPER_SYNC_INTERVAL_MS);
    const taken = await core.syncPapers();
    const takenAt = Date.now();
    const found = await probeNewPapers(core, before);
    const doneAt = Date.now();
    histogram.disable();
    console.error(`bench: sync: A wrote ${written.added}, B took in ${taken}; ${found.found}/${found.probes} new papers found by their titles`);
    return {
      sync_papers: written.added,
      sync_taken: taken,
      sync_10k_papers_s: (doneAt - written.at) / 1000,
      sync_take_s: (takenAt - written.at) / 1000,
      sync_probes_s: (doneAt - takenAt) / 1000,
      sync_max_stall_ms: histogram.max / 1e6,
      sync_stall_ms_p99: histogram.percentile(99) / 1e6,
      sync_probes_found: `${found.found}/${found.probes}`,
      sync_rss_mb: peakRssMb(),
    };
  } finally {
    await writer.stop();
    await store.close();
  }
}

/** Search for the titles of some papers B did not have before: how many come back in their own search. */
async function probeNewPapers(core: Awaited<ReturnType<typeof createCore>>, before: Set<string>): Promise<{ probes: number; found: number }> {
  const fresh = [...core.papers.all()].filter((p) => !before.has(p.id));
  const step = Math.max(1, Math.floor(fresh.length / PROBES));
  const probes = fresh.filter((_, i) => i % step === 0).slice(0, PROBES);
  let found = 0;
  for (const paper of probes) if ((await core.search(paper.title, { limit: 10 })).some((r) => r.paper.id === paper.id)) found++;
  return { probes: probes.length, found };
}
