import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoreCopy } from '../../../adapters/cli/store-copy.js';
import { MANIFEST } from '../../../adapters/cli/store-copy-manifest.js';
import { createCore } from '../../../src/core.js';
import { readPapersFile } from '../../../src/papers/seed-file.js';
import { createMemoryLogger, SettableClock } from '../../../src/ports.js';
import { openStore, type Store } from '../../../src/store/store.js';
import type { ChannelRef, UserRef } from '../../../src/types.js';
import { SEED_FILE } from '../../helpers/core-fixture.js';
import { createTestDatabase } from '../../helpers/postgres.js';

function capture(isTTY = false) {
  let text = '';
  return { isTTY, write: (chunk: string) => void (text += chunk), get text() { return text; } };
}

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-copy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Run `work` on the store at `url`, closed afterwards. */
async function withStore<R>(url: string, work: (store: Store) => Promise<R>): Promise<R> {
  const store = await openStore(url);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** A new sqlite file filled by `fill`; its URL. */
async function sqliteSource(fill: (store: Store) => Promise<void>): Promise<string> {
  const url = `sqlite://${join(dir, `source-${(files += 1)}.sqlite`)}`;
  await withStore(url, fill);
  return url;
}

const paperEntries = (count: number) =>
  Array.from({ length: count }, (_, i) => [`2501.${String(i).padStart(5, '0')}`, { id: i, title: `paper ${i}` }] as [string, unknown]);

/** Three channels' settings, as a source holds them. */
const THREE_CHANNELS: [string, unknown][] = [
  ['slack:T1:C1', { topics: ['rag'] }],
  ['slack:T1:C2', { topics: ['lora'] }],
  ['slack:T1:C3', { topics: ['moe'] }],
];

/** `store:copy` from `from` to `to`; its exit code and what it wrote. */
async function copy(from: string, to: string, extra: string[] = []) {
  const stdout = capture();
  const stderr = capture();
  const code = await runStoreCopy(['--from', from, '--to', to, ...extra], { stdout, stderr });
  return { code, out: stdout.text, err: stderr.text };
}

describe('store:copy', () => {
  it('copies every collection from a sqlite file to Postgres, verifies it, and can run again', async () => {
    const from = await sqliteSource(async (source) => {
      await source.collection('paper').setMany(paperEntries(1234));
      await source.collection('vote').set('slack:T1:U1|2501.00001', { value: 1 });
      await source.collection('channel').set('discord:G1:C1', { topics: ['rag'], digest: { on: true } });
      await source.collection('meta').set('papersChanged', '2025-01-02T00:00:00.000Z');
      await source.collection('brandnew').set('k', { listed: 'by the store itself' }); // a collection no list names
    });

    const to = await createTestDatabase();
    const first = await copy(from, to, ['--batch', '500']);
    expect(first.code).toBe(0);
    expect(first.err).toContain('paper: 1234/1234');
    expect(first.out).toContain('paper: 1234 copied (1234 written, 0 already there), verified');
    expect(first.out).toContain('vote: 1 copied (1 written, 0 already there), verified');
    // The store's schemaVersion (the target's own already has it) and the mark.
    expect(first.out).toContain('meta: 2 copied (1 written, 1 already there), verified');
    expect(first.out).toContain('brandnew: 1 copied (1 written, 0 already there), verified');
    expect(first.out).not.toContain(`${MANIFEST}:`);

    await withStore(to, async (target) => {
      expect(target.kind).toBe('postgres');
      expect(await target.collection('paper').get('2501.00007')).toEqual({ id: 7, title: 'paper 7' });
      expect(await target.collection('channel').get('discord:G1:C1')).toEqual({ topics: ['rag'], digest: { on: true } });
      // The record of the copy: one short hash a key, and no key in clear.
      const record = await target.collection<string>(MANIFEST).entries();
      expect(record).toHaveLength(1234 + 1 + 1 + 2 + 1);
      expect(record.every(([key, hash]) => /^[a-z]+\|[\w-]{16}$/.test(key) && /^[\w-]{12}$/.test(hash))).toBe(true);
      await target.collection('vote').set('slack:T1:U2|x', { value: -1 });
    });

    const again = await copy(from, to);
    expect(again.code).toBe(0);
    expect(again.out).toContain('paper: 1234 copied (0 written, 1234 already there), verified');
    expect(again.out).toContain('vote: 1 copied (0 written, 1 already there), verified (the destination also has 1 entries that the source does not)');
    expect(again.out).toContain('Store copy: done, 5 collections checked.');
  });

  it('finishes an interrupted copy when run again', async () => {
    const from = await sqliteSource((source) => source.collection('paper').setMany(paperEntries(1234)));
    const to = await createTestDatabase();
    // Stopped right after the first batch of papers landed (the progress line that follows it throws).
    const stderr = capture(true);
    const stopping = {
      isTTY: true,
      write(text: string) {
        if (text.includes('paper: 500/1234')) throw new Error('interrupted');
        return stderr.write(text);
      },
    };
    expect(await runStoreCopy(['--from', from, '--to', to, '--batch', '500'], { stdout: capture(), stderr: stopping })).toBe(1);
    expect(stderr.text).toContain('Store copy failed: interrupted');
    await withStore(to, async (target) => {
      expect(await target.collection('paper').entries()).toHaveLength(500);
      expect(await target.collection(MANIFEST).entries('paper|')).toHaveLength(500); // the record matches what landed
    });

    const again = await copy(from, to, ['--batch', '500']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('paper: 1234 copied (734 written, 500 already there), verified');
    await withStore(to, async (target) => {
      expect(await target.collection('paper').entries()).toEqual(paperEntries(1234));
      expect(await target.collection(MANIFEST).entries('paper|')).toHaveLength(1234);
    });
  });

  it('catches up what changed on the source since the last copy', async () => {
    const from = await sqliteSource((source) => source.collection('paper').setMany(paperEntries(10)));
    const to = await createTestDatabase();
    expect((await copy(from, to)).code).toBe(0);
    await withStore(from, async (source) => {
      await source.collection('paper').set('2501.00003', { id: 3, title: 'paper 3, version 2' });
      await source.collection('paper').set('2501.00099', { id: 99, title: 'a new paper' });
      await source.collection('paper').delete('2501.00005');
    });
    await withStore(to, (target) => target.collection('paper').set('2601.00001', { id: 100, title: 'only on the target' }));

    const again = await copy(from, to);
    expect(again.code).toBe(0);
    // A deletion on the source is not carried over, only counted.
    expect(again.out).toContain(
      'paper: 10 copied (2 written, 8 already there), verified (the destination also has 2 entries that the source does not, ' +
        '1 of them written by a copy and deleted on the source since, left as they are)',
    );
    await withStore(to, async (target) => {
      expect(await target.collection('paper').get('2501.00003')).toEqual({ id: 3, title: 'paper 3, version 2' });
      expect(await target.collection('paper').get('2501.00099')).toEqual({ id: 99, title: 'a new paper' });
    });
  });

  it('keeps what changed on the target since the last copy and reports it', async () => {
    const from = await sqliteSource((source) => source.collection('channel').setMany(THREE_CHANNELS));
    const to = await createTestDatabase();
    expect((await copy(from, to)).code).toBe(0);
    await withStore(to, async (target) => {
      await target.collection('channel').set('slack:T1:C1', { topics: [] }); // the bot changed it, the source did not
      await target.collection('channel').set('slack:T1:C2', { topics: ['lora', 'peft'] }); // both changed it
    });
    await withStore(from, (source) => source.collection('channel').setMany([
      ['slack:T1:C2', { topics: ['qlora'] }],
      ['slack:T1:C3', { topics: ['moe', 'routing'] }], // only the source changed it: caught up
    ]));

    for (const run of [1, 2]) {
      const again = await copy(from, to);
      expect(again.code, `run ${run}`).toBe(3);
      expect(again.out).toContain(
        `channel: 1 copied (${run === 1 ? '1 written, 0' : '0 written, 1'} already there), verified; ` +
          '2 kept as the target has them (2 changed there since a copy wrote them)',
      );
      expect(again.out).toContain('Store copy: done, 2 collections checked; 2 entries kept as the target has them');
    }
    await withStore(to, async (target) => {
      expect(await target.collection('channel').entries()).toEqual([
        ['slack:T1:C1', { topics: [] }],
        ['slack:T1:C2', { topics: ['lora', 'peft'] }],
        ['slack:T1:C3', { topics: ['moe', 'routing'] }],
      ]);
    });
  });

  it('does not bring back what was deleted on the target since the last copy', async () => {
    const from = await sqliteSource((source) => source.collection('vote').setMany([
      ['slack:T1:U1|2501.00001', { value: 1 }],
      ['slack:T1:U2|2501.00001', { value: -1 }],
    ]));
    const to = await createTestDatabase();
    expect((await copy(from, to)).code).toBe(0);
    await withStore(to, (target) => target.collection('vote').delete('slack:T1:U1|2501.00001'));
    await withStore(from, (source) => source.collection('vote').set('slack:T1:U1|2501.00001', { value: -1 }));

    const again = await copy(from, to);
    expect(again.code).toBe(3);
    expect(again.out).toContain('vote: 1 copied (0 written, 1 already there), verified; 1 kept as the target has them (1 deleted there since a copy wrote them)');
    await withStore(to, async (target) => {
      expect(await target.collection('vote').entries()).toEqual([['slack:T1:U2|2501.00001', { value: -1 }]]);
    });
  });

  it('does not undo an unfollow or bring back a forgotten person’s votes when run again after the bots used the target', async () => {
    const channel: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };
    const alice: UserRef = { platform: 'slack', workspace: 'T1', user: 'UALICE' };
    const clock = new SettableClock(new Date('2026-11-23T08:00:00Z'));
    const from = await sqliteSource(async (source) => {
      const old = await createCore({ store: source, clock, logger: createMemoryLogger(), seedPapers: () => readPapersFile(SEED_FILE) });
      await old.follow(channel, ['chain of thought reasoning', 'diffusion models']);
      expect((await old.vote(alice, channel, [...old.papers.all()][0].id, 'like')).status).toBe('recorded');
    });
    const to = await createTestDatabase();
    expect((await copy(from, to)).code).toBe(0);

    // The bots run on Postgres: the channel unfollows a topic, Alice asks to be forgotten.
    await withStore(to, async (target) => {
      const bot = await createCore({ store: target, clock, logger: createMemoryLogger() });
      await bot.unfollow(channel, ['diffusion models']);
      expect((await bot.forgetMe(alice)).votes).toBe(1);
    });

    const again = await copy(from, to); // "to catch up"
    expect(again.code).toBe(3);
    expect(again.out).toContain('channel: 0 copied (0 written, 0 already there); 1 kept as the target has them (1 changed there since a copy wrote them)');
    expect(again.out).toContain('vote: 0 copied (0 written, 0 already there); 1 kept as the target has them (1 deleted there since a copy wrote them)');
    expect(again.out).toContain('channelvote: 0 copied (0 written, 0 already there); 1 kept as the target has them (1 deleted there');
    await withStore(to, async (target) => {
      expect(await target.collection('vote').entries('slack:T1:UALICE|')).toEqual([]);
      expect(await target.collection('channelvote').entries('slack:T1:C1|')).toEqual([]);
      expect((await target.collection<{ interests: string[] }>('channel').get('slack:T1:C1'))?.interests).toEqual(['chain of thought reasoning']);
    });
  });

  it('keeps and reports what a target in use held before the first copy, and adopts what it held the same', async () => {
    const from = await sqliteSource((source) => source.collection('channel').setMany(THREE_CHANNELS));
    const to = await createTestDatabase();
    await withStore(to, (target) => target.collection('channel').setMany([
      ['slack:T1:C1', { topics: ['rag', 'agents'] }], // the bots already use it
      ['slack:T1:C2', { topics: ['lora'] }],
    ]));

    const first = await copy(from, to);
    expect(first.code).toBe(3);
    expect(first.out).toContain('channel: 2 copied (1 written, 1 already there), verified; 1 kept as the target has them (1 there with other values no copy wrote)');
    expect(first.out).toContain('1 of them were on the target with values no copy wrote there: was the target already in use before the first copy?');
    expect(await withStore(to, (target) => target.collection('channel').get('slack:T1:C1'))).toEqual({ topics: ['rag', 'agents'] });

    // The entry the target held the same counts as copied: a later source change reaches it.
    await withStore(from, (source) => source.collection('channel').set('slack:T1:C2', { topics: ['lora', 'peft'] }));
    const again = await copy(from, to);
    expect(again.out).toContain('channel: 2 copied (1 written, 1 already there), verified; 1 kept');
    expect(await withStore(to, (target) => target.collection('channel').get('slack:T1:C2'))).toEqual({ topics: ['lora', 'peft'] });
  });

  it('does not carry the copy record along when copying from a store that was a target', async () => {
    const from = await sqliteSource((source) => source.collection('paper').setMany(paperEntries(5)));
    const middle = await createTestDatabase();
    expect((await copy(from, middle)).code).toBe(0);
    const onward = `sqlite://${join(dir, 'onward.sqlite')}`;
    const next = await copy(middle, onward);
    expect(next.code).toBe(0);
    expect(next.out).not.toContain(`${MANIFEST}:`);
    await withStore(onward, async (store) => {
      const record = await store.collection(MANIFEST).entries();
      expect(record.filter(([key]) => key.startsWith(`${MANIFEST}|`))).toEqual([]);
      expect(record).toHaveLength(5 + 1); // its own record: the papers and the schemaVersion
    });
  });

  it('--finish deletes the copy record from the target once the move is done', async () => {
    const from = await sqliteSource((source) => source.collection('vote').setMany([['slack:T1:U1|2501.00001', { sentiment: 'like' }]]));
    const to = `sqlite://${join(dir, 'finished.sqlite')}`;
    expect((await copy(from, to)).code).toBe(0);
    expect(await withStore(to, (store) => store.collection(MANIFEST).entries())).not.toEqual([]);
    const stdout = capture();
    expect(await runStoreCopy(['--to', to, '--finish'], { stdout, stderr: capture() })).toBe(0);
    expect(stdout.text).toContain('finished; the record of 2 copied entries is deleted');
    await withStore(to, async (store) => {
      expect(await store.collection(MANIFEST).entries()).toEqual([]);
      expect(await store.collection('vote').get('slack:T1:U1|2501.00001')).toEqual({ sentiment: 'like' });
    });
    const stderr = capture();
    expect(await runStoreCopy(['--from', from, '--to', to, '--finish'], { stdout: capture(), stderr })).toBe(2);
    expect(stderr.text).toContain('--finish takes --to');
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
