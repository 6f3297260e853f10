/**
 * Readiness for `GET /readyz`: a list of probes (the store answers, the papers are loaded, each chat platform
 * is connected), checked on demand with a time limit each. Adapters register their own probe through
 * `register`; the console needs none (it is ready when the core is). While shutting down it is never ready,
 * so a load balancer stops sending work before the process stops taking it.
 */
import type { Core } from '../src/core.js';
import type { Store } from '../src/store/store.js';

/** One thing that must be true before the bot is ready. `isReady` may throw; that counts as not ready. */
export interface ReadinessProbe {
  name: string;
  isReady(): boolean | Promise<boolean>;
}

export interface ReadinessResult {
  ready: boolean;
  /** Why not, one entry per failing probe (empty when ready). */
  reasons: string[];
}

export interface Readiness {
  register(...probes: ReadinessProbe[]): void;
  /** From now on never ready (shutting down). */
  markStopping(): void;
  check(): Promise<ReadinessResult>;
}

/** A readiness check; each probe gets at most `probeTimeoutMs` (default 2000) to answer. */
export function createReadiness(probeTimeoutMs = 2000): Readiness {
  const probes: ReadinessProbe[] = [];
  let stopping = false;
  const ask = async (probe: ReadinessProbe): Promise<string | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`${probe.name}: no answer within ${probeTimeoutMs} ms`), probeTimeoutMs);
    });
    const answer = Promise.resolve()
      .then(() => probe.isReady())
      .then(
        (ok) => (ok ? undefined : `${probe.name}: not ready`),
        (error: unknown) => `${probe.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    register: (...more) => void probes.push(...more),
    markStopping: () => {
      stopping = true;
    },
    check: async () => {
      if (stopping) return { ready: false, reasons: ['shutting down'] };
      if (probes.length === 0) return { ready: false, reasons: ['starting: the store and papers are not loaded yet'] };
      const reasons = (await Promise.all(probes.map(ask))).filter((r): r is string => r !== undefined);
      return { ready: reasons.length === 0, reasons };
    },
  };
}

/** The store answers a cheap read (the schema version). */
export function storeProbe(store: Store): ReadinessProbe {
  return {
    name: 'store',
    isReady: async () => {
      await store.collection<number>('meta').get('schemaVersion');
      return true;
    },
  };
}

/** The papers are in memory (the core loads them, or the bundled ones, before it is built). */
export function papersProbe(core: Pick<Core, 'paperCount'>): ReadinessProbe {
  return { name: 'papers', isReady: () => core.paperCount() > 0 };
}
