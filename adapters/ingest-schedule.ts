/**
 * The daily ingest on a cron schedule (node-cron 4, `INGEST_CRON`). It lives in adapters because it owns the
 * timers; the work is `DailyIngest.runToday` (src/sources/ingest-lease.ts), which takes the store's lease so one
 * instance of several fetches, and records the finished day so nobody fetches it again. An attempt that found
 * another instance holding the lease (or was cut off) looks again one lease period later, the same day, so a
 * holder that died is taken over. Whatever an attempt throws is logged, attempts never overlap, and the timers
 * never keep the process alive on their own or take it down.
 */
import cron from 'node-cron';
import { ConfigError } from '../src/errors.js';
import type { Logger } from '../src/ports.js';
import { DEFAULT_LEASE_MS } from '../src/store/fenced-lease.js';
import type { DailyIngest } from '../src/sources/ingest-lease.js';
import { utcDay } from '../src/sources/ingest-state.js';

/** The node-cron task name, so tests and operators can find the task. */
export const INGEST_TASK_NAME = 'paperboy-ingest';

export interface IngestScheduleOptions {
  daily: Pick<DailyIngest, 'runToday'>;
  /** Cron expression (server time), e.g. `0 6 * * *` for 06:00 daily. */
  cron: string;
  logger: Logger;
  /** Also attempt once now, in the background (the process does not wait for it). Default false. */
  runNow?: boolean;
  /** Milliseconds before an attempt that found the day running elsewhere (or was cut off) looks again. Default 60 s. */
  retryMs?: number;
  /** The current time, for the retry's "same day" check. Default: the system clock. */
  now?: () => Date;
}

/**
 * Start the daily ingest. Throws `ConfigError` for an invalid cron expression; after that nothing it does
 * throws. Returns a function that stops the schedule (await it on shutdown).
 */
export function startIngestSchedule(options: IngestScheduleOptions): () => Promise<void> {
  const { daily, logger } = options;
  const now = options.now ?? (() => new Date());
  if (!cron.validate(options.cron)) {
    throw new ConfigError(`INGEST_CRON: "${options.cron}" is not a cron expression like "0 6 * * *" (minute hour day month weekday).`);
  }
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  const lookAgain = (day: string) => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      if (utcDay(now()) === day) void attempt();
    }, options.retryMs ?? DEFAULT_LEASE_MS);
    retry.unref();
  };
  const attempt = async (): Promise<void> => {
    try {
      const outcome = await daily.runToday();
      if (outcome.status === 'busy' || outcome.status === 'interrupted') lookAgain(outcome.day);
      if (outcome.status === 'interrupted' && !stopped) logger.info('daily ingest stopped before the end; it is tried again', { day: outcome.day });
    } catch (error) {
      logger.error('scheduled ingest failed; the next run will try again', { error });
    }
  };
  const task = cron.schedule(options.cron, attempt, { name: INGEST_TASK_NAME, noOverlap: true, unref: true });
  logger.info('daily ingest scheduled', { cron: options.cron, next: task.getNextRun()?.toISOString() });
  if (options.runNow) void attempt();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await task.destroy();
  };
}
