import { getTasks, type ScheduledTask } from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { INGEST_TASK_NAME, startIngestSchedule } from '../../adapters/ingest-schedule.js';
import { ConfigError } from '../../src/errors.js';
import { createMemoryLogger } from '../../src/ports.js';
import type { IngestSummary } from '../../src/sources/ingest-summary.js';

const SUMMARY: IngestSummary = { new: 1, updated: 0, skipped: 0, failed: 0, sources: [], startedAt: '', finishedAt: '' };

function ingestTask(): ScheduledTask | undefined {
  return [...getTasks().values()].find((task) => task.name === INGEST_TASK_NAME);
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('startIngestSchedule', () => {
  it('schedules the daily run on node-cron and stops it', async () => {
    let runs = 0;
    const logger = createMemoryLogger();
    stop = startIngestSchedule({ service: { runOnce: async () => (runs++, SUMMARY) }, cron: '0 6 * * *', logger });
    const task = ingestTask();
    expect(task?.getPattern()).toBe('0 6 * * *');
    expect(task?.getNextRun()?.getHours()).toBe(6);
    await task!.execute();
    expect(runs).toBe(1);
    expect(logger.lines[0]).toMatch(/^info daily ingest scheduled \{"cron":"0 6 \* \* \*","next":"/);
    await stop();
    stop = undefined;
    expect(ingestTask()).toBeUndefined();
  });

  it('logs a run that throws and keeps the schedule alive', async () => {
    const logger = createMemoryLogger();
    let runs = 0;
    stop = startIngestSchedule({
      service: {
        runOnce: async () => {
          runs++;
          throw new Error('store is locked');
        },
      },
      cron: '0 6 * * *',
      logger,
    });
    await ingestTask()!.execute();
    await ingestTask()!.execute();
    expect(runs).toBe(2);
    expect(logger.lines.filter((l) => l.startsWith('error scheduled ingest failed; the next run will try again'))).toHaveLength(2);
    expect(logger.lines[1]).toContain('store is locked');
  });

  it('can run once at start in the background, without waiting for it', async () => {
    const logger = createMemoryLogger();
    let finish: (() => void) | undefined;
    const started = new Promise<void>((resolve) => {
      stop = startIngestSchedule({
        service: {
          runOnce: () => {
            resolve();
            return new Promise<IngestSummary>((done) => (finish = () => done(SUMMARY)));
          },
        },
        cron: '0 6 * * *',
        logger,
        runNow: true,
      });
    });
    await started;
    expect(finish).toBeDefined();
    finish!();
  });

  it('rejects an invalid cron expression naming INGEST_CRON', () => {
    expect(() => startIngestSchedule({ service: { runOnce: async () => SUMMARY }, cron: 'every day', logger: createMemoryLogger() })).toThrow(ConfigError);
    expect(() => startIngestSchedule({ service: { runOnce: async () => SUMMARY }, cron: '61 * * * *', logger: createMemoryLogger() })).toThrow(/INGEST_CRON: "61 \* \* \* \*"/);
  });
});
