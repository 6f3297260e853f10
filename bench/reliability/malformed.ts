/**
 * One malformed paper must not stop the bot. Each malformed record is sent two ways: in a feed batch next to a
 * good paper (`core.ingest`, as a source's ingest does), and as a record already in the store (a file written by
 * an older or broken version), followed by a restart. A record counts as failed when the ingest throws, the
 * good paper of its batch is not stored, the restart fails, or a search afterwards gets the generic apology.
 */
import { handleCommand } from '../../commands/index.js';
import { GENERIC_APOLOGY } from '../../src/errors.js';
import type { Paper } from '../../src/types.js';
import { freshPapers, NOW, openCore } from './core-setup.js';
import { subdir, type ProbeOptions } from './keys.js';

const base = (): Paper => ({ ...freshPapers(NOW, 'mal')[0], id: 'bad1' });

/** Records a feed or an old file could hold; `as unknown as Paper` because that is exactly what the type hides. */
export const MALFORMED: [string, () => unknown][] = [
  ['title null', () => ({ ...base(), title: null })],
  ['abstract a number', () => ({ ...base(), abstract: 42 })],
  ['authors a string', () => ({ ...base(), authors: 'Ada Lovelace' })],
  ['categories missing', () => ({ ...base(), categories: undefined })],
  ['published not a date', () => ({ ...base(), published: 'yesterday-ish' })],
  ['addedAt missing', () => ({ ...base(), addedAt: undefined })],
  ['id empty', () => ({ ...base(), id: '' })],
  ['popularity BigInt', () => ({ ...base(), popularity: { upvotes: 10n } })],
  ['record null', () => null],
  ['record a string', () => 'not a paper'],
];

async function searchWorks(core: Awaited<ReturnType<typeof openCore>>['core']): Promise<boolean> {
  const { reply } = await handleCommand({ core, channel: { platform: 'console', workspace: 'local', channel: 'mal' }, user: { platform: 'console', workspace: 'local', user: 'u' } }, 'search retrieval augmented generation');
  return !reply.lines.some((l) => l.includes(GENERIC_APOLOGY)) && reply.papers.length > 0;
}

async function viaFeed(dir: string, bad: unknown): Promise<boolean> {
  const p = await openCore(dir, { seed: false });
  try {
    await p.core.ingest(freshPapers(NOW, 'ok'));
    const good = { ...freshPapers(NOW, 'good')[1] };
    try {
      await p.core.ingest([good, bad as Paper]);
    } catch {
      return false;
    }
    const stored = await p.store.collection<Paper>('paper').get(good.id);
    return stored !== undefined && p.core.papers.get(good.id) !== undefined && (await searchWorks(p.core));
  } catch {
    return false;
  } finally {
    await p.close();
  }
}

async function viaStoredRecord(dir: string, bad: unknown): Promise<boolean> {
  const first = await openCore(dir, { seed: false });
  try {
    await first.core.ingest(freshPapers(NOW, 'ok'));
    await first.store.collection<unknown>('paper').set('bad1', bad);
  } catch {
    // The store refused the record itself (it cannot be serialised): nothing bad is stored.
  } finally {
    await first.close();
  }
  try {
    const again = await openCore(dir, { seed: false });
    try {
      return await searchWorks(again.core);
    } finally {
      await again.close();
    }
  } catch {
    return false;
  }
}

/** Every malformed record both ways; returns how many were tried and how many stopped or broke the bot. */
export async function malformedRecordsProbe(opts: ProbeOptions): Promise<{ tried: number; failed: number }> {
  let tried = 0;
  const failedNames: string[] = [];
  for (const [name, make] of MALFORMED) {
    for (const [way, run] of [['feed', viaFeed], ['stored', viaStoredRecord]] as const) {
      tried++;
      if (!(await run(await subdir(opts, 'malformed'), make()))) failedNames.push(`${name} (${way})`);
    }
  }
  opts.note?.(`malformed records: ${tried} tried, ${failedNames.length} stopped or broke the bot${failedNames.length ? `: ${failedNames.join('; ')}` : ''}`);
  return { tried, failed: failedNames.length };
}
