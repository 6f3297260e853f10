import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCoreFixture, makePaper, type CoreFixture } from '../helpers/core-fixture.js';

let fx: CoreFixture;
beforeEach(async () => {
  fx = await createCoreFixture({ seed: false });
});
afterEach(async () => {
  await fx.close();
});

describe('which papers count as new', () => {
  it('takes papers stored since a moment, oldest arrival first, and skips papers that were old when they arrived', async () => {
    const { core } = fx;
    await core.ingest([
      makePaper('2611.00003', 'Third', 'A fresh paper about graphs.', { published: '2026-11-20T00:00:00Z', addedAt: '2026-11-22T06:00:00Z' }),
      makePaper('2611.00001', 'First', 'A fresh paper about trees.', { published: '2026-11-18T00:00:00Z', addedAt: '2026-11-19T06:00:00Z' }),
      makePaper('2501.00001', 'Backfilled', 'An old paper about trees, stored by a backfill.', { published: '2025-01-02T00:00:00Z', addedAt: '2026-11-21T06:00:00Z' }),
      makePaper('seed:x', 'Undated', 'A bundled paper with no date.', { published: '', addedAt: '2026-11-21T07:00:00Z' }),
    ]);
    const ids = (since: string) => core.papers.newSince(new Date(since)).map((p) => p.id);
    expect(ids('2026-11-01T00:00:00Z')).toEqual(['2611.00001', 'seed:x', '2611.00003']);
    expect(ids('2026-11-21T07:00:00Z')).toEqual(['seed:x', '2611.00003']);
    expect(ids('2026-11-23T00:00:00Z')).toEqual([]);

    await core.ingest([makePaper('2611.00004', 'Fourth', 'Another fresh paper.', { published: '2026-11-22T00:00:00Z', addedAt: '2026-11-23T06:00:00Z' })]);
    expect(ids('2026-11-23T00:00:00Z')).toEqual(['2611.00004']);
  });

  it('keeps a paper new only at its first arrival: a later version does not make it new again', async () => {
    const { core } = fx;
    await core.ingest([makePaper('2611.00001', 'First', 'Version one.', { version: 1, addedAt: '2026-11-10T06:00:00Z', published: '2026-11-09T00:00:00Z' })]);
    await core.ingest([makePaper('2611.00001', 'First, revised', 'Version two.', { version: 2, addedAt: '2026-11-22T06:00:00Z', published: '2026-11-09T00:00:00Z' })]);
    expect(core.papers.newSince(new Date('2026-11-20T00:00:00Z'))).toEqual([]);
    expect(core.papers.get('2611.00001')?.title).toBe('First, revised');
  });
});
