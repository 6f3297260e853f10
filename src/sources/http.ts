/**
 * The one road to the network for paper sources. arXiv asks for at most one request every three seconds over
 * one connection, and answers 429/503 when pushed; feeds hang. So every request here goes through a rate
 * limiter that runs requests one at a time, retries 429 and 5xx with exponential backoff (honouring
 * `Retry-After`), and gives up after a timeout. Time and sleeping are injected, so tests never wait.
 */
import type { Clock, Fetch, Logger } from '../ports.js';
import type { SourceName } from '../types.js';

/** Why a source request failed: the words an operator sees in logs and summaries. */
export type SourceFailureKind = 'unreachable' | 'timeout' | 'http' | 'malformed' | 'api-error' | 'aborted';

/** A source could not be read. Carries the source and a short reason; never shown to chat users as is. */
export class SourceError extends Error {
  constructor(
    readonly source: SourceName,
    readonly kind: SourceFailureKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SourceError';
  }
}

/** Wait `ms` milliseconds. Injected so tests can advance a clock instead of sleeping. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Runs tasks one at a time and starts each at least `intervalMs` after the previous one finished (on `clock`),
 * so the host sees its requests `intervalMs` apart however long a response or a new connection takes (arXiv
 * asks for three seconds between calls). Share one limiter between everything that talks to the same host.
 */
export class RateLimiter {
  private nextStartMs = Number.NEGATIVE_INFINITY;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly sleep: Sleep,
    readonly intervalMs: number,
  ) {}

  /** Run `task` when its turn comes; resolves or rejects with the task's own outcome. */
  schedule<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(async () => {
      const waitMs = this.nextStartMs - this.clock.now().getTime();
      if (waitMs > 0) await this.sleep(waitMs);
      try {
        return await task();
      } finally {
        this.nextStartMs = this.clock.now().getTime() + this.intervalMs;
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}

export interface HttpClientOptions {
  source: SourceName;
  fetch: Fetch;
  clock: Clock;
  logger: Logger;
  limiter: RateLimiter;
  /** Give up on one attempt (headers and body) after this many milliseconds. */
  timeoutMs: number;
  sleep?: Sleep;
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff delay in milliseconds; doubles per retry. Default 3000. */
  baseDelayMs?: number;
  /** Longest wait between attempts; a `Retry-After` beyond it makes the request fail instead. Default 120000. */
  maxDelayMs?: number;
}

export interface TextResponse {
  status: number;
  body: string;
  url: string;
}

export interface HttpClient {
  /**
   * GET `url` as text. Resolves with any final response that is not retried (2xx, and 4xx other than 429, so
   * callers can read an error body); throws `SourceError` when the source is unreachable, too slow, or still
   * busy after the last attempt.
   */
  get(url: string, signal?: AbortSignal): Promise<TextResponse>;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const USER_AGENT = 'Paperboy/0.1 (paper recommendation bot; one request every 3 s)';

/** Build a client for one source. See `HttpClientOptions` for the defaults. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const sleep = options.sleep ?? realSleep;
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 3000;
  const maxDelayMs = options.maxDelayMs ?? 120_000;
  const { source, logger } = options;

  return {
    async get(url, signal) {
      for (let attempt = 1; ; attempt++) {
        const response = await options.limiter.schedule(() => fetchOnce(options, url, signal));
        if (!RETRYABLE_STATUS.has(response.status)) return response;
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), options.clock.now());
        const delayMs = Math.max(retryAfterMs ?? 0, baseDelayMs * 2 ** (attempt - 1));
        const reason = `HTTP ${response.status}`;
        if (attempt >= maxAttempts) {
          throw new SourceError(source, 'http', `${reason} after ${attempt} attempts`, response.status);
        }
        if (delayMs > maxDelayMs) {
          throw new SourceError(source, 'http', `${reason}; the server asks to wait ${Math.round(delayMs / 1000)} s`, response.status);
        }
        logger.warn('source busy, retrying', { source, url, status: response.status, attempt, delayMs });
        await sleep(delayMs);
        if (signal?.aborted) throw new SourceError(source, 'aborted', 'stopped before retrying');
      }
    },
  };
}

interface RawResponse extends TextResponse {
  headers: Headers;
}

async function fetchOnce(options: HttpClientOptions, url: string, outer?: AbortSignal): Promise<RawResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
  try {
    const response = await options.fetch(url, { signal, headers: { 'user-agent': USER_AGENT, accept: '*/*' } });
    const body = await response.text();
    return { status: response.status, body, url, headers: response.headers };
  } catch (error) {
    throw describeFetchError(options.source, url, error, timeout.aborted, options.timeoutMs);
  }
}

function describeFetchError(source: SourceName, url: string, error: unknown, timedOut: boolean, timeoutMs: number): SourceError {
  if (timedOut) return new SourceError(source, 'timeout', `no complete response within ${timeoutMs} ms`, undefined, { cause: error });
  if (error instanceof Error && error.name === 'AbortError') return new SourceError(source, 'aborted', 'request stopped', undefined, { cause: error });
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new SourceError(source, 'unreachable', `cannot reach ${hostOf(url)} (${detail})`, undefined, { cause: error });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Read a `Retry-After` header: delay seconds (`120`) or an HTTP date. Returns milliseconds from `now`, or
 * undefined when the header is missing or unreadable.
 */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** Throw a `SourceError` for a response that is not 2xx. */
export function assertOk(source: SourceName, response: TextResponse): void {
  if (response.status >= 200 && response.status < 300) return;
  throw new SourceError(source, 'http', `HTTP ${response.status} from ${hostOf(response.url)}`, response.status);
}
