/**
 * A tiny HTTP server for orchestrators (Docker HEALTHCHECK, Kubernetes probes, load balancers):
 * `GET /healthz` answers 200 `{"status":"ok"}` while the process is alive; `GET /readyz` answers 200
 * `{"ready":true}` when every readiness probe passes, else 503 `{"ready":false,"reasons":[...]}`.
 * Anything else is 404. It serves no data and takes no input.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../src/ports.js';
import type { ReadinessResult } from './readiness.js';

export interface HealthServerOptions {
  /** 0 picks a free port (see `port` on the result). */
  port: number;
  /** Default 0.0.0.0. */
  host?: string;
  check: () => Promise<ReadinessResult>;
  logger: Logger;
}

export interface HealthServer {
  /** The port it listens on. */
  readonly port: number;
  close(): Promise<void>;
}

/** Start listening; rejects when the port cannot be bound (the message names HEALTH_PORT). */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, { error: 'method not allowed' });
    if (path === '/healthz') return send(200, { status: 'ok' });
    if (path !== '/readyz') return send(404, { error: 'not found' });
    options.check().then(
      (result) => send(result.ready ? 200 : 503, result.ready ? { ready: true } : { ready: false, reasons: result.reasons }),
      (error: unknown) => send(503, { ready: false, reasons: [`readiness check failed: ${error instanceof Error ? error.message : String(error)}`] }),
    );
  });
  server.keepAliveTimeout = 1000;
  await listen(server, options.port, options.host ?? '0.0.0.0');
  const port = (server.address() as AddressInfo).port;
  options.logger.info('health server listening', { host: options.host ?? '0.0.0.0', port });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be opened (${error.code ?? error.message})`;
      reject(new Error(`HEALTH_PORT ${port} on ${host} ${why}: pick another port.`));
    });
    server.listen(port, host, () => resolve());
  });
}
