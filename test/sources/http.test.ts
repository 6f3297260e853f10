import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/ports.js';
import { createHttpClient, parseRetryAfter, RateLimiter, SourceError, type HttpClient } from '../../src/sources/http.js';
import { fakeTime, send, startServer, type FakeTime, type FixtureServer, type Handler } from './fixture-server.js';
import { CLOSED_PORT } from '../helpers/free-port.js';

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(time: FakeTime, options: { timeoutMs?: number; intervalMs?: number; maxAttempts?: number } = {}): { http: HttpClient; logger: ReturnType<typeof createMemoryLogger> } {
  const logger = createMemoryLogger();
  const limiter = new RateLimiter(time.clock, time.sleep, options.intervalMs ?? 3000);
  const http = createHttpClient({
    source: 'arxiv-api',
    fetch: time.recordFetch(fetch),
    clock: time.clock,
    logger,
    limiter,
    sleep: time.sleep,
    timeoutMs: options.timeoutMs ?? 5000,
    maxAttempts: options.maxAttempts,
  });
  return { http, logger };
}

async function serve(handler: Handler): Promise<string> {
  server = await startServer(handler);
  return server.origin;
}

describe('RateLimiter', () => {
  it('starts requests 3 s apart and runs them one at a time, measured on the injected clock', async () => {
    const time = fakeTime();
    const origin = await serve((_req, res) => send(res, 200, 'ok', 'text/plain'));
    const { http } = client(time);
    const responses = await Promise.all([1, 2, 3, 4].map((n) => http.get(`${origin}/q?n=${n}`)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(time.requestTimes).toEqual([0, 3000, 6000, 9000]);
    expect(server!.requests).toEqual(['/q?n=1', '/q?n=2', '/q?n=3', '/q?n=4']);
  });

  it('does not wait when the interval has already passed', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(time.clock, time.sleep, 3000);
    await limiter.schedule(async () => 'first');
    time.clock.advance(10_000);
    await limiter.schedule(async () => 'second');
    expect(time.sleeps).toEqual([]);
  });

  it('counts the interval from the end of the previous request, so a slow response does not bring the next one closer', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(time.clock, time.sleep, 3000);
    const starts: number[] = [];
    const slowTask = async () => {
      starts.push(time.clock.now().getTime());
      time.clock.advance(2000); // the response takes 2 s
    };
    await Promise.all([limiter.schedule(slowTask), limiter.schedule(slowTask)]);
    expect(starts.map((at) => at - starts[0])).toEqual([0, 5000]);
  });

  it('keeps going after a task fails', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(time.clock, time.sleep, 3000);
    await expect(limiter.schedule(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.schedule(async () => 'next')).resolves.toBe('next');
    expect(time.sleeps).toEqual([3000]);
  });
});

describe('HttpClient retries', () => {
  it('retries a 503 after a backoff and returns the success', async () => {
    const time = fakeTime();
    let calls = 0;
    const origin = await serve((_req, res) => (++calls === 1 ? send(res, 503, 'busy', 'text/plain') : send(res, 200, '<ok/>')));
    const { http, logger } = client(time);
    const response = await http.get(`${origin}/api/query`);
    expect(response).toMatchObject({ status: 200, body: '<ok/>' });
    expect(calls).toBe(2);
    expect(time.sleeps).toEqual([3000]);
    expect(time.requestTimes).toEqual([0, 3000]);
    expect(logger.lines.some((l) => l.includes('source busy, retrying') && l.includes('"status":503'))).toBe(true);
  });

  it('waits as long as Retry-After asks on a 429 (seconds or an HTTP date)', async () => {
    const time = fakeTime();
    let calls = 0;
    const origin = await serve((_req, res) => (++calls === 1 ? send(res, 429, 'slow down', 'text/plain', { 'retry-after': '7' }) : send(res, 200, 'ok')));
    const { http } = client(time);
    await expect(http.get(`${origin}/x`)).resolves.toMatchObject({ status: 200 });
    expect(time.sleeps).toEqual([7000]);
    expect(parseRetryAfter('Fri, 12 Jun 2026 06:00:20 GMT', new Date('2026-06-12T06:00:00Z'))).toBe(20_000);
    expect(parseRetryAfter('soon', new Date())).toBeUndefined();
  });

  it('doubles the backoff and gives up after the last attempt with the status', async () => {
    const time = fakeTime();
    const origin = await serve((_req, res) => send(res, 503, 'down', 'text/plain'));
    const { http } = client(time, { maxAttempts: 3 });
    const error = await http.get(`${origin}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ kind: 'http', status: 503, source: 'arxiv-api' });
    expect(time.sleeps).toEqual([3000, 6000]);
    expect(server!.requests).toHaveLength(3);
  });

  it('fails at once when Retry-After asks for longer than it is willing to wait', async () => {
    const time = fakeTime();
    const origin = await serve((_req, res) => send(res, 429, '', 'text/plain', { 'retry-after': '3600' }));
    const { http } = client(time);
    await expect(http.get(`${origin}/x`)).rejects.toMatchObject({ kind: 'http', status: 429 });
    expect(server!.requests).toHaveLength(1);
  });

  it('returns a 4xx other than 429 without retrying, for the caller to read', async () => {
    const time = fakeTime();
    const origin = await serve((_req, res) => send(res, 400, '<feed/>'));
    const { http } = client(time);
    await expect(http.get(`${origin}/x`)).resolves.toMatchObject({ status: 400, body: '<feed/>' });
    expect(server!.requests).toHaveLength(1);
  });
});

describe('HttpClient failures', () => {
  it('gives up on a response slower than the timeout', async () => {
    const time = fakeTime();
    let answered = false;
    const origin = await serve((_req, res) => {
      setTimeout(() => ((answered = true), send(res, 200, 'too late')), 2000);
    });
    const { http } = client(time, { timeoutMs: 200 });
    await expect(http.get(`${origin}/slow`)).rejects.toMatchObject({ kind: 'timeout', source: 'arxiv-api' });
    // It gave up at its timeout, before the slow answer was sent (an order, not a wall-clock bound, so a loaded
    // machine cannot fail it: the 200 ms timer always fires before the server's 2 s one).
    expect(answered).toBe(false);
  });

  it('reports an unreachable host as unreachable', async () => {
    const time = fakeTime();
    const { http } = client(time);
    const error = (await http.get(`http://127.0.0.1:${CLOSED_PORT}/x`).catch((e: unknown) => e)) as SourceError;
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('stops when the caller aborts', async () => {
    const time = fakeTime();
    const origin = await serve((_req, res) => {
      setTimeout(() => send(res, 200, 'late'), 2000);
    });
    const { http } = client(time);
    const controller = new AbortController();
    const pending = http.get(`${origin}/x`, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });
});
