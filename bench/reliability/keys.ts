/**
 * The reliability benchmark's vocabulary: the exact keys of its JSON report, each key's target, the options
 * every probe family takes, and small shared helpers (a seeded random source, percentiles, temp dirs).
 */
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { seededRandom } from '../../src/ranking/seeded-random.js';

export const KEYS = [
  'fuzz_commands', 'fuzz_failures', 'mention_escapes', 'over_limit_replies',
  'concurrent_votes_lost', 'concurrent_follows_lost',
  'crash_trials', 'crash_duplicates', 'crash_lost', 'crash_unrecorded', 'restart_blocked_s_max',
  'rollback_writes_lost', 'store_faults_tried', 'store_faults_unclear', 'forget_me_traces',
  'slack_ack_p99_ms', 'discord_reply_p99_ms',
] as const;

export type Key = (typeof KEYS)[number];
export type Report = Partial<Record<Key, number>>;

/** A target: `min` means the value must be at least `value`, `max` at most. */
export interface Target {
  kind: 'min' | 'max';
  value: number;
}

/** The targets. At quick scale the counting minimums (fuzz_commands, crash_trials) are scaled down. */
export const TARGETS: Record<Key, Target> = {
  fuzz_commands: { kind: 'min', value: 10_000 },
  fuzz_failures: { kind: 'max', value: 0 },
  mention_escapes: { kind: 'max', value: 0 },
  over_limit_replies: { kind: 'max', value: 0 },
  concurrent_votes_lost: { kind: 'max', value: 0 },
  concurrent_follows_lost: { kind: 'max', value: 0 },
  crash_trials: { kind: 'min', value: 40 },
  crash_duplicates: { kind: 'max', value: 0 },
  crash_lost: { kind: 'max', value: 0 },
  crash_unrecorded: { kind: 'max', value: 0 },
  restart_blocked_s_max: { kind: 'max', value: 90 },
  rollback_writes_lost: { kind: 'max', value: 0 },
  store_faults_tried: { kind: 'min', value: 6 },
  store_faults_unclear: { kind: 'max', value: 0 },
  forget_me_traces: { kind: 'max', value: 0 },
  slack_ack_p99_ms: { kind: 'max', value: 1000 },
  discord_reply_p99_ms: { kind: 'max', value: 1000 },
};

/**
 * Quick-scale targets that differ: the counting keys, since the quick run does a few trials, not the full counts;
 * and the burst latencies, since speed is measured by the benchmark on a quiet machine, never by a timed test:
 * at quick scale they only require every command to be acknowledged (a command never answered counts as 999,999).
 */
export const QUICK_TARGETS: Partial<Record<Key, Target>> = {
  fuzz_commands: { kind: 'min', value: 150 },
  crash_trials: { kind: 'min', value: 3 },
  slack_ack_p99_ms: { kind: 'max', value: 60_000 },
  discord_reply_p99_ms: { kind: 'max', value: 60_000 },
};

export function targetFor(key: Key, scale: Scale): Target {
  return (scale === 'quick' ? QUICK_TARGETS[key] : undefined) ?? TARGETS[key];
}

export function meets(value: number | undefined, target: Target): boolean {
  if (value === undefined || Number.isNaN(value)) return false;
  return target.kind === 'min' ? value >= target.value : value <= target.value;
}

export type Scale = 'quick' | 'full';

export interface ProbeOptions {
  scale: Scale;
  /** A directory the probe may fill; the runner removes it afterwards. */
  tmp: string;
  /** Extra lines that explain a value (breakdowns); printed by the runner, not part of the JSON. */
  note?: (line: string) => void;
}

export type Probe = (opts: ProbeOptions) => Promise<Report>;

/** `quick` or `full` count. */
export function count(scale: Scale, quick: number, full: number): number {
  return scale === 'quick' ? quick : full;
}

/** The project's seeded generator (mulberry32), so every run sends the same hostile inputs. */
export const random = seededRandom;

export function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)];
}

/** The p-th percentile (0-100) by nearest rank; NaN for no samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function subdir(opts: ProbeOptions, name: string): Promise<string> {
  return mkdtemp(join(opts.tmp, `${name}-`));
}

/** Run `tasks` with at most `limit` in flight. */
export async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

/** Resolves after `ms` real milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
