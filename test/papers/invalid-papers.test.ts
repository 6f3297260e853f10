/**
 * "Nothing confirmed is ever lost": a malformed paper record, from `core.ingest`, a source, the seed file or the
 * store itself, is refused or skipped with a log line naming its id and field, and never stops a start or a search.
 * Everything runs on a real sqlite file.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core.js';
import { readPapersFile } from '../../src/papers/seed-file.js';
import type { InvalidPaper } from '../../src/papers/validate-paper.js';
import { createMemoryLogger, SettableClock } from '../../src/ports.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createCoreFixture, makePaper, type CoreFixture } from '../helpers/core-fixture.js';

let fx: CoreFixture | undefined;
const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  await fx?.close();
  fx = undefined;
});

const valid = [
  makePaper('2611.00001', 'Sparse retrieval with learned term weights', 'Learned sparse retrieval for passage ranking.'),
  makePaper('2611.00002', 'Speech synthesis with diffusion', 'Text to speech with diffusion models.', { authors: [], categories: [] }),
];

/** Malformed records, each with the problem the log must name. */
function malformed(): Array<[unknown, string]> {
  const { title: _title, ...noTitle } = makePaper('2611.00010', 'x', 'No title here.');
  return [
    [noTitle, 'title: missing'],
    [{ ...makePaper('2611.00011', 'x', 'Title is a number.'), title: 42 }, 'title: not a string (number)'],
    [{ ...makePaper('2611.00012', 'Authors as text', 'Authors are not a list.'), authors: 'Ada Lovelace' }, 'authors: not a list (string)'],
    [makePaper('2611.00013', 'No sources', 'Sources are empty.', { sources: [] }), 'sources: empty'],
    [makePaper('2611.00014', 'Script link', 'The link runs script.', { url: 'javascript:alert(1)' }), 'url: not an http(s) link (javascript:)'],
    [makePaper('2611.00015', 'Popular NaN', 'Upvotes are not a number.', { popularity: { upvotes: NaN } }), 'popularity.upvotes: not a finite number of at least 0 (NaN)'],
    [makePaper('2611.00016', 'Huge abstract', 'a'.repeat(1024 * 1024)), 'abstract: 1048576 characters, more than 20000'],
  ];
}

const paperKeys = async (store: Store) => (await store.collection('paper').entries()).map(([key]) => key).sort();

describe('papers are validated where they enter', () => {
  it('core.ingest stores the valid records and refuses the others, naming id and field in the summary and the log', async () => {
    fx = await createCoreFixture({ seed: false });
    const bad = malformed();
    const summary = await fx.core.ingest([valid[0], ...bad.map(([record]) => record), valid[1]] as never);

    expect(summary).toMatchObject({ added: 2, updated: 0, unchanged: 0 });
    expect(summary.refused).toEqual(bad.map(([record, problem]) => ({ id: (record as { id: string }).id, problems: [problem] })));
    for (const [record, problem] of bad) {
      const id = (record as { id: string }).id;
      expect(fx.logger.lines).toContainEqual(expect.stringMatching(new RegExp(`^warn refused an invalid paper .*"id":"${id}".*${escape(problem)}`)));
      expect(fx.core.papers.get(id)).toBeUndefined();
    }
    expect(await paperKeys(fx.store)).toEqual(['2611.00001', '2611.00002']);
    expect((await fx.core.search('sparse retrieval')).map((r) => r.paper.id)).toEqual(['2611.00001']);
  });

  it('a record in the store that an older version (or a hand) wrote is skipped at start with a warning; search works', async () => {
    fx = await createCoreFixture({ seed: false });
    await fx.core.ingest(valid);
    // Written directly, bypassing validation.
    const raw = fx.store.collection<unknown>('paper');
    await raw.set('2611.00020', { ...makePaper('2611.00020', 'x', 'No authors list.'), authors: undefined, title: 7 });
    await raw.set('2611.00021', 'not even an object');
    await raw.set('2611.00022', makePaper('2611.00099', 'Stored under another id', 'Key and id disagree.'));

    const store = await openStore(`sqlite://${fx.file}`);
    opened.push(store);
    const logger = createMemoryLogger();
    const clock = new SettableClock(fx.clock.now());
    const core = await createCore({ store, logger, clock, seedPapers: async () => [makePaper('seed:x', 'Seed', 'Never loaded: the store has papers.')] });

    expect(core.papers.size).toBe(2);
    const warnings = logger.lines.filter((l) => l.startsWith('warn skipped an invalid paper in the store'));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('"id":"2611.00020"');
    expect(warnings[0]).toContain('title: not a string (number)');
    expect(warnings[0]).toContain('authors: missing');
    expect(warnings[1]).toContain('"id":"2611.00021"');
    expect(warnings[1]).toContain('record: not an object (string)');
    expect(warnings[2]).toContain('"id":"2611.00022"');
    expect(warnings[2]).toContain('id: \\"2611.00099\\" is stored under another id');
    expect((await core.search('speech synthesis diffusion')).map((r) => r.paper.id)).toEqual(['2611.00002']);
    const channel = { platform: 'console' as const, workspace: 'local', channel: 'c' };
    await core.follow(channel, ['sparse retrieval']);
    const picks = await core.picks(channel, undefined, 5);
    expect(picks.recommendations.map((r) => r.paper.id)).toContain('2611.00001');

    // A sync reads the store again: the same bad records are not reported again; a valid record repairs one.
    await fx.core.ingest([makePaper('2611.00020', 'Repaired record', 'A valid record replaces the broken one.')]);
    clock.advance(3600_000);
    expect(await core.syncPapers()).toBe(1);
    expect(core.papers.get('2611.00020')?.title).toBe('Repaired record');
    expect(logger.lines.filter((l) => l.startsWith('warn skipped an invalid paper in the store'))).toHaveLength(3);
  });

  it('the seed file loader skips a bad entry with a warning and loads the rest, also through createCore', async () => {
    fx = await createCoreFixture({ seed: false });
    const file = join(fx.dir, 'seed.json');
    const seed = (id: string, title: string) => ({ ...makePaper(id, title, `${title}, the abstract.`, { published: '', sources: ['seed'] }), addedAt: '' });
    await writeFile(file, JSON.stringify([seed('seed:a', 'Alpha retrieval'), { ...seed('seed:b', 'Beta'), categories: 'cs.CL' }, null, seed('seed:c', 'Gamma speech')]));

    const skipped: InvalidPaper[] = [];
    const papers = await readPapersFile(file, (invalid) => skipped.push(invalid));
    expect(papers.map((p) => p.id)).toEqual(['seed:a', 'seed:c']);
    expect(skipped).toEqual([
      { id: 'seed:b', problems: ['categories: not a list (string)'] },
      { id: 'entry 3', problems: ['record: not an object (null)'] },
    ]);

    const store = await openStore(`sqlite://${join(fx.dir, 'seeded.sqlite')}`);
    opened.push(store);
    const logger = createMemoryLogger();
    const core = await createCore({ store, logger, seedPapers: () => readPapersFile(file, () => undefined) });
    expect(core.papers.size).toBe(2);
    expect(core.papers.get('seed:a')?.addedAt).not.toBe('');
    expect((await core.search('gamma speech')).map((r) => r.paper.id)).toEqual(['seed:c']);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
