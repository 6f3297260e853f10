/**
 * The benchmark phase `digest-scale`: one bot process on a copy of the full sqlite store (written by the
 * `prepare` phase) with 10,000 channels whose weekly digests fall due at once; times one digest tick through
 * the real digest service (rank, post to a recording platform, record each post) and checks that every
 * channel got its digest exactly once.
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../src/core.js';
import { openStore } from '../../src/store/store.js';
import { SettableClock } from '../../src/ports.js';
import { datedIds, FULL_STORE, quietLogger, weekEnd } from './bot-phases.js';
import { collectGarbage, peakRssMb, timed, type PhaseResult } from './measure.js';
import { benchChannels, checkPosts, digestMoments, recordingPlatform, setUpDigestChannels, type RecordedPost } from './digest-workload.js';
import { digestWeek } from './workload.js';

type Options = { papers: string; n: number; dir: string };

/** Channels due in one tick (`--n` overrides, for the test). */
export const SCALE_CHANNELS = 10_000;
const SCALE_STORE = 'digest-scale.sqlite';

/** Copy `full.sqlite` (and its log) to this phase's own file, so the other phases' stores stay as they were. */
function copyFullStore(dir: string): string {
  const from = join(dir, FULL_STORE);
  const to = join(dir, SCALE_STORE);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${to}${suffix}`, { force: true });
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
  return to;
}

/** 10,000 channels' digests due at once on sqlite, one process, one tick of the digest service. */
export async function digestScalePhase(options: Options): Promise<PhaseResult> {
  const records = await datedIds(options.papers);
  const { tickAt, armAt } = digestMoments(weekEnd(records, digestWeek(records).ids));
  records.length = 0;
  const store = await openStore(`sqlite://${copyFullStore(options.dir)}`);
  try {
    const clock = new SettableClock(armAt);
    const core = await createCore({ store, clock, logger: quietLogger });
    const n = options.n || SCALE_CHANNELS;
    await setUpDigestChannels(core, benchChannels(n, 'TSCALE'), tickAt, armAt);
    collectGarbage();
    clock.set(tickAt);
    const posts: RecordedPost[] = [];
    const tick = await timed(() => core.runDueDigests([recordingPlatform(posts)]));
    const check = checkPosts(posts);
    console.error(`bench: digest-scale: ${tick.value.channels} channels run, ${check.channels} reached, ${check.posts} posts, ${check.duplicates} duplicates`);
    return {
      digest_scale_channels: n,
      [`digest_${n}_channels_s`]: tick.seconds,
      digest_scale_cpu_s: tick.cpuSeconds,
      digest_scale_runs: tick.value.channels,
      digest_scale_reached: check.channels,
      digest_scale_posts: check.posts,
      digest_scale_duplicates: check.duplicates,
      digest_scale_rss_mb: peakRssMb(),
    };
  } finally {
    await store.close();
  }
}
