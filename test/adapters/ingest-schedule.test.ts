import { getTasks, type ScheduledTask } from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { INGEST_TASK_NAME, startIngestSchedule } from '../../adapters/ingest-schedule.js';
import { ConfigError } from '../../src/errors.js';
import { createMemoryLogger } from '../../src/ports.js';
import type { DailyIngestOutcome } from '../../src/sources/ingest-lease.js';
import type { IngestSummary } from '../../src/sources/ingest-summary.js';

const SUMMARY: IngestSummary = { new: 1, updated: 0, skipped: 0, failed: 0, sources: [], startedAt: '', finishedAt: '' };
const RAN: DailyIngestOutcome = { status: 'ran', day: '2026-12-02', summary: SUMMARY };

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
    stop = startIngestSchedule({ daily: { runToday: async () => (runs++, RAN) }, cron: '0 6 * * *', logger });
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
      daily: {
        runToday: async () => {
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
        daily: {
          runToday: () => {
            resolve();
            return new Promise<DailyIngestOutcome>((done) => (finish = () => done(RAN)));
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

  it('looks again one retry period later while another instance holds the day, and stops once it is done', async () => {
    const outcomes: DailyIngestOutcome['status'][] = ['busy', 'busy', 'done'];
    const attempts: string[] = [];
    let settled: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (settled = resolve));
    stop = startIngestSchedule({
      daily: {
        runToday: async () => {
          const status = outcomes.shift() ?? 'done';
          attempts.push(status);
          if (status === 'done') settled();
          return status === 'busy' ? { status, day: '2026-12-02' } : { status: 'done', day: '2026-12-02' };
        },
      },
      cron: '0 6 * * *',
      logger: createMemoryLogger(),
      runNow: true,
      retryMs: 5,
      now: () => new Date('2026-12-02T06:00:30Z'),
    });
    await finished;
    expect(attempts).toEqual(['busy', 'busy', 'done']);
  });

  it('does not look again on another day: that day has its own scheduled run', async () => {
    let attempts = 0;
    let day = '2026-12-02';
    stop = startIngestSchedule({
      daily: { runToday: async () => (attempts++, { status: 'busy', day: '2026-12-02' }) },
      cron: '0 6 * * *',
      logger: createMemoryLogger(),
      retryMs: 5,
      now: () => new Date(`${day}T23:59:59Z`),
    });
    day = '2026-12-03';
    await ingestTask()!.execute();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(attempts).toBe(1);
  });

  it('rejects an invalid cron expression naming INGEST_CRON', () => {
    expect(() => startIngestSchedule({ daily: { runToday: async () => RAN }, cron: 'every day', logger: createMemoryLogger() })).toThrow(ConfigError);
    expect(() => startIngestSchedule({ daily: { runToday: async () => RAN }, cron: '61 * * * *', logger: createMemoryLogger() })).toThrow(/INGEST_CRON: "61 \* \* \* \*"/);
  });
});
