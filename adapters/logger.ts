/**
 * The bot's real logger, on pino: one line per event on stderr (stdout is the console chat), as JSON for
 * machines or pretty for people (`LOG_FORMAT`; by default pretty on a terminal, JSON otherwise), with level,
 * time, message (`msg`) and the context fields the caller gave (platform, workspace, channel, run, error, ...).
 *
 * No secret reaches a line: pino's `redact` blanks fields with secret names, and every message and field value
 * is scrubbed of the configured secret values, of anything shaped like a Slack token, and of the password in any
 * URL that carries one (`postgres://user:password@host/db`).
 */
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../src/config.js';
import type { Logger } from '../src/ports.js';

const REDACTED = '[redacted]';

/** Environment variables whose values are secrets; their values are scrubbed wherever they appear. */
export const SECRET_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'DISCORD_TOKEN',
  'TOKEN_ENCRYPTION_KEY',
] as const;

/** Field names whose values are always blanked, at the top level or one level down. */
const SECRET_FIELDS = ['token', 'botToken', 'appToken', 'signingSecret', 'clientSecret', 'stateSecret', 'secret', 'password', 'authorization', 'encryptionKey'];

/** Slack tokens (bot, user, app-level, refresh, config) and Discord bot tokens, wherever they appear. */
const TOKEN_PATTERNS = [/\bxox[abeprs]-[A-Za-z0-9-]+/g, /\bxapp-[A-Za-z0-9-]+/g, /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}\b/g];

/**
 * The password of a URL with credentials (`scheme://user:password@`), replaced whatever its length: the value
 * scrubbing skips secrets shorter than `MIN_SECRET_LENGTH`, and a `STORE_URL` may hold a short one.
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s/]*@/gi;

/** Values shorter than this are not scrubbed (a one-letter "secret" would blank every line). */
const MIN_SECRET_LENGTH = 6;

export interface LoggerOptions {
  level: Config['logLevel'];
  /** Undefined: pretty when `stream` is a terminal, JSON otherwise. */
  format?: Config['logFormat'];
  /** Secret values to scrub (see `secretsFrom`). */
  secrets?: string[];
  /** Where lines go. Default stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The secret values in an environment: the `SECRET_VARIABLES` and the password of a `STORE_URL`. */
export function secretsFrom(env: Record<string, string | undefined>): string[] {
  const values = SECRET_VARIABLES.map((name) => env[name]?.trim());
  try {
    const password = env.STORE_URL ? new URL(env.STORE_URL.trim()).password : '';
    if (password) values.push(password, decodeURIComponent(password));
  } catch {
    // not a URL: nothing to take from it
  }
  return [...new Set(values.filter((v): v is string => !!v && v.length >= MIN_SECRET_LENGTH))];
}

/** Replace every secret value, token-shaped text and URL password in `text`. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  return out.replace(URL_PASSWORD, `$1${REDACTED}@`);
}

/** A copy of `value` with errors made plain, secret-named fields blanked and every string scrubbed. */
export function scrubValue(value: unknown, secrets: readonly string[], seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth > 8) return '[...]';
  seen.add(value);
  if (value instanceof Error) {
    const plain: Record<string, unknown> = { type: value.name, message: value.message, stack: value.stack };
    for (const [key, inner] of Object.entries(value)) plain[key] = inner;
    if (value.cause !== undefined) plain.cause = value.cause;
    return scrubValue(plain, secrets, seen, depth + 1);
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, seen, depth + 1));
  if (value instanceof Date || value instanceof URL) return scrubText(value instanceof Date ? value.toISOString() : value.href, secrets);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_FIELDS.includes(key) && inner ? REDACTED : scrubValue(inner, secrets, seen, depth + 1);
  }
  return out;
}

/** The real logger (see the module comment). `flush()` writes out anything buffered; call it before exiting. */
export function createLogger(options: LoggerOptions): Logger & { debug: NonNullable<Logger['debug']>; flush(): void } {
  const stream = options.stream ?? process.stderr;
  const format = options.format ?? (stream.isTTY ? 'pretty' : 'json');
  const secrets = [...(options.secrets ?? [])].sort((a, b) => b.length - a.length);
  const destination =
    format === 'pretty'
      ? pretty({ destination: stream, sync: true, colorize: !!stream.isTTY, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname' })
      : stream;
  const base = pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...SECRET_FIELDS, ...SECRET_FIELDS.map((f) => `*.${f}`)], censor: REDACTED },
    },
    destination,
  );
  const emit = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) => {
    if (!base.isLevelEnabled(level)) return;
    base[level](fields ? (scrubValue(fields, secrets) as object) : {}, scrubText(message, secrets));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), flush: () => base.flush() };
}
