/**
 * The benchmark phases on Postgres (the bench's own server, bench/lib/bench-postgres.ts):
 * `pg-prepare` writes the databases, `pg-bot` measures start-up from Postgres and reaction/vote latency under a
 * mix of people reacting at once, `pg-digest` times one digest tick shared by three bot processes.
 */
import { createCore, type CoreInternals } from '../../src/core.js';
import { openStore } from '../../src/store/store.js';
import { SettableClock } from '../../src/ports.js';
import { seededRandom } from '../../src/ranking/seeded-random.js';
import type { Paper } from '../../src/types.js';
import { createDatabase, databaseUrl } from './bench-postgres.js';
import { datedIds, firstStart, INGESTED, quietLogger, sortedRecords, weekEnd } from './bot-phases.js';
import { collectGarbage, peakRssMb, summary, timed, type PhaseResult } from './measure.js';
import { toPaper } from './papers-file.js';
import { benchChannels, checkPosts } from './digest-workload.js';
import { startInstance } from './instances.js';
import { digestWeek } from './workload.js';

type Options = { papers: string; n: number; dir: string };

/** Databases: all but the newest 10,000 papers (`pb_base`, copied to `pb_sync`), and all of them (`pb_full`). */
export const PG_BASE = 'pb_base';
export const PG_SYNC = 'pb_sync';
export const PG_FULL = 'pb_full';
/** Instances that share the Postgres digest tick, and the channels due in it. */
const DIGEST_INSTANCES = 3;
const PG_CHANNELS = 1_000;

async function writePapers(url: string, papers: Paper[]): Promise<void> {
  const store = await openStore(url);
  const collection = store.collection<Paper>('paper');
  for (let i = 0; i < papers.length; i += 5000) await collection.setMany(papers.slice(i, i + 5000).map((p) => [p.id, p]));
  await store.close();
}

/** Write the papers file into the bench databases (`--n` keeps only the first n papers, for the test). */
export async function pgPreparePhase(options: Options): Promise<PhaseResult> {
  const sorted = await sortedRecords(options.papers);
  const papers = (options.n ? sorted.slice(0, options.n) : sorted).map((r) => toPaper(r));
  const split = Math.max(0, papers.length - Math.min(INGESTED, Math.floor(papers.length / 2)));
  const written = await timed(async () => {
    await writePapers(await createDatabase(PG_BASE), papers.slice(0, split));
    await writePapers(await createDatabase(PG_FULL, PG_BASE), papers.slice(split));
  });
  // A first start on each (see `firstStart`), before pb_base is copied, so every later start is a restart.
  const first = await firstStart(databaseUrl(PG_FULL));
  await firstStart(databaseUrl(PG_BASE));
  await createDatabase(PG_SYNC, PG_BASE);
  return { pg_stored_papers: papers.length, pg_store_write_s: written.seconds, pg_first_startup_s: first.seconds, pg_first_startup_cpu_s: first.cpuSeconds };
}

/** Start-up from the full Postgres store, then reactions and vote buttons of many people at once. */
export async function pgBotPhase(options: Options): Promise<PhaseResult> {
  collectGarbage();
  const store = await openStore(databaseUrl(PG_FULL));
  try {
    const startup = await timed(() => createCore({ store, clock: new SettableClock(new Date('2026-01-05T12:00:00Z')), logger: quietLogger }));
    const votes = await voteMix(startup.value, options.n ? 200 : 3000);
    return {
      pg_startup_s: startup.seconds,
      pg_startup_cpu_s: startup.cpuSeconds,
      pg_papers: startup.value.paperCount(),
      pg_votes: votes.length,
      pg_vote_p50_ms: summary(votes).p50,
      pg_vote_p95_ms: summary(votes).p95,
      pg_vote_p99_ms: summary(votes).p99,
      pg_bot_rss_mb: peakRssMb(),
    };
  } finally {
    await store.close();
  }
}

/**
 * `operations` reactions and vote buttons, 8 at a time (as when a digest lands in busy channels): 40 channels
 * with 25 posted papers each, 300 people; 55% reactions added (👍 ⭐ ❤️ 👎), 20% removed, 25% vote buttons;
 * people often react to the same paper. Returns each call's latency in ms.
 */
async function voteMix(core: CoreInternals, operations: number): Promise<number[]> {
  const random = seededRandom(7);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const paperIds = [...core.papers.all()].slice(0, 25 * 40).map((p) => p.id);
  const channels = benchChannels(Math.max(1, Math.floor(paperIds.length / 25)), 'TVOTE');
  const messages = channels.map((channel, c) => paperIds.slice(c * 25, c * 25 + 25).map((paperId, i) => ({ channel, paperId, messageId: `${c}.${i}` })));
  for (const message of messages.flat()) await core.recordPost(message.channel, message.paperId, message.messageId);
  const emoji = ['+1', 'star', 'heart', '-1'];
  const samples: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < operations) {
      next++;
      const message = pick(pick(messages));
      const user = { platform: 'slack' as const, workspace: 'TVOTE', user: `U${Math.floor(random() * 300)}` };
      const roll = random();
      const start = performance.now();
      if (roll < 0.75) await core.react({ user, channel: message.channel, messageId: message.messageId, emoji: pick(emoji), action: roll < 0.55 ? 'added' : 'removed' });
      else await core.vote(user, message.channel, message.paperId, random() < 0.8 ? 'like' : 'dislike');
      samples.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return samples;
}

/**
 * 1,000 channels due at once, three bot processes on one Postgres, each with its own `createCore` and digest
 * service and a recording platform. Times the tick (sent to all three at once) until the last one finished,
 * and checks that each channel got one run and no paper twice.
 */
export async function pgDigestPhase(options: Options): Promise<PhaseResult> {
  const records = await datedIds(options.papers);
  const tickAt = weekEnd(records, digestWeek(records).ids);
  records.length = 0;
  const channels = options.n || PG_CHANNELS;
  const url = databaseUrl(PG_FULL);
  const instances = Array.from({ length: DIGEST_INSTANCES }, (_, i) =>
    startInstance('digest', { url, tick: tickAt.toISOString(), ...(i === 0 ? { channels } : {}) }),
  );
  try {
    const ready = await Promise.all(instances.map((instance) => instance.next('ready')));
    const start = Date.now();
    for (const instance of instances) instance.send({ type: 'tick', at: tickAt.toISOString() });
    const ticked = await Promise.all(instances.map((instance) => instance.next('ticked')));
    const seconds = (Math.max(...ticked.map((t) => t.finishedAt)) - start) / 1000;
    const check = checkPosts(ticked.flatMap((t) => t.posts));
    const runs = await doneRuns(url);
    console.error(`bench: pg-digest: ${runs} runs done, ${check.channels} channels reached, ${check.posts} posts, ${check.duplicates} duplicates; channels run per instance ${ticked.map((t) => t.channels).join('/')}; pass seconds per instance ${ticked.map((t) => `${t.seconds.toFixed(1)} (CPU ${t.cpuSeconds.toFixed(1)})`).join(' / ')}`);
    for (const [i, { counts: c }] of ticked.entries()) {
      console.error(`bench: pg-digest: instance ${i}: ${c.reads} reads (${(c.readMs / 1000).toFixed(1)} s waited), ${c.writes} writes, ${c.transactions} transactions (${(c.transactionMs / 1000).toFixed(1)} s) with ${c.inTransaction} calls in them, ${c.leases} lease calls`);
    }
    return {
      pg_digest_channels: channels,
      pg_digest_1000_channels_s: seconds,
      pg_digest_runs_done: runs,
      pg_digest_reached: check.channels,
      pg_digest_posts: check.posts,
      pg_digest_duplicates: check.duplicates,
      pg_digest_per_instance: ticked.map((t) => t.channels).join('/'),
      pg_digest_cpu_s: ticked.reduce((sum, t) => sum + t.cpuSeconds, 0),
      pg_instance_startup_s: Math.max(...ready.map((r) => r.startupSeconds)),
    };
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
  }
}

/** Digest runs finished in the store at `url`. */
async function doneRuns(url: string): Promise<number> {
  const store = await openStore(url);
  try {
    return (await store.collection<{ status: string }>('digestrun').entries()).filter(([, run]) => run.status === 'done').length;
  } finally {
    await store.close();
  }
}
