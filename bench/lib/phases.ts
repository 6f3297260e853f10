/**
 * The performance benchmark's phases, each run in its own child process by bench/perf.ts so that its peak
 * memory is its own: `build` (index over the papers file), `big` (index over a synthetic corpus), `natural`
 * (natural's TfIdf on the same papers and queries), and the bot phases in bench/lib/bot-phases.ts.
 * Usage: `tsx --expose-gc bench/lib/phases.ts <phase> --papers FILE [--n N] [--dir DIR]`.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { TfIdfIndex } from '../../src/index/tfidf-index.js';
import { paperText } from '../../src/text/tokenize.js';
import { createMemoryStore } from '../../src/store/store.js';
import { ChannelSettingsRepository } from '../../src/channels/channel-settings.js';
import { VoteRepository } from '../../src/feedback/votes.js';
import { Recommender } from '../../src/ranking/recommender.js';
import type { Paper } from '../../src/types.js';
import { readPapersFile, toPaper } from './papers-file.js';
import { collectGarbage, latencies, peakRssMb, report, summary, timed, type PhaseResult } from './measure.js';
import { QUERIES, synthesizePapers } from './workload.js';
import { botPhase, ingestPhase, preparePhase } from './bot-phases.js';
import { digestScalePhase } from './digest-scale-phase.js';
import { pgBotPhase, pgDigestPhase, pgPreparePhase } from './pg-phases.js';
import { syncPhase } from './sync-phase.js';
import { hugePhase } from './huge-phase.js';

type Options = { papers: string; n: number; dir: string };

/** Build the index over every paper of the file, as the bot does at start-up (addAsync, then refresh). */
async function buildPhase(options: Options): Promise<PhaseResult> {
  const papers = (await readPapersFile(options.papers)).map((r) => toPaper(r));
  collectGarbage();
  const build = await timed(async () => {
    const index = new TfIdfIndex();
    await index.addAsync(papers);
    await index.refresh();
    return index;
  });
  const index = build.value;
  const raw = summary(await latencies(QUERIES, 5, (q) => index.score(index.vectorize(q), { limit: 10 })));
  return {
    papers: papers.length,
    build_s: build.seconds,
    build_cpu_s: build.cpuSeconds,
    vocabulary: index.vocabularySize,
    index_score_ms_p50: raw.p50,
    index_score_ms_p95: raw.p95,
    rss_mb: peakRssMb(),
  };
}

/** Index `n` papers (the real ones, then synthetic ones) kept in memory as the bot keeps them; search them. */
async function bigPhase(options: Options): Promise<PhaseResult> {
  const papers = new Map<string, Paper>();
  {
    const records = await readPapersFile(options.papers);
    for (const paper of synthesizePapers(records, options.n)) papers.set(paper.id, paper);
  }
  collectGarbage();
  const build = await timed(async () => {
    const index = new TfIdfIndex();
    await index.addAsync([...papers.values()]);
    await index.refresh();
    return index;
  });
  const index = build.value;
  const store = createMemoryStore();
  const recommender = new Recommender({
    index,
    lookup: (id) => papers.get(id),
    channels: new ChannelSettingsRepository(store, 'UTC'),
    votes: new VoteRepository(store),
  });
  const search = summary(await latencies(QUERIES, 3, (q) => recommender.search(q, undefined, 5)));
  const raw = summary(await latencies(QUERIES, 3, (q) => index.score(index.vectorize(q), { limit: 10 })));
  return {
    big_papers: papers.size,
    big_build_s: build.seconds,
    big_build_cpu_s: build.cpuSeconds,
    big_vocabulary: index.vocabularySize,
    big_search_ms_p50: search.p50,
    big_search_ms_p95: search.p95,
    big_index_score_ms_p95: raw.p95,
    big_rss_mb: peakRssMb(),
  };
}

interface NaturalTfIdf {
  addDocument(text: string): void;
  tfidfs(terms: string, callback: (i: number, measure: number) => void): void;
}

/** natural's own TfIdf over the first `n` papers (its documented module, not the package root). */
async function naturalPhase(options: Options): Promise<PhaseResult> {
  const require = createRequire(import.meta.url);
  const TfIdf = require('natural/lib/natural/tfidf/tfidf.js') as new () => NaturalTfIdf;
  const papers = (await readPapersFile(options.papers, { limit: options.n })).map((r) => toPaper(r));
  const build = await timed(() => {
    const tfidf = new TfIdf();
    for (const paper of papers) tfidf.addDocument(paperText(paper));
    return tfidf;
  });
  const tfidf = build.value;
  const topTen = (query: string) => {
    const scores = new Float64Array(papers.length);
    tfidf.tfidfs(query, (i, measure) => (scores[i] = measure));
    return [...scores.keys()].sort((a, b) => scores[b] - scores[a]).slice(0, 10);
  };
  const search = summary(await latencies(QUERIES, 1, topTen));
  return { natural_papers: papers.length, natural_build_s: build.seconds, natural_search_ms_p50: search.p50, natural_search_ms_p95: search.p95, natural_rss_mb: peakRssMb() };
}

const PHASES: Record<string, (options: Options) => Promise<PhaseResult>> = {
  build: buildPhase,
  big: bigPhase,
  huge: hugePhase,
  natural: naturalPhase,
  prepare: preparePhase,
  bot: botPhase,
  ingest: ingestPhase,
  'digest-scale': digestScalePhase,
  'pg-prepare': pgPreparePhase,
  'pg-bot': pgBotPhase,
  'pg-digest': pgDigestPhase,
  sync: syncPhase,
};

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { papers: { type: 'string' }, n: { type: 'string' }, dir: { type: 'string' } },
  });
  const phase = PHASES[positionals[0] ?? ''];
  if (!phase || !values.papers) throw new Error(`usage: phases.ts <${Object.keys(PHASES).join('|')}> --papers FILE [--n N] [--dir DIR]`);
  await report(await phase({ papers: values.papers, n: Number(values.n ?? 0), dir: values.dir ?? '' }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
