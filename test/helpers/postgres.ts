/**
 * Databases on the run's embedded Postgres server (started by test/setup/postgres.global.ts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Store, type StoreOptions } from '../../src/store/store.js';

/** The server's URL for `database`. */
export function postgresUrl(database: string): string {
  const { host, port, user, password } = inject('postgres');
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
}

/** Create a fresh, empty database (pb_<random>) and return its postgres:// URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `pb_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return postgresUrl(name);
}

/** A Postgres store on a fresh database: the factory for the shared store contract suite. */
export async function openTestPostgresStore(options?: StoreOptions): Promise<Store> {
  return openStore(await createTestDatabase(), options);
}
