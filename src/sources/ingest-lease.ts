/**
 * The daily ingest, once per UTC day across every instance sharing a store. A run takes the store's fenced
 * lease `daily-ingest` (the same lease machinery as the digests, src/store/fenced-lease.ts), so exactly one
 * instance asks the sources while the others skip; the finished day is recorded in the `ingest` collection
 * (`daily-run:<day>`), so later attempts that day (another instance's tick, a restart) do not fetch again. A
 * run that is stopped (shutdown, or the lease lost to another process after a long pause) records nothing and
 * gives the lease back or lets it expire, so the next attempt, here or elsewhere, runs the day.
 */
import type { Clock, Logger } from '../ports.js';
import type { Store } from '../store/store.js';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_LEASE_MS, leaseOwner, takeFencedLease, type HeldLease } from '../store/fenced-lease.js';
import type { IngestService } from './ingest.js';
import { IngestState, utcDay } from './ingest-state.js';
import type { IngestSummary } from './ingest-summary.js';

/** The store lease the daily ingest runs under. */
export const DAILY_INGEST_LEASE = 'daily-ingest';

/** What one attempt did: ran the day, found it done, found another instance running it, or was stopped. */
export type DailyIngestOutcome =
  | { status: 'ran'; day: string; summary: IngestSummary }
  | { status: 'done'; day: string }
  | { status: 'busy'; day: string }
  | { status: 'interrupted'; day: string; summary: IngestSummary };

export interface DailyIngestOptions {
  service: Pick<IngestService, 'runOnce'>;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Names this process in the lease. Default: host, pid and a random suffix. */
  owner?: string;
  /** How long the lease lasts without a renewal. Default 60 s. */
  leaseMs?: number;
  /** How often a running ingest renews it. Default 15 s. */
  heartbeatMs?: number;
}

/** The daily ingest under the lease; see the module comment. */
export interface DailyIngest {
  readonly owner: string;
  /** Attempt today's run (UTC day of the clock). Never overlaps itself in one process; never throws for "busy". */
  runToday(signal?: AbortSignal): Promise<DailyIngestOutcome>;
}

/** Build the daily ingest for one process. */
export function createDailyIngest(options: DailyIngestOptions): DailyIngest {
  const { store, clock, logger } = options;
  const owner = options.owner ?? leaseOwner();
  const state = new IngestState(store);
  const leaseOptions = {
    store, clock, logger, owner, name: DAILY_INGEST_LEASE, what: 'daily ingest',
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS, heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
  };
  let inFlight: Promise<DailyIngestOutcome> | undefined;

  async function attempt(day: string, signal: AbortSignal | undefined): Promise<DailyIngestOutcome> {
    if (await state.dailyRun(day)) {
      logger.debug?.('daily ingest already done today; skipping', { day });
      return { status: 'done', day };
    }
    const lease = await takeFencedLease(leaseOptions);
    if (!lease) {
      logger.debug?.('daily ingest is running on another instance; skipping', { day });
      return { status: 'busy', day };
    }
    try {
      // Another instance may have finished the day between the look above and taking the lease.
      if (await state.dailyRun(day)) return { status: 'done', day };
      return await runUnder(lease, day, signal);
    } finally {
      await lease.release();
    }
  }

  async function runUnder(lease: HeldLease, day: string, signal: AbortSignal | undefined): Promise<DailyIngestOutcome> {
    logger.info('daily ingest starting', { day, owner, token: lease.token });
    const summary = await options.service.runOnce({ signal: signal ? AbortSignal.any([signal, lease.signal]) : lease.signal });
    const stopped = lease.signal.aborted || summary.sources.some((source) => source.status === 'interrupted');
    // A holder that lost the lease records nothing: whoever holds it now (or the next attempt) finishes the day.
    if (stopped || !(await lease.confirm().then(() => true, () => false))) return { status: 'interrupted', day, summary };
    await state.saveDailyRun(day, { completedAt: clock.now().toISOString(), owner, new: summary.new, updated: summary.updated, failed: summary.failed });
    return { status: 'ran', day, summary };
  }

  return {
    owner,
    runToday(signal) {
      inFlight ??= attempt(utcDay(clock.now()), signal).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
