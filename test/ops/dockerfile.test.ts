/**
 * No Docker daemon here, so the Dockerfile is checked by running its own steps: the build stage's COPYs into a
 * temp dir, its npm RUN steps there (`npm ci` from the local cache), the runtime stage's COPYs from that into a
 * second dir, then the image's CMD with its ENV, probed with the image's HEALTHCHECK command and stopped with
 * SIGTERM. Slow (npm ci builds sqlite3 from source; 2-3 minutes on an idle 2-core machine, far more under
 * load), so it runs only when asked: `PAPERBOY_DOCKERFILE_TEST=1 npx vitest run test/ops/dockerfile.test.ts`.
 */
import { exec, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { botEnv, startBot, waitForStatus } from './bot-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENABLED = process.env.PAPERBOY_DOCKERFILE_TEST === '1';
let work = '';
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
}, 120_000);

interface Stage {
  from: string;
  lines: string[];
}

/** The Dockerfile's stages, each with its instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const joined = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of joined) {
    if (/^FROM\s/i.test(line)) stages.push({ from: line, lines: [] });
    else stages.at(-1)!.lines.push(line);
  }
  return stages;
}

/** `COPY [--flags] a b ./dest/` -> sources and destination. */
function copyArgs(line: string): { from?: string; sources: string[]; dest: string } {
  const parts = line.split(/\s+/).slice(1);
  const from = parts.find((p) => p.startsWith('--from='))?.slice('--from='.length);
  const paths = parts.filter((p) => !p.startsWith('--'));
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

function copyInto(srcRoot: string, destRoot: string, line: string): void {
  const { sources, dest } = copyArgs(line);
  for (const source of sources) {
    const from = join(srcRoot, source.replace(/^\/app\/?/, ''));
    const into = dest.endsWith('/') || sources.length > 1 ? join(destRoot, dest, source.split('/').at(-1)!) : join(destRoot, dest);
    mkdirSync(dirname(into), { recursive: true });
    if (srcRoot === ROOT) cpSync(from, into, { recursive: true });
    else renameSync(from, into);
  }
}

describe.skipIf(!ENABLED)('Dockerfile (PAPERBOY_DOCKERFILE_TEST=1)', () => {
  it('its build steps produce an app that starts, passes its HEALTHCHECK and stops on SIGTERM', async () => {
    const started = Date.now();
    work = mkdtempSync(join(tmpdir(), 'paperboy-docker-'));
    const [build, runtime] = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    expect(build.from).toMatch(/^FROM node:20-slim AS build$/i);
    expect(runtime.from).toMatch(/^FROM node:20-slim$/i);

    // Build stage, in order.
    const buildDir = join(work, 'build');
    mkdirSync(buildDir);
    const ran: string[] = [];
    for (const line of build.lines) {
      if (/^COPY\s/i.test(line)) copyInto(ROOT, buildDir, line);
      const run = /^RUN\s+(.*)$/i.exec(line)?.[1];
      if (!run || run.startsWith('apt-get')) continue; // system packages: present on this machine
      const command = run === 'npm ci' ? 'npm ci --prefer-offline --no-audit --no-fund' : run;
      await promisify(exec)(command, { cwd: buildDir, env: { ...process.env, NODE_ENV: '' }, timeout: 1_500_000, maxBuffer: 64 * 1024 * 1024 });
      ran.push(run);
    }
    expect(ran).toEqual(['npm ci', 'npm run build', 'npm prune --omit=dev']);
    expect(existsSync(join(buildDir, 'node_modules/vitest'))).toBe(false);

    // Runtime stage: its COPY --from=build lines, its ENV, its CMD.
    const appDir = join(work, 'app');
    mkdirSync(appDir);
    const env: Record<string, string> = {};
    let cmd: string[] = [];
    let healthcheck: string[] = [];
    for (const line of runtime.lines) {
      if (/^COPY\s/i.test(line)) {
        expect(copyArgs(line).from).toBe('build');
        copyInto(buildDir, appDir, line);
      }
      const envLine = /^ENV\s+(.*)$/i.exec(line)?.[1];
      if (envLine) for (const [, k, v] of envLine.matchAll(/(\w+)=(\S+)/g)) env[k] = v;
      if (/^CMD\s/i.test(line)) cmd = JSON.parse(line.slice(4)) as string[];
      if (/^HEALTHCHECK\s/i.test(line)) healthcheck = JSON.parse(line.slice(line.indexOf('CMD') + 4)) as string[];
      if (/^USER\s/i.test(line)) expect(line).toBe('USER node');
    }
    expect(env).toMatchObject({ STORE_URL: 'sqlite:///app/data/paperboy.sqlite', HEALTH_PORT: '8080' });
    expect(cmd).toEqual(['node', 'dist/adapters/main.js']);
    expect(existsSync(join(appDir, 'dist/data/seed-papers.json'))).toBe(true);
    const buildMs = Date.now() - started;

    // The image's ENV, with the store under this temp dir instead of /app/data and a free port instead of 8080.
    const store = join(appDir, 'data/paperboy.sqlite');
    const bot = startBot(cmd.slice(1), { cwd: appDir, env: botEnv(store, { NODE_ENV: env.NODE_ENV ?? '', LOG_FORMAT: env.LOG_FORMAT ?? 'json' }) });
    try {
      const listening = await bot.waitForLog('health server listening', 60_000);
      const port = String(listening.port);
      expect(await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 10_000)).toEqual({ status: 'ok' });
      // The HEALTHCHECK command itself exits 0 against the running app.
      execFileSync(process.execPath, healthcheck.slice(1), { env: { ...process.env, HEALTH_PORT: port }, timeout: 10_000 });
      expect(await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 60_000)).toEqual({ ready: true });
      bot.child.kill('SIGTERM');
      expect(await bot.exited()).toEqual({ code: 0, signal: null });
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
    console.log(`dockerfile steps: build ${Math.round(buildMs / 1000)} s, total ${Math.round((Date.now() - started) / 1000)} s`);
  }, 1_800_000);
});
