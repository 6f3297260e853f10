/**
 * Backups of the sqlite store named by STORE_URL.
 *
 *   npm run backup -- FILE [--force]    a consistent copy (sqlite `VACUUM INTO`), safe while the bot runs
 *   npm run restore -- FILE [--force]   put a backup in place of the store (stop the bot first)
 *
 * A backup never overwrites FILE unless --force. A restore checks that FILE is a Paperboy store (the keyv table,
 * a schema version this Paperboy knows, sqlite's integrity check), refuses to replace an existing store unless
 * --force, writes a temp file next to the store and renames it into place (atomic), and removes the old store's
 * -wal and -shm files so sqlite cannot replay them into the restored one.
 *
 * It uses the sqlite3 driver directly for file-level work the store port has no method for yet (a
 * `Store.backupTo(file)` would be the place; see the ops report). Exit codes: 0 done, 1 failed, 2 refused or bad
 * arguments.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve, basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite3 from 'sqlite3';
import { loadConfig, readEnvironment } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { SCHEMA_VERSION } from '../../src/store/store.js';

/** A problem the operator can fix; printed without a stack, exit code 2. */
export class BackupRefused extends Error {}

type Db = sqlite3.Database;

function open(file: string, mode: number): Promise<Db> {
  return new Promise((ok, fail) => {
    const db = new sqlite3.Database(file, mode, (error) => (error ? fail(error) : ok(db)));
  });
}
const all = (db: Db, sql: string, ...params: unknown[]) =>
  new Promise<Record<string, unknown>[]>((ok, fail) => db.all(sql, params, (error, rows) => (error ? fail(error) : ok(rows as Record<string, unknown>[]))));
const close = (db: Db) => new Promise<void>((ok, fail) => db.close((error) => (error ? fail(error) : ok())));

/** The sqlite file of a STORE_URL; refuses memory:// and other backends. */
export function storeFile(storeUrl: string): string {
  const match = /^sqlite:\/\/(.+)$/.exec(storeUrl);
  if (!match || match[1] === ':memory:') throw new BackupRefused(`STORE_URL is ${storeUrl.split('://')[0]}://...: backup and restore work on a sqlite:// store only.`);
  return resolve(match[1]);
}

/** Copy the live store at `source` into `target` with `VACUUM INTO`; returns the number of stored entries. */
export async function backup(source: string, target: string, force = false): Promise<number> {
  if (!existsSync(source)) throw new BackupRefused(`There is no store at ${source} (STORE_URL) to back up.`);
  if (existsSync(target) && !force) throw new BackupRefused(`${target} already exists; pass --force to replace it.`);
  mkdirSync(dirname(resolve(target)), { recursive: true });
  const temp = join(dirname(resolve(target)), `.${basename(target)}.${process.pid}.tmp`);
  rmSync(temp, { force: true });
  const db = await open(source, sqlite3.OPEN_READWRITE);
  try {
    db.configure('busyTimeout', 10_000);
    await all(db, 'VACUUM INTO ?', temp);
  } finally {
    await close(db);
  }
  try {
    const entries = await checkPaperboyStore(temp);
    renameSync(temp, target);
    return entries;
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Throws `BackupRefused` unless `file` is a sound Paperboy sqlite store; returns its number of entries. */
export async function checkPaperboyStore(file: string): Promise<number> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupRefused(`${file} does not exist.`);
  let db: Db;
  try {
    db = await open(file, sqlite3.OPEN_READONLY);
  } catch (error) {
    throw new BackupRefused(`${file} cannot be opened as sqlite: ${(error as Error).message}`);
  }
  try {
    const check = await all(db, 'PRAGMA quick_check').catch((error: Error) => [{ quick_check: error.message }]);
    if (check[0]?.quick_check !== 'ok') throw new BackupRefused(`${file} is not a sound sqlite file: ${String(check[0]?.quick_check)}`);
    const tables = await all(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'keyv'");
    if (tables.length === 0) throw new BackupRefused(`${file} is not a Paperboy store (it has no keyv table).`);
    const rows = await all(db, 'SELECT value FROM keyv WHERE key = ?', 'pb:meta:schemaVersion');
    const version = rows[0] ? (JSON.parse(String(rows[0].value)) as { value?: unknown }).value : undefined;
    if (typeof version !== 'number') throw new BackupRefused(`${file} is not a Paperboy store (it has no schema version).`);
    if (version > SCHEMA_VERSION) throw new BackupRefused(`${file} was written by a newer Paperboy (schema ${version}; this one knows ${SCHEMA_VERSION}).`);
    const count = await all(db, 'SELECT count(*) AS n FROM keyv');
    return Number(count[0]?.n ?? 0);
  } finally {
    await close(db);
  }
}

/** Put the backup `file` in place of the store at `target`; returns the number of entries restored. */
export async function restore(file: string, target: string, force = false): Promise<number> {
  const entries = await checkPaperboyStore(file);
  if (existsSync(target) && !force) {
    throw new BackupRefused(`${target} exists: stop the bot, then run again with --force to replace it with ${file}.`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.restore`);
  copyFileSync(file, temp);
  const fd = openSync(temp, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  // The old store's write-ahead log belongs to the old file; left in place, sqlite would replay it into this one.
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(target + suffix, { force: true });
  renameSync(temp, target);
  return entries;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const force = rest.includes('--force');
  const files = rest.filter((a) => !a.startsWith('--'));
  const unknown = rest.filter((a) => a.startsWith('--') && a !== '--force');
  if ((command !== 'backup' && command !== 'restore') || files.length !== 1 || unknown.length > 0) {
    process.stderr.write('Usage: npm run backup -- FILE [--force]   |   npm run restore -- FILE [--force]\n(the store is the sqlite file named by STORE_URL)\n');
    return 2;
  }
  try {
    const store = storeFile(loadConfig(readEnvironment()).storeUrl);
    const file = resolve(files[0]);
    if (command === 'backup') {
      const n = await backup(store, file, force);
      process.stdout.write(`Backed up ${store} to ${file} (${n} entries).\n`);
    } else {
      const n = await restore(file, store, force);
      process.stdout.write(`Restored ${file} to ${store} (${n} entries). Start the bot again.\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof BackupRefused || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`${command} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
