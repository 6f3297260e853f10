import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referenceWorkMs, stealSince } from '../../bench/lib/machine.js';

describe('the machine-speed figures of the benchmark', () => {
  it('times the reference work', () => {
    const ms = referenceWorkMs();
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThan(0);
  });

  it('gives the share of CPU time stolen since it started, from /proc/stat where there is one', async () => {
    const stolen = stealSince();
    await new Promise((resolve) => setTimeout(resolve, 50));
    referenceWorkMs();
    const share = stolen();
    if (!existsSync('/proc/stat')) {
      expect(share).toBeUndefined();
      return;
    }
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(100);
  });
});
