/**
 * How fast the machine was while a benchmark ran, so runs on a shared machine can be compared with each other:
 * - the time of one fixed piece of pure-JS work (typed-array arithmetic and Map lookups; the median of three);
 *   the same code takes longer when the machine is slower or busier, whatever the load average says;
 * - the share of CPU time the hypervisor gave to other guests while the benchmark ran ("steal", from the first
 *   line of /proc/stat), which the load average does not show either. Undefined where /proc/stat is missing.
 */
import { readFileSync } from 'node:fs';

/** Milliseconds the reference work takes now (median of three runs). */
export function referenceWorkMs(): number {
  const runs = [referenceRun(), referenceRun(), referenceRun()].sort((a, b) => a - b);
  return runs[1];
}

function referenceRun(): number {
  const start = performance.now();
  const values = new Float64Array(1 << 16);
  let sum = 0;
  for (let round = 0; round < 600; round++) {
    for (let i = 0; i < values.length; i++) {
      values[i] = values[i] * 0.5 + i;
      sum += values[i];
    }
  }
  const counts = new Map<string, number>();
  for (let i = 0; i < 400_000; i++) {
    const key = `k${i % 20_000}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (!(sum > 0) || counts.size !== 20_000) throw new Error('the reference work went wrong');
  return performance.now() - start;
}

/** CPU time counters of the whole machine: total and stolen (jiffies), or undefined without /proc/stat. */
function cpuTimes(): { total: number; steal: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user and nice)
    const used = fields.slice(0, 8);
    if (used.length < 8 || used.some((n) => !Number.isFinite(n))) return undefined;
    return { total: used.reduce((a, b) => a + b, 0), steal: used[7] };
  } catch {
    return undefined;
  }
}

/** Start counting stolen CPU time; the returned function gives the percentage stolen since (undefined if unknown). */
export function stealSince(): () => number | undefined {
  const start = cpuTimes();
  return () => {
    const end = cpuTimes();
    if (!start || !end || end.total <= start.total) return undefined;
    return (100 * (end.steal - start.steal)) / (end.total - start.total);
  };
}
