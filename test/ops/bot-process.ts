/** Starts the real bot as a child process (console chat, stdin kept open) and reads its JSON log lines. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  /** Every stderr line parsed as JSON (a line that is not JSON fails the parse test in `allJson`). */
  logLines(): string[];
  /** Resolves with the first log line whose msg is `msg`. */
  waitForLog(msg: string, timeoutMs: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code and the milliseconds from the call to the exit. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Arguments that make node run a TypeScript file through tsx, wherever the working directory is. */
export function tsxArgs(file: string): string[] {
  return ['--import', pathToFileURL(fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url))).href, file];
}

export function startBot(args: string[], options: { cwd: string; env: Record<string, string> }): BotProcess {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env };
  const child = spawn(process.execPath, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const wake of waiters.splice(0)) wake();
  });
  child.stdout.resume();
  child.once('exit', () => {
    for (const wake of waiters.splice(0)) wake();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const logLines = () => stderr.split('\n').filter(Boolean);
  const find = (msg: string) =>
    logLines()
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return undefined;
        }
      })
      .find((line) => line?.msg === msg);
  return {
    child,
    logLines,
    exited: () => exit,
    waitForLog: (msg, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${msg}" log line within ${timeoutMs} ms; stderr:\n${stderr}`)), timeoutMs);
        const look = () => {
          const line = find(msg);
          if (line) {
            clearTimeout(timer);
            resolve(line);
          } else if (child.exitCode !== null) {
            clearTimeout(timer);
            reject(new Error(`the bot exited (${child.exitCode}) before "${msg}"; stderr:\n${stderr}`));
          } else waiters.push(look);
        };
        look();
      }),
  };
}

/** Poll `url` until it answers `status` (or the time is up); returns the last JSON body. */
export async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      last = await response.json();
      if (response.status === status) return last;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}

/** An environment with no chat tokens, no network sources, JSON logs and the health server on a free port. */
export function botEnv(storeFile: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    STORE_URL: `sqlite://${storeFile}`,
    SOURCES: 'none',
    LOG_FORMAT: 'json',
    HEALTH_PORT: '0',
    HEALTH_HOST: '127.0.0.1',
    SHUTDOWN_TIMEOUT_MS: '8000',
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    DISCORD_TOKEN: '',
    ...extra,
  };
}
