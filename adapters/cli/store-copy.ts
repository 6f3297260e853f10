/**
 * `npm run store:copy -- --from sqlite://data/paperboy.sqlite --to postgres://user:pw@host:5432/paperboy`
 *
 * Copies every collection of one store into another (typically sqlite to Postgres when moving to several
 * instances), in batches with a progress line on stderr, then checks that every source entry is in the
 * destination with the same value and prints one line per collection on stdout. Writes are upserts, so running
 * it again (after Ctrl-C, a failure, or to catch up) is safe. Stop the bot while copying, or the copy misses
 * what the bot writes meanwhile (run it again afterwards to catch up).
 *
 * Collections: the source store lists its own (`collections()`, on every backend), so nothing is left behind
 * when a new collection appears. Exit codes: 0 copied and verified, 1 a difference or a failure, 2 bad arguments.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openStore, type Store } from '../../src/store/store.js';
import type { ProgressOutput } from './progress.js';

const USAGE = `Usage: npm run store:copy -- --from STORE_URL --to STORE_URL [--batch 500]

Copies every collection from one store to another (sqlite://<file>, postgres://..., memory://), then verifies
it. Safe to run again: entries are upserted.`;

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
      options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' }, help: { type: 'boolean' } },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
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

  let source: Store | undefined;
  let target: Store | undefined;
  try {
    source = await openStore(from);
    target = await openStore(to);
    const names = await source.collections();
    let problems = 0;
    for (const name of names) {
      const entries = await source.collection<unknown>(name).entries();
      const dest = target.collection<unknown>(name);
      for (let i = 0; i < entries.length; i += batch) {
        await dest.setMany(entries.slice(i, i + batch));
        const done = Math.min(i + batch, entries.length);
        progress(io.stderr, `${name}: ${done}/${entries.length}`, done === entries.length, (i / batch) % 20 === 19);
      }
      if (entries.length === 0) continue;
      const copied = new Map((await dest.entries()).map(([key, value]) => [key, JSON.stringify(value)]));
      const differing = entries.filter(([key, value]) => copied.get(key) !== JSON.stringify(value)).length;
      const extra = copied.size - entries.filter(([key]) => copied.has(key)).length;
      problems += differing;
      io.stdout.write(
        `${name}: ${entries.length} copied, ${differing === 0 ? 'verified' : `${differing} missing or different`}` +
          `${extra > 0 ? ` (the destination also has ${extra} entries that the source does not)` : ''}\n`,
      );
    }
    if (problems > 0) {
      io.stderr.write(`Store copy: ${problems} entries did not arrive intact; run it again.\n`);
      return 1;
    }
    io.stdout.write(`Store copy: done, ${names.length} collections checked.\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`Store copy failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await source?.close().catch(() => undefined);
    await target?.close().catch(() => undefined);
  }
}

/** One progress line: redrawn in place on a terminal; elsewhere every 20 batches and when a collection is done. */
function progress(out: ProgressOutput, line: string, done: boolean, milestone: boolean): void {
  if (out.isTTY) out.write(`\r\x1b[2K${line}${done ? '\n' : ''}`);
  else if (done || milestone) out.write(`${line}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runStoreCopy(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => process.exit(code));
}
