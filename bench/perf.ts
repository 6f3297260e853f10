/**
 * The performance benchmark (issue 6): measures the real index, store, search, digest ranking and ingest code
 * on a papers file, side by side with natural's own TfIdf, and prints a table (and, with `--json`, the issue's
 * keys). Each phase runs in a child process (bench/lib/phases.ts), so each memory figure is that phase's own.
 *
 *   npm run bench -- --papers ../shared/bench/arxiv-2025.jsonl.gz --json FILE
 *     [--big-papers 500000]      size of the synthetic corpus (0 skips it)
 *     [--huge-papers 1000000]    size of the huge synthetic corpus (0 skips it)
 *     [--natural-papers N]       papers natural's TfIdf indexes (default: all)
 *     [--skip-pg]                skip the Postgres phases (bench/lib/pg-bench.ts starts its own server)
 *
 * A benchmark, not a test: it prints figures and never fails on them. The machine is shared, so figures vary
 * from run to run; the CPU seconds printed next to wall seconds show how much of a step was waiting, and the
 * header says how fast the machine was (bench/lib/machine.ts: a fixed piece of work timed at the start and the
 * end, and the CPU time other guests of the host took meanwhile), so two runs can be compared.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchOptions } from './lib/cli-options.js';
import { runPhase, type PhaseResult } from './lib/measure.js';
import { runPostgresSteps } from './lib/pg-bench.js';
import { referenceWorkMs, stealSince } from './lib/machine.js';

const TARGETS: Record<string, string> = {
  build_s: '<= 10',
  search_ms_p50: '<= 1',
  search_ms_p95: '<= 3',
  digest_1000_channels_s: '<= 1',
  startup_s: '<= 5',
  rss_mb: '<= 400',
  big_build_s: '<= 120',
  big_search_ms_p95: '<= 20',
  big_rss_mb: '<= 2500',
  huge_papers: '1000000',
  huge_build_s: '<= 90',
  huge_search_ms_p95: '<= 20',
  huge_rss_mb: '<= 3072',
  ingest_max_stall_ms: '<= 100',
  search_speedup_vs_natural: '>= 100',
  digest_10000_channels_s: '<= 10',
  pg_startup_s: '<= 10',
  pg_digest_1000_channels_s: '<= 3',
  pg_vote_p95_ms: '<= 20',
  sync_10k_papers_s: '<= 3',
  sync_max_stall_ms: '<= 100',
};

const ROWS: [key: string, label: string, detail?: (r: PhaseResult) => string][] = [
  ['papers', 'papers indexed'],
  ['build_s', 'index build (s)', (r) => `cpu ${fmt(r.build_cpu_s)} s, ${r.vocabulary} terms`],
  ['search_ms_p50', 'search p50 (ms)', (r) => `core.search, ${r.queries} queries x 5; index alone p50 ${fmt(r.index_score_ms_p50)}`],
  ['search_ms_p95', 'search p95 (ms)', (r) => `index alone p95 ${fmt(r.index_score_ms_p95)}`],
  ['search_ms_p99', 'search p99 (ms)'],
  ['digest_1000_channels_s', '1,000 channel digests (s)', (r) => `core.rankForChannel, ${r.digest_candidates} candidates (${r.digest_week}), cpu ${fmt(r.digest_cpu_s)} s`],
  ['follow_1000_channels_s', '1,000 channels follow their topics (s)', () => 'core.follow: store write + interests widened once per change; digests reuse it'],
  ['startup_s', 'start-up from sqlite (s)', (r) => `a restart: createCore on ${r.stored_papers} stored papers and the stored index image, cpu ${fmt(r.startup_cpu_s)} s; first start (no image) ${fmt(r.first_startup_s)} s`],
  ['rss_mb', 'peak RSS (MB)', (r) => `max of build ${fmt(r.build_rss_mb)}, bot ${fmt(r.bot_rss_mb)}, ingest ${fmt(r.ingest_rss_mb)}`],
  ['big_papers', 'synthetic papers'],
  ['big_build_s', 'synthetic build (s)', (r) => `cpu ${fmt(r.big_build_cpu_s)} s, ${r.big_vocabulary} terms`],
  ['big_search_ms_p95', 'synthetic search p95 (ms)', (r) => `p50 ${fmt(r.big_search_ms_p50)}; index alone p95 ${fmt(r.big_index_score_ms_p95)}`],
  ['big_rss_mb', 'synthetic peak RSS (MB)', () => 'papers kept in memory as the bot keeps them, plus the index'],
  ['huge_papers', 'huge synthetic papers'],
  ['huge_build_s', 'huge synthetic build (s)', (r) => `cpu ${fmt(r.huge_build_cpu_s)} s, ${r.huge_vocabulary} terms; papers taken in ${fmt(r.huge_hold_s)} s`],
  ['huge_search_ms_p95', 'huge synthetic search p95 (ms)', (r) => `p50 ${fmt(r.huge_search_ms_p50)}; index alone p95 ${fmt(r.huge_index_score_ms_p95)}`],
  ['huge_rss_mb', 'huge synthetic peak RSS (MB)', (r) => `papers: heap ${fmt(r.huge_papers_heap_mb)} MB; index: heap ${fmt(r.huge_index_heap_mb)}, buffers ${fmt(r.huge_index_buffers_mb)} MB`],
  ['ingest_max_stall_ms', 'max event-loop stall, ingest (ms)', (r) => `${r.ingested} papers in one core.ingest, ${fmt(r.ingest_s)} s; p99 stall ${fmt(r.ingest_stall_ms_p99)}; ${r.searches_during_ingest} searches meanwhile, p95 ${fmt(r.search_during_ingest_ms_p95)} ms`],
  ['natural_search_ms_p50', 'natural TfIdf search p50 (ms)', (r) => `${r.natural_papers} papers${r.natural_subset ? ' (a subset)' : ''}, build ${fmt(r.natural_build_s)} s, p95 ${fmt(r.natural_search_ms_p95)} ms`],
  ['search_speedup_vs_natural', 'speedup vs natural (x)', () => 'natural p50 / core.search p50'],
  ['digest_10000_channels_s', '10,000 channel digests, sqlite (s)', (r) => `one digest tick: rank, post (recorded), record; ${r.digest_scale_runs} runs, ${r.digest_scale_posts} posts, ${r.digest_scale_duplicates} duplicates; cpu ${fmt(r.digest_scale_cpu_s)} s`],
  ['pg_startup_s', 'start-up from Postgres (s)', (r) => `a restart: createCore on ${r.pg_papers} stored papers and the stored index image, cpu ${fmt(r.pg_startup_cpu_s)} s; first start (no image) ${fmt(r.pg_first_startup_s)} s`],
  ['pg_digest_1000_channels_s', '1,000 channel digests, 3 instances on Postgres (s)', (r) => `tick to last post; ${r.pg_digest_runs_done} runs done, ${r.pg_digest_posts} posts, ${r.pg_digest_duplicates} duplicates; channels per instance ${r.pg_digest_per_instance}`],
  ['pg_vote_p95_ms', 'reaction/vote p95 on Postgres (ms)', (r) => `${r.pg_votes} core.react/core.vote, 8 at a time; p50 ${fmt(r.pg_vote_p50_ms)}, p99 ${fmt(r.pg_vote_p99_ms)}`],
  ['sync_10k_papers_s', '10,000 papers from instance A to B (s)', (r) => `A's core.ingest done to B's search finding them (${r.sync_probes_found}); B took in ${r.sync_taken} in ${fmt(r.sync_take_s)} s, then ${fmt(r.sync_probes_s)} s of searches for them`],
  ['sync_max_stall_ms', 'max event-loop stall, sync (ms)', (r) => `B's loop while it syncs; p99 ${fmt(r.sync_stall_ms_p99)}`],
];

const JSON_KEYS = [
  'papers', 'build_s', 'search_ms_p50', 'search_ms_p95', 'search_ms_p99', 'digest_1000_channels_s', 'startup_s', 'first_startup_s', 'rss_mb',
  'big_papers', 'big_build_s', 'big_search_ms_p95', 'big_rss_mb',
  'huge_papers', 'huge_build_s', 'huge_search_ms_p95', 'huge_rss_mb', 'ingest_max_stall_ms', 'natural_search_ms_p50', 'search_speedup_vs_natural',
  'digest_10000_channels_s', 'pg_startup_s', 'pg_first_startup_s', 'pg_digest_1000_channels_s', 'pg_vote_p95_ms', 'sync_10k_papers_s', 'sync_max_stall_ms',
  'machine_reference_ms_start', 'machine_reference_ms_end', 'machine_steal_pct',
];

function fmt(value: unknown): string {
  if (typeof value !== 'number') return String(value ?? '-');
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(value >= 1 ? 2 : 3);
}

function printTable(r: PhaseResult): void {
  const lines = [
    `Load average (1 min) at start ${fmt(r.load_start)}, at end ${fmt(r.load_end)} on ${r.cpus} CPUs; wall times above their CPU times mean other processes were running.`,
    `Machine speed: the reference work took ${fmt(r.machine_reference_ms_start)} ms at the start and ${fmt(r.machine_reference_ms_end)} ms at the end (less is faster); other guests of the host took ${fmt(r.machine_steal_pct)} % of its CPU time during the run.`,
    '',
    '| measure | value | target | notes |',
    '|---|---|---|---|',
    // A phase that was skipped has no value: its notes (made of its other figures) are left out too.
    ...ROWS.map(([key, label, detail]) => `| ${label} | ${fmt(r[key])} | ${TARGETS[key] ?? ''} | ${detail && r[key] !== undefined ? detail(r) : ''} |`),
  ];
  console.log(lines.join('\n'));
}

const USAGE = `Usage: npm run bench -- --papers PAPERS.jsonl.gz [--json FILE]
  [--big-papers 500000]      size of the synthetic corpus (0 skips it)
  [--huge-papers 1000000]    size of the huge synthetic corpus (0 skips it)
  [--natural-papers N]       papers natural's TfIdf indexes (default: all)
  [--skip-pg]                skip the Postgres phases`;

async function main(): Promise<void> {
  const values = benchOptions(
    {
      papers: { type: 'string', default: '../shared/bench/arxiv-2025.jsonl.gz' },
      json: { type: 'string' },
      'big-papers': { type: 'string', default: '500000' },
      'huge-papers': { type: 'string', default: '1000000' },
      'natural-papers': { type: 'string', default: '0' },
      'skip-pg': { type: 'boolean', default: false },
    },
    USAGE,
  );
  const papers = values.papers;
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-'));
  const loadStart = loadavg()[0];
  const referenceStart = referenceWorkMs();
  const steal = stealSince();
  const step = async (label: string, phase: string, args: Record<string, string | number> = {}) => {
    console.error(`bench: ${label}...`);
    return runPhase(phase, { papers, ...args });
  };
  try {
    const build = await step('index build', 'build');
    const prepared = await step('writing the sqlite stores', 'prepare', { dir });
    const bot = await step('start-up, search, 1,000 digests', 'bot', { dir });
    const ingest = await step('ingest with the event loop watched', 'ingest', { dir });
    const bigPapers = Number(values['big-papers']);
    const big = bigPapers > 0 ? await step(`${bigPapers} synthetic papers`, 'big', { n: bigPapers }) : {};
    const hugePapers = Number(values['huge-papers']);
    const huge = hugePapers > 0 ? await step(`${hugePapers} synthetic papers`, 'huge', { n: hugePapers }) : {};
    const naturalPapers = Number(values['natural-papers']) || Number(build.papers);
    const natural = await step("natural's TfIdf", 'natural', { n: naturalPapers });
    const scale = await step('10,000 channel digests on sqlite', 'digest-scale', { dir });
    const postgres = values['skip-pg'] ? {} : await runPostgresSteps(step);
    const r: PhaseResult = { ...build, ...prepared, ...bot, ...ingest, ...big, ...huge, ...natural, ...scale, ...postgres };
    r.build_rss_mb = build.rss_mb;
    r.bot_rss_mb = bot.rss_mb;
    r.rss_mb = Math.max(Number(build.rss_mb), Number(bot.rss_mb), Number(ingest.ingest_rss_mb));
    r.natural_subset = Number(natural.natural_papers) < Number(build.papers);
    r.search_speedup_vs_natural = Number(natural.natural_search_ms_p50) / Number(bot.search_ms_p50);
    r.load_start = loadStart;
    r.load_end = loadavg()[0];
    r.machine_reference_ms_start = referenceStart;
    r.machine_reference_ms_end = referenceWorkMs();
    const stolen = steal();
    if (stolen !== undefined) r.machine_steal_pct = stolen;
    r.cpus = availableParallelism();
    printTable(r);
    if (values.json) {
      writeFileSync(values.json, `${JSON.stringify(Object.fromEntries(JSON_KEYS.map((k) => [k, r[k] ?? null])), null, 2)}\n`);
      console.error(`bench: wrote ${values.json}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
