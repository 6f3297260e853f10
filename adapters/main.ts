/**
 * Composition root: configuration -> store -> core -> the enabled adapters. The console chat runs when no chat
 * tokens are configured. The only place that picks real clocks, loggers and files.
 */
import { fileURLToPath } from 'node:url';
import { loadConfig, readEnvironment, type Config } from '../src/config.js';
import { createCore, type Core } from '../src/core.js';
import { ConfigError } from '../src/errors.js';
import { createStderrLogger, systemClock, type Logger } from '../src/ports.js';
import { readPapersFile } from '../src/papers/seed-file.js';
import { openStore, type Store } from '../src/store/store.js';
import { ConsoleAdapter } from './console/console-adapter.js';
import { SlackStartError, startSlackFromConfig } from './slack/index.js';

export const SEED_FILE = fileURLToPath(new URL('../data/seed-papers.json', import.meta.url));

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

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(readEnvironment());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration problem: ${error.message}\nSee .env.example for every setting.\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createStderrLogger(config.logLevel);
  const { store, core } = await startCore(config, logger);
  const shutdown = async () => {
    await store.close().catch(() => undefined);
  };
  if (config.discord) {
    process.stderr.write('Discord tokens are set, but the Discord adapter is not part of this build yet. Unset the tokens to use the console chat.\n');
    await shutdown();
    process.exit(2);
  }
  if (config.slack) {
    const slack = await startSlackFromConfig(config.slack, core, logger, config.logLevel).catch(async (error: unknown) => {
      if (!(error instanceof SlackStartError)) throw error;
      process.stderr.write(`Slack could not start: ${error.message}\n`);
      await shutdown();
      process.exit(2);
    });
    const stop = async () => {
      await slack.stop().catch(() => undefined);
      await shutdown();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  const consoleChat = new ConsoleAdapter(core, { input: process.stdin, output: process.stdout });
  await consoleChat.run();
  await shutdown();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`Paperboy failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
