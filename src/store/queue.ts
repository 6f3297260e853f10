/**
 * One-at-a-time execution inside a process. The sqlite backend runs every statement on its one connection
 * through a `SerialQueue`, and a transaction holds the queue from BEGIN to COMMIT, so no other caller's
 * statement can ever run inside someone else's open transaction (and be rolled back with it).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Run `task` after every task queued before it has settled; resolves or rejects with `task`'s result. */
  run<R>(task: () => Promise<R>): Promise<R> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
