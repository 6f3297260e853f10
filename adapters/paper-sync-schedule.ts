/**
 * Takes in papers another process stored (a backfill, another instance on the same Postgres) on its own timer,
 * every `PAPER_SYNC_INTERVAL_MS` (30 s by default), instead of inside every digest tick: a look reads only the
 * papers written since the last one (the store's change feed), and digests should not wait for it. Like the other
 * schedules it lives in adapters because it owns a timer; the timer is unref'd, a failing look is logged, and
 * nothing here throws.
 */
import { PAPER_SYNC_INTERVAL_MS, type Core } from '../src/core.js';
import type { Logger } from '../src/ports.js';

export interface PaperSyncScheduleOptions {
  core: Pick<Core, 'syncPapers'>;
  logger: Logger;
  /** Milliseconds between looks. Default `PAPER_SYNC_INTERVAL_MS` (30 s). */
  intervalMs?: number;
}

export interface PaperSyncScheduleHandle {
  /** One look now (what the timer calls); never rejects. Resolves to how many papers were taken in. */
  tick(): Promise<number>;
  /** Stop the timer and wait for a look in progress. */
  stop(): Promise<void>;
}

/** Start looking for papers other processes stored. The first look is one interval after start. */
export function startPaperSyncSchedule(options: PaperSyncScheduleOptions): PaperSyncScheduleHandle {
  let running: Promise<number> | undefined;
  const tick = (): Promise<number> => {
    running ??= options.core
      .syncPapers()
      .catch((error: unknown) => {
        options.logger.error('paper sync failed; the next look tries again', { error });
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? PAPER_SYNC_INTERVAL_MS);
  timer.unref();
  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
