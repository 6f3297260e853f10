/**
 * A Postgres transaction's statements, pipelined on its one client (the pool's clients run in pg's pipeline
 * mode): a write whose answer nobody reads is only queued (`send`), and goes out together with the next
 * statement that is waited for (a read, or COMMIT), in one write to the socket. BEGIN, a transaction's writes
 * and its COMMIT so cost one round trip instead of one each; the commit stays one durable commit. Statements
 * still queued when the transaction fails are never sent (it rolls back).
 *
 * The server answers in order, and after a failed statement it refuses the rest of the transaction (and
 * answers COMMIT with a rollback). So `query` waits for everything sent before it and fails with the first
 * failure among them: nothing after a failed write is ever reported as done, COMMIT included.
 */
import type { Duplex } from 'node:stream';

/** Rows of one statement: `rows` and how many were changed. */
export interface Result<Row> {
  rows: Row[];
  rowCount: number | null;
}
/** Run one statement with its parameters; resolves with its rows. */
export type Query = <Row = Record<string, string>>(sql: string, params?: unknown[]) => Promise<Result<Row>>;

/** Queue a statement whose answer is not needed; it goes out with the next `query`, and its failure fails that one. */
export type Send = (sql: string, params?: unknown[]) => void;

/** The statements of one transaction: `query` sends (with everything queued) and waits for its answer, `send` queues. */
export interface Pipeline {
  query: Query;
  send: Send;
}

/** Pipeline the statements made through `q` (one client's queries, in order) on `socket` (that client's). */
export function pipeline(q: Query, socket: Pick<Duplex, 'cork' | 'uncork'>): Pipeline {
  const queued: [string, unknown[] | undefined][] = [];
  let failure: { error: unknown } | undefined;
  const query: Query = async <Row>(sql: string, params?: unknown[]) => {
    const sent: Promise<unknown>[] = [];
    let answer: Promise<Result<Row>>;
    // Corked, the statements' messages leave in one write when the last one is handed over.
    socket.cork();
    try {
      for (const [queuedSql, queuedParams] of queued.splice(0)) {
        const done = q(queuedSql, queuedParams);
        done.catch((error: unknown) => void (failure ??= { error }));
        sent.push(done);
      }
      answer = q<Row>(sql, params);
    } finally {
      socket.uncork();
    }
    // The server answers in order: wait until the queued statements' answers are settled too.
    const [result] = await Promise.allSettled([answer, ...sent]);
    if (failure) throw failure.error;
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  };
  return { query, send: (sql, params) => void queued.push([sql, params]) };
}
