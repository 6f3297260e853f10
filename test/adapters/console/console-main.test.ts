import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-console-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Run the real entry point (what `npm start` runs), type `lines` on stdin, and collect the output. */
function startBot(lines: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['adapters/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        STORE_URL: `sqlite://${join(dir, 'console.sqlite')}`,
        SLACK_BOT_TOKEN: '',
        SLACK_APP_TOKEN: '',
        SLACK_SIGNING_SECRET: '',
        DISCORD_TOKEN: '',
        SOURCES: 'none',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

describe('npm start with no chat tokens', () => {
  it('opens the console chat on the bundled papers and answers the quick-start commands', async () => {
    const { code, stdout, stderr } = await startBot([
      '/papers search low-rank adaptation',
      '/papers follow self-correction, reasoning',
      '/papers picks',
      'react 2 👍',
      '/papers me',
      'react 9 👍',
      '/papers nonsense',
      'quit',
    ]);
    expect(stderr).toContain('loaded the bundled papers');
    expect(code).toBe(0);
    expect(stdout).toContain('Paperboy console');
    expect(stdout).toMatch(/== Papers about "low-rank adaptation" ==\n1\. .*(Low-Rank|LoRA)/);
    expect(stdout).toContain('This channel now follows: self-correction, reasoning.');
    expect(stdout).toMatch(/== Picks for this channel ==\n1\. /);
    expect(stdout).toMatch(/why: matches: /);
    expect(stdout).toMatch(/Noted: more like "/);
    expect(stdout).toContain('You reacted to 1 paper: 1 liked, 0 not for you.');
    expect(stdout).toContain('"9" is not a listed paper number: use 1 to 5.');
    expect(stdout).toContain(`I don't know "nonsense"`);
  }, 60_000);

  it('keeps what it learned across a restart on the same store', async () => {
    const { stdout } = await startBot(['/papers interests', '/papers me']);
    expect(stdout).toContain('1. self-correction');
    expect(stdout).toContain('You reacted to 1 paper');
  }, 60_000);

  it('names the bad variable and exits when the configuration is wrong', async () => {
    const { code, stderr } = await startBot([], { DEFAULT_TIMEZONE: 'Mars/Olympus' });
    expect(code).toBe(2);
    expect(stderr).toContain('DEFAULT_TIMEZONE: "Mars/Olympus" is not an IANA timezone');
  }, 60_000);
});
