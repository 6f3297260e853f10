/**
 * `npm run ingest -- --since 2025-01-01 --categories cs.CL,cs.LG [--until 2025-02-01] [--sources arxiv-api,hf-daily]`
 *
 * Backfills the paper store from arXiv and Hugging Face with a progress bar on stderr and a one-line summary on
 * stdout. Progress is saved after every page in the store, so running the same command again after Ctrl-C, a
 * crash or a network failure continues where the last run stopped. Exit codes: 0 all read, 1 a source failed,
 * 2 bad arguments or settings, 130 interrupted.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, readEnvironment, type Config } from '../../src/config.js';
import { createCore } from '../../src/core.js';
import { ConfigError } from '../../src/errors.js';
import { systemClock, type Clock, type Fetch, type Logger } from '../../src/ports.js';
import type { Sleep } from '../../src/sources/http.js';
import { createIngestService } from '../../src/sources/ingest.js';
import { isDay } from '../../src/sources/ingest-state.js';
import { formatSummary, type IngestSummary } from '../../src/sources/ingest-summary.js';
import { openStore } from '../../src/store/store.js';
import { ProgressBar, type ProgressOutput } from './progress.js';

const USAGE = `Usage: npm run ingest -- --since YYYY-MM-DD [--until YYYY-MM-DD] [--categories cs.CL,cs.LG] [--sources arxiv-api,hf-daily]

Backfills papers from --since (UTC) to --until (default today). Categories and sources default to
ARXIV_CATEGORIES and SOURCES. Run the same command again to continue an interrupted backfill.`;

export interface IngestCliIo {
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown };
  stderr: ProgressOutput;
  fetch?: Fetch;
  clock?: Clock;
  sleep?: Sleep;
  /** Aborting it stops the backfill after the current request, keeping the progress. */
  signal?: AbortSignal;
}

interface CliArgs {
  since: string;
  until?: string;
  config: Config;
}

/** Run the ingest CLI with `argv` (arguments after the script name). Resolves with the exit code. */
export async function runIngestCli(argv: string[], io: IngestCliIo): Promise<number> {
  let args: CliArgs | 'help';
  try {
    args = readArgs(argv, io.env);
  } catch (error) {
    const prefix = error instanceof ConfigError ? 'Configuration problem: ' : '';
    io.stderr.write(`${prefix}${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const progress = new ProgressBar(io.stderr);
  const logger = lineLogger(args.config.logLevel, (line) => progress.writeLine(line));
  const store = await openStore(args.config.storeUrl);
  try {
    const clock = io.clock ?? systemClock;
    const core = await createCore({ store, clock, logger, defaultTimezone: args.config.defaultTimezone });
    const service = createIngestService({ core, fetch: io.fetch ?? fetch, clock, logger, config: args.config, sleep: io.sleep });
    const sources = args.config.sources;
    progress.writeLine(`Backfilling ${sources.join(', ')} for ${args.config.arxivCategories.join(', ')} from ${args.since} to ${args.until ?? 'today'}.`);
    const summary = await service.backfill({ since: args.since, until: args.until, sources, signal: io.signal, onProgress: (p) => progress.update(p) });
    progress.finish();
    io.stdout.write(`Ingest: ${formatSummary(summary)}\n`);
    // The bot's next start then takes the backfilled papers from the stored index image, not from their text.
    if (!io.signal?.aborted) await core.papers.imageUpkeep();
    return exitCode(summary, io.stderr);
  } finally {
    await store.close().catch(() => undefined);
  }
}

function readArgs(argv: string[], env: Record<string, string | undefined>): CliArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      since: { type: 'string' },
      until: { type: 'string' },
      categories: { type: 'string' },
      sources: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  if (!values.since) throw new Error('--since is required, e.g. --since 2025-01-01');
  if (!isDay(values.since)) throw new Error(`--since must be a date like 2025-01-01, got "${values.since}"`);
  if (values.until !== undefined && !isDay(values.until)) throw new Error(`--until must be a date like 2025-01-31, got "${values.until}"`);
  if (values.until !== undefined && values.until < values.since) throw new Error('--until is before --since');
  const overrides: Record<string, string> = {};
  if (values.categories !== undefined) overrides.ARXIV_CATEGORIES = values.categories;
  if (values.sources !== undefined) overrides.SOURCES = values.sources;
  const config = loadConfig({ ...env, ...overrides });
  // RSS has no history: leave it out unless it was asked for (then the summary says why it was skipped).
  if (values.sources === undefined) config.sources = config.sources.filter((s) => s !== 'arxiv-rss');
  return { since: values.since, until: values.until, config };
}

function exitCode(summary: IngestSummary, stderr: ProgressOutput): number {
  if (summary.sources.some((s) => s.status === 'interrupted')) {
    stderr.write('Interrupted. Run the same command again to continue where this run stopped.\n');
    return 130;
  }
  if (summary.sources.some((s) => s.status === 'failed')) {
    stderr.write('A source failed; what was read is stored. Run the same command again to continue.\n');
    return 1;
  }
  return 0;
}

/** A logger that hands each formatted line to `write` (so the progress bar can step aside). */
function lineLogger(level: Config['logLevel'], write: (line: string) => void): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 };
  const log = (name: 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) => {
    if (order[name] < order[level]) return;
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields, errorFields)}` : '';
    write(`${name.toUpperCase()} ${message}${extra}`);
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

function errorFields(_key: string, value: unknown): unknown {
  return value instanceof Error ? { message: value.message } : value;
}

async function main(): Promise<void> {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nStopping; the progress so far is saved (Ctrl-C again to quit at once)...\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const code = await runIngestCli(process.argv.slice(2), {
    env: readEnvironment(),
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  });
  process.exit(code);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`Ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
