/**
 * The shared fenced lease (src/store/fenced-lease.ts) on a real sqlite file: `confirm()` always asks the store,
 * `check()` only when the store has not confirmed the lease (a check or a heartbeat's renewal) within a quarter
 * of its length, and a lease found lost stays lost.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMemoryLogger, SettableClock } from '../../src/ports.js';
import { LeaseLostError, takeFencedLease, type FencedLeaseOptions } from '../../src/store/fenced-lease.js';
import type { Store } from '../../src/store/store.js';
import { useScratchStores } from '../helpers/scratch-store.js';

const open = useScratchStores();
const LEASE_MS = 60_000;

function options(store: Store, clock: SettableClock, heartbeatMs = 3_600_000): FencedLeaseOptions {
  return { store, clock, logger: createMemoryLogger(), name: 'job', owner: 'holder', leaseMs: LEASE_MS, heartbeatMs, what: 'job' };
}

describe('a fenced lease', () => {
  it('check() trusts a confirmation under a quarter of the lease old; confirm() always asks the store', async () => {
    const store = await open('sqlite');
    const clock = new SettableClock(new Date('2026-12-01T09:00:00Z'));
    const lease = (await takeFencedLease(options(store, clock)))!;
    await store.releaseLease('job', 'holder'); // taken away behind the holder's back
    clock.advance(LEASE_MS / 4 - 1000);
    await expect(lease.check()).resolves.toBeUndefined();
    await expect(lease.confirm()).rejects.toBeInstanceOf(LeaseLostError);
    expect(lease.signal.aborted).toBe(true);
    await expect(lease.check()).rejects.toBeInstanceOf(LeaseLostError);
    await lease.release();
  });

  it('check() asks the store once the last confirmation is a quarter of the lease old', async () => {
    const store = await open('sqlite');
    const clock = new SettableClock(new Date('2026-12-01T09:00:00Z'));
    const lease = (await takeFencedLease(options(store, clock)))!;
    clock.advance(LEASE_MS / 4);
    await expect(lease.check()).resolves.toBeUndefined(); // asked, still held, renewed
    await store.releaseLease('job', 'holder');
    clock.advance(LEASE_MS / 4);
    await expect(lease.check()).rejects.toBeInstanceOf(LeaseLostError);
    await lease.release();
  });

  it("counts a heartbeat's renewal as a confirmation", async () => {
    const store = await open('sqlite');
    const clock = new SettableClock(new Date('2026-12-01T09:00:00Z'));
    const lease = (await takeFencedLease(options(store, clock, 20)))!;
    const asked = vi.spyOn(store, 'holdsLease');
    const renewedAt: number[] = [];
    const renewLease = store.renewLease.bind(store);
    vi.spyOn(store, 'renewLease').mockImplementation(async (...args) => {
      const renewed = await renewLease(...args);
      if (renewed) renewedAt.push(args[3]);
      return renewed;
    });
    clock.advance(LEASE_MS / 2); // without a renewal since, check() would ask the store
    const advancedTo = clock.now().getTime();
    // Heartbeats renew at the new time: wait for one that has (however slow the machine), not for a fixed time.
    await vi.waitFor(() => expect(renewedAt.some((at) => at >= advancedTo)).toBe(true), { timeout: 10_000, interval: 20 });
    await lease.check();
    expect(asked).not.toHaveBeenCalled();
    await lease.confirm();
    expect(asked).toHaveBeenCalledTimes(1);
    await lease.release();
  });
});
