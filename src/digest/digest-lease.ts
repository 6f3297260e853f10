/**
 * The digest's fenced leases, one per shard, so several processes share a tick: every channel (or person) belongs
 * to shard `shardOf(owner key)` of `DIGEST_SHARDS`, and only the holder of that shard's lease
 * (`digest-runner:<shard>`) posts its digests. A dead process's shards are taken over once their leases expire
 * (60 s), and a process that lost one stops that shard at once. Each lease is the store's generic fenced lease
 * (src/store/fenced-lease.ts), renewed by a heartbeat while the shard runs; its fencing token is stamped on the
 * run record with the lease's name, and every write of a run checks it in the same atomic write
 * (run-batch.ts), so a process whose token is stale can neither mark nor record a post.
 *
 * Checks: before each post the digest calls `check()`, which asks the store only when the lease was not
 * confirmed (by a check or a heartbeat's renewal) in the last quarter of its length (fenced-lease.ts); right
 * after each fenced batch mark it calls `confirm()`, which always asks the store, so a process that stalled
 * after marking (and was displaced meanwhile) learns it before it posts.
 */
import type { Clock, Logger } from '../ports.js';
import type { Store } from '../store/store.js';
import { takeFencedLease, type HeldLease } from '../store/fenced-lease.js';

export { DEFAULT_HEARTBEAT_MS, DEFAULT_LEASE_MS, LeaseLostError } from '../store/fenced-lease.js';

/** Shards (and leases) the digests are split into. Every process sharing a store must use the same number. */
export const DIGEST_SHARDS = 16;
const LEASE_PREFIX = 'digest-runner';

/** The store name of shard `shard`'s lease: `digest-runner:<shard>`. */
export function shardLeaseName(shard: number): string {
  return `${LEASE_PREFIX}:${shard}`;
}

/** The shard (0 to `shards` - 1) of a digest owner's store key: a 32-bit FNV-1a hash of the key, modulo `shards`. */
export function shardOf(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % shards;
}

/** A held shard lease: its name and fencing token, a signal that fires when it is lost, and its checks. */
export interface DigestLease extends HeldLease {
  /** The lease's store name (`digest-runner:<shard>`), stamped on runs with the token. */
  readonly name: string;
}

export interface LeaseOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  owner: string;
  leaseMs: number;
  heartbeatMs: number;
}

/** Take shard `shard`'s digest lease, or undefined when another process holds it. A heartbeat renews it until `release`. */
export async function takeShardLease(options: LeaseOptions, shard: number): Promise<DigestLease | undefined> {
  const name = shardLeaseName(shard);
  const held = await takeFencedLease({ ...options, name, what: 'digest' });
  return held && { ...held, name };
}
