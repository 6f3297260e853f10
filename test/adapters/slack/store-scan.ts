/**
 * Looking for traces of a workspace or a token: in every collection the code uses (keys and values), and in the
 * raw bytes of the sqlite file and its WAL. Until the store offers `purge()` (secure_delete + WAL checkpoint,
 * another branch), `purgeForTest` does the same from a second connection: VACUUM and a truncating checkpoint.
 */
import { existsSync, readFileSync } from 'node:fs';
import sqlite3 from 'sqlite3';
import type { Store } from '../../../src/store/store.js';
import { installationCollection, SHARED_COLLECTIONS, WORKSPACE_COLLECTIONS } from '../../../src/workspaces/forget-workspace.js';
import { STATE_COLLECTION } from '../../../adapters/slack/oauth/state-store.js';

export const ALL_COLLECTIONS = [...WORKSPACE_COLLECTIONS, ...SHARED_COLLECTIONS, installationCollection('slack'), STATE_COLLECTION];

/** Every `collection: key => value` line in the store whose key or value contains `needle`. */
export async function storeLinesWith(store: Store, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of ALL_COLLECTIONS) {
    for (const [key, value] of await store.collection(name).entries()) {
      const line = `${name}: ${key} => ${JSON.stringify(value)}`;
      if (line.includes(needle)) found.push(line);
    }
  }
  return found;
}

/** True when the raw bytes of the sqlite file, its WAL or shared memory contain `needle`. */
export function rawFilesContain(file: string, needle: string): boolean {
  return [file, `${file}-wal`, `${file}-shm`].some((path) => existsSync(path) && readFileSync(path).includes(Buffer.from(needle, 'utf8')));
}

/** The store's own `purge()` when it has one; otherwise VACUUM and a truncating WAL checkpoint on `file`. */
export async function purgeForTest(store: Store, file: string): Promise<void> {
  const purge = (store as Store & { purge?: () => Promise<unknown> }).purge;
  if (purge) {
    await purge.call(store);
    return;
  }
  const db = new sqlite3.Database(file);
  const run = (sql: string) => new Promise<void>((resolve, reject) => db.run(sql, (error) => (error ? reject(error) : resolve())));
  await run('PRAGMA busy_timeout = 5000');
  await run('VACUUM');
  await run('PRAGMA wal_checkpoint(TRUNCATE)');
  await new Promise<void>((resolve) => db.close(() => resolve()));
}
