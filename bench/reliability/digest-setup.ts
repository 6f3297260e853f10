/**
 * A store with one channel whose weekly digest is due now: fresh papers about its topics, the digest on with
 * five picks, and the schedule armed a month ago (so this week's slot is due and not yet run). Used by the crash
 * trials (child processes) and the lease-fencing trials (two cores in one process).
 */
import { DigestRunRepository, scheduleSignature } from '../../src/digest/digest-runs.js';
import { SettableClock } from '../../src/ports.js';
import { channelKey, type ChannelRef } from '../../src/types.js';
import type { Store } from '../../src/store/store.js';
import { freshPapers, openCore } from './core-setup.js';

export const DIGEST_CHANNEL: ChannelRef = { platform: 'console', workspace: 'wrel', channel: 'crash-room' };
export const DIGEST_SIZE = 5;

/** Prepare `file` so that a digest with `DIGEST_SIZE` picks is due at `now`. */
export async function prepareDueDigest(file: string, now: Date): Promise<void> {
  const p = await openCore('', { seed: false, file, clock: new SettableClock(now) });
  try {
    await p.core.ingest(freshPapers(now));
    await p.core.papers.index.refresh();
    await p.core.follow(DIGEST_CHANNEL, ['retrieval augmented generation', 'reranking']);
    const settings = await p.core.channels.update(DIGEST_CHANNEL, (s) => {
      Object.assign(s.digest, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: 'UTC', k: DIGEST_SIZE, quietNote: false });
    });
    const runs = new DigestRunRepository(p.store);
    await runs.saveState(DIGEST_CHANNEL, { signature: scheduleSignature(settings.digest), armedAt: new Date(now.getTime() - 30 * 24 * 3600_000).toISOString() });
  } finally {
    await p.close();
  }
}

export interface DigestOutcome {
  planned: string[];
  recorded: Set<string>;
}

/**
 * What the store says about the channel's digest: the planned picks of its runs and the recorded posts — the
 * papers' posted records, and `summary` when a thread-style run holds its summary message's id.
 */
export async function digestOutcome(store: Store): Promise<DigestOutcome> {
  const runs = await new DigestRunRepository(store).runsOf(DIGEST_CHANNEL);
  const planned = [...new Set(runs.flatMap((r) => r.plan.map((pick) => pick.paperId)))];
  const posted = await store.collection<{ paperId: string }>('posted').entries(`${channelKey(DIGEST_CHANNEL)}|`);
  const recorded = new Set(posted.map(([, p]) => p.paperId));
  if (runs.some((r) => r.summary)) recorded.add('summary');
  return { planned, recorded };
}

/**
 * Duplicates, lost and unrecorded posts from what reached the channel (`reached`, one entry per message: its
 * post key's item, a paper id or `summary`).
 */
export function score(outcome: DigestOutcome, reached: string[]): { duplicates: number; lost: number; unrecorded: number } {
  const counts = new Map<string, number>();
  for (const id of reached) counts.set(id, (counts.get(id) ?? 0) + 1);
  let duplicates = 0;
  for (const n of counts.values()) duplicates += Math.max(0, n - 1);
  const lost = outcome.planned.filter((id) => !counts.has(id)).length;
  const unrecorded = [...counts.keys()].filter((id) => !outcome.recorded.has(id)).length;
  return { duplicates, lost, unrecorded };
}
