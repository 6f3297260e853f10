/**
 * A failing batch must fail alone. While an ingest writes a large batch of papers (one transaction on the store's
 * shared sqlite connection), people react to papers; each reaction the core confirmed ("recorded") is a promise
 * made. The batch then fails: one paper holds a value JSON cannot write (a BigInt), or the disk fills up (a 1 MB
 * tmpfs). Afterwards the store is opened again and every confirmed reaction is looked for; each missing one is a
 * confirmed write lost. Without a tmpfs, the disk-full case is skipped and said so.
 */
import { join } from 'node:path';
import type { Vote } from '../../src/feedback/votes.js';
import { openStore } from '../../src/store/store.js';
import type { Paper } from '../../src/types.js';
import { freshPapers, NOW, openCore } from './core-setup.js';
import { mountTmpfs } from './tmpfs.js';
import { count, subdir, type ProbeOptions, type Report } from './keys.js';

function batch(n: number, poisonAt: number | undefined, abstractChars: number): Paper[] {
  const template = freshPapers(NOW, 'batch')[0];
  return Array.from({ length: n }, (_, i) => ({
    ...template,
    id: `batch${i}`,
    title: `${template.title} ${i}`,
    abstract: `${template.abstract} ${'lorem ipsum dolor '.repeat(Math.ceil(abstractChars / 18))}`.slice(0, Math.max(abstractChars, 80)),
    ...(i === poisonAt ? { popularity: { upvotes: 10n as unknown as number } } : {}),
  }));
}

/** Run a failing ingest of `papers` with `reactions` concurrent reactions; returns confirmed and lost counts. */
async function trial(file: string, papers: Paper[], reactions: number): Promise<{ confirmed: number; lost: number; batchFailed: boolean }> {
  const p = await openCore('', { seed: false, file });
  const targets = freshPapers(NOW, 'target');
  await p.core.ingest(targets);
  const channel = { platform: 'slack' as const, workspace: 'TREL', channel: 'CROLL' };
  const confirmed: { user: string; paperId: string }[] = [];
  let batchFailed = false;
  const ingest = p.core.ingest(papers).then(
    () => undefined,
    () => void (batchFailed = true),
  );
  const writes: Promise<void>[] = [];
  for (let i = 0; i < reactions; i++) {
    const user = { platform: 'slack' as const, workspace: 'TREL', user: `UROLL${i}` };
    const paperId = targets[i % targets.length].id;
    writes.push(
      p.core.react({ user, channel, paperId, emoji: '+1', action: 'added' }).then(
        (outcome) => void (outcome.status === 'recorded' && confirmed.push({ user: user.user, paperId })),
        () => undefined,
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all([ingest, ...writes]);
  await p.close();
  const again = await openStore(`sqlite://${file}`);
  const votes = again.collection<Vote>('vote');
  let lost = 0;
  for (const c of confirmed) if (!(await votes.get(`slack:TREL:${c.user}|${c.paperId}`))) lost++;
  await again.close();
  return { confirmed: confirmed.length, lost, batchFailed };
}

export async function rollbackProbe(opts: ProbeOptions): Promise<Report> {
  const reactions = count(opts.scale, 60, 300);
  let lost = 0;
  const bigint = await trial(join(await subdir(opts, 'rollback'), 'store.sqlite'), batch(count(opts.scale, 1200, 4000), count(opts.scale, 1100, 3900), 300), reactions);
  lost += bigint.lost;
  opts.note?.(`rollback, unserialisable paper in a batch: batch ${bigint.batchFailed ? 'failed' : 'succeeded'}, ${bigint.confirmed} reactions confirmed, ${bigint.lost} lost`);
  const mount = mountTmpfs(join(await subdir(opts, 'rollback-full'), 'disk'), '1m');
  if (!mount) opts.note?.('rollback, disk full: skipped (mounting a tmpfs is not permitted here)');
  else {
    try {
      const full = await trial(join(mount.dir, 'store.sqlite'), batch(600, undefined, 4000), reactions);
      lost += full.lost;
      opts.note?.(`rollback, disk full during a batch: batch ${full.batchFailed ? 'failed' : 'succeeded'}, ${full.confirmed} reactions confirmed, ${full.lost} lost`);
    } catch (error) {
      opts.note?.(`rollback, disk full: the store could not even be set up on 1 MB: ${String(error).slice(0, 120)}`);
    } finally {
      mount.unmount();
    }
  }
  return { rollback_writes_lost: lost };
}
