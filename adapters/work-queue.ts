/**
 * The work behind an acknowledged command. Slack and Discord each give a command 3 seconds to be acknowledged;
 * in a burst, searches that ran as soon as their command arrived would hold up the acknowledgements of every
 * command behind them (1,000 searches at once took 12-20 s to acknowledge). So an adapter acknowledges first
 * (through `acknowledge`, so the queue knows an acknowledgement is on its way out) and hands the command's work
 * to a `WorkQueue`, which starts it later:
 * - while a burst lasts, not at all: a job waits while acknowledgements are in flight or new jobs arrived since
 *   the last turn of the event loop, so every pending acknowledgement goes out before the work holds the process;
 *   but never longer than `maxHoldMs` (a steady stream of commands must not starve the answers);
 * - then one job per turn of the event loop (`setImmediate`, which runs after the loop has read the requests
 *   that arrived meanwhile) and at most `concurrency` jobs at once.
 * At most `capacity` jobs wait; past that `run` refuses at once with `WorkQueueFullError`, so a flood cannot grow
 * memory without bound, and the adapter answers those commands with `BUSY_MESSAGE` instead of running them.
 */

/** Jobs that may run at once; searches are CPU work, so a few are enough to overlap their network waits. */
export const DEFAULT_WORK_CONCURRENCY = 4;
/** Jobs that may wait: a 10,000-command burst is still run; about 2 minutes of searches at 12 ms each. */
export const DEFAULT_WORK_CAPACITY = 10_000;
/** Longest a job waits for a burst of acknowledgements to pass; well inside the platforms' answer deadlines. */
export const DEFAULT_MAX_HOLD_MS = 2_000;

/** What a person is told when their command could not even be queued. */
export const BUSY_MESSAGE = "I'm answering a lot of requests right now and couldn't take yours; please try again in a minute.";

/** `WorkQueue.run` refused a job because `capacity` jobs are already waiting. Nothing of the job ran. */
export class WorkQueueFullError extends Error {
  constructor(capacity: number) {
    super(`the work queue is full (${capacity} jobs waiting)`);
    this.name = 'WorkQueueFullError';
  }
}

export interface WorkQueueOptions {
  /** Jobs running at once. Default `DEFAULT_WORK_CONCURRENCY`. */
  concurrency?: number;
  /** Jobs waiting to start before `run` refuses new ones. Default `DEFAULT_WORK_CAPACITY`. */
  capacity?: number;
  /** Milliseconds the oldest waiting job is held back while acknowledgements go out. Default `DEFAULT_MAX_HOLD_MS`. */
  maxHoldMs?: number;
}

/** Left in a started job's slot so the slot no longer holds the job (and the command it closes over). */
const STARTED = (): void => undefined;

/** A bounded first-in, first-out queue of async jobs, started one per event-loop turn. */
export class WorkQueue {
  private readonly concurrency: number;
  private readonly capacity: number;
  /** Waiting jobs from `head` on; the consumed front is cut off now and then instead of shifting every time. */
  private waiting: (() => void)[] = [];
  private head = 0;
  /** When each waiting job arrived (`performance.now()`), parallel to `waiting`. */
  private arrived: number[] = [];
  private running = 0;
  private startScheduled = false;
  private readonly maxHoldMs: number;
  /** Acknowledgements sent through `acknowledge` and not settled yet. */
  private acknowledging = 0;
  /** A job arrived since the last turn that looked at the queue: the burst may still be going on. */
  private arrivedSinceLastTurn = false;
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(options: WorkQueueOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_WORK_CONCURRENCY);
    this.capacity = Math.max(0, options.capacity ?? DEFAULT_WORK_CAPACITY);
    this.maxHoldMs = Math.max(0, options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS);
  }

  /**
   * Send an acknowledgement (Slack's `ack()`, Discord's `deferReply()`) through the queue: no job starts while it
   * is in flight (up to `maxHoldMs`). Resolves or rejects as `ack` does.
   */
  async acknowledge<T>(ack: Promise<T>): Promise<T> {
    this.acknowledging++;
    try {
      return await ack;
    } finally {
      this.acknowledging--;
      this.scheduleStart();
    }
  }

  /** Jobs accepted but not started yet. */
  get waitingCount(): number {
    return this.waiting.length - this.head;
  }

  /** Jobs started and not finished yet. */
  get runningCount(): number {
    return this.running;
  }

  /**
   * Queue `job`; it starts on a later turn of the event loop, never inside this call. Resolves or rejects as the
   * job does; rejects at once with `WorkQueueFullError` (without running the job) when `capacity` jobs wait.
   */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.waitingCount >= this.capacity) return Promise.reject(new WorkQueueFullError(this.capacity));
    this.arrivedSinceLastTurn = true;
    this.arrived.push(performance.now());
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        // A job that throws before its first await rejects like one that fails later.
        new Promise<T>((started) => started(job()))
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.scheduleStart();
          });
      });
      this.scheduleStart();
    });
  }

  /** Start the next job on the next turn of the event loop, when one waits and a slot is free. */
  private scheduleStart(): void {
    if (this.startScheduled || this.waitingCount === 0 || this.running >= this.concurrency) return;
    this.startScheduled = true;
    setImmediate(() => {
      this.startScheduled = false;
      this.startNext();
    });
  }

  private startNext(): void {
    if (this.waitingCount === 0 || this.running >= this.concurrency) return;
    const hold = this.holdFor();
    if (hold === 'arrivals') this.scheduleStart();
    if (hold === 'acknowledgements') this.wakeAfterHold();
    if (hold) return;
    const start = this.waiting[this.head];
    this.waiting[this.head++] = STARTED;
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.arrived = this.arrived.slice(this.head);
      this.head = 0;
    }
    this.running++;
    start();
    this.scheduleStart();
  }

  /**
   * Why jobs should keep waiting, if they should: acknowledgements are in flight (`acknowledge` wakes the queue
   * when they settle), or jobs arrived since the last turn (the next turn looks again), and the oldest waiting
   * job has waited less than `maxHoldMs`. Clears the arrival mark, so a turn with no new arrivals lets jobs start.
   */
  private holdFor(): 'acknowledgements' | 'arrivals' | undefined {
    const arrivals = this.arrivedSinceLastTurn;
    this.arrivedSinceLastTurn = false;
    if (performance.now() - this.arrived[this.head] >= this.maxHoldMs) return undefined;
    if (this.acknowledging > 0) return 'acknowledgements';
    return arrivals ? 'arrivals' : undefined;
  }

  /** Look again once the oldest waiting job has been held `maxHoldMs`, in case an acknowledgement never settles. */
  private wakeAfterHold(): void {
    if (this.holdTimer) return;
    const left = this.maxHoldMs - (performance.now() - this.arrived[this.head]);
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      this.scheduleStart();
    }, Math.max(0, Math.ceil(left)));
  }
}
