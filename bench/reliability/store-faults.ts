/**
 * Store faults must be explained. Each fault is made real (as root, chmod blocks nothing, so: garbage bytes, a
 * truncated file, a directory where the file should be, a regular file where its directory should be, another
 * process holding `BEGIN EXCLUSIVE`, a read-only filesystem with and without the file, a full 1 MB tmpfs); then
 * the store is opened and written as the bot does. The message the operator gets is clear only when it names the
 * path and says the cause in words; a raw `SQLITE_...` code without the path, or no error at all, is unclear.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openStore } from '../../src/store/store.js';
import { mountTmpfs } from './tmpfs.js';
import { random, subdir, type ProbeOptions, type Report } from './keys.js';

const CAUSE = /read-?only|not writable|cannot be (?:created or )?written|permission|no space|disk is full|disk full|database or disk is full|corrupt|malformed|not a database|is a directory|locked|busy|in use|not a directory|does not exist|no such file|missing/i;

/** Open the store at `file` and write to it as the bot would; the error message, or undefined when all worked. */
async function tryStore(file: string, bigWrites = 0): Promise<string | undefined> {
  try {
    const store = await openStore(`sqlite://${file}`, { busyTimeoutMs: 300 });
    try {
      const c = store.collection<{ text: string }>('fault');
      await c.set('probe', { text: 'hello' });
      for (let i = 0; i < bigWrites; i++) await c.set(`big${i}`, { text: 'x'.repeat(64 * 1024) });
      await c.get('probe');
    } finally {
      await store.close().catch(() => undefined);
    }
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Clear: names the file (or its directory) and gives a cause in words beyond a raw code. */
export function isClear(message: string | undefined, file: string): boolean {
  if (!message) return false;
  const names = message.includes(file) || message.includes(dirname(file)) || message.includes(basename(file));
  const words = message.replace(/\bSQLITE_[A-Z_]+\b|\bE[A-Z]{3,}\b/g, '');
  return names && CAUSE.test(words);
}

/** A child process that holds an exclusive lock on `file` until killed. */
async function holdExclusiveLock(file: string): Promise<() => void> {
  const script = `const s=require('sqlite3');const db=new s.Database(process.argv[1]);db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS lockme(x); INSERT INTO lockme VALUES (1);',e=>{console.log(e?'failed '+e.message:'locked')});setInterval(()=>{},1000);`;
  const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'], cwd: process.cwd() });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return () => child.kill('SIGKILL');
}

async function makeStore(file: string): Promise<void> {
  const store = await openStore(`sqlite://${file}`);
  await store.collection<string>('fault').set('seed', 'some data');
  await store.close();
}

type Fault = [name: string, run: (dir: string) => Promise<{ file: string; message: string | undefined } | 'skipped'>];

const FAULTS: Fault[] = [
  ['corrupt file (garbage bytes)', async (dir) => {
    const file = join(dir, 'store.sqlite');
    const rnd = random(3);
    writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, () => Math.floor(rnd() * 256))));
    return { file, message: await tryStore(file) };
  }],
  ['truncated database', async (dir) => {
    const file = join(dir, 'store.sqlite');
    await makeStore(file);
    const size = readFileSync(file).length;
    truncateSync(file, Math.max(100, Math.floor(size / 3)));
    return { file, message: await tryStore(file, 4) };
  }],
  ['file is a directory', async (dir) => {
    const file = join(dir, 'store.sqlite');
    mkdirSync(file);
    return { file, message: await tryStore(file) };
  }],
  ['directory is a regular file', async (dir) => {
    writeFileSync(join(dir, 'data'), 'not a directory');
    const file = join(dir, 'data', 'store.sqlite');
    return { file, message: await tryStore(file) };
  }],
  ['locked by another process', async (dir) => {
    const file = join(dir, 'store.sqlite');
    await makeStore(file);
    const release = await holdExclusiveLock(file);
    try {
      return { file, message: await tryStore(file) };
    } finally {
      release();
    }
  }],
  ['read-only filesystem (existing file)', async (dir) => {
    const mount = mountTmpfs(join(dir, 'ro'), '4m');
    if (!mount) return 'skipped';
    try {
      const file = join(mount.dir, 'store.sqlite');
      await makeStore(file);
      mount.readOnly();
      return { file, message: await tryStore(file) };
    } finally {
      mount.unmount();
    }
  }],
  ['directory not writable (read-only filesystem, no file yet)', async (dir) => {
    const mount = mountTmpfs(join(dir, 'rodir'), '1m');
    if (!mount) return 'skipped';
    try {
      mount.readOnly();
      const file = join(mount.dir, 'store.sqlite');
      return { file, message: await tryStore(file) };
    } finally {
      mount.unmount();
    }
  }],
  ['disk full (1 MB tmpfs)', async (dir) => {
    const mount = mountTmpfs(join(dir, 'full'), '1m');
    if (!mount) return 'skipped';
    try {
      const file = join(mount.dir, 'store.sqlite');
      return { file, message: await tryStore(file, 40) };
    } finally {
      mount.unmount();
    }
  }],
];

/** store_faults_tried, store_faults_unclear. */
export async function storeFaultsProbe(opts: ProbeOptions): Promise<Report> {
  let tried = 0;
  let unclear = 0;
  for (const [name, run] of FAULTS) {
    const outcome = await run(await subdir(opts, 'fault'));
    if (outcome === 'skipped') {
      opts.note?.(`store fault "${name}": skipped (mounting a tmpfs is not permitted here)`);
      continue;
    }
    tried++;
    const clear = isClear(outcome.message, outcome.file);
    if (!clear) unclear++;
    opts.note?.(`store fault "${name}": ${clear ? 'clear' : 'UNCLEAR'}: ${outcome.message === undefined ? '(no error at all)' : JSON.stringify(outcome.message.slice(0, 160))}`);
  }
  return { store_faults_tried: tried, store_faults_unclear: unclear };
}
