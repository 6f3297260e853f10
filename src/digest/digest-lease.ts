/**
 * The digest's fenced lease: only one process posts digests at a time, a dead process is taken over within a
 * minute, and a process that lost the lease stops at once. The lease is short (60 s) and renewed by a heartbeat
 * while a pass runs and before each post, so a slow post (Slack 429 retries can take minutes) keeps it. Its
 * fencing token is stamped on the run record, and every write of a run checks it in the same atomic write
 * (see digest-runs.ts), so a process whose token is stale can neither mark nor record a post. The lease itself
 * is the store's generic one (src/store/fenced-lease.ts), under the name `digest-runner`.
 */
import type { Clock, Logger } from '../ports.js';
import type { Store } from '../store/store.js';
import { takeFencedLease, type HeldLease } from '../store/fenced-lease.js';

export { DEFAULT_HEARTBEAT_MS, DEFAULT_LEASE_MS, LeaseLostError } from '../store/fenced-lease.js';
const LEASE_NAME = 'digest-runner';

/** A held digest lease: its fencing token, a signal that fires when it is lost, and its checks. */
export type DigestLease = HeldLease;

export interface LeaseOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  owner: string;
  leaseMs: number;
  heartbeatMs: number;
}

/** Take the digest lease, or undefined when another process holds it. A heartbeat renews it until `release`. */
export function takeDigestLease(options: LeaseOptions): Promise<DigestLease | undefined> {
  return takeFencedLease({ ...options, name: LEASE_NAME, what: 'digest' });
}
