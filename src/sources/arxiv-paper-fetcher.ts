/**
 * One paper by arXiv id, fetched when a channel follows or searches for a paper the bot has not stored: the
 * core's `fetchPaper` dependency, built on the arXiv API source (id list) with arXiv's rate limit. A person is
 * waiting, so it tries twice at most and gives up on one attempt after the configured timeout.
 */
import type { Clock, Fetch, Logger } from '../ports.js';
import type { Paper } from '../types.js';
import { ArxivApiSource } from './arxiv-api.js';
import { createHttpClient, RateLimiter, realSleep, type Sleep } from './http.js';
import { ARXIV_INTERVAL_MS } from './ingest.js';

export interface ArxivPaperFetcherOptions {
  fetch: Fetch;
  clock: Clock;
  logger: Logger;
  /** The arXiv API query endpoint (config `ARXIV_API_URL`). */
  baseUrl: string;
  /** Milliseconds before one attempt is given up (config `FETCH_TIMEOUT_MS`). */
  timeoutMs: number;
  /** Default: a real timer. */
  sleep?: Sleep;
  /** Milliseconds between requests. Default arXiv's 3000. */
  intervalMs?: number;
}

/**
 * A `fetchPaper(id)` for `createCore`: the paper (version-less id), or undefined when arXiv lists no such
 * paper. Throws `SourceError` when arXiv cannot be reached or answers with an error.
 */
export function createArxivPaperFetcher(options: ArxivPaperFetcherOptions): (id: string) => Promise<Paper | undefined> {
  const sleep = options.sleep ?? realSleep;
  const limiter = new RateLimiter(options.clock, sleep, options.intervalMs ?? ARXIV_INTERVAL_MS);
  const http = createHttpClient({ source: 'arxiv-api', fetch: options.fetch, clock: options.clock, logger: options.logger, limiter, sleep, timeoutMs: options.timeoutMs, maxAttempts: 2, baseDelayMs: 1000 });
  const api = new ArxivApiSource({ http, baseUrl: options.baseUrl });
  return async (id) => {
    const page = await api.fetchByIds([id], options.clock.now().toISOString());
    return page.papers.find((p) => p.id === id);
  };
}
