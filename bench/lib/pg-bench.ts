/**
 * The benchmark's Postgres steps, run from bench/perf.ts: start the bench's own Postgres server, run the
 * Postgres phases (pg-phases.ts, sync-phase.ts) against it, and stop it at the end, also when a phase fails.
 */
import { BENCH_PG_ENV, startBenchPostgres } from './bench-postgres.js';
import type { PhaseResult } from './measure.js';

/** Runs one phase in its child process (perf.ts's `step`). */
export type Step = (label: string, phase: string, args?: Record<string, string | number>) => Promise<PhaseResult>;

/** Start Postgres, write the databases, then start-up + votes, the three-instance digest, and the sync. */
export async function runPostgresSteps(step: Step): Promise<PhaseResult> {
  console.error('bench: starting Postgres...');
  const server = await startBenchPostgres();
  process.env[BENCH_PG_ENV] = server.serverUrl;
  // Ctrl-C: stop the server and remove its directory before leaving.
  const interrupted = () => void server.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  try {
    const prepared = await step('writing the Postgres databases', 'pg-prepare');
    const bot = await step('start-up from Postgres, reactions and votes', 'pg-bot');
    const digest = await step('1,000 digests shared by three instances on Postgres', 'pg-digest');
    const sync = await step('10,000 papers from one instance to another', 'sync');
    return { ...prepared, ...bot, ...digest, ...sync };
  } finally {
    process.off('SIGINT', interrupted);
    delete process.env[BENCH_PG_ENV];
    await server.stop();
  }
}
