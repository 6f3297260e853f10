/**
 * A store the bot cannot use stops it at start with a message for the operator: the path, the cause in words and
 * what to do, no stack trace, exit code 2. Runs the real entry point (what `npm start` runs) as a child process.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-store-start-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Start the bot on `storeFile` with no chat tokens and no input; resolve when it exits. */
function startBot(storeFile: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, STORE_URL: `sqlite://${storeFile}`, SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', DISCORD_TOKEN: '', SOURCES: 'none', LOG_FORMAT: 'json' };
    const child = spawn(TSX, ['adapters/main.ts'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end('quit\n');
  });
}

/** The line the bot printed about the store, or the whole stderr when there is none. */
const storeLine = (stderr: string) => stderr.split('\n').find((line) => line.startsWith('Paperboy cannot start: ')) ?? stderr;

describe('a store that cannot be used at start', () => {
  it('a directory where the file should be: names the path and says to point STORE_URL at a file', async () => {
    const path = join(dir, 'is-a-directory.sqlite');
    await mkdir(path);
    const { code, stderr } = await startBot(path);
    expect(code).toBe(2);
    const line = storeLine(stderr);
    expect(line).toContain(path);
    expect(line).toContain('is a directory');
    expect(line).toContain('To fix: point STORE_URL at a file path');
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('a file that is not a database: names the path, says it is corrupt and how to recover', async () => {
    const path = join(dir, 'garbage.sqlite');
    await writeFile(path, Buffer.alloc(8192, 'this is not a sqlite database '));
    const { code, stderr } = await startBot(path);
    expect(code).toBe(2);
    const line = storeLine(stderr);
    expect(line).toContain(path);
    expect(line).toContain('corrupt or is not a sqlite database');
    expect(line).toContain('restore it from a backup');
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('a directory that is a regular file: says the directory cannot be created or written', async () => {
    await writeFile(join(dir, 'plain-file'), 'not a directory');
    const path = join(dir, 'plain-file', 'store.sqlite');
    const { code, stderr } = await startBot(path);
    expect(code).toBe(2);
    const line = storeLine(stderr);
    expect(line).toContain(path);
    expect(line).toContain('directory cannot be created or written');
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 60_000);
});
