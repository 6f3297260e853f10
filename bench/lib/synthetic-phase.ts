/**
 * The benchmark's synthetic-corpus phases, `big` (500,000 papers by default) and `huge` (a million): papers made
 * from the real papers file (`synthesizePapers` in bench/lib/workload.ts), held in memory as the bot holds them
 * (their common parts shared, src/papers/shared-parts.ts), indexed, and searched through the Recommender. Besides the build time, search latency and peak memory, each
 * reports where the memory went (heap, array buffers) after the papers were taken in and after the build. Its
 * keys start with the phase's name (`big_build_s`, `huge_build_s`, ...).
 */
import { TfIdfIndex } from '../../src/index/tfidf-index.js';
import { createMemoryStore } from '../../src/store/store.js';
import { ChannelSettingsRepository } from '../../src/channels/channel-settings.js';
import { VoteRepository } from '../../src/feedback/votes.js';
import { Recommender } from '../../src/ranking/recommender.js';
import type { Paper } from '../../src/types.js';
import { SharedParts } from '../../src/papers/shared-parts.js';
import { readPapersFile } from './papers-file.js';
import { collectGarbage, latencies, peakRssMb, summary, timed, type PhaseResult } from './measure.js';
import { QUERIES, synthesizePapers } from './workload.js';

type Options = { papers: string; n: number };

/** Resident, heap and array-buffer memory now, in MB, after a full collection. */
function memoryMb(): { rss: number; heap: number; buffers: number } {
  collectGarbage();
  const usage = process.memoryUsage();
  return { rss: usage.rss / 2 ** 20, heap: usage.heapUsed / 2 ** 20, buffers: usage.arrayBuffers / 2 ** 20 };
}

/** Index `n` papers (the real ones, then synthetic ones) held as the bot holds them; search them. */
export async function syntheticPhase(options: Options, name: 'big' | 'huge'): Promise<PhaseResult> {
  const papers = new Map<string, Paper>();
  const held = await timed(async () => {
    const records = await readPapersFile(options.papers);
    // The papers' common parts (dates, category and source lists) shared as the bot's paper repository shares
    // them; their author names stay distinct copies, as they would be in a corpus of distinct papers.
    const shared = new SharedParts();
    for (const paper of synthesizePapers(records, options.n)) papers.set(paper.id, shared.shareCommon(paper));
  });
  const afterPapers = memoryMb();
  const build = await timed(async () => {
    const index = new TfIdfIndex();
    await index.addAsync(papers.values());
    await index.refresh();
    return index;
  });
  const index = build.value;
  const afterBuild = memoryMb();
  const store = createMemoryStore();
  const recommender = new Recommender({
    index,
    lookup: (id) => papers.get(id),
    channels: new ChannelSettingsRepository(store, 'UTC'),
    votes: new VoteRepository(store),
  });
  const search = summary(await latencies(QUERIES, 3, (q) => recommender.search(q, undefined, 5)));
  const raw = summary(await latencies(QUERIES, 3, (q) => index.score(index.vectorize(q), { limit: 10 })));
  const measures: PhaseResult = {
    papers: papers.size,
    hold_s: held.seconds,
    build_s: build.seconds,
    build_cpu_s: build.cpuSeconds,
    vocabulary: index.vocabularySize,
    search_ms_p50: search.p50,
    search_ms_p95: search.p95,
    index_score_ms_p95: raw.p95,
    papers_heap_mb: afterPapers.heap,
    papers_rss_mb: afterPapers.rss,
    index_heap_mb: afterBuild.heap - afterPapers.heap,
    index_buffers_mb: afterBuild.buffers - afterPapers.buffers,
    rss_mb: peakRssMb(),
  };
  return Object.fromEntries(Object.entries(measures).map(([key, value]) => [`${name}_${key}`, value]));
}
