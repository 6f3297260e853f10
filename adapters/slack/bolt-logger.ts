/**
 * Bolt and the Web API client log through `@slack/logger`'s interface. This bridge sends their lines to the
 * bot's own logger, so everything lands in one stream (and in memory during tests) instead of the console.
 */
import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/ports.js';

const ORDER: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/** A Bolt logger writing to `logger`; Bolt's info lines are kept only at `level` info or below. Default warn. */
export function boltLogger(logger: Logger, level: LogLevel = LogLevel.WARN): BoltLogger {
  let current = level;
  let name = 'bolt';
  const emit = (at: LogLevel, write: (message: string) => void) => (...args: unknown[]) => {
    if (ORDER[at] >= ORDER[current]) write(`${name}: ${format(...args)}`);
  };
  return {
    debug: emit(LogLevel.DEBUG, (m) => logger.info(m)),
    info: emit(LogLevel.INFO, (m) => logger.info(m)),
    warn: emit(LogLevel.WARN, (m) => logger.warn(m)),
    error: emit(LogLevel.ERROR, (m) => logger.error(m)),
    setLevel: (next: LogLevel) => {
      current = next;
    },
    getLevel: () => current,
    setName: (next: string) => {
      name = next;
    },
  };
}
