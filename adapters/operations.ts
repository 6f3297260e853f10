/**
 * What an operator needs around the bot, set up once by `adapters/main.ts`: the logger (`LOG_LEVEL`,
 * `LOG_FORMAT`, secrets scrubbed), the health server (`HEALTH_PORT`), readiness probes, tracking of background
 * work and the clean stop on SIGTERM/SIGINT (`SHUTDOWN_TIMEOUT_MS`). Keeping it here keeps main.ts about
 * wiring the bot itself.
 *
 * Shutdown order: readiness turns false at once; then the steps main.ts adds (stop the schedules, let a running
 * digest or ingest reach a safe point, stop the chat adapters, close the store); then the health server closes
 * and the log is flushed; exit 0.
 */
import type { Config } from '../src/config.js';
import type { Core } from '../src/core.js';
import type { Logger } from '../src/ports.js';
import type { IngestService } from '../src/sources/ingest.js';
import type { Store } from '../src/store/store.js';
import { startHealthServer, type HealthServer } from './health-server.js';
import { createLogger, secretsFrom } from './logger.js';
import { createReadiness, papersProbe, storeProbe, type Readiness, type ReadinessProbe } from './readiness.js';
import { createShutdown, type Shutdown } from './shutdown.js';
import { createWorkTracker, type WorkTracker } from './work-tracker.js';

export interface Operations {
  logger: Logger;
  readiness: Readiness;
  shutdown: Shutdown;
  work: WorkTracker;
  /** The health server when HEALTH_PORT is set. */
  health?: HealthServer;
  /** The core is up: readiness now asks the store and the papers. */
  coreStarted(store: Store, core: Pick<Core, 'paperCount'>): void;
  /** Add a readiness probe (a chat adapter reporting whether it is connected). */
  registerProbe(probe: ReadinessProbe): void;
  /** The ingest service with its runs tracked and stoppable by shutdown. */
  trackIngest<T extends Pick<IngestService, 'runOnce'>>(service: T): T;
  /** The digest service with its passes tracked, so shutdown waits for a running one. */
  trackDigests<T extends { runDue(...args: never[]): Promise<unknown> }>(service: T): T;
}

/** Create the logger, start the health server (if configured) and install the signal handlers. */
export async function startOperations(config: Config, env: Record<string, string | undefined>): Promise<Operations> {
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, secrets: secretsFrom(env) });
  const readiness = createReadiness();
  const work = createWorkTracker(logger);
  let health: HealthServer | undefined;
  const shutdown = createShutdown({ timeoutMs: config.shutdownTimeoutMs, logger, beforeExit: () => logger.flush() });
  shutdown.add('mark not ready', () => readiness.markStopping());
  shutdown.installSignalHandlers();
  if (config.healthPort !== undefined) {
    health = await startHealthServer({ port: config.healthPort, host: config.healthHost, check: () => readiness.check(), logger });
  }
  // The health server closes after every other step, so /healthz answers while the bot stops.
  if (health) shutdown.add('close the health server', health.close, 'last');
  return {
    logger,
    readiness,
    shutdown,
    work,
    health,
    coreStarted: (store, core) => readiness.register(storeProbe(store), papersProbe(core)),
    registerProbe: (probe) => readiness.register(probe),
    trackIngest: (service) => ({
      ...service,
      runOnce: (options?: Parameters<IngestService['runOnce']>[0]) =>
        work.run('ingest', () => service.runOnce({ ...options, signal: options?.signal ? AbortSignal.any([options.signal, work.signal]) : work.signal })),
    }),
    trackDigests: (service) => ({ ...service, runDue: (...args: never[]) => work.run('digest', () => service.runDue(...args)) }),
  };
}
