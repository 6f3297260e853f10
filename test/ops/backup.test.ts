import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { tsxArgs } from './bot-process.js';

const CLI = fileURLToPath(new URL('../../adapters/cli/backup.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paperboy-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], storeFile: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...tsxArgs(CLI), ...args], { cwd: dir, env: { PATH: process.env.PATH, STORE_URL: `sqlite://${storeFile}` } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('backup and restore', () => {
  it('backs up a store while another connection writes, and restores it into a new place', async () => {
    const live = join(dir, 'live.sqlite');
    const store = await openStore(`sqlite://${live}`);
    const notes = store.collection<{ n: number }>('note');
    for (let i = 0; i < 200; i++) await notes.set(`k${i}`, { n: i });
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) await notes.set(`w${written++}`, { n: written });
    })();
    const backupFile = join(dir, 'backups/backup.sqlite');
    const made = await cli(['backup', backupFile], live);
    writing = false;
    await writer;
    await store.close();
    expect(made).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Backed up .* entries\)/) });
    expect(written).toBeGreaterThan(0);

    // Not over an existing file without --force; with it, yes.
    expect(await cli(['backup', backupFile], live)).toMatchObject({ code: 2, stderr: expect.stringMatching(/already exists; pass --force/) });
    expect((await cli(['backup', backupFile, '--force'], live)).code).toBe(0);

    // Restore into a new path (with a stale -wal there that must not be replayed), then read it back.
    const restored = join(dir, 'restored.sqlite');
    writeFileSync(`${restored}-wal`, 'stale');
    expect(await cli(['restore', backupFile], restored)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Restored/) });
    expect(existsSync(`${restored}-wal`)).toBe(false);
    const back = await openStore(`sqlite://${restored}`);
    try {
      const entries = await back.collection<{ n: number }>('note').entries();
      expect(entries.filter(([k]) => k.startsWith('k'))).toHaveLength(200);
      expect((await back.collection<{ n: number }>('note').get('k199'))?.n).toBe(199);
    } finally {
      await back.close();
    }
    // A second restore over the existing store needs --force.
    expect(await cli(['restore', backupFile], restored)).toMatchObject({ code: 2, stderr: expect.stringMatching(/stop the bot, then run again with --force/) });
  }, 60_000);

  it('refuses to restore a file that is not a Paperboy store, and explains its usage', async () => {
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'not a database at all, just text that is long enough to be read as a header');
    const result = await cli(['restore', junk], join(dir, 'x.sqlite'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a sound sqlite file|cannot be opened|not a database/);
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
    const usage = await cli(['backup'], join(dir, 'x.sqlite'));
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Usage: npm run backup -- FILE/) });
  }, 60_000);
});
