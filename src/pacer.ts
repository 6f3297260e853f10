/**
 * Cooperative scheduling for long work on many papers (checking and encoding an ingest, indexing, refreshes):
 * count units of work and yield to the event loop once a time slice is used up (or a number of units is done),
 * so searches, chat events and timers keep being served while tens of thousands of papers go through. And
 * `ownTurn`, for many short pieces of work (a digest's channels) that take the event loop one at a time.
 */

/** Loops over the whole vocabulary count one unit of work per this many terms (about a document's worth). */
export const TERMS_PER_UNIT = 4096;

/** Milliseconds of work between yields unless a caller says otherwise: the event loop never waits much longer. */
export const DEFAULT_SLICE_MS = 10;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Pacer {
  private since = performance.now();
  private units = 0;

  /**
   * @param maxUnits units of work between yields at most (default: no limit, only the time slice counts)
   * @param sliceMs  milliseconds of work between yields at most
   */
  constructor(
    private readonly maxUnits = Number.POSITIVE_INFINITY,
    private readonly sliceMs = DEFAULT_SLICE_MS,
  ) {}

  /**
   * Count `units` of work done. Returns a promise to await when it is time to yield, else undefined (so the
   * caller pays for an `await` only when it yields).
   */
  tick(units = 1): Promise<void> | undefined {
    this.units += units;
    if (this.units < this.maxUnits && performance.now() - this.since < this.sliceMs) return undefined;
    return this.pause();
  }

  /** Yield now and start a new slice. */
  async pause(): Promise<void> {
    await yieldToEventLoop();
    this.units = 0;
    this.since = performance.now();
  }
}

const turnsWanted: (() => void)[] = [];
let turnScheduled = false;

function giveTurn(): void {
  turnsWanted.shift()?.();
  turnScheduled = turnsWanted.length > 0;
  if (turnScheduled) setImmediate(giveTurn);
}

/**
 * Wait for an event-loop turn of one's own: callers go one per turn, in the order they asked, so whatever I/O
 * completed meanwhile (a store's answer, a chat event) is handled between any two of them. Yielding with
 * `setImmediate` alone does not do that when many yield at once: their callbacks all run in the same turn, back
 * to back, and an answer that arrived first waits for all of them.
 */
export function ownTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    turnsWanted.push(resolve);
    if (turnScheduled) return;
    turnScheduled = true;
    setImmediate(giveTurn);
  });
}
