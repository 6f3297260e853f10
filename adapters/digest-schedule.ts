/**
 * Runs the weekly digests on a node-cron tick (every minute by default): each tick asks the digest service to
 * post whatever is due, which also catches up a digest missed while the bot was down. A failing tick is logged
 * and the next one tries again; nothing here can crash the process.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { DigestService } from '../src/digest/digest-service.js';
import type { Logger, Platform } from '../src/ports.js';

export interface DigestScheduleOptions {
  service: Pick<DigestService, 'runDue'>;
  platforms: Platform[];
  /** Cron expression of the tick (config.digestCron). Default every minute. */
  cron?: string;
  logger: Logger;
}

export interface DigestScheduleHandle {
  /** The catch-up pass started at start-up; resolves when it is done (never rejects). */
  caughtUp: Promise<void>;
  /** Run one tick now (what the cron calls); never rejects. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Start the digest tick and run a catch-up pass at once. Throws only for an invalid cron expression, so a
 * typo in DIGEST_CRON fails at start-up rather than silently never posting.
 */
export function startDigestSchedule(options: DigestScheduleOptions): DigestScheduleHandle {
  const expression = options.cron ?? '* * * * *';
  if (!cron.validate(expression)) throw new Error(`DIGEST_CRON "${expression}" is not a cron expression (try "* * * * *").`);
  const tick = async (label = 'tick'): Promise<void> => {
    try {
      const summary = await options.service.runDue(options.platforms);
      if (summary.posted > 0 || summary.channels > 0) options.logger.info(`digest ${label}`, { ...summary });
    } catch (error) {
      options.logger.error(`digest ${label} failed; the next tick retries`, { error });
    }
  };
  const task: ScheduledTask = cron.schedule(expression, () => tick(), { noOverlap: true, name: 'paperboy-digest' });
  const caughtUp = tick('catch-up');
  return {
    caughtUp,
    tick: () => tick(),
    stop: async () => {
      await task.stop();
      await caughtUp;
    },
  };
}
