/**
 * A held, fenced lease over the store's named leases (`acquireLeaseToken`/`renewLease`/`releaseLease`): one
 * process does a job at a time (the weekly digests, the daily ingest), a dead process is taken over once its
 * lease expires, and a process that lost the lease learns it at once. The lease is short (60 s by default) and
 * renewed by a heartbeat while the work runs, so slow work keeps it; its fencing token lets the work's own
 * writes check that nobody else held the lease since.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock, Logger } from '../ports.js';
import type { Store } from './port.js';

/** The lease is held this long without a renewal: the longest a dead process keeps others out. */
export const DEFAULT_LEASE_MS = 60_000;
/** How often a running job renews its lease. */
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** A lease confirmed less than this share of its length ago passes `check()` without asking the store. */
const FRESH_SHARE = 0.25;

/** A lease owner name for this process: host, pid and a random suffix (unique even across restarts). */
export function leaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * The lease moved to another process (or expired) while we were working: stop at once. `what` names the job
 * (default `digest`: the digest runs' fenced writes throw it without one).
 */
export class LeaseLostError extends Error {
  constructor(what = 'digest') {
    super(`the ${what} lease was lost to another process`);
  }
}

/** A held lease: its fencing token, a signal that fires when it is lost, and its checks. */
export interface HeldLease {
  readonly token: number;
  /** Aborted (with `LeaseLostError`) as soon as a renewal or check finds the lease lost. */
  readonly signal: AbortSignal;
  /**
   * Ask the store now: throw `LeaseLostError` unless the lease is still ours and unexpired; renew it when it is.
   */
  confirm(): Promise<void>;
  /**
   * `confirm()`, unless the store confirmed the lease (a check or a heartbeat's renewal) less than a quarter of
   * its length ago, on both the injected clock and this process's monotonic clock: nobody can take an unexpired
   * lease, and the other three quarters are the margin for clock skew between hosts. Throws at once when the
   * lease is known lost. For checks before each of many small steps (a digest's posts).
   */
  check(): Promise<void>;
  /** Stop the heartbeat and give the lease back. */
  release(): Promise<void>;
}

export interface FencedLeaseOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The lease's name in the store, e.g. `digest-runner`. */
  name: string;
  /** Names this process (host, pid and a random suffix). */
  owner: string;
  /** Milliseconds the lease lasts without a renewal. */
  leaseMs: number;
  /** Milliseconds between renewals while it is held. */
  heartbeatMs: number;
  /** The job, for messages: `digest`, `daily ingest`. */
  what: string;
}

/** Take the lease `name`, or undefined when another process holds it. A heartbeat renews it until `release`. */
export async function takeFencedLease(options: FencedLeaseOptions): Promise<HeldLease | undefined> {
  const { store, clock, owner, leaseMs, name, what } = options;
  // When the store last confirmed the lease, on both clocks (stamped before the call that confirmed it).
  const stamp = () => ({ at: clock.now().getTime(), mono: performance.now() });
  let confirmed = stamp();
  const token = await store.acquireLeaseToken(name, owner, confirmed.at, confirmed.at + leaseMs);
  if (token === undefined) return undefined;
  const lost = new AbortController();
  const loseIt = () => {
    if (!lost.signal.aborted) options.logger.warn(`${what} lease lost; this process stops`, { owner, token });
    lost.abort(new LeaseLostError(what));
  };
  const renew = async (): Promise<void> => {
    if (lost.signal.aborted) throw new LeaseLostError(what);
    const before = stamp();
    if (!(await store.renewLease(name, owner, token, before.at, before.at + leaseMs))) {
      loseIt();
      throw new LeaseLostError(what);
    }
    confirmed = before;
  };
  const confirm = async (): Promise<void> => {
    if (lost.signal.aborted || !(await store.holdsLease(name, owner, token, clock.now().getTime()))) {
      loseIt();
      throw new LeaseLostError(what);
    }
    await renew();
  };
  const freshMs = leaseMs * FRESH_SHARE;
  const heartbeat = setInterval(() => void renew().catch(() => undefined), options.heartbeatMs);
  heartbeat.unref();
  return {
    token,
    signal: lost.signal,
    confirm,
    async check() {
      if (lost.signal.aborted) throw new LeaseLostError(what);
      const now = stamp();
      if (now.at - confirmed.at < freshMs && now.mono - confirmed.mono < freshMs) return;
      await confirm();
    },
    async release() {
      clearInterval(heartbeat);
      await store.releaseLease(name, owner).catch(() => undefined);
    },
  };
}
