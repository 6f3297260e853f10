/**
 * A second Paperboy instance's core on the same sqlite file as a fixture's, as two bot processes on one store:
 * tests of several instances check that each sees what the other saved.
 */
import { createCore } from '../../src/core.js';
import { createMemoryLogger } from '../../src/ports.js';
import { openStore } from '../../src/store/store.js';
import type { CoreFixture } from './core-fixture.js';

/** A core with its own store connection and logger on `first`'s file; its `close()` closes only that connection. */
export async function secondInstanceOn(first: CoreFixture): Promise<CoreFixture> {
  const store = await openStore(`sqlite://${first.file}`);
  const logger = createMemoryLogger();
  const core = await createCore({ store, clock: first.clock, logger });
  return { ...first, core, store, logger, close: () => store.close() };
}
