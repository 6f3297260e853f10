/** What only a real sqlite file can show: other processes, the raw bytes on disk, and files that cannot be used. */
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { openStore, StoreError, type Store } from '../../src/store/store.js';
import { kindOf } from '../../src/store/errors.js';
import { VoteRepository } from '../../src/feedback/votes.js';
import type { ChannelRef, UserRef } from '../../src/types.js';

const run = promisify(execFile);
let dir: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-sqlite-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});
const opened = async (url: string, options = {}): Promise<Store> => {
  const store = await openStore(url, options);
  cleanups.push(() => store.close());
  return store;
};

/** Whether `chattr +i` works here (root on a file system that supports it); it stops even root from writing. */
function immutable(path: string): boolean {
  if (spawnSync('chattr', ['+i', path]).status !== 0) return false;
  cleanups.push(async () => spawnSync('chattr', ['-i', path]));
  return true;
}

describe('sqlite store', () => {
  it('two processes incrementing one key through update 100 times each count 200', async () => {
    const file = join(dir, 'shared.sqlite');
    await (await openStore(`sqlite://${file}`)).close();
    const child = join(import.meta.dirname, 'fixtures', 'increment.ts');
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    await Promise.all([run(tsx, [child, file, '100']), run(tsx, [child, file, '100'])]);
    const store = await opened(`sqlite://${file}`);
    expect(await store.collection<number>('counter').get('n')).toBe(200);
  }, 60_000);

  it('forget means gone: a deleted user id leaves no trace in the .sqlite and -wal files', async () => {
    const file = join(dir, 'forget.sqlite');
    const store = await opened(`sqlite://${file}`);
    const votes = new VoteRepository(store);
    const secret = 'U7SECRETUSER42';
    const user: UserRef = { platform: 'slack', workspace: 'T1', user: secret };
    const other: UserRef = { platform: 'slack', workspace: 'T1', user: 'UOTHER' };
    const channel: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };
    await store.collection<string>('paper').setMany(Array.from({ length: 300 }, (_, i) => [`p${i}`, 'x'.repeat(500)]));
    for (let i = 0; i < 40; i++) {
      await votes.apply(user, channel, `p${i}`, { name: 'thumbsup', sentiment: 'like' }, 'added', new Date());
      await votes.apply(other, channel, `p${i}`, { name: 'thumbsup', sentiment: 'like' }, 'added', new Date());
    }
    const hits = async () => {
      let n = 0;
      for (const path of [file, `${file}-wal`]) {
        if (!existsSync(path)) continue;
        const bytes = await readFile(path);
        for (let at = bytes.indexOf(secret); at !== -1; at = bytes.indexOf(secret, at + 1)) n++;
      }
      return n;
    };
    expect(await hits()).toBeGreaterThan(0);
    expect(await votes.deleteUser(user)).toBe(40);
    expect(await hits()).toBe(0);
    expect(await votes.forUser(other)).toHaveLength(40);
    expect(await votes.forChannel(channel)).toHaveLength(40);
  });

  it('a batch that hits a full disk fails alone: single writes around it are kept', async () => {
    const store = await opened(`sqlite://${join(dir, 'full.sqlite')}`, { maxPages: 60 });
    const papers = store.collection<string>('paper');
    const singles = Array.from({ length: 20 }, (_, i) => papers.set(`single${i}`, 's'));
    const batch = papers.setMany(Array.from({ length: 400 }, (_, i) => [`big${i}`, 'x'.repeat(2000)] as [string, string]));
    await expect(batch).rejects.toMatchObject({ kind: 'disk-full', userMessage: "I couldn't save that; nothing changed." });
    await Promise.all(singles);
    expect((await papers.entries()).map(([k]) => k).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `single${i}`).sort());
  });

  it("a batch mixing plain values with ones keyv escapes writes each as keyv does; an unstorable one stops it before it starts", async () => {
    const file = join(dir, 'mixed.sqlite');
    const store = await opened(`sqlite://${file}`);
    const papers = store.collection<unknown>('paper');
    // Over two of the store's 400-row batches, the odd values (an author ":", a Date) in both.
    const values: [string, unknown][] = Array.from({ length: 900 }, (_, i) => [`p${String(i).padStart(3, '0')}`, { id: i, authors: ['Ada', 'Bo'] }]);
    for (const i of [3, 450, 899]) values[i] = [values[i][0], { id: i, authors: ['Ada', ':'], at: new Date(Date.UTC(2026, 0, 1 + i)) }];
    await papers.setMany(values);
    const keyv = new Keyv();
    const raw = new KeyvSqlite({ uri: `sqlite://${file}` });
    cleanups.push(() => raw.disconnect());
    const rows = (await (raw.query as unknown as (sql: string) => Promise<{ key: string; value: string }[]>)(
      "SELECT key, value FROM keyv WHERE key LIKE 'pb:paper:%' ORDER BY key",
    )) as { key: string; value: string }[];
    expect(rows.map((r) => r.key)).toEqual(values.map(([key]) => `pb:paper:${key}`));
    for (const [i, row] of rows.entries()) expect(row.value).toBe(await keyv.serialize!({ value: values[i][1], expires: undefined }));
    expect(await papers.get('p450')).toEqual({ id: 450, authors: ['Ada', ':'], at: new Date(Date.UTC(2026, 0, 451)).toISOString() });

    const circular: Record<string, unknown> = { id: 'loop' };
    circular.self = circular;
    const refused = papers.setMany([['q1', { id: 1 }], ['q2', circular], ['q3', { id: 3, authors: [':'] }]]);
    await expect(refused).rejects.toMatchObject({ kind: 'unserialisable' });
    expect(await papers.get('q1')).toBeUndefined();
    expect(await papers.get('q3')).toBeUndefined();

    // A large batch is checked in paced steps: an unstorable value early on fails the batch, and its failure is
    // never left unhandled while the rest is checked (Node would report an unhandled rejection).
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const large: [string, unknown][] = Array.from({ length: 60_000 }, (_, i) => [`r${i}`, { id: i, title: `paper ${i}`, authors: ['Ada', 'Grace'] }]);
      large[1] = ['r1', circular];
      await expect(papers.setMany(large)).rejects.toMatchObject({ kind: 'unserialisable' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(await papers.get('r0')).toBeUndefined();
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  describe('a store that cannot be used fails at open with a StoreError saying why', () => {
    const failure = async (url: string, options = {}) => {
      const error = await openStore(url, options).then(
        async (store) => {
          await store.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreError);
      return error as StoreError;
    };

    it('a garbage file: corrupt', async () => {
      const file = join(dir, 'garbage.sqlite');
      await writeFile(file, 'this is not a database '.repeat(100));
      const error = await failure(`sqlite://${file}`);
      expect(error.kind).toBe('corrupt');
      expect(error.message).toContain(file);
      expect(error.message).toMatch(/not a sqlite database.*restore it from a backup/);
    });

    it('a path that is a directory', async () => {
      const error = await failure(`sqlite://${dir}`);
      expect(error.kind).toBe('not-a-file');
      expect(error.message).toMatch(/is a directory/);
    });

    it('a directory that cannot be created', async () => {
      await writeFile(join(dir, 'plain'), 'a file');
      const error = await failure(`sqlite://${join(dir, 'plain', 'sub', 'store.sqlite')}`);
      expect(error.kind).toBe('directory-not-writable');
      expect(error.message).toMatch(/make the directory writable/);
    });

    it('locked by another process holding a write transaction', async () => {
      const file = join(dir, 'locked.sqlite');
      await (await openStore(`sqlite://${file}`)).close();
      const other = new KeyvSqlite({ uri: `sqlite://${file}` });
      const query = other.query as unknown as (sql: string) => Promise<unknown>;
      await query('BEGIN EXCLUSIVE');
      cleanups.push(async () => {
        await query('ROLLBACK');
        await other.disconnect();
      });
      const error = await failure(`sqlite://${file}`, { busyTimeoutMs: 100 });
      expect(error.kind).toBe('locked');
      expect(error.message).toMatch(/locked by another process/);
    });

    it('a read-only file (chattr +i, which stops root too), when the file system allows it', async (context) => {
      const file = join(dir, 'ro.sqlite');
      await (await openStore(`sqlite://${file}`)).close();
      if (!immutable(file)) return context.skip();
      const error = await failure(`sqlite://${file}`);
      expect(error.kind).toBe('read-only');
      expect(error.message).toContain(file);
    });

    it('a directory nobody may write (chattr +i), when the file system allows it', async (context) => {
      const sub = join(dir, 'ro-dir');
      await mkdir(sub);
      if (!immutable(sub)) return context.skip();
      const error = await failure(`sqlite://${join(sub, 'new.sqlite')}`);
      expect(error.kind).toBe('directory-not-writable');
    });

    it('a full disk', async () => {
      const error = await failure(`sqlite://${join(dir, 'tiny.sqlite')}`, { maxPages: 2 });
      expect(error.kind).toBe('disk-full');
      expect(error.message).toMatch(/free disk space/);
    });
  });

  it('maps sqlite and file-system error codes to causes', () => {
    const cases: [string, string][] = [
      ['SQLITE_READONLY', 'read-only'], ['EROFS', 'read-only'], ['SQLITE_FULL', 'disk-full'], ['ENOSPC', 'disk-full'],
      ['SQLITE_NOTADB', 'corrupt'], ['SQLITE_CORRUPT', 'corrupt'], ['SQLITE_BUSY', 'locked'], ['SQLITE_LOCKED', 'locked'],
      ['SQLITE_CANTOPEN', 'directory-not-writable'], ['EACCES', 'directory-not-writable'], ['EISDIR', 'not-a-file'],
      ['SQLITE_IOERR', 'io'],
    ];
    for (const [code, kind] of cases) expect([code, kindOf(Object.assign(new Error(code), { code }))]).toEqual([code, kind]);
  });
});
