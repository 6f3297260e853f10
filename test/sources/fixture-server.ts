/**
 * Test helpers for the paper sources: a local HTTP server on 127.0.0.1 (port chosen by the OS) that serves the
 * recorded responses in test/fixtures, and injected time (a settable clock and a `sleep` that advances it), so
 * rate limits and backoff are asserted without waiting.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SettableClock, type Fetch } from '../../src/ports.js';
import type { Sleep } from '../../src/sources/http.js';

/** The text of a file in test/fixtures. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

export type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>;

export interface FixtureServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Path and query of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Start a server that answers every request with `handler`. */
export async function startServer(handler: Handler): Promise<FixtureServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    Promise.resolve(handler(request, response, url)).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Send `body` with a status and content type (nothing when the client has already gone, as after a timeout). */
export function send(response: ServerResponse, status: number, body: string, type = 'application/xml', headers: Record<string, string> = {}): void {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(status, { 'content-type': type, ...headers });
  response.end(body);
}

export interface FakeTime {
  clock: SettableClock;
  /** Advances the clock instead of waiting, and records how long it was asked to wait. */
  sleep: Sleep;
  sleeps: number[];
  /** Wrap a fetch so each request's start time on the clock is recorded in `requestTimes` (ms since start). */
  recordFetch(inner: Fetch): Fetch;
  requestTimes: number[];
}

/** Injected time starting at `start`. */
export function fakeTime(start = new Date('2026-06-12T06:00:00Z')): FakeTime {
  const clock = new SettableClock(start);
  const sleeps: number[] = [];
  const requestTimes: number[] = [];
  return {
    clock,
    sleeps,
    requestTimes,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    recordFetch: (inner) => (input, init) => {
      requestTimes.push(clock.now().getTime() - start.getTime());
      return inner(input, init);
    },
  };
}
