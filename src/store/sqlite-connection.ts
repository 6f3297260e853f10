/**
 * The sqlite backend's one connection (`sqlite3`), with its prepared statements kept and reused.
 *
 * Why not keyv's `@keyv/sqlite` connection: it runs every query as a fresh statement, which is two trips to
 * sqlite's worker thread (prepare, then run), and each trip back waits for the event loop. While a digest tick
 * ranks channels on the main thread, those waits add up: a transaction holds the store's queue from BEGIN to
 * COMMIT, so its every statement's trips are time no other caller's statement can run. A kept statement is one
 * trip. The table and the values stay keyv's (sqlite-codec.ts), so `@keyv/sqlite` reads the file as before.
 */
import sqlite3 from 'sqlite3';

/** A query: its rows (none for a statement that returns none). */
export type Query = (sql: string, ...params: unknown[]) => Promise<Record<string, unknown>[]>;

/** Prepared statements kept at most; the least recently used is finalised when another is added. */
export const KEPT_STATEMENTS = 64;

/**
 * A query whose text parameters are longer than this (in characters) runs on a statement of its own, finalised
 * at once: sqlite keeps a copy of the last parameters bound to a statement, and a kept one holding a batch of 400
 * papers' text would hold its megabyte until it runs again. Every statement kept then holds less than this.
 */
export const KEPT_PARAMETERS_MAX = 128 * 1024;

function textLength(params: unknown[]): number {
  let length = 0;
  for (const param of params) if (typeof param === 'string') length += param.length;
  return length;
}

interface Kept {
  statement: sqlite3.Statement;
  /**
   * The queries waiting for the statement's preparation, to be told if it fails (`sqlite3` then drops them
   * without a word); undefined once it is prepared.
   */
  waiting?: ((error: Error) => void)[];
}

/**
 * One open connection: `query` runs a statement (prepared once per SQL text, unless its parameters are long),
 * `close` finalises them and closes.
 */
export interface SqliteConnection {
  query: Query;
  /** The SQL texts of the statements kept now, least recently used first (for the tests). */
  keptStatements(): string[];
  close(): Promise<void>;
}

/** Open the database file at `path` (created if missing), with `busyTimeoutMs` for another process's lock. */
export async function openSqliteConnection(path: string, busyTimeoutMs: number): Promise<SqliteConnection> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(path, (error) => (error ? reject(error) : resolve(opened)));
  });
  db.configure('busyTimeout', busyTimeoutMs);
  const kept = new Map<string, Kept>();

  const statementFor = (sql: string): Kept => {
    const found = kept.get(sql);
    if (found) {
      kept.delete(sql); // re-inserted below: the map's order is the order of last use
      kept.set(sql, found);
      return found;
    }
    // Queries on the statement wait for its preparation; a failed one is not kept, and its queries get its error.
    const waiting: ((error: Error) => void)[] = [];
    const entry: Kept = {
      waiting,
      statement: db.prepare(sql, (error: Error | null) => {
        entry.waiting = undefined;
        if (!error) return;
        if (kept.get(sql) === entry) kept.delete(sql);
        for (const fail of waiting) fail(error);
      }),
    };
    kept.set(sql, entry);
    if (kept.size > KEPT_STATEMENTS) {
      const [oldest, old] = kept.entries().next().value as [string, Kept];
      kept.delete(oldest);
      old.statement.finalize(); // after any query already queued on it
    }
    return entry;
  };

  const runKept: Query = (sql, ...params) =>
    new Promise((resolve, reject) => {
      const entry = statementFor(sql);
      entry.waiting?.push(reject);
      entry.statement.all(params, (error: Error | null, rows: Record<string, unknown>[]) => (error ? reject(error) : resolve(rows)));
    });
  const runOnce: Query = (sql, ...params) =>
    new Promise((resolve, reject) => {
      // Database#all prepares, runs and finalises; a failed preparation reaches this callback too.
      db.all(sql, params, (error: Error | null, rows: Record<string, unknown>[]) => (error ? reject(error) : resolve(rows)));
    });

  return {
    query: (sql, ...params) => (textLength(params) > KEPT_PARAMETERS_MAX ? runOnce : runKept)(sql, ...params),
    keptStatements: () => [...kept.keys()],
    close: async () => {
      const statements = [...kept.values()];
      kept.clear();
      await Promise.all(statements.map((entry) => new Promise<void>((resolve) => entry.statement.finalize(() => resolve()))));
      await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
