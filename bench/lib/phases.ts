/**
 * The performance benchmark's phases, each run in its own child process by bench/perf.ts so that its peak
 * memory is its own: `build` (index over the papers file), `big` and `huge` (index over a synthetic corpus,
 * synthetic-phase.ts), `natural` (natural's TfIdf on the same papers and queries), the bot phases in
 * bench/lib/bot-phases.ts, and the scale phases (digest-scale-phase.ts, pg-phases.ts, sync-phase.ts).
 * Usage: `tsx --expose-gc bench/lib/phases.ts <phase> --papers FILE [--n N] [--dir DIR]`.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { TfIdfIndex } from '../../src/index/tfidf-index.js';
import { paperText } from '../../src/text/tokenize.js';
import { readPapersFile, toPaper } from './papers-file.js';
import { collectGarbage, latencies, peakRssMb, report, summary, timed, type PhaseResult } from './measure.js';
import { QUERIES } from './workload.js';
import { botPhase, ingestPhase, preparePhase } from './bot-phases.js';
import { digestScalePhase } from './digest-scale-phase.js';
import { pgBotPhase, pgDigestPhase, pgPreparePhase } from './pg-phases.js';
import { syncPhase } from './sync-phase.js';
import { syntheticPhase } from './synthetic-phase.js';

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
  big: (options) => syntheticPhase(options, 'big'),
  huge: (options) => syntheticPhase(options, 'huge'),
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
