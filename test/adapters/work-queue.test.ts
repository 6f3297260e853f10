import { describe, expect, it } from 'vitest';
import { WorkQueue, WorkQueueFullError } from '../../adapters/work-queue.js';

/** Counts turns of the event loop (one `setImmediate` each) until stopped. */
function loopTurns(): { now: () => number; stop: () => void } {
  let turns = 0;
  let timer: NodeJS.Immediate | undefined;
  const tick = () => {
    turns++;
    timer = setImmediate(tick);
  };
  timer = setImmediate(tick);
  return { now: () => turns, stop: () => clearImmediate(timer) };
}

describe('WorkQueue', () => {
  it('never starts a job inside run(), and starts one job per turn of the event loop, in order', async () => {
    const queue = new WorkQueue({ concurrency: 10 });
    const turns = loopTurns();
    const started: { job: number; turn: number }[] = [];
    const done = Array.from({ length: 5 }, (_, job) => queue.run(async () => void started.push({ job, turn: turns.now() })));
    expect(started).toEqual([]);
    await Promise.resolve();
    expect(started).toEqual([]);
    await Promise.all(done);
    turns.stop();
    expect(started.map((s) => s.job)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(started.map((s) => s.turn)).size).toBe(5);
  });

  it('lets I/O that arrived meanwhile run before the next job starts', async () => {
    const queue = new WorkQueue({ concurrency: 10 });
    const order: string[] = [];
    const jobs = [0, 1, 2].map((i) =>
      queue.run(async () => {
        order.push(`job ${i}`);
        // Something that arrives while this job runs (a request to acknowledge) must not wait for the next job.
        setTimeout(() => order.push(`io after job ${i}`), 0);
        const until = Date.now() + 5;
        while (Date.now() < until); // CPU work, like a search
      }),
    );
    await Promise.all(jobs);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order.indexOf('io after job 0')).toBeLessThan(order.indexOf('job 2'));
  });

  it('runs at most `concurrency` jobs at once and all of them in the end', async () => {
    const queue = new WorkQueue({ concurrency: 3 });
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        queue.run(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 1));
          running--;
          return i * 2;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
    expect(queue.runningCount).toBe(0);
    expect(queue.waitingCount).toBe(0);
  });

  it('refuses at once, without running the job, when `capacity` jobs are waiting', async () => {
    const queue = new WorkQueue({ concurrency: 1, capacity: 2 });
    const ran: number[] = [];
    const outcomes = Array.from({ length: 4 }, (_, i) => queue.run(async () => void ran.push(i)).then(() => 'ran', (e: unknown) => e));
    expect(queue.waitingCount).toBe(2);
    const settled = await Promise.all(outcomes);
    expect(settled.slice(0, 2)).toEqual(['ran', 'ran']);
    expect(settled[2]).toBeInstanceOf(WorkQueueFullError);
    expect(settled[3]).toBeInstanceOf(WorkQueueFullError);
    expect(ran).toEqual([0, 1]);
    // Room again once the queue has drained.
    await expect(queue.run(async () => 'later')).resolves.toBe('later');
  });

  it('passes a job failure to its caller, thrown before or after an await, and keeps going', async () => {
    const queue = new WorkQueue({ concurrency: 1 });
    const sync = queue.run((): Promise<void> => {
      throw new Error('thrown at once');
    });
    const async = queue.run(async () => {
      await Promise.resolve();
      throw new Error('thrown later');
    });
    const after = queue.run(async () => 'still runs');
    await expect(sync).rejects.toThrow('thrown at once');
    await expect(async).rejects.toThrow('thrown later');
    await expect(after).resolves.toBe('still runs');
  });

  it('takes a burst of 10,000 jobs and runs them all, the waiting line never above capacity', async () => {
    const queue = new WorkQueue({ concurrency: 4, capacity: 10_000 });
    let most = 0;
    const jobs = Array.from({ length: 10_000 }, () => queue.run(async () => void (most = Math.max(most, queue.waitingCount))));
    expect(queue.waitingCount).toBe(10_000);
    await expect(queue.run(async () => undefined)).rejects.toBeInstanceOf(WorkQueueFullError);
    await Promise.all(jobs);
    expect(most).toBeLessThan(10_000);
    expect(queue.waitingCount).toBe(0);
  });

  it('starts no job while an acknowledgement is in flight, and starts them once it has gone out', async () => {
    const queue = new WorkQueue({ maxHoldMs: 60_000 });
    let sendAck!: () => void;
    const ack = queue.acknowledge(new Promise<void>((resolve) => (sendAck = resolve)));
    const started: string[] = [];
    const job = queue.run(async () => void started.push('job'));
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([]);
    sendAck();
    await ack;
    await job;
    expect(started).toEqual(['job']);
  });

  it('holds jobs while new ones keep arriving turn after turn, and starts them after the first quiet turn', async () => {
    const queue = new WorkQueue({ concurrency: 10, maxHoldMs: 60_000 });
    const started: number[] = [];
    const jobs: Promise<void>[] = [];
    for (let turn = 0; turn < 20; turn++) {
      jobs.push(queue.run(async () => void started.push(turn)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(started).toEqual([]);
    await Promise.all(jobs);
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('holds a job no longer than maxHoldMs, even while an acknowledgement never settles', async () => {
    const queue = new WorkQueue({ maxHoldMs: 20 });
    void queue.acknowledge(new Promise<void>(() => undefined));
    await expect(queue.run(async () => 'ran')).resolves.toBe('ran');
  });

  it('lets a failed acknowledgement reject its caller and release the jobs', async () => {
    const queue = new WorkQueue({ maxHoldMs: 60_000 });
    const ack = queue.acknowledge(Promise.reject(new Error('network down')));
    const job = queue.run(async () => 'ran');
    await expect(ack).rejects.toThrow('network down');
    await expect(job).resolves.toBe('ran');
  });
});
