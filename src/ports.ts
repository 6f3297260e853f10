/**
 * What the core needs from the outside world. Adapters implement `Platform`; `adapters/main.ts` chooses the
 * real clock, logger and fetch; tests pass settable or recording ones.
 */
import type { ChannelRef, PlatformName, Reply, UserRef } from './types.js';

/** A message the platform accepted. */
export interface PostedMessage {
  /** Platform message id (Slack `ts`, Discord snowflake, console counter). */
  messageId: string;
}

/**
 * What one digest message is, stably: the run that posts it and the item it shows (a paper id, `summary` or
 * `quiet-note`).
 * A platform attaches it to the message (Slack message metadata, a Discord nonce) so the message can be found
 * again after a crash, and so a repeated send is recognised where the platform can.
 */
export interface PostKey {
  runId: string;
  item: string;
}

/** A keyed post as `findPosted` looks for it: its key, its content, and the thread it went to, if any. */
export interface SentPost {
  key: PostKey;
  reply: Reply;
  replyTo?: PostedMessage;
}

export interface PostOptions {
  /** Identifies a digest post; omitted for other messages. */
  key?: PostKey;
  /** Aborted when the poster must stop at once (its digest lease was lost): no further attempt is sent. */
  signal?: AbortSignal;
  /**
   * Post as a reply in the thread of this earlier message of the same channel (a thread-style digest's summary):
   * Slack `thread_ts`, a Discord thread started on it (a reply to it where threads are not allowed), indented on
   * the console. Omitted: a message in the channel itself.
   */
  replyTo?: PostedMessage;
}

/**
 * A chat platform as the digest sees it. `post` sends one message to a channel. It throws
 * `ChannelUnavailableError` when the channel can no longer be posted to (deleted, archived, bot removed, or
 * outside the ref's workspace), and any other error for faults that may pass. `findPosted` reads the channel
 * back: the bot's message posted under `key` (with the content of `reply`, in the thread of `replyTo` when
 * given) at or after `since`, if it is there. The digest calls it after a crash to learn whether a post that
 * was in flight reached the channel.
 */
export interface Platform {
  readonly name: PlatformName;
  post(channel: ChannelRef, reply: Reply, options?: PostOptions): Promise<PostedMessage>;
  findPosted(channel: ChannelRef, sent: SentPost, since: Date): Promise<PostedMessage | undefined>;
  /**
   * The person's direct-message conversation with the bot, opened if needed, as a channel ref in the person's
   * workspace marked `direct`: `post` and `findPosted` then work on it like on a channel. Throws
   * `ChannelUnavailableError` when the person cannot be messaged (left the workspace, blocks direct messages).
   * Platforms that cannot message a person leave it out; personal digests are not sent there.
   */
  openDirect?(user: UserRef): Promise<ChannelRef>;
}

export interface Clock {
  now(): Date;
}

/**
 * Structured log lines: a message plus context fields (`platform`, `workspace`, `channel`, `run`, `error`, ...).
 * The real one (`adapters/logger.ts`) writes JSON or pretty lines to stderr and scrubs secrets. `debug` is
 * optional so small loggers (tests, CLIs) need not implement it: call it as `logger.debug?.(...)`.
 */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
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

/** A logger that keeps lines in memory (tests). */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (name: string) => (m: string, f?: Record<string, unknown>) => {
    lines.push(`${name} ${m}${f ? ` ${safeJson(f)}` : ''}`);
  };
  return { lines, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

function safeJson(fields: Record<string, unknown>): string {
  return JSON.stringify(fields, (_key, value) =>
    value instanceof Error ? { message: value.message, stack: value.stack } : value,
  );
}
