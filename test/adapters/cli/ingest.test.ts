import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runIngestCli } from '../../../adapters/cli/ingest.js';
import { openStore } from '../../../src/store/store.js';
import type { Paper } from '../../../src/types.js';
import { atomFeed, queriedDay, startFakeSources, type FakeSources } from '../../sources/fake-sources.js';
import { fakeTime } from '../../sources/fixture-server.js';

const NOW = new Date('2026-06-12T06:00:00Z');

let world: FakeSources;
let dir: string;
let env: Record<string, string>;

beforeEach(async () => {
  world = await startFakeSources();
  dir = await mkdtemp(join(tmpdir(), 'paperboy-ingest-cli-'));
  env = {
    STORE_URL: `sqlite://${join(dir, 'store.sqlite')}`,
    ARXIV_API_URL: world.config.arxivApiUrl,
    ARXIV_RSS_URL: world.config.arxivRssUrl,
    HF_API_URL: world.config.hfApiUrl,
    LOG_LEVEL: 'warn',
  };
  world.api = (url) => {
    const day = queriedDay(url);
    const papers = [1, 2, 3].map((n) => ({ id: `2606.${day.slice(8)}00${n}`, title: `Paper ${n} of ${day}` }));
    return { body: atomFeed(papers, papers.length) };
  };
  world.hf = () => ({ body: '[]' });
});
afterEach(async () => {
  await world.close();
  await rm(dir, { recursive: true, force: true });
});

function terminal(isTTY = false) {
  let text = '';
  return { isTTY, write: (chunk: string) => ((text += chunk), true), text: () => text };
}

async function cli(args: string[], options: { isTTY?: boolean } = {}) {
  const stdout = terminal();
  const stderr = terminal(options.isTTY);
  const time = fakeTime(NOW);
  const code = await runIngestCli(args, { env, stdout, stderr, fetch, clock: time.clock, sleep: time.sleep });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function storedPapers(): Promise<Paper[]> {
  const store = await openStore(env.STORE_URL);
  try {
    return (await store.collection<Paper>('paper').entries()).map(([, paper]) => paper);
  } finally {
    await store.close();
  }
}

describe('npm run ingest', () => {
  it('backfills into the configured store, with progress on stderr and a summary on stdout', async () => {
    const run = await cli(['--since', '2026-06-10', '--categories', 'cs.CL,cs.LG']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Ingest: 9 new, 0 updated, 0 skipped, 0 failed (arxiv-api ok; hf-daily ok)\n');
    expect(run.stderr).toContain('Backfilling arxiv-api, hf-daily for cs.CL, cs.LG from 2026-06-10 to today.');
    expect(run.stderr).toContain(`arxiv-api [${'#'.repeat(28)}] 100%  day 3/3  2026-06-12`);
    expect(run.stderr).not.toContain('\r');
    expect((await storedPapers()).map((p) => p.id).sort()).toEqual(['2606.10001', '2606.10002', '2606.10003', '2606.11001', '2606.11002', '2606.11003', '2606.12001', '2606.12002', '2606.12003']);
    expect(world.requests('api')[0].searchParams.get('search_query')).toBe('(cat:cs.CL OR cat:cs.LG) AND submittedDate:[202606100000 TO 202606102359]');
    expect(world.requests('rss')).toEqual([]);
  });

  it('redraws one line on a terminal', async () => {
    const run = await cli(['--since', '2026-06-11', '--sources', 'arxiv-api'], { isTTY: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('\r\x1b[2Karxiv-api [##############--------------]  50%  day 1/2  2026-06-11');
  });

  it('resumes: a second run continues where a failed one stopped', async () => {
    const answer = world.api;
    world.api = (url) => (queriedDay(url) === '2026-06-11' ? { status: 503, body: 'down' } : answer(url));
    const first = await cli(['--since', '2026-06-10', '--sources', 'arxiv-api']);
    expect(first.code).toBe(1);
    expect(first.stdout).toBe('Ingest: 3 new, 0 updated, 0 skipped, 1 failed (arxiv-api failed: http: HTTP 503 after 4 attempts)\n');
    expect(first.stderr).toContain('Run the same command again to continue.');

    world.api = answer;
    const before = world.requests('api').length;
    const second = await cli(['--since', '2026-06-10', '--sources', 'arxiv-api']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('Ingest: 6 new, 0 updated, 0 skipped, 0 failed (arxiv-api ok)\n');
    expect(world.requests('api').slice(before).map(queriedDay)).toEqual(['2026-06-11', '2026-06-12']);
    expect(await storedPapers()).toHaveLength(9);
  });

  it('explains bad arguments and settings with exit code 2', async () => {
    expect(await cli([])).toMatchObject({ code: 2, stderr: expect.stringContaining('--since is required') });
    expect(await cli(['--since', '2025-02-30'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--since must be a date like 2025-01-01') });
    expect(await cli(['--since', '2025-01-02', '--until', '2025-01-01'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--until is before --since') });
    expect(await cli(['--since', '2025-01-01', '--categories', 'computer science'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Configuration problem: ARXIV_CATEGORIES: "computer science" is not an arXiv category'),
    });
    expect(await cli(['--since', '2025-01-01', '--bogus'])).toMatchObject({ code: 2 });
    expect(world.requests('api')).toEqual([]);
  });

  it('prints usage for --help', async () => {
    const run = await cli(['--help']);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: npm run ingest -- --since YYYY-MM-DD') });
  });
});
