/**
 * The one place that reads configuration. `loadConfig(env)` is pure: it validates every variable and throws a
 * `ConfigError` naming the one that is wrong. `readEnvironment()` merges `.env` under the real environment.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import cron from 'node-cron';
import { ConfigError } from './errors.js';

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
  };
}

/** The process environment with `.env` (if present in `dir`) underneath: real variables win. */
export function readEnvironment(dir: string = process.cwd()): Env {
  const file = `${dir}/.env`;
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...process.env };
}

function discordConfig(get: (name: string) => string | undefined): Config['discord'] {
  const token = get('DISCORD_TOKEN');
  if (!token) return undefined;
  const applicationId = get('DISCORD_APPLICATION_ID');
  if (!applicationId || !/^\d{5,25}$/.test(applicationId)) {
    throw new ConfigError('DISCORD_APPLICATION_ID is missing or not a numeric id: copy it from the Developer Portal, "General Information".');
  }
  const guildId = get('DISCORD_GUILD_ID');
  if (guildId && !/^\d{5,25}$/.test(guildId)) throw new ConfigError('DISCORD_GUILD_ID must be a numeric server id.');
  return { token, applicationId, guildId, shards: discordShards(get('DISCORD_SHARDS'), get('DISCORD_SHARD_COUNT')) };
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

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
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

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  return n;
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

// ---- Slack: one workspace (bot token) or many (OAuth distribution) ----

/**
 * Slack settings. With `botToken` the bot serves the one workspace the token belongs to; with `oauth` (and no
 * bot token) it serves every workspace that installs it through `/slack/install`. Socket Mode when `appToken`
 * is set, otherwise HTTP mode on `port` with `signingSecret`.
 */
export interface SlackConfig {
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  port: number;
  oauth?: SlackOAuthConfig;
}

/** Multi-workspace mode: Bolt's built-in OAuth install flow and the encrypted installation store. */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state` parameter. */
  stateSecret: string;
  /** 32 bytes: encrypts installations (bot tokens) at rest with AES-256-GCM. */
  tokenEncryptionKey: Buffer;
  /** Socket Mode only: the port `/slack/install` and `/slack/oauth_redirect` are served on. Default 3000. */
  installPort: number;
}

const SLACK_OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'TOKEN_ENCRYPTION_KEY'] as const;

function slackConfig(get: (name: string) => string | undefined): Config['slack'] {
  const botToken = get('SLACK_BOT_TOKEN');
  const appToken = get('SLACK_APP_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const oauthSet = SLACK_OAUTH_VARIABLES.filter((name) => name !== 'TOKEN_ENCRYPTION_KEY' && get(name) !== undefined);
  if (botToken && oauthSet.length > 0) {
    throw new ConfigError(
      `SLACK_BOT_TOKEN and ${oauthSet[0]} are both set: use SLACK_BOT_TOKEN for one workspace, or the OAuth variables ` +
        `(${SLACK_OAUTH_VARIABLES.join(', ')}) without SLACK_BOT_TOKEN to serve many workspaces.`,
    );
  }
  if (!botToken && oauthSet.length === 0) {
    if (appToken || signingSecret) {
      throw new ConfigError(
        'SLACK_BOT_TOKEN is missing: Slack needs the bot token (xoxb-...) from "OAuth & Permissions", or, to serve many ' +
          `workspaces, ${SLACK_OAUTH_VARIABLES.join(', ')}.`,
      );
    }
    return undefined;
  }
  if (botToken && !botToken.startsWith('xoxb-')) throw new ConfigError('SLACK_BOT_TOKEN must be a bot token starting with "xoxb-".');
  if (appToken && !appToken.startsWith('xapp-')) throw new ConfigError('SLACK_APP_TOKEN must be an app-level token starting with "xapp-" (Socket Mode).');
  if (!appToken && !signingSecret) {
    throw new ConfigError('SLACK_SIGNING_SECRET is missing: set it for HTTP mode, or set SLACK_APP_TOKEN for Socket Mode.');
  }
  const port = integer('PORT', get('PORT') ?? '3000', 1, 65535);
  if (botToken) return { botToken, appToken, signingSecret, port };
  return { appToken, signingSecret, port, oauth: slackOAuthConfig(get) };
}

function slackOAuthConfig(get: (name: string) => string | undefined): SlackOAuthConfig {
  for (const name of SLACK_OAUTH_VARIABLES) {
    if (!get(name)) {
      throw new ConfigError(
        `${name} is missing: serving many Slack workspaces (OAuth) needs ${SLACK_OAUTH_VARIABLES.join(', ')}; ` +
          'for one workspace set SLACK_BOT_TOKEN instead.',
      );
    }
  }
  const stateSecret = get('SLACK_STATE_SECRET')!;
  if (stateSecret.length < 16) throw new ConfigError('SLACK_STATE_SECRET must be at least 16 characters (a random string, e.g. `openssl rand -hex 32`).');
  return {
    clientId: get('SLACK_CLIENT_ID')!,
    clientSecret: get('SLACK_CLIENT_SECRET')!,
    stateSecret,
    tokenEncryptionKey: encryptionKey('TOKEN_ENCRYPTION_KEY', get('TOKEN_ENCRYPTION_KEY')!),
    installPort: integer('SLACK_INSTALL_PORT', get('SLACK_INSTALL_PORT') ?? '3000', 1, 65535),
  };
}

/** A 32-byte key written as 64 hex digits or as base64 (44 characters). The message never repeats the value. */
function encryptionKey(name: string, value: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, 'hex')
    : /^[A-Za-z0-9+/]{43}=?$/.test(value)
      ? Buffer.from(value, 'base64')
      : undefined;
  if (!key || key.length !== 32) {
    throw new ConfigError(`${name} must be 32 random bytes written as 64 hex digits or base64 (make one with \`openssl rand -base64 32\`).`);
  }
  return key;
}

/** Discord settings: the bot token, its application, an optional development server, and this instance's shards. */
export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId?: string;
  /** The gateway shards this instance runs. Undefined: every shard Discord recommends, all in this process. */
  shards?: DiscordShards;
}

/**
 * This instance runs gateway shards `ids` (ascending, 0 to `count - 1`) out of `count` over all instances. Discord
 * sends a server's events on shard `(guild_id >> 22) % count` only: instances with disjoint ids never share one.
 */
export interface DiscordShards {
  ids: number[];
  count: number;
}

/**
 * `DISCORD_SHARDS` (`auto`, or shard ids like `0,1`) and `DISCORD_SHARD_COUNT` (the total). Both unset or `auto`
 * without a count: undefined (every recommended shard here). `auto` with a count: all `count` shards here.
 */
function discordShards(shards: string | undefined, countText: string | undefined): DiscordShards | undefined {
  const count = countText === undefined ? undefined : integer('DISCORD_SHARD_COUNT', countText, 1, 10_000);
  if (shards === undefined || shards.toLowerCase() === 'auto') {
    return count === undefined ? undefined : { ids: Array.from({ length: count }, (_, id) => id), count };
  }
  const items = list(shards);
  if (items.length === 0 || items.some((item) => !/^\d+$/.test(item))) {
    throw new ConfigError(`DISCORD_SHARDS must be auto or shard ids separated by commas, like 0,1; got "${shards}".`);
  }
  if (count === undefined) {
    throw new ConfigError('DISCORD_SHARD_COUNT is missing: with DISCORD_SHARDS listing shard ids, set the total number of shards over all instances (the same on every instance).');
  }
  const ids = items.map(Number);
  const outside = ids.find((id) => id >= count);
  if (outside !== undefined) throw new ConfigError(`DISCORD_SHARDS: shard ${outside} does not exist; with DISCORD_SHARD_COUNT=${count} the ids are 0 to ${count - 1}.`);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw new ConfigError(`DISCORD_SHARDS lists shard ${repeated} twice.`);
  return { ids: ids.sort((a, b) => a - b), count };
}
