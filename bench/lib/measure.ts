/**
 * Small measuring tools for the performance benchmark: wall and CPU time of a step, latency percentiles, peak
 * resident memory, and running a phase in a child process (so each phase's memory is its own).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Wall seconds and CPU seconds (user + system, all threads) of an async step. */
export async function timed<T>(step: () => Promise<T> | T): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await step();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { value, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** The p-th percentile (0..100) of samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Latency samples in ms of `run` over `inputs`, after one unmeasured warm-up pass; `rounds` passes measured. */
export async function latencies<T>(inputs: T[], rounds: number, run: (input: T) => unknown): Promise<number[]> {
  for (const input of inputs) await run(input);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const input of inputs) {
      const start = performance.now();
      await run(input);
      samples.push(performance.now() - start);
    }
  }
  return samples;
}

/** p50/p95/p99 of latency samples, in ms. */
export function summary(samples: number[]): { p50: number; p95: number; p99: number } {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Run a full garbage collection when the process was started with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** A result line a phase sends back to the benchmark. */
export type PhaseResult = Record<string, number | string | boolean>;

/**
 * Run `phase` of bench/lib/phases.ts in a child process with this process's runtime flags and return what it
 * sends. The child's stdout and stderr are passed through.
 */
export function runPhase(phase: string, args: Record<string, string | number>): Promise<PhaseResult> {
  const script = fileURLToPath(new URL('./phases.ts', import.meta.url));
  const argv = [phase, ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, String(v)])];
  const execArgv = process.execArgv.includes('--expose-gc') ? process.execArgv : [...process.execArgv, '--expose-gc'];
  return new Promise((resolve, reject) => {
    const child = fork(script, argv, { execArgv, stdio: 'inherit' });
    let result: PhaseResult | undefined;
    child.on('message', (message) => (result = message as PhaseResult));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`bench phase "${phase}" exited with code ${code}`));
    });
  });
}

/** Send a phase's result to the parent process. */
export function report(result: PhaseResult): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      console.log(JSON.stringify(result));
      resolve();
      return;
    }
    process.send(result, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}
