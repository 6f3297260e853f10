/**
 * A write that the store refuses at run time: the person is told "I couldn't save that; nothing changed.", the
 * failure is logged, nothing changes, and reads (search, interests) keep working. The failure is real: another
 * process holds sqlite's write lock on the file (`BEGIN EXCLUSIVE`) while the bot tries to follow a topic.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCommand } from '../../commands/index.js';
import { createCore, type CoreInternals } from '../../src/core.js';
import { describeFailure, GENERIC_APOLOGY, UserError } from '../../src/errors.js';
import { readPapersFile } from '../../src/papers/seed-file.js';
import { createMemoryLogger } from '../../src/ports.js';
import { READ_FAILED_MESSAGE, StoreError, WRITE_FAILED_MESSAGE } from '../../src/store/errors.js';
import { openStore, type Store } from '../../src/store/store.js';
import { SEED_FILE } from '../helpers/core-fixture.js';

const CHANNEL = { platform: 'console' as const, workspace: 'local', channel: 'lab' };
const USER = { platform: 'console' as const, workspace: 'local', user: 'ada' };

let dir: string;
let store: Store;
let core: CoreInternals;
let logger: ReturnType<typeof createMemoryLogger>;
let lockHolder: ChildProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-store-failure-'));
  store = await openStore(`sqlite://${join(dir, 'store.sqlite')}`, { busyTimeoutMs: 200 });
  logger = createMemoryLogger();
  core = await createCore({ store, logger, seedPapers: () => readPapersFile(SEED_FILE) });
});
afterEach(async () => {
  lockHolder?.kill('SIGKILL');
  lockHolder = undefined;
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Another process takes the write lock on the store's file and keeps it until killed. */
async function holdWriteLock(file: string): Promise<void> {
  const script = `const s=require('sqlite3');const db=new s.Database(process.argv[1]);db.configure('busyTimeout',5000);db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS lockme(x); INSERT INTO lockme VALUES (1);',e=>{console.log(e?'failed '+e.message:'locked')});setInterval(()=>{},1000);`;
  lockHolder = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const said = await new Promise<string>((resolve) => lockHolder!.stdout!.once('data', (chunk) => resolve(String(chunk))));
  expect(said.trim()).toBe('locked');
}

const run = (text: string) => handleCommand({ core, channel: CHANNEL, user: USER }, text);

describe('a store write that fails at run time', () => {
  it('tells the person nothing changed, logs it, and keeps reads working', async () => {
    await run('follow reasoning');
    await holdWriteLock(join(dir, 'store.sqlite'));

    const { reply } = await run('follow retrieval augmented generation');
    expect(reply.lines).toEqual([WRITE_FAILED_MESSAGE]);
    expect(reply.isError).toBe(true);
    const logged = logger.lines.filter((line) => line.startsWith('error') && line.includes('command failed'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('follow retrieval augmented generation');

    const search = await run('search low-rank adaptation');
    expect(search.reply.isError).toBeFalsy();
    expect(search.reply.papers.length).toBeGreaterThan(0);
    expect((await run('interests')).reply.lines.join('\n')).toContain('reasoning');
    expect((await core.channelSettings(CHANNEL)).interests).toEqual(['reasoning']);

    lockHolder!.kill('SIGKILL');
    await new Promise((resolve) => lockHolder!.once('exit', resolve));
    lockHolder = undefined;
    expect((await run('follow retrieval augmented generation')).reply.isError).toBeFalsy();
    expect((await core.channelSettings(CHANNEL)).interests).toEqual(['reasoning', 'retrieval augmented generation']);
  }, 30_000);
});

describe('describeFailure', () => {
  it("gives a UserError's message, a StoreError's user message, and the apology for anything else", () => {
    expect(describeFailure(new UserError('Use a weekday.'))).toBe('Use a weekday.');
    expect(describeFailure(new StoreError('disk-full', 'Store write failed at /x: the disk is full.'))).toBe(WRITE_FAILED_MESSAGE);
    expect(describeFailure(new StoreError('io', 'Store read failed at /x', { userMessage: READ_FAILED_MESSAGE }))).toBe(READ_FAILED_MESSAGE);
    expect(describeFailure(new Error('SQLITE_BUSY: database is locked'))).toBe(GENERIC_APOLOGY);
  });
});
