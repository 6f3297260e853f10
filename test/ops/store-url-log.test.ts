/**
 * The `ready` line names the store, never its password: the value scrubbing skips secrets shorter than six
 * characters, so the logger also takes the password out of any URL that carries one. The real bot on the test
 * Postgres, as a role whose password is two characters long.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { scrubText } from '../../adapters/logger.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { botEnv, startBot, tsxArgs } from './bot-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paperboy-store-url-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the store URL in the logs', () => {
  it.each([
    ['postgres://pb:pw@db:5432/paperboy', 'postgres://pb:[redacted]@db:5432/paperboy'],
    ['postgresql://pb:a%2Fb@db/paperboy', 'postgresql://pb:[redacted]@db/paperboy'],
    ['postgres://pb@db/paperboy', 'postgres://pb@db/paperboy'],
    ['sqlite://data/paperboy.sqlite', 'sqlite://data/paperboy.sqlite'],
    ['memory://', 'memory://'],
    ['cannot reach postgres://pb:pw@db/paperboy (refused); see https://example.org/a:b@c', 'cannot reach postgres://pb:[redacted]@db/paperboy (refused); see https://example.org/a:b@c'],
  ])('scrubText(%s) is %s', (text, logged) => {
    expect(scrubText(text, [])).toBe(logged);
  });

  it('the bot logs `ready` with the store but not a short password', async () => {
    const url = new URL(await createTestDatabase());
    const role = `pb_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url.href });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
      await admin.query(`GRANT ALL ON SCHEMA public TO ${role}`);
    } finally {
      await admin.end();
    }
    url.username = role;
    url.password = 'pw';
    const bot = startBot(tsxArgs(join(ROOT, 'adapters/main.ts')), { cwd: dir, env: botEnv('unused', { STORE_URL: url.href }) });
    try {
      const ready = await bot.waitForLog('ready', 60_000);
      expect(ready.store).toBe(`postgres://${role}:[redacted]@${url.host}${url.pathname}`);
      expect(bot.logLines().join('\n')).not.toContain(':pw@');
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited();
    }
  }, 90_000);
});
