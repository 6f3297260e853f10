import { afterEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { startHealthServer, type HealthServer } from '../../adapters/health-server.js';
import { createReadiness, papersProbe, storeProbe } from '../../adapters/readiness.js';
import { createShutdown } from '../../adapters/shutdown.js';
import { createWorkTracker } from '../../adapters/work-tracker.js';
import { createMemoryLogger } from '../../src/ports.js';
import { createMemoryStore } from '../../src/store/store.js';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${server!.port}${path}`);
  return { status: response.status, body: await response.json() };
}

describe('health server', () => {
  it('/healthz is 200 while alive; /readyz follows the probes; other paths 404', async () => {
    const readiness = createReadiness(200);
    server = await startHealthServer({ port: 0, host: '127.0.0.1', check: () => readiness.check(), logger: createMemoryLogger() });
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: { ready: false, reasons: [expect.stringMatching(/starting/)] } });

    let slackConnected = false;
    readiness.register(storeProbe(createMemoryStore()), papersProbe({ paperCount: () => 71 }));
    readiness.register({ name: 'slack', isReady: () => slackConnected });
    readiness.register({ name: 'discord', isReady: () => new Promise<boolean>(() => undefined) });
    expect(await get('/readyz')).toEqual({ status: 503, body: { ready: false, reasons: ['slack: not ready', 'discord: no answer within 200 ms'] } });

    slackConnected = true;
    const ready = createReadiness();
    ready.register(storeProbe(createMemoryStore()), { name: 'slack', isReady: () => slackConnected });
    await server.close();
    server = await startHealthServer({ port: 0, host: '127.0.0.1', check: () => ready.check(), logger: createMemoryLogger() });
    expect(await get('/readyz')).toEqual({ status: 200, body: { ready: true } });
    ready.markStopping();
    expect(await get('/readyz')).toEqual({ status: 503, body: { ready: false, reasons: ['shutting down'] } });
    expect((await get('/nope')).status).toBe(404);
  });

  it('a store that fails its read makes /readyz 503 with the reason', async () => {
    const readiness = createReadiness();
    const store = createMemoryStore();
    store.collection = () => ({ get: async () => { throw new Error('SQLITE_CANTOPEN'); } }) as never;
    readiness.register(storeProbe(store));
    expect(await readiness.check()).toEqual({ ready: false, reasons: ['store: SQLITE_CANTOPEN'] });
  });

  it('names HEALTH_PORT when the port is taken', async () => {
    server = await startHealthServer({ port: 0, host: '127.0.0.1', check: async () => ({ ready: true, reasons: [] }), logger: createMemoryLogger() });
    await expect(startHealthServer({ port: server.port, host: '127.0.0.1', check: async () => ({ ready: true, reasons: [] }), logger: createMemoryLogger() })).rejects.toThrow(
      /HEALTH_PORT \d+ on 127.0.0.1 is already in use/,
    );
  });
});

describe('shutdown', () => {
  it('runs the steps in order, "last" steps at the end, a failing step does not stop the others, then exits 0', async () => {
    const order: string[] = [];
    const exits: number[] = [];
    const logger = createMemoryLogger();
    const shutdown = createShutdown({ timeoutMs: 1000, logger, exit: (code) => exits.push(code), beforeExit: () => order.push('flush') });
    shutdown.add('health', () => order.push('health'), 'last');
    shutdown.add('a', async () => order.push('a'));
    shutdown.add('b', () => {
      throw new Error('boom');
    });
    shutdown.add('c', () => order.push('c'));
    await Promise.all([shutdown.run('test'), shutdown.run('again')]);
    expect(order).toEqual(['a', 'c', 'health', 'flush']);
    expect(exits).toEqual([0]);
    expect(logger.lines.some((l) => l.startsWith('error shutdown step failed') && l.includes('boom'))).toBe(true);
  });

  it('exits 1 when the steps overrun the time limit', async () => {
    const exits: number[] = [];
    const shutdown = createShutdown({ timeoutMs: 50, logger: createMemoryLogger(), exit: (code) => exits.push(code) });
    shutdown.add('stuck', () => new Promise(() => undefined));
    await shutdown.run('test');
    expect(exits).toEqual([1]);
  });

  it('a second signal forces exit 1', async () => {
    const exits: number[] = [];
    const target = new EventEmitter() as unknown as NodeJS.Process;
    const shutdown = createShutdown({ timeoutMs: 5000, logger: createMemoryLogger(), exit: (code) => exits.push(code) });
    shutdown.add('slow', () => new Promise((r) => setTimeout(r, 200)));
    const remove = shutdown.installSignalHandlers(target);
    target.emit('SIGTERM', 'SIGTERM');
    target.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([1]);
    remove();
  });

  it('the work tracker aborts its signal and waits for running work, up to a limit', async () => {
    const logger = createMemoryLogger();
    const work = createWorkTracker(logger);
    let finished = false;
    void work.run('digest', () => new Promise<void>((r) => setTimeout(() => ((finished = true), r()), 50)));
    expect(await work.settle(2000)).toBe(true);
    expect(finished).toBe(true);
    expect(work.signal.aborted).toBe(true);
    void work.run('ingest', () => new Promise(() => undefined));
    expect(await work.settle(30)).toBe(false);
    expect(logger.lines.some((l) => l.includes('resumes on the next start'))).toBe(true);
  });
});
