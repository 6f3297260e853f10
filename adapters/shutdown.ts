/**
 * A clean stop on SIGTERM or SIGINT: run the registered stop steps in order (stop taking work, let running
 * work reach a safe point, close the store, ...), all within one time limit, then exit 0. A step that fails is
 * logged and the next one still runs. If the time limit passes, or a second signal arrives, the process exits
 * at once with 1.
 */
import type { Logger } from '../src/ports.js';

export interface ShutdownStep {
  name: string;
  run(): unknown;
}

export interface ShutdownOptions {
  /** The whole shutdown's limit in milliseconds (config.shutdownTimeoutMs). */
  timeoutMs: number;
  logger: Logger;
  /** Default `process.exit`; tests pass a recorder. */
  exit?: (code: number) => void;
  /** Called last, before exiting (e.g. flush the logger). */
  beforeExit?: () => void;
}

export interface Shutdown {
  /** Add a step; steps run in the order they were added, those added with `last` after all the others. */
  add(name: string, run: () => unknown, position?: 'normal' | 'last'): void;
  /** Start shutting down (idempotent: later calls return the same promise). Ends by calling `exit`. */
  run(reason: string): Promise<void>;
  /** SIGTERM and SIGINT start `run`; a second one forces exit 1. Returns a function that removes the handlers. */
  installSignalHandlers(target?: NodeJS.Process): () => void;
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const steps: ShutdownStep[] = [];
  const lastSteps: ShutdownStep[] = [];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const { logger } = options;
  let running: Promise<void> | undefined;
  let exited = false;
  const finish = (code: number) => {
    if (exited) return;
    exited = true;
    try {
      options.beforeExit?.();
    } finally {
      exit(code);
    }
  };

  const runSteps = async (): Promise<void> => {
    for (const step of [...steps, ...lastSteps]) {
      const started = Date.now();
      try {
        await step.run();
        logger.debug?.('shutdown step done', { step: step.name, ms: Date.now() - started });
      } catch (error) {
        logger.error('shutdown step failed', { step: step.name, error });
      }
      if (exited) return;
    }
  };

  const shutdown: Shutdown = {
    add: (name, run, position = 'normal') => void (position === 'last' ? lastSteps : steps).push({ name, run }),
    run: (reason) => {
      running ??= (async () => {
        logger.info('shutting down', { reason, timeoutMs: options.timeoutMs });
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
          timer.unref();
        });
        const outcome = await Promise.race([runSteps().then(() => 'done' as const), timedOut]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          logger.error('shutdown did not finish in time; exiting anyway', { timeoutMs: options.timeoutMs });
          finish(1);
          return;
        }
        logger.info('stopped cleanly');
        finish(0);
      })();
      return running;
    },
    installSignalHandlers: (target = process) => {
      const onSignal = (signal: NodeJS.Signals) => {
        if (running) {
          logger.warn('second signal: exiting now', { signal });
          finish(1);
          return;
        }
        void shutdown.run(signal);
      };
      target.on('SIGTERM', onSignal);
      target.on('SIGINT', onSignal);
      return () => {
        target.off('SIGTERM', onSignal);
        target.off('SIGINT', onSignal);
      };
    },
  };
  return shutdown;
}
