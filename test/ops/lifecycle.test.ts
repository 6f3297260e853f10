/**
 * The real bot in a child process: the health endpoints answer, SIGTERM stops it cleanly (exit 0 within the
 * shutdown limit, the store closed and its data readable), every log line is JSON with level, time and msg.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { botEnv, startBot, tsxArgs, waitForStatus } from './bot-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paperboy-lifecycle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bot process', () => {
  it('serves /healthz and /readyz, and stops cleanly on SIGTERM with its store closed', async () => {
    const storeFile = join(dir, 'paperboy.sqlite');
    const bot = startBot(tsxArgs(join(ROOT, 'adapters/main.ts')), { cwd: dir, env: botEnv(storeFile) });
    try {
      const listening = await bot.waitForLog('health server listening', 60_000);
      const base = `http://127.0.0.1:${listening.port as number}`;
      expect(await waitForStatus(`${base}/healthz`, 200, 10_000)).toEqual({ status: 'ok' });
      expect(await waitForStatus(`${base}/readyz`, 200, 60_000)).toEqual({ ready: true });

      // Wait for the console's answer (the follow is stored by then) rather than for a fixed time.
      let stdout = '';
      const followed = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to the follow within 60 s; stdout:\n${stdout}`)), 60_000);
        bot.child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          if (stdout.includes('This channel now follows')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      bot.child.stdin.write('/papers follow low-rank adaptation\n');
      await followed;
      const stopAt = Date.now();
      bot.child.kill('SIGTERM');
      const exit = await bot.exited();
      const took = Date.now() - stopAt;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(took).toBeLessThan(8000);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
    const lines = bot.logLines().map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines) expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) }));
    const messages = lines.map((l) => l.msg);
    expect(messages).toContain('shutting down');
    expect(messages.at(-1)).toBe('stopped cleanly');

    // The store was closed cleanly: another process opens it and finds what the bot wrote.
    const store = await openStore(`sqlite://${storeFile}`);
    try {
      expect(JSON.stringify(await store.collection<unknown>('channel').entries())).toMatch(/low-rank adaptation/);
    } finally {
      await store.close();
    }
  }, 150_000);
});
