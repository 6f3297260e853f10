/**
 * Pipelined transactions on the Postgres backend (src/store/postgres-pipeline.ts), on a real server: writes
 * whose answers nobody reads go out with the next read or the commit, a write the server refuses fails the whole
 * transaction (nothing of it is kept, COMMIT included), and the writes to the socket are counted.
 */
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, StoreError, type Store } from '../../src/store/store.js';
import { createTestDatabase } from '../helpers/postgres.js';

let url: string;
let store: Store;
beforeAll(async () => {
  url = await createTestDatabase();
  store = await openStore(url);
});

/** Rows of `collection` in the table itself, placeholders included. */
async function rawRows(collection: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT key FROM pb_kv WHERE collection = $1', [collection])).rowCount ?? 0;
  } finally {
    await client.end();
  }
}
afterAll(async () => {
  await store?.close();
});

/** Writes to any socket while `task` runs (pg's messages: one write per round trip when they are corked together). */
async function socketWrites(task: () => Promise<unknown>): Promise<number> {
  const writev = vi.spyOn(net.Socket.prototype as unknown as { _writev: () => void }, '_writev');
  const write = vi.spyOn(net.Socket.prototype as unknown as { _write: () => void }, '_write');
  try {
    await task();
    return writev.mock.calls.length + write.mock.calls.length;
  } finally {
    writev.mockRestore();
    write.mockRestore();
  }
}

describe('postgres pipelined transactions', () => {
  it('reads its own queued writes, and keeps them all at commit', async () => {
    const result = await store.transaction(async (tx) => {
      const col = tx.collection<number>('pipe-own');
      await col.set('a', 1);
      await col.set('b', 2);
      const seen = [await col.get('a'), await col.get('b')];
      await col.set('a', 3);
      return seen;
    });
    expect(result).toEqual([1, 2]);
    expect(await store.collection<number>('pipe-own').getMany(['a', 'b'])).toEqual([3, 2]);
  });

  it('fails the whole transaction when the server refuses a queued write, keeping none of it, and the store goes on', async () => {
    const col = store.collection<number>('pipe-refused');
    await col.set('kept', 0);
    // Postgres text cannot hold a NUL character: the server refuses this key only when the write reaches it.
    const writesOnly = store.transaction(async (tx) => {
      const inTx = tx.collection<number>('pipe-refused');
      await inTx.set('before', 1);
      await inTx.set('bad\u0000key', 2);
      await inTx.set('after', 3);
      return 'committed';
    });
    // The server answers the COMMIT after a refused write with a rollback, not an error: the store must say so.
    await expect(writesOnly).rejects.toBeInstanceOf(StoreError);
    const readAfter = store.transaction(async (tx) => {
      const inTx = tx.collection<number>('pipe-refused');
      await inTx.set('bad\u0000key', 2);
      await inTx.update('kept', (n) => (n ?? 0) + 1);
      return 'committed';
    });
    await expect(readAfter).rejects.toMatchObject({ message: expect.stringMatching(/0x00/) });
    expect(await col.entries()).toEqual([['kept', 0]]);
    // The failed transactions' clients went back to the pool in a usable state.
    await Promise.all(Array.from({ length: 12 }, () => col.update('kept', (n) => (n ?? 0) + 1)));
    expect(await col.get('kept')).toBe(12);
  });

  it('fails an update outside a transaction whose write the server refuses, storing nothing', async () => {
    const col = store.collection<string>('pipe-update');
    await col.update('k', () => 'v');
    await expect(col.update('bad\u0000', () => 'x')).rejects.toBeInstanceOf(StoreError);
    expect(await col.entries()).toEqual([['k', 'v']]);
  });

  it('ends a transaction that changed nothing with nothing left behind, placeholders of missing keys included', async () => {
    const col = store.collection<number>('pipe-unchanged');
    await col.set('there', 1);
    const seen = await store.transaction(async (tx) => {
      const inTx = tx.collection<number>('pipe-unchanged');
      return [await inTx.get('there'), await inTx.get('missing'), await inTx.getMany(['there', 'missing'])];
    });
    expect(seen).toEqual([1, undefined, [1, undefined]]);
    expect(await rawRows('pipe-unchanged')).toBe(1);
    // The locks went with the transaction: the keys it held can be written at once, and no placeholder remains.
    await Promise.all([col.update('missing', () => 2), col.update('there', (n) => (n ?? 0) + 1)]);
    expect(await col.entries()).toEqual([['missing', 2], ['there', 2]]);
    const moved = await store.transaction(async (tx) => {
      const inTx = tx.collection<number>('pipe-unchanged');
      const other = await inTx.get('other');
      if (other === undefined) await inTx.delete('there');
      return other;
    });
    expect(moved).toBeUndefined();
    expect(await col.entries()).toEqual([['missing', 2]]);
    expect(await rawRows('pipe-unchanged')).toBe(1);
  });

  it('sends BEGIN, a locked read and its two writes plus COMMIT in two writes to the socket', async () => {
    await store.collection<number>('pipe-count').set('a', 1);
    const writes = await socketWrites(() =>
      store.transaction(async (tx) => {
        const col = tx.collection<number>('pipe-count');
        const a = (await col.get('a')) ?? 0;
        await col.set('a', a + 1);
        await col.set('b', a + 1);
      }),
    );
    expect(writes).toBe(2);
    expect(await store.collection<number>('pipe-count').getMany(['a', 'b'])).toEqual([2, 2]);
  });

  it('writes a batch of several thousand entries with its BEGIN and COMMIT in one write to the socket', async () => {
    const entries = Array.from({ length: 4500 }, (_, i): [string, number] => [`k${String(i).padStart(5, '0')}`, i]);
    const writes = await socketWrites(() => store.collection<number>('pipe-batch').setMany(entries));
    expect(writes).toBe(1);
    expect(await store.collection<number>('pipe-batch').entries()).toEqual(entries);
  });
});
