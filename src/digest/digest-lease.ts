/**
 * The digest's fenced lease: only one process posts digests at a time, a dead process is taken over within a
 * minute, and a process that lost the lease stops at once. The lease is short (60 s) and renewed by a heartbeat
 * while a pass runs and before each post, so a slow post (Slack 429 retries can take minutes) keeps it. Its
 * fencing token is stamped on the run record, and every write of a run checks it in the same atomic write
 * (see digest-runs.ts), so a process whose token is stale can neither mark nor record a post.
 */
import type { Clock, Logger } from '../ports.js';
import type { Store } from '../store/store.js';

/** The lease is held this long without a renewal: the longest a dead process keeps others out. */
export const DEFAULT_LEASE_MS = 60_000;
/** How often a running pass renews its lease. */
export const DEFAULT_HEARTBEAT_MS = 15_000;
const LEASE_NAME = 'digest-runner';

/** The lease moved to another process (or expired) while we were working: stop at once. */
export class LeaseLostError extends Error {
  constructor() {
    super('the digest lease was lost to another process');
  }
}

/** A held digest lease: its fencing token, a signal that fires when it is lost, and its checks. */
export interface DigestLease {
  readonly token: number;
  /** Aborted (with `LeaseLostError`) as soon as a renewal or check finds the lease lost. */
  readonly signal: AbortSignal;
  /** Throw `LeaseLostError` unless the lease is still ours and unexpired; renew it when it is. */
  check(): Promise<void>;
  /** Stop the heartbeat and give the lease back. */
  release(): Promise<void>;
}

export interface LeaseOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  owner: string;
  leaseMs: number;
  heartbeatMs: number;
}

/** Take the digest lease, or undefined when another process holds it. A heartbeat renews it until `release`. */
export async function takeDigestLease(options: LeaseOptions): Promise<DigestLease | undefined> {
  const { store, clock, owner, leaseMs } = options;
  const now = clock.now().getTime();
  const token = await store.acquireLeaseToken(LEASE_NAME, owner, now, now + leaseMs);
  if (token === undefined) return undefined;
  const lost = new AbortController();
  const loseIt = () => {
    if (!lost.signal.aborted) options.logger.warn('digest lease lost; this process stops posting', { owner, token });
    lost.abort(new LeaseLostError());
  };
  const renew = async (): Promise<void> => {
    if (lost.signal.aborted) throw new LeaseLostError();
    const at = clock.now().getTime();
    if (!(await store.renewLease(LEASE_NAME, owner, token, at, at + leaseMs))) {
      loseIt();
      throw new LeaseLostError();
    }
  };
  const heartbeat = setInterval(() => void renew().catch(() => undefined), options.heartbeatMs);
  heartbeat.unref();
  return {
    token,
    signal: lost.signal,
    async check() {
      if (lost.signal.aborted || !(await store.holdsLease(LEASE_NAME, owner, token, clock.now().getTime()))) {
        loseIt();
        throw new LeaseLostError();
      }
      await renew();
    },
    async release() {
      clearInterval(heartbeat);
      await store.releaseLease(LEASE_NAME, owner).catch(() => undefined);
    },
  };
}
