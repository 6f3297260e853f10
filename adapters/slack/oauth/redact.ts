/**
 * Slack tokens never reach a log line: this logger wrapper replaces anything that looks like a Slack token
 * (`xoxb-...`, `xoxp-...`, `xapp-...`) in messages and fields before they are written.
 */
import type { Logger } from '../../../src/ports.js';

const TOKEN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;

/** `text` with every Slack token replaced by `xoxb-[redacted]` (the prefix kept, so the kind is still clear). */
export function redactTokens(text: string): string {
  return text.replace(TOKEN, (_match, kind: string) => `${kind}-[redacted]`);
}

function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactTokens(value);
  if (value instanceof Error) return { name: value.name, message: redactTokens(value.message), stack: value.stack && redactTokens(value.stack) };
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, depth + 1)]));
}

/** A logger that writes to `logger` with every Slack token redacted. */
export function redactingLogger(logger: Logger): Logger {
  const wrap = (write: Logger['info']): Logger['info'] => (message, fields) =>
    write.call(logger, redactTokens(message), fields && (redactValue(fields) as Record<string, unknown>));
  return { info: wrap(logger.info), warn: wrap(logger.warn), error: wrap(logger.error) };
}
