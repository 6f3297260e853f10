/**
 * Keeps track of background work (a digest pass, an ingest run) so shutdown can let it reach a safe point:
 * `settle` aborts the shared signal (ingest stops after its current page, with progress saved) and waits for
 * whatever is running, up to a limit. A digest pass is safe to cut off too (it resumes with only what is
 * missing), so after the limit shutdown goes on.
 */
import type { Logger } from '../src/ports.js';

export interface WorkTracker {
  /** Aborted when shutdown starts; pass it to work that can stop early. */
  readonly signal: AbortSignal;
  /** Run `work` and remember it until it ends. */
  run<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Abort the signal and wait up to `limitMs` for running work; resolves true when nothing was left running. */
  settle(limitMs: number): Promise<boolean>;
}

export function createWorkTracker(logger: Logger): WorkTracker {
  const controller = new AbortController();
  const running = new Map<Promise<unknown>, string>();
  return {
    signal: controller.signal,
    run: (name, work) => {
      const promise = work();
      running.set(promise, name);
      promise.then(
        () => running.delete(promise),
        () => running.delete(promise),
      );
      return promise;
    },
    settle: async (limitMs) => {
      controller.abort();
      if (running.size === 0) return true;
      logger.info('waiting for running work to reach a safe point', { work: [...new Set(running.values())], limitMs });
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, limitMs);
      });
      await Promise.race([Promise.allSettled([...running.keys()]), limit]);
      clearTimeout(timer);
      if (running.size === 0) return true;
      logger.warn('work still running at shutdown; it resumes on the next start', { work: [...new Set(running.values())] });
      return false;
    },
  };
}
