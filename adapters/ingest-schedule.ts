/**
 * The daily ingest on a cron schedule (node-cron 4, `INGEST_CRON`). It lives in adapters because it owns a
 * timer; the work itself is `IngestService.runOnce`, which already turns source failures into log lines. This
 * wrapper adds the last guard: whatever a run throws is logged, runs never overlap, and the timer never keeps
 * the process alive on its own or takes it down.
 */
import cron from 'node-cron';
import { ConfigError } from '../src/errors.js';
import type { Logger } from '../src/ports.js';
import type { IngestService } from '../src/sources/ingest.js';

/** The node-cron task name, so tests and operators can find the task. */
export const INGEST_TASK_NAME = 'paperboy-ingest';

export interface IngestScheduleOptions {
  service: Pick<IngestService, 'runOnce'>;
  /** Cron expression (server time), e.g. `0 6 * * *` for 06:00 daily. */
  cron: string;
  logger: Logger;
  /** Also run once now, in the background (the process does not wait for it). Default false. */
  runNow?: boolean;
}

/**
 * Start the daily ingest. Throws `ConfigError` for an invalid cron expression; after that nothing it does
 * throws. Returns a function that stops the schedule (await it on shutdown).
 */
export function startIngestSchedule(options: IngestScheduleOptions): () => Promise<void> {
  const { service, logger } = options;
  if (!cron.validate(options.cron)) {
    throw new ConfigError(`INGEST_CRON: "${options.cron}" is not a cron expression like "0 6 * * *" (minute hour day month weekday).`);
  }
  const runSafely = async (): Promise<void> => {
    try {
      await service.runOnce();
    } catch (error) {
      logger.error('scheduled ingest failed; the next run will try again', { error });
    }
  };
  const task = cron.schedule(options.cron, runSafely, { name: INGEST_TASK_NAME, noOverlap: true, unref: true });
  logger.info('daily ingest scheduled', { cron: options.cron, next: task.getNextRun()?.toISOString() });
  if (options.runNow) void runSafely();
  return async () => {
    await task.destroy();
  };
}
