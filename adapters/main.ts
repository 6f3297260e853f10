/**
 * Composition root: configuration -> store -> core -> the enabled chat adapters (`registry.ts`) -> the
 * schedules (daily ingest under its lease, weekly digests, paper sync). The console chat runs when no chat tokens
 * are configured. The only place that picks real clocks, loggers, fetch and files.
 */
import { fileURLToPath } from 'node:url';
import { loadConfig, readEnvironment, type Config } from '../src/config.js';
import { createCore, type CoreInternals } from '../src/core.js';
import { ConfigError } from '../src/errors.js';
import { readPapersFile } from '../src/papers/seed-file.js';
import { systemClock, type Logger } from '../src/ports.js';
import { createArxivPaperFetcher } from '../src/sources/arxiv-paper-fetcher.js';
import { createIngestService } from '../src/sources/ingest.js';
import { createDailyIngest } from '../src/sources/ingest-lease.js';
import { openStore, StoreError, type Store } from '../src/store/store.js';
import { AdapterStartError } from './chat-adapter.js';
import { startDigestSchedule } from './digest-schedule.js';
import { startOperations } from './operations.js';
import { startIngestSchedule } from './ingest-schedule.js';
import { startPaperSyncSchedule } from './paper-sync-schedule.js';
import { enabledAdapters, foregroundAdapter, startAdapters, startFailureMessage } from './registry.js';

export const SEED_FILE = fileURLToPath(new URL('../data/seed-papers.json', import.meta.url));

type Stop = () => Promise<unknown>;

/** Open the store and build the core, loading the bundled papers into an empty store. */
export async function startCore(config: Config, logger: Logger): Promise<{ store: Store; core: CoreInternals }> {
  const store = await openStore(config.storeUrl);
  const core = await createCore({
    store,
    clock: systemClock,
    logger,
    defaultTimezone: config.defaultTimezone,
    digest: { leaseMs: config.leaseMs, heartbeatMs: config.leaseMs / 4 },
    fetchPaper: createArxivPaperFetcher({ fetch, clock: systemClock, logger, baseUrl: config.arxivApiUrl, timeoutMs: config.fetchTimeoutMs }),
    seedPapers: () =>
      readPapersFile(SEED_FILE, ({ id, problems }) => logger.warn('skipped an invalid bundled paper', { id, problems: problems.slice(0, 5) })),
  });
  logger.info('ready', { papers: core.paperCount(), store: config.storeUrl });
  return { store, core };
}

/** Validate the environment; a problem the operator can fix exits with a message that names the variable. */
function loadConfigOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration problem: ${error.message}\nSee .env.example for every setting.\n`);
    process.exit(2);
  }
}

/** The store cannot be opened or written: print its path, the cause and the fix (no stack) and exit. */
function exitOnStoreError(error: unknown): never {
  if (!(error instanceof StoreError)) throw error;
  process.stderr.write(`Paperboy cannot start: ${error.message}\n`);
  process.exit(2);
}

/** An adapter could not start: print what to fix, close the store and exit. Other errors are rethrown. */
async function exitOnStartError(error: unknown, store: Store): Promise<never> {
  if (!(error instanceof AdapterStartError)) throw error;
  process.stderr.write(`${startFailureMessage(error)}\n`);
  await store.close().catch(() => undefined);
  process.exit(2);
}

async function main(): Promise<void> {
  const env = readEnvironment();
  const config = loadConfigOrExit(env);
  const ops = await startOperations(config, env);
  const { logger } = ops;
  const { store, core } = await startCore(config, logger).catch(exitOnStoreError);
  ops.coreStarted(store, core);
  // Stops run last to first: the index image's upkeep stops last, just before the store closes.
  const stops: Stop[] = [() => core.papers.stopImageUpkeep()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => logger.error('stopping failed', { error }));
    await store.close().catch(() => undefined);
  };

  // Every enabled chat adapter (the console chat when none is); they stop in reverse order, the store last.
  const adapters = await startAdapters(enabledAdapters(config), { core, store, config, logger }).catch((error: unknown) => exitOnStartError(error, store));
  stops.push(...adapters.map((adapter) => () => adapter.stop()));
  stops.push(() => ops.work.settle(config.shutdownTimeoutMs * 0.7));
  ops.shutdown.add('stop chat, schedules and work; close the store', stopAll);
  for (const adapter of adapters) {
    if (adapter.isReady) ops.registerProbe({ name: adapter.platform.name, isReady: () => adapter.isReady?.() ?? true });
  }
  const platforms = adapters.map((adapter) => adapter.platform);
  const consoleChat = foregroundAdapter(adapters);

  if (config.sources.length > 0) {
    const service = ops.trackIngest(createIngestService({ core, fetch, clock: systemClock, logger, config }));
    const daily = createDailyIngest({ service, store, clock: systemClock, logger, leaseMs: config.leaseMs, heartbeatMs: config.leaseMs / 4 });
    // A chat bot fetches fresh papers at start (unless today's run is done); the console keeps its quick start.
    stops.push(startIngestSchedule({ daily, cron: config.ingestCron, logger, runNow: !consoleChat, retryMs: config.leaseMs }));
  }
  const digests = startDigestSchedule({ service: ops.trackDigests({ runDue: core.runDueDigests }), platforms, cron: config.digestCron, logger });
  stops.push(() => digests.stop(), startPaperSyncSchedule({ core, logger, intervalMs: config.paperSyncIntervalMs }).stop);

  if (consoleChat) {
    await consoleChat.run();
    await ops.shutdown.run('console input ended');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    // A store that cannot be used is the operator's to fix: its message says what and how; a stack would bury it.
    const text = error instanceof StoreError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`Paperboy failed to start: ${text}\n`);
    process.exit(1);
  });
}
