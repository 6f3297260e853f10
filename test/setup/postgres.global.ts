/**
 * vitest globalSetup: one embedded Postgres server for the whole test run, on a free port in a fresh temp
 * directory. Tests get its address with `inject('postgres')` (see test/helpers/postgres.ts, which makes one
 * database per test file). The teardown stops the server and removes the directory, whether tests passed or
 * failed. A run that was killed before its teardown leaves a directory (and maybe a server) behind: the next
 * run stops that server and removes the directory, but only when the run that made it is gone (so parallel
 * runs from other work trees are left alone).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../helpers/embedded-postgres.js';
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Else a failed run would exit with 0 (see keep-exit-code.ts).
  keepExitCode();
  await removeLeftovers();
  const root = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  await writeFile(join(root, OWNER_FILE), String(process.pid));
  const started = Date.now();
  const server = await startEmbeddedPostgres({
    root,
    password: 'paperboy-test',
    // Durability off, which tests do not need.
    flags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    name: 'test',
  });
  if (process.env.PB_TEST_VERBOSE) console.error(`postgres test server on port ${server.port} in ${Date.now() - started} ms`);
  project.provide('postgres', { host: '127.0.0.1', port: server.port, user: 'postgres', password: server.password } satisfies PostgresServerInfo);
  return server.stop;
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
