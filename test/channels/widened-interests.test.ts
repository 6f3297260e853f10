/**
 * Widened interests kept in the store: a follow stores them, a second core on the same file adopts them (ranks
 * the same and computes none, so it stores none), and a record that is stale or not from an index like its own
 * is computed again and stored again. Real cores on one real sqlite file, each loading the papers from it (as
 * every instance does; the fixture's own core indexed them as it seeded them, in another order, so its term ids
 * differ: that is the case the terms check is for); the change feed shows what was written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type CoreInternals } from '../../src/core.js';
import { createMemoryLogger } from '../../src/ports.js';
import { openStore, type Store } from '../../src/store/store.js';
import { WIDENED } from '../../src/channels/widened-interests.js';
import type { StoredExpansion } from '../../src/ranking/interest-expansion.js';
import type { ChannelRef } from '../../src/types.js';
import { readChannelInputs } from '../../src/digest/channel-inputs.js';
import { createCoreFixture, type CoreFixture } from '../helpers/core-fixture.js';

const CHANNEL: ChannelRef = { platform: 'console', workspace: 'w1', channel: 'reading-group' };
const KEY = 'console:w1:reading-group';

let fixture: CoreFixture | undefined;
const others: Store[] = [];
afterEach(async () => {
  for (const store of others.splice(0)) await store.close();
  await fixture?.close();
  fixture = undefined;
});

/** Another core (another process, as far as the store can tell) on the fixture's file. */
async function secondCore(f: CoreFixture): Promise<CoreInternals> {
  const store = await openStore(`sqlite://${f.file}`);
  others.push(store);
  return createCore({ store, clock: f.clock, logger: createMemoryLogger() });
}

/** Rank the channel as the digest does, with its inputs read ahead (the stored widened interests included). */
async function digestPicks(core: CoreInternals): Promise<string[]> {
  const [settings] = await core.channels.getMany([CHANNEL]);
  const [expansion] = await core.widened.getMany([CHANNEL]);
  const candidates = [...core.papers.all()].map((p) => p.id);
  const picks = await core.rankForChannel(CHANNEL, candidates, 5, { settings, votes: [], posted: new Set(), expansion });
  return picks.map((p) => p.paper.id);
}

/** Keys written to the widened-interests collection by `work`. */
async function writtenBy(store: Store, work: () => Promise<void>): Promise<string[]> {
  let cursor: string | undefined;
  for (let page = await store.changesSince(WIDENED, undefined, 1000); ; page = await store.changesSince(WIDENED, cursor, 1000)) {
    cursor = page.cursor;
    if (page.entries.length < 1000) break;
  }
  await work();
  return (await store.changesSince(WIDENED, cursor, 1000)).entries.map(([key]) => key);
}

describe('widened interests in the store', () => {
  it('a follow stores them; a second core adopts them: same picks, nothing computed, nothing stored', async () => {
    const f = (fixture = await createCoreFixture());
    const first = await secondCore(f);
    const stored = await writtenBy(f.store, async () => void (await first.follow(CHANNEL, ['language models', 'retrieval'])));
    expect(stored).toEqual([KEY]);
    const record = await f.store.collection<StoredExpansion>(WIDENED).get(KEY);
    expect(record).toMatchObject({ indexSize: first.papers.index.size });
    const picks = await digestPicks(first);
    const second = await secondCore(f);
    expect(await digestPicks(second)).toEqual(picks);
    expect(await writtenBy(f.store, () => second.saveWidenedInterests())).toEqual([]);
    // The fixture's own core numbered its terms in another order: it cannot adopt the record, so it computes one.
    expect(await digestPicks(f.core)).toEqual(picks);
    expect(await writtenBy(f.store, () => f.core.saveWidenedInterests())).toEqual([KEY]);
  });

  it('a record for other interests, or from an index whose terms differ, is computed again and stored again', async () => {
    const f = (fixture = await createCoreFixture());
    const loaded = await secondCore(f);
    await loaded.follow(CHANNEL, ['language models']);
    const widened = f.store.collection<StoredExpansion>(WIDENED);
    const good = (await widened.get(KEY))!;
    const first = await digestPicks(loaded);
    for (const bad of [{ ...good, signature: '["other"]' }, { ...good, check: 'not-these-terms' }, { ...good, indexSize: good.indexSize * 2 }]) {
      await widened.set(KEY, bad);
      const core = await secondCore(f);
      expect(await digestPicks(core)).toEqual(first);
      expect(await writtenBy(f.store, () => core.saveWidenedInterests())).toEqual([KEY]);
      expect(await widened.get(KEY)).toEqual(good);
    }
  });

  it('a record computed before another process forgot the workspace is not written back', async () => {
    const f = (fixture = await createCoreFixture());
    await f.core.follow(CHANNEL, ['chain of thought reasoning', 'secret project codename']);
    // Another process answers /papers picks there: it widens the interests and holds them, not yet stored.
    const other = await secondCore(f);
    await other.picks(CHANNEL, undefined, 5);
    expect((await f.core.forgetWorkspace('console', 'w1')).deleted).toBeGreaterThan(0);
    expect(await f.store.collection(WIDENED).get(KEY)).toBeUndefined();
    // Its next save (after any follow, or a digest group) stores what it computed: not this channel's any more.
    const elsewhere: ChannelRef = { platform: 'console', workspace: 'w2', channel: 'lab' };
    await other.follow(elsewhere, ['protein folding']);
    expect(await f.store.collection(WIDENED).get(KEY)).toBeUndefined();
    expect(await f.store.collection(WIDENED).get('console:w2:lab')).toBeDefined();
  });

  it('the digest reads a stored record only where this core does not hold current widened interests', async () => {
    const f = (fixture = await createCoreFixture());
    const first = await secondCore(f);
    await first.follow(CHANNEL, ['language models']);
    const expansionOf = async (core: CoreInternals) => (await readChannelInputs(core, [CHANNEL])).get(KEY)!.expansion;
    // The core that widened them holds them: it reads none. Another core reads the stored record.
    expect(await expansionOf(first)).toBeUndefined();
    const second = await secondCore(f);
    expect(await expansionOf(second)).toMatchObject({ signature: JSON.stringify([['language models'], []]) });
    // The interests change on the other core: the first one's are no longer current, so it reads the new record,
    // adopts it (same picks as the core that computed it) and computes none.
    await second.follow(CHANNEL, ['retrieval']);
    const read = (await readChannelInputs(first, [CHANNEL])).get(KEY)!;
    expect(read.expansion).toMatchObject({ signature: JSON.stringify([['language models', 'retrieval'], []]) });
    const candidates = [...first.papers.all()].map((p) => p.id);
    const picks = await first.rankForChannel(CHANNEL, candidates, 5, read);
    expect(picks.map((p) => p.paper.id)).toEqual(await digestPicks(second));
    expect(await writtenBy(f.store, () => first.saveWidenedInterests())).toEqual([]);
    expect(await expansionOf(first)).toBeUndefined();
  });

  it('a stored record of the wrong shape reads as missing', async () => {
    const f = (fixture = await createCoreFixture());
    await f.store.collection(WIDENED).set(KEY, { signature: 1, ids: [] });
    expect(await f.core.widened.getMany([CHANNEL])).toEqual([undefined]);
  });
});
