/**
 * Small parsers for configuration values, shared by src/config.ts and src/config-chat.ts: each names the variable
 * in the `ConfigError` it throws.
 */
import { ConfigError } from './errors.js';

/** Comma-separated items, trimmed, empty ones dropped. */
export function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * A whole number from `min` to `max`, written in decimal digits (`1e1`, `0x2` and the like are refused); the
 * message names the variable.
 */
export function integer(name: string, value: string, min: number, max: number): number {
  const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  return n;
}
