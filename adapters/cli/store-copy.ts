/**
 * `npm run store:copy -- --from sqlite://data/paperboy.sqlite --to postgres://user:pw@host:5432/paperboy`
 *
 * Copies every collection of one store into another (typically sqlite to Postgres when moving to several
 * instances), in batches with a progress line on stderr, then checks that what it wrote is in the destination with
 * the source's value and prints one line per collection on stdout.
 *
 * Safe to run again (after Ctrl-C, a failure, or to catch up after the bots have used the target): the target
 * keeps a record of what each copy wrote there (store-copy-manifest.ts), and a key is written only when the target
 * does not have it and no copy wrote it, or still holds exactly what the last copy wrote. A key the target changed
 * or deleted since, or held with another value before any copy, is left as the target has it and counted as kept.
 * `--to URL --finish` deletes that record once the move is done (and purges the store), so nothing of a person or
 * workspace forgotten on the target since stays in it.
 *
 * Collections: the source store lists its own (`collections()`, on every backend), so nothing is left behind
 * when a new collection appears; the copy record is never copied. Exit codes: 0 copied and verified, 1 a
 * difference or a failure, 2 bad arguments, 3 copied and verified but some entries kept as the target has them.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openStore, type Store } from '../../src/store/store.js';
import type { ProgressOutput } from './progress.js';
import { copyBatch, KEPT, MANIFEST, manifestKey, type CopyOutcome } from './store-copy-manifest.js';

const USAGE = `Usage: npm run store:copy -- --from STORE_URL --to STORE_URL [--batch 500]
       npm run store:copy -- --to STORE_URL --finish

Copies every collection from one store to another (sqlite://<file>, postgres://..., memory://), then verifies
it. Safe to run again: an entry the target changed or deleted since a copy wrote it, or had with another value
before the first copy, is kept as the target has it and reported (exit code 3). The target keeps a record of
what the copies wrote; --finish deletes it once the move is done (no more copies to that target).`;

export interface StoreCopyIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressOutput;
}

/** Run the copy with `argv` (arguments after the script name). Resolves with the exit code. */
export async function runStoreCopy(argv: string[], io: StoreCopyIo): Promise<number> {
  let from: string, to: string, batch: number;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' }, finish: { type: 'boolean' }, help: { type: 'boolean' } },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (values.finish) {
      if (!values.to || values.from) throw new Error('--finish takes --to (the store copied to) and no --from.');
      return await withStores([values.to], io, ([target]) => finishCopies(target, io));
    }
    if (!values.from || !values.to) throw new Error('--from and --to are both required.');
    if (values.from === values.to) throw new Error('--from and --to name the same store.');
    batch = Number(values.batch ?? 500);
    if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error('--batch must be a whole number from 1 to 10000.');
    ({ from, to } = values as { from: string; to: string });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }

  return withStores([from, to], io, ([source, target]) => copyStore(source, target, batch, io));
}

/** Open the stores at `urls` (in order), run `work` on them and close them; a failure is reported and exits 1. */
async function withStores(urls: string[], io: StoreCopyIo, work: (stores: Store[]) => Promise<number>): Promise<number> {
  const stores: Store[] = [];
  try {
    for (const url of urls) stores.push(await openStore(url));
    return await work(stores);
  } catch (error) {
    io.stderr.write(`Store copy failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    for (const store of stores) await store.close().catch(() => undefined);
  }
}

/**
 * Delete the copy record from `target` and purge the store, so no hash of a key forgotten there since (forget-me,
 * a forgotten workspace) is left in its files. Resolves with the exit code.
 */
async function finishCopies(target: Store, io: StoreCopyIo): Promise<number> {
  const deleted = await target.collection(MANIFEST).deleteByPrefix('');
  await target.purge();
  io.stdout.write(`Store copy: finished; the record of ${deleted} copied entries is deleted. Copying to this store again treats it as a store in use.\n`);
  return 0;
}

/** Copy every collection of `source` but the copy record into `target`, report on `io`; resolves with the exit code. */
async function copyStore(source: Store, target: Store, batch: number, io: StoreCopyIo): Promise<number> {
  // A store that was itself a copy's target holds that copy's record: it is not data, and not carried along.
  const names = (await source.collections()).filter((name) => name !== MANIFEST);
  let problems = 0;
  let kept = 0;
  let theirs = 0;
  for (const name of names) {
    const result = await copyCollection(source, target, name, batch, io.stderr);
    if (!result) continue;
    problems += result.differing;
    kept += keptCount(result.counts);
    theirs += result.counts.theirs;
    io.stdout.write(`${name}: ${collectionLine(result)}\n`);
  }
  if (problems > 0) {
    io.stderr.write(`Store copy: ${problems} entries did not arrive intact; run it again.\n`);
    return 1;
  }
  if (kept === 0) {
    io.stdout.write(`Store copy: done, ${names.length} collections checked.\n`);
    return 0;
  }
  io.stdout.write(
    `Store copy: done, ${names.length} collections checked; ${kept} entries kept as the target has them ` +
      `(counted above), not overwritten with the source's values.\n`,
  );
  if (theirs > 0) {
    io.stdout.write(
      `  ${theirs} of them were on the target with values no copy wrote there: was the target already in use ` +
        `before the first copy? Compare those collections before switching the bot over.\n`,
    );
  }
  return 3;
}

/** What one collection's copy did and found. */
interface CollectionResult {
  size: number;
  counts: Record<CopyOutcome, number>;
  /** Entries written or found the same that the target does not hold at the source's value when checked. */
  differing: number;
  /** Entries the target has and the source does not. */
  extra: number;
  /** Of `extra`, those a copy wrote: the source has deleted them since (left on the target). */
  goneFromSource: number;
}

/**
 * Copy collection `name` in batches of `batch` (each one target transaction, `copyBatch`), then check that every
 * entry written or found the same is on the target with the source's value. Undefined when the source has none.
 */
async function copyCollection(source: Store, target: Store, name: string, batch: number, stderr: ProgressOutput): Promise<CollectionResult | undefined> {
  const entries = await source.collection<unknown>(name).entries();
  if (entries.length === 0) return undefined;
  const counts: Record<CopyOutcome, number> = { written: 0, same: 0, changed: 0, deleted: 0, theirs: 0 };
  const keptKeys = new Set<string>();
  for (let i = 0; i < entries.length; i += batch) {
    const slice = entries.slice(i, i + batch);
    const outcomes = await copyBatch(target, name, slice);
    outcomes.forEach((outcome, j) => {
      counts[outcome] += 1;
      if (KEPT.includes(outcome)) keptKeys.add(slice[j][0]);
    });
    const done = Math.min(i + batch, entries.length);
    progress(stderr, `${name}: ${done}/${entries.length}`, done === entries.length, (i / batch) % 20 === 19);
  }
  const copied = new Map((await target.collection<unknown>(name).entries()).map(([key, value]) => [key, JSON.stringify(value)]));
  const differing = entries.filter(([key, value]) => !keptKeys.has(key) && copied.get(key) !== JSON.stringify(value)).length;
  const inSource = new Set(entries.map(([key]) => key));
  const extraKeys = [...copied.keys()].filter((key) => !inSource.has(key));
  const goneFromSource = await countCopied(target, name, extraKeys);
  return { size: entries.length, counts, differing, extra: extraKeys.length, goneFromSource };
}

/** How many of `keys` (of collection `name`) the target's copy record says a copy wrote there. */
async function countCopied(target: Store, name: string, keys: string[]): Promise<number> {
  const record = target.collection<string>(MANIFEST);
  let count = 0;
  for (let i = 0; i < keys.length; i += 1000) {
    const hashes = await record.getMany(keys.slice(i, i + 1000).map((key) => manifestKey(name, key)));
    count += hashes.filter((hash) => hash !== undefined).length;
  }
  return count;
}

/** One collection's line on stdout, e.g. `12 copied (2 written, 10 already there), verified; 1 kept as the target has it (...)`. */
function collectionLine({ size, counts, differing, extra, goneFromSource }: CollectionResult): string {
  const kept = keptCount(counts);
  const copied = size - kept;
  let line = `${copied} copied (${counts.written} written, ${counts.same} already there)`;
  if (copied > 0) line += differing === 0 ? ', verified' : `, ${differing} missing or different`;
  if (kept > 0) {
    const reasons = [
      counts.changed > 0 ? `${counts.changed} changed there since a copy wrote them` : '',
      counts.deleted > 0 ? `${counts.deleted} deleted there since a copy wrote them` : '',
      counts.theirs > 0 ? `${counts.theirs} there with other values no copy wrote` : '',
    ].filter(Boolean);
    line += `; ${kept} kept as the target has them (${reasons.join(', ')})`;
  }
  if (extra > 0) {
    const gone = goneFromSource > 0 ? `, ${goneFromSource} of them written by a copy and deleted on the source since, left as they are` : '';
    line += ` (the destination also has ${extra} entries that the source does not${gone})`;
  }
  return line;
}

/** Entries left as the target has them although they differ from the source's. */
function keptCount(counts: Record<CopyOutcome, number>): number {
  return KEPT.reduce((sum, outcome) => sum + counts[outcome], 0);
}

/** One progress line: redrawn in place on a terminal; elsewhere every 20 batches and when a collection is done. */
function progress(out: ProgressOutput, line: string, done: boolean, milestone: boolean): void {
  if (out.isTTY) out.write(`\r\x1b[2K${line}${done ? '\n' : ''}`);
  else if (done || milestone) out.write(`${line}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runStoreCopy(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => process.exit(code));
}
