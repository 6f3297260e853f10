/**
 * What the core needs from the outside world. Adapters implement `Platform`; `adapters/main.ts` chooses the
 * real clock, logger and fetch; tests pass settable or recording ones.
 */
import type { ChannelRef, PlatformName, Reply } from './types.js';

/** A message the platform accepted. */
export interface PostedMessage {
  /** Platform message id (Slack `ts`, Discord snowflake, console counter). */
  messageId: string;
}

/**
 * A chat platform as the digest sees it. `post` sends one message to a channel. It throws
 * `ChannelUnavailableError` when the channel can no longer be posted to (deleted, archived, bot removed),
 * and any other error for faults that may pass.
 */
export interface Platform {
  readonly name: PlatformName;
  post(channel: ChannelRef, reply: Reply): Promise<PostedMessage>;
}

export interface Clock {
  now(): Date;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type Fetch = typeof fetch;

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class SettableClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(date: Date): void {
    this.current = new Date(date.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Logs one line per event to stderr, so stdout stays free for the console chat. */
export function createStderrLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 };
  const write = (name: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => {
    if (order[name] < order[level]) return;
    const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
    process.stderr.write(`${new Date().toISOString()} ${name.toUpperCase()} ${message}${extra}\n`);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** A logger that keeps lines in memory (tests). */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (name: string) => (m: string, f?: Record<string, unknown>) => {
    lines.push(`${name} ${m}${f ? ` ${safeJson(f)}` : ''}`);
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

function safeJson(fields: Record<string, unknown>): string {
  return JSON.stringify(fields, (_key, value) =>
    value instanceof Error ? { message: value.message, stack: value.stack } : value,
  );
}
