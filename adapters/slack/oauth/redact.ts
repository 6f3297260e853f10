/**
 * Secrets never reach a log line: this logger wrapper replaces anything that looks like a Slack token
 * (`xoxb-...`, `xoxp-...`, `xapp-...`), a `client_secret` value (the Web API client's debug lines show the
 * `oauth.v2.access` body) and the given secrets themselves in messages and fields before they are written.
 */
import type { Logger } from '../../../src/ports.js';

const TOKEN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;
const CLIENT_SECRET_FIELD = /("?client_secret"?\s*[:=]\s*"?)[^"&,\s}]+/g;

/**
 * `text` with every Slack token replaced by `xoxb-[redacted]` (the prefix kept, so the kind is still clear),
 * `client_secret` values and each of `secrets` replaced by `[redacted]`.
 */
export function redactTokens(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(TOKEN, (_match, kind: string) => `${kind}-[redacted]`).replace(CLIENT_SECRET_FIELD, '$1[redacted]');
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out;
}

function redactValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return redactTokens(value, secrets);
  if (value instanceof Error) {
    return { name: value.name, message: redactTokens(value.message, secrets), stack: value.stack && redactTokens(value.stack, secrets) };
  }
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, secrets, depth + 1)]));
}

/** A logger that writes to `logger` with every Slack token, `client_secret` and each of `secrets` redacted. */
export function redactingLogger(logger: Logger, secrets: readonly string[] = []): Logger {
  const wrap = (write: Logger['info']): Logger['info'] => (message, fields) =>
    write.call(logger, redactTokens(message, secrets), fields && (redactValue(fields, secrets) as Record<string, unknown>));
  return { info: wrap(logger.info), warn: wrap(logger.warn), error: wrap(logger.error) };
}
