/**
 * One-at-a-time execution inside a process. The sqlite backend runs every statement on its one connection
 * through a `SerialQueue`, and a transaction holds the queue from BEGIN to COMMIT, so no other caller's
 * statement can ever run inside someone else's open transaction (and be rolled back with it).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  /** Set while a task of this queue runs: a call into the queue from inside it would wait for itself forever. */
  private readonly running = new AsyncLocalStorage<SerialQueue>();

  /** Run `task` after every task queued before it has settled; resolves or rejects with `task`'s result. */
  run<R>(task: () => Promise<R>): Promise<R> {
    if (this.running.getStore() === this) {
      return Promise.reject(new Error("A store call was made inside a transaction on the same store; use the transaction's `tx` instead."));
    }
    const result = this.tail.then(() => this.running.run(this, task));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
