/**
 * Composition root: configuration -> store -> core -> the enabled adapters -> the schedules (daily ingest,
 * weekly digests). The console chat runs when no chat tokens are configured. The only place that picks real
 * clocks, loggers, fetch and files.
 */
import { fileURLToPath } from 'node:url';
import { loadConfig, readEnvironment, type Config } from '../src/config.js';
import { createCore, type Core } from '../src/core.js';
import { createDigestService } from '../src/digest/digest-service.js';
import { ConfigError } from '../src/errors.js';
import { readPapersFile } from '../src/papers/seed-file.js';
import { systemClock, type Logger, type Platform } from '../src/ports.js';
import { createIngestService } from '../src/sources/ingest.js';
import { openStore, type Store } from '../src/store/store.js';
import { ConsoleAdapter } from './console/console-adapter.js';
import { startDigestSchedule } from './digest-schedule.js';
import { DiscordStartError, startDiscord } from './discord/index.js';
import { startOperations } from './operations.js';
import { startIngestSchedule } from './ingest-schedule.js';
import { SlackStartError, startSlackFromConfig } from './slack/index.js';

export const SEED_FILE = fileURLToPath(new URL('../data/seed-papers.json', import.meta.url));

type Stop = () => Promise<unknown>;

/** Open the store and build the core, loading the bundled papers into an empty store. */
export async function startCore(config: Config, logger: Logger): Promise<{ store: Store; core: Core }> {
  const store = await openStore(config.storeUrl);
  const core = await createCore({
    store,
    clock: systemClock,
    logger,
    defaultTimezone: config.defaultTimezone,
    seedPapers: () => readPapersFile(SEED_FILE),
  });
  logger.info('ready', { papers: core.papers.size, store: config.storeUrl });
  return { store, core };
}

/** Start the chat adapters whose tokens are set. A start failure the operator can fix exits with its message. */
async function startChatAdapters(config: Config, core: Core, logger: Logger, stopAll: () => Promise<void>): Promise<{ platforms: Platform[]; stops: Stop[] }> {
  const platforms: Platform[] = [];
  const stops: Stop[] = [];
  const exitWith = async (what: string, error: unknown): Promise<never> => {
    process.stderr.write(`${what} could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll();
    for (const stop of stops) await stop().catch(() => undefined);
    process.exit(2);
  };
  if (config.slack) {
    const slack = await startSlackFromConfig(config.slack, core, logger, config.logLevel).catch((error: unknown) =>
      error instanceof SlackStartError ? exitWith('Slack', error) : Promise.reject(error),
    );
    platforms.push(slack.platform);
    stops.push(() => slack.stop());
  }
  if (config.discord) {
    const discord = await startDiscord({ core, config: config.discord, logger }).catch((error: unknown) =>
      error instanceof DiscordStartError ? exitWith('Discord', error) : Promise.reject(error),
    );
    platforms.push(discord.platform);
    stops.push(() => discord.stop());
  }
  return { platforms, stops };
}

async function main(): Promise<void> {
  let config: Config;
  const env = readEnvironment();
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration problem: ${error.message}\nSee .env.example for every setting.\n`);
    process.exit(2);
  }
  const ops = await startOperations(config, env);
  const { logger } = ops;
  const { store, core } = await startCore(config, logger);
  ops.coreStarted(store, core);
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => logger.error('stopping failed', { error }));
    await store.close().catch(() => undefined);
  };

  const chat = await startChatAdapters(config, core, logger, stopAll);
  stops.push(...chat.stops);
  stops.push(() => ops.work.settle(config.shutdownTimeoutMs * 0.7));
  ops.shutdown.add('stop chat, schedules and work; close the store', stopAll);
  const consoleChat = chat.platforms.length === 0 ? new ConsoleAdapter(core, { input: process.stdin, output: process.stdout }) : undefined;
  const platforms = consoleChat ? [consoleChat] : chat.platforms;

  if (config.sources.length > 0) {
    const ingest = ops.trackIngest(createIngestService({ core, fetch, clock: systemClock, logger, config }));
    // A chat bot fetches fresh papers at start; the console keeps its quick start on the bundled papers.
    stops.push(startIngestSchedule({ service: ingest, cron: config.ingestCron, logger, runNow: !consoleChat }));
  }
  const digests = startDigestSchedule({ service: ops.trackDigests(createDigestService(core)), platforms, cron: config.digestCron, logger });
  stops.push(() => digests.stop());

  if (consoleChat) {
    await consoleChat.run();
    await ops.shutdown.run('console input ended');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`Paperboy failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
