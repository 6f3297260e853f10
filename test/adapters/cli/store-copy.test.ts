import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoreCopy } from '../../../adapters/cli/store-copy.js';
import { openStore } from '../../../src/store/store.js';
import { createTestDatabase } from '../../helpers/postgres.js';

function capture() {
  let text = '';
  return { write: (chunk: string) => void (text += chunk), get text() { return text; } };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-copy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('store:copy', () => {
  it('copies every collection from a sqlite file to Postgres, verifies it, and can run again', async () => {
    const from = `sqlite://${join(dir, 'source.sqlite')}`;
    const source = await openStore(from);
    const papers = Array.from({ length: 1234 }, (_, i) => [`2501.${String(i).padStart(5, '0')}`, { id: i, title: `paper ${i}` }] as [string, unknown]);
    await source.collection('paper').setMany(papers);
    await source.collection('vote').set('slack:T1:U1|2501.00001', { value: 1 });
    await source.collection('channel').set('discord:G1:C1', { topics: ['rag'], digest: { on: true } });
    await source.collection('meta').set('papersChanged', '2025-01-02T00:00:00.000Z');
    await source.collection('brandnew').set('k', { listed: 'by the store itself' }); // a collection no list names
    await source.close();

    const to = await createTestDatabase();
    const stdout = capture();
    const stderr = capture();
    expect(await runStoreCopy(['--from', from, '--to', to, '--batch', '500'], { stdout, stderr })).toBe(0);
    expect(stderr.text).toContain('paper: 1234/1234');
    expect(stdout.text).toContain('paper: 1234 copied, verified');
    expect(stdout.text).toContain('vote: 1 copied, verified');
    expect(stdout.text).toContain('meta: 2 copied, verified'); // the store's schemaVersion and the mark
    expect(stdout.text).toContain('brandnew: 1 copied, verified');

    const target = await openStore(to);
    expect(target.kind).toBe('postgres');
    expect(await target.collection('paper').get('2501.00007')).toEqual({ id: 7, title: 'paper 7' });
    expect(await target.collection('channel').get('discord:G1:C1')).toEqual({ topics: ['rag'], digest: { on: true } });
    await target.collection('vote').set('slack:T1:U2|x', { value: -1 });
    await target.close();

    const again = capture();
    expect(await runStoreCopy(['--from', from, '--to', to], { stdout: again, stderr: capture() })).toBe(0);
    expect(again.text).toContain('paper: 1234 copied, verified');
    expect(again.text).toContain('vote: 1 copied, verified (the destination also has 1 entries that the source does not)');
  });

  it('explains bad arguments and an unreachable store', async () => {
    const stderr = capture();
    expect(await runStoreCopy(['--from', 'memory://'], { stdout: capture(), stderr })).toBe(2);
    expect(stderr.text).toContain('--from and --to are both required');
    const failed = capture();
    expect(await runStoreCopy(['--from', 'memory://', '--to', 'postgres://u:secretpw@127.0.0.1:1/x'], { stdout: capture(), stderr: failed })).toBe(1);
    expect(failed.text).toMatch(/STORE_URL: cannot open the Postgres store at 127\.0\.0\.1:1\/x/);
    expect(failed.text).not.toContain('secretpw');
  });
});
