/**
 * The one place that reads configuration. `loadConfig(env)` is pure: it validates every variable and throws a
 * `ConfigError` naming the one that is wrong. `readEnvironment()` merges `.env` under the real environment.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import cron from 'node-cron';
import { discordConfig, slackConfig, type DiscordConfig, type SlackConfig } from './config-chat.js';
import { integer, list } from './config-values.js';
import { ConfigError } from './errors.js';

export type { DiscordConfig, DiscordShards, SlackConfig, SlackOAuthConfig } from './config-chat.js';

export type SourceId = 'arxiv-api' | 'arxiv-rss' | 'hf-daily';
export const ALL_SOURCES: SourceId[] = ['arxiv-api', 'arxiv-rss', 'hf-daily'];

export interface Config {
  storeUrl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** `json` or `pretty`; undefined: pretty when stderr is a terminal, JSON otherwise (decided by the logger). */
  logFormat?: 'json' | 'pretty';
  /** Port of the /healthz and /readyz server; undefined: no health server. */
  healthPort?: number;
  /** Address the health server binds to. Default 0.0.0.0 (every interface, as containers need). */
  healthHost: string;
  /** Milliseconds a SIGTERM/SIGINT waits for running work and closing before the process exits anyway. */
  shutdownTimeoutMs: number;
  defaultTimezone: string;
  slack?: SlackConfig;
  discord?: DiscordConfig;
  sources: SourceId[];
  arxivCategories: string[];
  /** Most arXiv categories the daily ingest reads: `arxivCategories` first, then those channels follow. */
  maxIngestCategories: number;
  ingestCron: string;
  digestCron: string;
  arxivApiUrl: string;
  arxivRssUrl: string;
  hfApiUrl: string;
  fetchTimeoutMs: number;
  /**
   * Milliseconds a digest or daily-ingest lease lasts without a renewal (renewed every quarter of it): how long an
   * instance that died keeps the others out. Default 60,000.
   */
  leaseMs: number;
  /** Milliseconds between looks for papers other instances stored (the change feed). Default 30,000. */
  paperSyncIntervalMs: number;
}

type Env = Record<string, string | undefined>;

/** Validate an environment and return the typed configuration. Throws `ConfigError` naming the bad variable. */
export function loadConfig(env: Env): Config {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  return {
    storeUrl: storeUrl(get('STORE_URL') ?? 'sqlite://data/paperboy.sqlite'),
    logLevel: oneOf('LOG_LEVEL', get('LOG_LEVEL') ?? 'info', ['debug', 'info', 'warn', 'error'] as const),
    logFormat: optional(get('LOG_FORMAT'), (v) => oneOf('LOG_FORMAT', v, ['json', 'pretty'] as const)),
    healthPort: optional(get('HEALTH_PORT'), (v) => integer('HEALTH_PORT', v, 0, 65535)),
    healthHost: get('HEALTH_HOST') ?? '0.0.0.0',
    shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', get('SHUTDOWN_TIMEOUT_MS') ?? '10000', 100, 600_000),
    defaultTimezone: timezone('DEFAULT_TIMEZONE', get('DEFAULT_TIMEZONE') ?? 'UTC'),
    slack: slackConfig(get),
    discord: discordConfig(get),
    sources: sources(get('SOURCES') ?? ALL_SOURCES.join(',')),
    arxivCategories: categories(get('ARXIV_CATEGORIES') ?? 'cs.CL,cs.LG,cs.AI,cs.CV,cs.IR'),
    maxIngestCategories: integer('MAX_INGEST_CATEGORIES', get('MAX_INGEST_CATEGORIES') ?? '20', 1, 200),
    ingestCron: cronExpression('INGEST_CRON', get('INGEST_CRON') ?? '0 6 * * *'),
    digestCron: cronExpression('DIGEST_CRON', get('DIGEST_CRON') ?? '* * * * *'),
    arxivApiUrl: url('ARXIV_API_URL', get('ARXIV_API_URL') ?? 'https://export.arxiv.org/api/query'),
    arxivRssUrl: url('ARXIV_RSS_URL', get('ARXIV_RSS_URL') ?? 'https://rss.arxiv.org/rss'),
    hfApiUrl: url('HF_API_URL', get('HF_API_URL') ?? 'https://huggingface.co/api/daily_papers'),
    fetchTimeoutMs: integer('FETCH_TIMEOUT_MS', get('FETCH_TIMEOUT_MS') ?? '30000', 100, 600_000),
    leaseMs: integer('LEASE_MS', get('LEASE_MS') ?? '60000', 1000, 3_600_000),
    paperSyncIntervalMs: integer('PAPER_SYNC_INTERVAL_MS', get('PAPER_SYNC_INTERVAL_MS') ?? '30000', 1000, 86_400_000),
  };
}

/** The process environment with `.env` (if present in `dir`) underneath: real variables win. */
export function readEnvironment(dir: string = process.cwd()): Env {
  const file = `${dir}/.env`;
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...process.env };
}

function optional<T>(value: string | undefined, parse: (value: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

/**
 * `sqlite://<file>`, `memory://` or `postgres://user:pass@host/db` (the shape only: a backend may not exist yet).
 * The message never repeats a postgres URL, which may hold a password.
 */
function storeUrl(value: string): string {
  if (value === 'memory://' || value === 'memory') return value;
  if (/^sqlite:\/\/.+/.test(value)) return value;
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      if (new URL(value).hostname) return value;
    } catch {
      // reported below
    }
    throw new ConfigError('STORE_URL: a postgres URL must look like postgres://user:password@host:5432/database.');
  }
  throw new ConfigError(`STORE_URL must be sqlite://<file>, memory:// or postgres://user:password@host/database, got "${value.split('://')[0]}://...".`);
}

/** `none` turns every source off (an offline bot on its stored papers). */
function sources(value: string): SourceId[] {
  if (value.toLowerCase() === 'none') return [];
  return list(value).map((s) => oneOf('SOURCES', s, ALL_SOURCES));
}

function cronExpression(name: string, value: string): string {
  if (!cron.validate(value)) throw new ConfigError(`${name}: "${value}" is not a cron expression like "0 6 * * *" (minute hour day month weekday).`);
  return value;
}

function categories(value: string): string[] {
  const items = list(value);
  for (const item of items) {
    if (!/^[a-z-]+(\.[A-Za-z-]+)?$/.test(item)) throw new ConfigError(`ARXIV_CATEGORIES: "${item}" is not an arXiv category like cs.CL.`);
  }
  return items;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(`${name}: "${value}" is not one of ${allowed.join(', ')}.`);
  return value as T;
}

function url(name: string, value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    return value;
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}".`);
  }
}

/** True when `name` is an IANA timezone this Node.js knows. */
export function isValidTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function timezone(name: string, value: string): string {
  if (!isValidTimezone(value)) throw new ConfigError(`${name}: "${value}" is not an IANA timezone like Europe/Berlin.`);
  return value;
}
