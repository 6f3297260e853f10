/**
 * The real bot (a child process) on STORE_URL=postgres://: it starts on the run's embedded Postgres and loads the
 * bundled papers into it, and a bad STORE_URL stops it at start with a message that names STORE_URL and the
 * server and never shows the password. Several instances start at once on one database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { botEnv, startBot, tsxArgs } from '../ops/bot-process.js';
import { createTestDatabase } from '../helpers/postgres.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'adapters/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'paperboy-pgbot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bot on Postgres', () => {
  it('starts, stores the bundled papers in Postgres, and stops cleanly', async () => {
    const url = await createTestDatabase();
    const password = decodeURIComponent(new URL(url).password);
    const bot = startBot(tsxArgs(MAIN), { cwd: dir, env: botEnv('unused', { STORE_URL: url }) });
    const ready = await bot.waitForLog('ready', 100_000);
    expect(ready.papers).toBe(71);
    bot.child.kill('SIGTERM');
    expect((await bot.exited()).code).toBe(0);
    expect(bot.logLines().join('\n')).not.toContain(password);
    const store = await openStore(url);
    expect((await store.collection('paper').entries()).length).toBe(71);
    await store.close();
  }, 120_000);

  it('three instances start at once on one new database: one migrates, all are ready, the papers are stored once', async () => {
    const url = await createTestDatabase();
    const bots = [0, 1, 2].map(() => startBot(tsxArgs(MAIN), { cwd: dir, env: botEnv('unused', { STORE_URL: url }) }));
    const ready = await Promise.all(bots.map((bot) => bot.waitForLog('ready', 100_000)));
    expect(ready.map((line) => line.papers)).toEqual([71, 71, 71]);
    for (const bot of bots) bot.child.kill('SIGTERM');
    expect((await Promise.all(bots.map((bot) => bot.exited()))).map((exit) => exit.code)).toEqual([0, 0, 0]);
    const store = await openStore(url);
    expect((await store.collection('paper').entries()).length).toBe(71);
    expect(await store.collections()).toContain('paper');
    await store.close();
  }, 150_000);

  it('stops at start with a message naming STORE_URL when the password is wrong, without printing it', async () => {
    const url = (await createTestDatabase()).replace(/:[^:@/]+@/, ':Wrong-Secret-42@');
    const bot = startBot(tsxArgs(MAIN), { cwd: dir, env: botEnv('unused', { STORE_URL: url }) });
    const { code } = await bot.exited();
    const stderr = bot.logLines().join('\n');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/STORE_URL: cannot open the Postgres store at 127\.0\.0\.1:\d+\/pb_\w+ as postgres: the server refused the user name or password/);
    expect(stderr).not.toContain('Wrong-Secret-42');
    expect(stderr).not.toMatch(/\n\s+at /); // the operator gets the words, not a stack
  }, 120_000);
});
