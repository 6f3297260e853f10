import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core, type CoreInternals } from '../../src/core.js';
import { startPaperSyncSchedule } from '../../adapters/paper-sync-schedule.js';
import { createMemoryLogger, SettableClock } from '../../src/ports.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { ChannelRef, Paper, UserRef } from '../../src/types.js';
import { createCoreFixture, makePaper, type CoreFixture } from '../helpers/core-fixture.js';
import { ingestTopics, MONDAY_0905, recordingPlatform, setUpChannel, SUNDAY } from '../digest/digest-helpers.js';

const CHANNEL: ChannelRef = { platform: 'console', workspace: 'w1', channel: 'reading-group' };
const USER: UserRef = { platform: 'console', workspace: 'w1', user: 'ada' };

/** The running bot (`fx`) and a second process on the same sqlite file, as `npm run ingest` would be. */
let fx: CoreFixture;
let backfillStore: Store;
let backfill: CoreInternals;
beforeEach(async () => {
  fx = await createCoreFixture({ seed: false });
  backfillStore = await openStore(`sqlite://${fx.file}`);
  backfill = await createCore({ store: backfillStore, clock: new SettableClock(fx.clock.now()), logger: createMemoryLogger() });
});
afterEach(async () => {
  await backfillStore.close();
  await fx.close();
});

const search = async (core: Core, query: string) => (await core.search(query)).map((r) => r.paper.id);

describe('papers stored by another process', () => {
  it('reach the running bot at its next sync: searchable and, when fresh, new for digests', async () => {
    await fx.core.ingest([makePaper('2611.00001', 'Graph neural networks for molecules', 'Message passing on molecular graphs.')]);
    await backfill.ingest([
      makePaper('2611.00002', 'Quantum error correction with surface codes', 'Decoding surface codes on real hardware.', {
        published: '2026-11-22T00:00:00Z',
        addedAt: '2026-11-23T06:00:00Z',
      }),
    ]);
    expect(await search(fx.core, 'surface codes')).toEqual([]);

    expect(await fx.core.syncPapers()).toBe(1);
    expect(await search(fx.core, 'surface codes')).toEqual(['2611.00002']);
    expect(fx.core.papers.newSince(new Date('2026-11-23T00:00:00Z')).map((p) => p.id)).toEqual(['2611.00002']);
    expect(fx.logger.lines.some((line) => line.includes('took in papers another process stored'))).toBe(true);
  });

  it('are read from the change feed: a look with nothing new takes nothing, the next write is taken at the next look', async () => {
    expect(await fx.core.syncPapers()).toBe(0);
    await backfill.ingest([makePaper('2611.00007', 'Weather forecasting transformers', 'Global forecasts at high resolution.')]);
    expect(await fx.core.syncPapers()).toBe(1);
    expect(await fx.core.syncPapers()).toBe(0);
  });

  it('are noticed even when the bot stored papers of its own after them', async () => {
    await backfill.ingest([makePaper('2611.00003', 'Sparse attention kernels', 'Block-sparse attention on GPUs.')]);
    await fx.core.ingest([makePaper('2611.00004', 'Diffusion for audio', 'Audio generation with diffusion models.')]);
    expect(await fx.core.syncPapers()).toBe(1);
    expect(await search(fx.core, 'sparse attention')).toEqual(['2611.00003']);
  });

  it('take in a new version another process stored, replacing the old text in search', async () => {
    await fx.core.ingest([makePaper('2611.00005', 'Tokenizers for code', 'Version one about tokenizers.', { version: 1 })]);
    await backfill.ingest([makePaper('2611.00005', 'Tokenizers for code, revised', 'Version two about byte-level vocabularies.', { version: 2 })]);
    expect(await fx.core.syncPapers()).toBe(1);
    expect(fx.core.papers.get('2611.00005')?.title).toBe('Tokenizers for code, revised');
    expect(await search(fx.core, 'byte-level vocabularies')).toEqual(['2611.00005']);
    expect(fx.core.papers.size).toBe(1);
  });

  it('are taken in by the paper-sync tick, so a running bot needs no restart after a backfill', async () => {
    await backfill.ingest([makePaper('2611.00006', 'Protein folding with language models', 'Structure prediction from sequence.')]);
    const schedule = startPaperSyncSchedule({ core: fx.core, logger: fx.logger });
    try {
      expect(await schedule.tick()).toBe(1);
    } finally {
      await schedule.stop();
    }
    expect(await search(fx.core, 'protein folding')).toEqual(['2611.00006']);
  });

  it('are taken in by a digest pass before it ranks: a paper stored just before a run is in that run', async () => {
    fx.clock.set(SUNDAY);
    await setUpChannel(fx, { k: 3 });
    const platform = recordingPlatform();
    await fx.core.runDueDigests([platform]); // arms the channel's schedule
    await ingestTopics(fx, SUNDAY);
    // Monday 09:04:50 the other process stores a fresh paper on the channel's topic; the bot has not looked since.
    const late = makePaper('2611.09999', 'Retrieval augmented generation for legal contracts', 'Reranking clauses with retrieval augmented generation for lawyers.', {
      addedAt: new Date(MONDAY_0905.getTime() - 10_000).toISOString(),
    });
    await backfill.ingest([late]);
    // The run's cutoff starts next week's window: a paper left out now would be in no digest.
    fx.clock.set(MONDAY_0905);
    expect((await fx.core.runDueDigests([platform])).channels).toBe(1);
    expect(platform.paperIds()).toContain('2611.09999');
  });

  it('are merged with, not overwritten, when the bot stores the same paper before its next sync', async () => {
    const id = '2611.04242';
    await fx.core.ingest([makePaper(id, 'Tokenizers for code', 'Version one about tokenizers.', { version: 1 })]);
    await backfill.ingest([makePaper(id, 'Tokenizers for code, revised', 'Version two about byte-level vocabularies.', { version: 2 })]);
    // The bot's own ingest brings the Hugging Face record of the paper (no version, popularity only).
    const summary = await fx.core.ingest([makePaper(id, 'Tokenizers for code', 'Version one about tokenizers.', { sources: ['hf-daily'], popularity: { upvotes: 40 } })]);
    expect(summary).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    const stored = await fx.store.collection<Paper>('paper').get(id);
    expect(stored).toMatchObject({ version: 2, title: 'Tokenizers for code, revised', popularity: { upvotes: 40 } });
    expect(stored?.sources).toEqual(expect.arrayContaining(['hf-daily']));
    // What the bot stored is what it holds: the new version's words are searchable at once.
    expect(fx.core.papers.get(id)).toEqual(stored);
    expect(await search(fx.core, 'byte-level vocabularies')).toEqual([id]);
  });

  it('are found in the store, before the next sync, by a vote, a reaction and a follow paper:', async () => {
    const [voted, reacted, followed] = ['2611.07777', '2611.07778', '2611.07779'];
    await backfill.ingest([
      makePaper(voted, 'Retrieval for legal contracts', 'Reranking clauses for lawyers.'),
      makePaper(reacted, 'Tactile grasping', 'Robots grasp by touch.'),
      makePaper(followed, 'Self-correcting agents', 'Agents that fix their own plans.', { sources: ['hf-daily'], popularity: { upvotes: 120 } }),
    ]);
    await backfill.recordPost(CHANNEL, reacted, 'm1');
    const vote = await fx.core.vote(USER, CHANNEL, voted, 'like');
    const reaction = await fx.core.react({ user: USER, channel: CHANNEL, messageId: 'm1', emoji: 'thumbsup', action: 'added' });
    expect([vote.status, reaction.status]).toEqual(['recorded', 'recorded']);
    expect((await fx.core.votes.forChannel(CHANNEL)).map((v) => v.paperId).sort()).toEqual([voted, reacted]);
    // A follow of a paper the bot does not hold reads the store before it would ask arXiv (not set up here).
    await fx.core.follow(CHANNEL, [followed], 'paper');
    expect((await fx.core.channelSettings(CHANNEL)).seedPapers).toEqual([followed]);
    expect(await fx.store.collection<Paper>('paper').get(followed)).toMatchObject({ popularity: { upvotes: 120 } });
  });

  it('are found by their new authors once a new version with other authors is taken in', async () => {
    const id = '2611.05555';
    const byAuthor = async (name: string) => (await fx.core.search('', { authors: [name] })).map((r) => r.paper.id);
    await fx.core.ingest([makePaper(id, 'Compilers for tensor programs', 'Scheduling loops for accelerators.', { version: 1, authors: ['Ada Lovelace'] })]);
    expect(await byAuthor('Ada Lovelace')).toEqual([id]);
    await backfill.ingest([makePaper(id, 'Compilers for tensor programs', 'Scheduling loops, revised.', { version: 2, authors: ['Grace Hopper'] })]);
    expect(await fx.core.syncPapers()).toBe(1);
    expect(await byAuthor('Grace Hopper')).toEqual([id]);
    expect(await byAuthor('Ada Lovelace')).toEqual([]);
  });

  it('are looked for by a schedule that never throws and stops cleanly', async () => {
    const logger = createMemoryLogger();
    const schedule = startPaperSyncSchedule({ core: { syncPapers: () => Promise.reject(new Error('disk gone')) }, logger, intervalMs: 10 });
    expect(await schedule.tick()).toBe(0);
    await schedule.stop();
    expect(logger.lines.join('\n')).toContain('paper sync failed');
  });
});
