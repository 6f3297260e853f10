/**
 * Looking for traces of a workspace or a token: in every collection the code uses (keys and values), and in the
 * raw bytes of the sqlite file and its WAL.
 */
import { existsSync, readFileSync } from 'node:fs';
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
