/**
 * What `store:copy` remembers on its target, so that running it again (to catch up, or to finish an interrupted
 * run) never undoes what the bots did on the target since. The record is the `storecopy` collection (the bot never
 * reads it, and `store:copy` never copies it as data): for each copied key, a short hash of the value the copy
 * wrote, keyed by the collection and a hash of the key (so no person's id is in it in clear). It is written in the
 * same transaction as the values, so an interrupted copy's record matches exactly what landed.
 *
 * A batch decides each key inside one target transaction (the rows it reads are locked until it commits):
 * - `written`: the target does not have the key and no copy wrote it, or it still holds exactly what the last
 *   copy wrote (so a source change is caught up);
 * - `same`: the target already holds the source's value (recorded as copied if it was not);
 * - `changed`: the target holds another value than the last copy wrote: changed there since, kept;
 * - `deleted`: a copy wrote the key and the target no longer has it: deleted there since, not brought back;
 * - `theirs`: the target holds another value that no copy wrote (it was in use before the first copy, or made
 *   the key itself since), kept.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../../src/store/store.js';

/** The collection holding the record of what copies wrote; never copied or verified as data. */
export const MANIFEST = 'storecopy';

export type CopyOutcome = 'written' | 'same' | 'changed' | 'deleted' | 'theirs';

/** The outcomes that leave the target's entry as it is although it differs from the source's. */
export const KEPT: readonly CopyOutcome[] = ['changed', 'deleted', 'theirs'];

function shortHash(text: string, chars: number): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, chars);
}

/** The record's key for `key` of collection `name`: the name and 16 characters (96 bits) of the key's hash. */
export function manifestKey(name: string, key: string): string {
  return `${name}|${shortHash(key, 16)}`;
}

/** The record's value for a value whose JSON text is `json`: 12 characters (72 bits) of its hash. */
export function valueHash(json: string): string {
  return shortHash(json, 12);
}

/**
 * What to do with one key: `json` is the source value's JSON text, `current` the target's value (undefined when
 * it has none), `recorded` the hash the last copy recorded for the key (undefined when no copy wrote it).
 */
export function decideKey(json: string, current: unknown, recorded: string | undefined): CopyOutcome {
  if (current === undefined) return recorded === undefined ? 'written' : 'deleted';
  const currentJson = JSON.stringify(current);
  if (currentJson === json) return 'same';
  if (recorded !== undefined && recorded === valueHash(currentJson)) return 'written';
  return recorded === undefined ? 'theirs' : 'changed';
}

/**
 * Copy one batch of `entries` of collection `name` into `target`: read the target's values and the record for
 * them, decide each key (`decideKey`), and write the values to write and their record, all in one transaction.
 * Returns each entry's outcome, in order.
 */
export async function copyBatch(target: Store, name: string, entries: [string, unknown][]): Promise<CopyOutcome[]> {
  const texts = entries.map(([, value]) => JSON.stringify(value));
  const recordKeys = entries.map(([key]) => manifestKey(name, key));
  return target.transaction(async (tx) => {
    const dest = tx.collection<unknown>(name);
    const record = tx.collection<string>(MANIFEST);
    const current = await dest.getMany(entries.map(([key]) => key));
    const recorded = await record.getMany(recordKeys);
    const outcomes = entries.map((_, i) => decideKey(texts[i], current[i], recorded[i]));
    const writes: [string, unknown][] = [];
    const records: [string, string][] = [];
    outcomes.forEach((outcome, i) => {
      if (outcome === 'written') writes.push(entries[i]);
      const hash = valueHash(texts[i]);
      if ((outcome === 'written' || outcome === 'same') && recorded[i] !== hash) records.push([recordKeys[i], hash]);
    });
    if (writes.length > 0) await dest.setMany(writes);
    if (records.length > 0) await record.setMany(records);
    return outcomes;
  });
}
