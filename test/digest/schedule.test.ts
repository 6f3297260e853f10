import { afterEach, describe, expect, it } from 'vitest';
import { startDigestSchedule } from '../../adapters/digest-schedule.js';
import { createDigestService } from '../../src/digest/digest-service.js';
import { latestSlot, parseTime, parseWeekday, zonedTimeToUtc } from '../../src/digest/schedule.js';
import { createMemoryLogger } from '../../src/ports.js';
import { createCoreFixture, type CoreFixture } from '../helpers/core-fixture.js';
import { ingestTopics, recordingPlatform, setUpChannel } from './digest-helpers.js';

let fixture: CoreFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('schedule math', () => {
  it('finds 09:00 Berlin before and after the spring DST change', () => {
    const schedule = { weekday: 1, minuteOfDay: parseTime('09:00'), timezone: 'Europe/Berlin' };
    expect(latestSlot(schedule, new Date('2026-03-24T00:00:00Z')).toISOString()).toBe('2026-03-23T08:00:00.000Z');
    expect(latestSlot(schedule, new Date('2026-03-31T00:00:00Z')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(latestSlot(schedule, new Date('2026-10-27T00:00:00Z')).toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('moves a time skipped by DST forward and maps a repeated time to its first occurrence', () => {
    expect(zonedTimeToUtc(2026, 3, 29, 2 * 60 + 30, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedTimeToUtc(2026, 10, 25, 2 * 60 + 30, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(parseWeekday('Mon')).toBe(1);
  });
});

describe('digest timing on a settable clock', () => {
  it('fires at 09:00 local time on both sides of a DST change, and not a minute before', async () => {
    fixture = await createCoreFixture({ seed: false, now: new Date('2026-03-22T12:00:00Z') });
    const f = fixture;
    await setUpChannel(f, { timezone: 'Europe/Berlin', k: 1 });
    const service = createDigestService(f.core, { owner: 'a' });
    const platform = recordingPlatform();
    await service.runDue([platform]);
    await ingestTopics(f, new Date('2026-03-22T12:00:00Z'));
    const at = async (iso: string) => {
      f.clock.set(new Date(iso));
      return (await service.runDue([platform])).posted;
    };
    expect(await at('2026-03-23T07:59:00Z')).toBe(0); // 08:59 CET
    expect(await at('2026-03-23T08:00:00Z')).toBe(1); // 09:00 CET
    await ingestTopics(f, new Date('2026-03-26T12:00:00Z'), 'q');
    expect(await at('2026-03-30T06:59:00Z')).toBe(0); // 08:59 CEST
    expect(await at('2026-03-30T07:00:00Z')).toBe(1); // 09:00 CEST
    expect(await at('2026-03-30T07:01:00Z')).toBe(0);
  });
});

describe('startDigestSchedule', () => {
  it('runs a catch-up pass at start and survives a failing service', async () => {
    const logger = createMemoryLogger();
    let calls = 0;
    const service = {
      runDue: async () => {
        calls++;
        throw new Error('store is locked');
      },
    };
    const handle = startDigestSchedule({ service, platforms: [], cron: '0 0 1 1 *', logger });
    await handle.caughtUp;
    await handle.tick();
    await handle.stop();
    expect(calls).toBe(2);
    expect(logger.lines.filter((l) => l.includes('failed; the next tick retries'))).toHaveLength(2);
  });

  it('rejects an invalid cron expression at start', () => {
    const service = { runDue: async () => ({ busy: false, channels: 0, people: 0, posted: 0 }) };
    expect(() => startDigestSchedule({ service, platforms: [], cron: 'every monday', logger: createMemoryLogger() })).toThrow(/DIGEST_CRON/);
  });
});
