/**
 * A store of either local kind for tests that must hold on both: `memory://`, or sqlite on a real file in a fresh
 * temp directory. `useScratchStores()` registers the cleanup (close, delete the directory) after each test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createMemoryStore, openStore, type Store } from '../../src/store/store.js';

export type ScratchKind = 'memory' | 'sqlite';
export const SCRATCH_KINDS: ScratchKind[] = ['memory', 'sqlite'];

/** Returns `open(kind)`; every store it opened is closed, and its directory deleted, after each test. */
export function useScratchStores(): (kind: ScratchKind) => Promise<Store> {
  const opened: { store: Store; dir?: string }[] = [];
  afterEach(async () => {
    for (const { store, dir } of opened.splice(0)) {
      await store.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  });
  return async (kind) => {
    if (kind === 'memory') {
      const store = createMemoryStore();
      opened.push({ store });
      return store;
    }
    const dir = await mkdtemp(join(tmpdir(), 'paperboy-scratch-'));
    const store = await openStore(`sqlite://${join(dir, 'store.sqlite')}`);
    opened.push({ store, dir });
    return store;
  };
}
