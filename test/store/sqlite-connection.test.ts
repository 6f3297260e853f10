import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEPT_PARAMETERS_MAX, KEPT_STATEMENTS, openSqliteConnection, type SqliteConnection } from '../../src/store/sqlite-connection.js';

let dir: string;
let file: string;
let connection: SqliteConnection | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-connection-'));
  file = join(dir, 'c.sqlite');
  connection = await openSqliteConnection(file, 1000);
  await connection.query('CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER)');
});
afterEach(async () => {
  await connection?.close();
  await rm(dir, { recursive: true, force: true });
});
const open = () => connection!;

describe('the sqlite connection', () => {
  it('prepares each SQL text once and runs it again with other parameters', async () => {
    const c = open();
    const insert = 'INSERT INTO t(k, v) VALUES (?, ?)';
    await Promise.all(Array.from({ length: 50 }, (_, i) => c.query(insert, `k${i}`, i)));
    const rows = await Promise.all(Array.from({ length: 50 }, (_, i) => c.query('SELECT v FROM t WHERE k = ?', `k${i}`)));
    expect(rows.map((r) => r[0].v)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(c.keptStatements().filter((sql) => sql === insert)).toHaveLength(1);
    expect(c.keptStatements()).toContain('SELECT v FROM t WHERE k = ?');
    expect(await c.query('SELECT count(*) AS n FROM t')).toEqual([{ n: 50 }]);
  });

  it("a statement that cannot be prepared fails every query waiting on it with sqlite's error, and is not kept", async () => {
    const c = open();
    const bad = 'SELECT * FROM later';
    const failures = await Promise.allSettled([c.query(bad), c.query(bad), c.query(bad)]);
    for (const failure of failures) {
      expect(failure.status).toBe('rejected');
      expect(String((failure as PromiseRejectedResult).reason)).toMatch(/no such table: later/);
    }
    expect(c.keptStatements()).not.toContain(bad);
    await c.query('CREATE TABLE later(x)');
    await c.query('INSERT INTO later(x) VALUES (7)');
    expect(await c.query(bad)).toEqual([{ x: 7 }]);
  });

  it('a kept statement sees a changed table, and a failed run leaves it usable', async () => {
    const c = open();
    await c.query('INSERT INTO t(k, v) VALUES (?, ?)', 'a', 1);
    expect(await c.query('SELECT * FROM t')).toEqual([{ k: 'a', v: 1 }]);
    await c.query('ALTER TABLE t ADD COLUMN w TEXT');
    expect(await c.query('SELECT * FROM t')).toEqual([{ k: 'a', v: 1, w: null }]);
    await expect(c.query('INSERT INTO t(k, v) VALUES (?, ?)', 'a', 2)).rejects.toThrow(/UNIQUE constraint failed/);
    await c.query('INSERT INTO t(k, v) VALUES (?, ?)', 'b', 2);
    expect(await c.query('SELECT count(*) AS n FROM t')).toEqual([{ n: 2 }]);
  });

  it(`keeps at most ${KEPT_STATEMENTS} statements, the most recently used, and closes with none left open`, async () => {
    const c = open();
    const text = (i: number) => `SELECT ${i} AS n FROM t LIMIT 1`;
    await c.query('INSERT INTO t(k, v) VALUES (?, ?)', 'a', 1);
    const first = text(0);
    for (let i = 0; i < KEPT_STATEMENTS * 2; i++) {
      expect(await c.query(text(i))).toEqual([{ n: i }]);
      await c.query(first); // used all along: never the least recently used
    }
    const kept = c.keptStatements();
    expect(kept).toHaveLength(KEPT_STATEMENTS);
    expect(kept).toContain(first);
    expect(kept).not.toContain(text(1));
    expect(await c.query(text(1))).toEqual([{ n: 1 }]); // prepared again
    // sqlite refuses to close a connection with a statement not finalised ("unable to close").
    await c.close();
    connection = undefined;
    // keyv's own adapter reads what was written.
    const keyvSide = new KeyvSqlite({ uri: `sqlite://${file}` });
    const read = keyvSide.query as unknown as (sql: string) => Promise<unknown[]>;
    expect(await read('SELECT k, v FROM t')).toEqual([{ k: 'a', v: 1 }]);
    await keyvSide.disconnect();
  });

  it('a query with long text parameters runs on a statement of its own, not kept (sqlite would hold their copy)', async () => {
    const c = open();
    const long = 'x'.repeat(KEPT_PARAMETERS_MAX / 2 + 1);
    const insertTwo = 'INSERT INTO t(k, v) VALUES (?, 1), (?, 2)';
    await c.query(insertTwo, long, `${long}y`);
    expect(c.keptStatements()).not.toContain(insertTwo);
    expect(await c.query('SELECT length(k) AS n FROM t ORDER BY v')).toEqual([{ n: long.length }, { n: long.length + 1 }]);
    await expect(c.query('INSERT INTO missing(k) VALUES (?), (?)', long, long)).rejects.toThrow(/no such table: missing/);
    await expect(c.query(insertTwo, long, `${long}y`)).rejects.toThrow(/UNIQUE constraint failed/);
    // Short parameters: kept as usual.
    await c.query(insertTwo, 'a', 'b');
    expect(c.keptStatements()).toContain(insertTwo);
  });

  it('a transaction of kept statements commits or rolls back as a whole', async () => {
    const c = open();
    const once = async (k: string, fail: boolean) => {
      await c.query('BEGIN IMMEDIATE');
      try {
        await c.query('INSERT INTO t(k, v) VALUES (?, ?)', k, 1);
        if (fail) throw new Error('stop');
        await c.query('COMMIT');
      } catch {
        await c.query('ROLLBACK');
      }
    };
    await once('x', false);
    await once('y', true);
    await once('z', false);
    expect(await c.query('SELECT k FROM t ORDER BY k')).toEqual([{ k: 'x' }, { k: 'z' }]);
  });
});
