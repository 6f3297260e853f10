/**
 * The ingest service: keeps the paper store fresh from arXiv (API and RSS) and Hugging Face. It builds the
 * rate-limited clients from configuration, runs each source in turn, and turns every failure into a logged,
 * counted status: a source that is down, slow or sends garbage never stops the others, never loses what was
 * already stored, and never throws out of `runOnce` or `backfill`.
 */
import type { Config, SourceId } from '../config.js';
import type { Clock, Fetch, Logger } from '../ports.js';
import { ArxivApiSource, DEFAULT_PAGE_SIZE } from './arxiv-api.js';
import { ArxivRssSource } from './arxiv-rss.js';
import { backfillArxivApi, backfillHfDaily, type BackfillProgress } from './backfill.js';
import { runApiDaily, runHfDaily, runRssDaily } from './daily.js';
import { HfDailySource } from './hf-daily.js';
import { createHttpClient, RateLimiter, realSleep, SourceError, type Sleep } from './http.js';
import type { IngestContext, IngestCore } from './ingest-context.js';
import { IngestState } from './ingest-state.js';
import { describeSourceError, emptyStatus, formatSummary, markFailed, summarize, type IngestSummary, type SourceStatus } from './ingest-summary.js';

/** arXiv's terms: no more than one request every three seconds. */
export const ARXIV_INTERVAL_MS = 3000;
/** Hugging Face publishes no limit; one request a second is polite. */
export const HF_INTERVAL_MS = 1000;

export type IngestConfig = Pick<Config, 'sources' | 'arxivCategories' | 'arxivApiUrl' | 'arxivRssUrl' | 'hfApiUrl' | 'fetchTimeoutMs'> &
  Partial<Pick<Config, 'maxIngestCategories'>>;

/** Most categories the daily run reads when the configuration does not say (config `MAX_INGEST_CATEGORIES`). */
export const DEFAULT_MAX_INGEST_CATEGORIES = 20;

/**
 * The categories the daily run reads: the configured ones first, then those channels follow, each once, at most
 * `max` in all (the configured ones are never dropped).
 */
export function ingestCategories(configured: string[], followed: string[], max: number): string[] {
  const all = [...new Set([...configured, ...followed])];
  return all.slice(0, Math.max(configured.length, max));
}

export interface IngestServiceDeps {
  core: IngestCore;
  fetch: Fetch;
  clock: Clock;
  logger: Logger;
  config: IngestConfig;
  /** Default: a real timer. Tests pass one that advances their clock. */
  sleep?: Sleep;
  /** Milliseconds between arXiv requests (API and RSS share one limiter). Default 3000. */
  arxivIntervalMs?: number;
  /** Milliseconds between Hugging Face requests. Default 1000. */
  hfIntervalMs?: number;
  /** arXiv API results per request. Default 200. */
  pageSize?: number;
  /** Retry settings for 429/5xx (see `HttpClientOptions`). */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
}

export interface RunOptions {
  /** Default: `config.sources`. */
  sources?: SourceId[];
  /** Default: `config.arxivCategories` (the daily run adds the categories channels follow; see `ingestCategories`). */
  categories?: string[];
  signal?: AbortSignal;
}

export interface BackfillOptions extends RunOptions {
  /** First day, `YYYY-MM-DD` (UTC). */
  since: string;
  /** Last day, `YYYY-MM-DD`; default today. */
  until?: string;
  onProgress?: (progress: BackfillProgress) => void;
}

export interface IngestService {
  /** The daily run: every enabled source once. Never throws; failures are in the summary and the log. */
  runOnce(options?: RunOptions): Promise<IngestSummary>;
  /** Read history from `since`, resuming a saved cursor. Never throws. The RSS source has no history and is skipped. */
  backfill(options: BackfillOptions): Promise<IngestSummary>;
}

type SourceRun = (ctx: IngestContext, status: SourceStatus) => Promise<void>;

/** Build the ingest service. See `IngestServiceDeps` for the defaults. */
export function createIngestService(deps: IngestServiceDeps): IngestService {
  const ctx = buildContext(deps);
  let busy = false;

  async function run(sources: SourceId[], runners: Partial<Record<SourceId, SourceRun>>, kind: string): Promise<IngestSummary> {
    const startedAt = deps.clock.now();
    if (busy) {
      const statuses = sources.map((s) => ({ ...emptyStatus(s), status: 'skipped' as const, reason: 'another ingest run is in progress' }));
      return summarize(statuses, startedAt, deps.clock.now());
    }
    busy = true;
    try {
      const statuses: SourceStatus[] = [];
      for (const source of sources) statuses.push(await runSource(ctx, source, runners[source]));
      const summary = summarize(statuses, startedAt, deps.clock.now());
      deps.logger.info(`${kind} finished: ${formatSummary(summary)}`, { new: summary.new, updated: summary.updated, skipped: summary.skipped, failed: summary.failed });
      return summary;
    } finally {
      busy = false;
    }
  }

  return {
    async runOnce(options = {}) {
      const followed = (await deps.core.followedCategories?.().catch((error: unknown) => {
        deps.logger.warn('could not read the followed categories; reading the configured ones', { error });
        return [];
      })) ?? [];
      const max = deps.config.maxIngestCategories ?? DEFAULT_MAX_INGEST_CATEGORIES;
      const categories = options.categories ?? ingestCategories(deps.config.arxivCategories, followed, max);
      const { signal } = options;
      return run(options.sources ?? deps.config.sources, {
        'arxiv-rss': (c, status) => runRssDaily(c, categories, status, signal),
        'arxiv-api': (c, status) => runApiDaily(c, categories, status, signal),
        'hf-daily': (c, status) => runHfDaily(c, status, signal),
      }, 'ingest');
    },
    backfill(options) {
      const range = { ...options, categories: options.categories ?? deps.config.arxivCategories };
      return run(options.sources ?? deps.config.sources, {
        'arxiv-api': (c, status) => backfillArxivApi(c, range, status),
        'hf-daily': (c, status) => backfillHfDaily(c, range, status),
      }, 'backfill');
    },
  };
}

async function runSource(ctx: IngestContext, source: SourceId, runner: SourceRun | undefined): Promise<SourceStatus> {
  const status = emptyStatus(source);
  if (!runner) {
    status.status = 'skipped';
    status.reason = 'the arXiv RSS feed has no history to backfill';
    return status;
  }
  try {
    await runner(ctx, status);
  } catch (error) {
    if (error instanceof SourceError && error.kind === 'aborted') {
      status.status = 'interrupted';
      status.reason = 'stopped on request';
      return status;
    }
    markFailed(status, error);
    const unreachable = error instanceof SourceError && (error.kind === 'unreachable' || error.kind === 'timeout');
    const fields = { source, reason: describeSourceError(error), kept: status.new + status.updated };
    if (unreachable) ctx.logger.warn('paper source unreachable; keeping the papers already stored', fields);
    else if (error instanceof SourceError) ctx.logger.warn('paper source failed', fields);
    else ctx.logger.error('paper source failed unexpectedly', { ...fields, error });
  }
  return status;
}

function buildContext(deps: IngestServiceDeps): IngestContext {
  const sleep = deps.sleep ?? realSleep;
  const arxivLimiter = new RateLimiter(deps.clock, sleep, deps.arxivIntervalMs ?? ARXIV_INTERVAL_MS);
  const hfLimiter = new RateLimiter(deps.clock, sleep, deps.hfIntervalMs ?? HF_INTERVAL_MS);
  const client = (source: SourceId, limiter: RateLimiter) =>
    createHttpClient({ source, fetch: deps.fetch, clock: deps.clock, logger: deps.logger, limiter, sleep, timeoutMs: deps.config.fetchTimeoutMs, ...deps.retry });
  return {
    core: deps.core,
    clock: deps.clock,
    logger: deps.logger,
    state: new IngestState(deps.core.store),
    api: new ArxivApiSource({ http: client('arxiv-api', arxivLimiter), baseUrl: deps.config.arxivApiUrl }),
    rss: new ArxivRssSource({ http: client('arxiv-rss', arxivLimiter), baseUrl: deps.config.arxivRssUrl }),
    hf: new HfDailySource({ http: client('hf-daily', hfLimiter), baseUrl: deps.config.hfApiUrl }),
    pageSize: deps.pageSize ?? DEFAULT_PAGE_SIZE,
  };
}
