/**
 * The scale benchmark's phases (digest-scale on sqlite; pg-prepare, pg-bot, pg-digest and sync on the run's
 * embedded Postgres) each run on a tiny papers file made from the bundled corpus, so CI knows they work and
 * count what they claim. Their timings are not checked here: speed lives in `npm run bench`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PG_ENV } from '../../bench/lib/bench-postgres.js';
import { preparePhase } from '../../bench/lib/bot-phases.js';
import { digestScalePhase } from '../../bench/lib/digest-scale-phase.js';
import { pgBotPhase, pgDigestPhase, pgPreparePhase } from '../../bench/lib/pg-phases.js';
import { syncPhase } from '../../bench/lib/sync-phase.js';
import { postgresUrl } from '../helpers/postgres.js';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-scale-phases-'));
const papers = join(dir, 'papers.jsonl');
const options = (n: number) => ({ papers, n, dir });

beforeAll(() => {
  // The 71 bundled papers as a papers file: arXiv-style ids, two announced a day through March 2025.
  const seed = JSON.parse(readFileSync(new URL('../../data/seed-papers.json', import.meta.url), 'utf8')) as { title: string; abstract: string; authors: string[] }[];
  const lines = seed.map((p, i) => {
    const announced = new Date(Date.UTC(2025, 2, 1 + Math.floor(i / 2))).toISOString().slice(0, 10);
    return JSON.stringify({ id: `2503.${String(i + 1).padStart(5, '0')}`, title: p.title, abstract: p.abstract, authors: p.authors, categories: ['cs.CL'], announced });
  });
  writeFileSync(papers, `${lines.join('\n')}\n`);
  process.env[BENCH_PG_ENV] = postgresUrl('').replace(/\/$/, '');
});

afterAll(() => {
  delete process.env[BENCH_PG_ENV];
  rmSync(dir, { recursive: true, force: true });
});

describe('scale benchmark phases on a tiny corpus', () => {
  it('digest-scale: every channel due gets one run on sqlite, no paper twice', async () => {
    expect((await preparePhase(options(0))).stored_papers).toBe(71);
    const result = await digestScalePhase(options(6));
    expect(result).toMatchObject({ digest_scale_channels: 6, digest_scale_runs: 6, digest_scale_reached: 6, digest_scale_duplicates: 0 });
    expect(result.digest_scale_posts).toBeGreaterThanOrEqual(6);
    expect(typeof result.digest_6_channels_s).toBe('number');
  }, 120_000);

  it('pg-prepare and pg-bot: start-up from Postgres loads every paper; reactions and votes are timed', async () => {
    expect(await pgPreparePhase(options(0))).toMatchObject({ pg_stored_papers: 71 });
    const result = await pgBotPhase(options(1));
    expect(result).toMatchObject({ pg_papers: 71, pg_votes: 200 });
    expect(typeof result.pg_startup_s).toBe('number');
    expect(typeof result.pg_vote_p95_ms).toBe('number');
  }, 120_000);

  it('pg-digest: three instances share one tick; each channel gets one run, no paper twice', async () => {
    await pgPreparePhase(options(0));
    const result = await pgDigestPhase(options(6));
    expect(result).toMatchObject({ pg_digest_channels: 6, pg_digest_runs_done: 6, pg_digest_reached: 6, pg_digest_duplicates: 0 });
    expect(String(result.pg_digest_per_instance).split('/').map(Number).reduce((a, b) => a + b, 0)).toBe(6);
  }, 180_000);

  it('sync: papers one instance ingests reach the other through the change feed and are found', async () => {
    await pgPreparePhase(options(0));
    const result = await syncPhase(options(20));
    expect(result).toMatchObject({ sync_papers: 20, sync_taken: 20 });
    expect(result.sync_probes_found).toMatch(/^(\d+)\/\1$/);
    expect(typeof result.sync_max_stall_ms).toBe('number');
  }, 180_000);
});
