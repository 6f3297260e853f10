/**
 * A check, not a benchmark: dumps the picks of the bot phase's 1,000 channels (and of a few channels with
 * votes and with followed papers, categories and authors) to a JSON file, so a change to the ranking can be
 * shown to leave every pick as it was: same ids, order, scores, reasons and terms. Compare two dumps with
 * `--compare A B` (scores to 1e-9, the rest exactly).
 *
 *   npx tsx bench/lib/picks-dump.ts --papers FILE.jsonl.gz --dir DIR --out picks.json   (after `phases.ts prepare`)
 *   npx tsx bench/lib/picks-dump.ts --compare before.json after.json
 */
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../src/core.js';
import { openStore } from '../../src/store/store.js';
import { SettableClock } from '../../src/ports.js';
import type { ChannelRef, Recommendation, UserRef } from '../../src/types.js';
import type { CoreInternals as Core } from '../../src/core-types.js';
import { datedIds, FULL_STORE, quietLogger, weekEnd } from './bot-phases.js';
import { channelInterests, digestWeek } from './workload.js';

type Dump = Record<string, { id: string; score: number; reason: string; terms: string[]; exploratory: boolean }[]>;

function picksOf(recommendations: Recommendation[]): Dump[string] {
  return recommendations.map((r) => ({ id: r.paper.id, score: r.score, reason: r.reason, terms: r.terms, exploratory: r.exploratory ?? false }));
}

const channel = (name: string): ChannelRef => ({ platform: 'slack', workspace: 'TBENCH', channel: name });
const user = (name: string): UserRef => ({ platform: 'slack', workspace: 'TBENCH', user: name });

/** Channels with follows of papers, categories and authors, and votes, drawn from the week's papers. */
async function specialChannels(core: Core, week: string[], out: Dump): Promise<void> {
  const interests = channelInterests(40, 7);
  const at = (i: number) => week[(i * 37) % week.length];
  for (let i = 0; i < 40; i++) {
    const c = channel(`S${i}`);
    if (i % 5 !== 4) await core.follow(c, interests[i]);
    if (i % 2 === 0) await core.follow(c, [at(i), at(i + 100)], 'paper');
    if (i % 3 === 0) await core.follow(c, core.paper(at(i + 7))!.categories.slice(0, 1), 'category');
    if (i % 4 === 1) await core.follow(c, core.paper(at(i + 11))!.authors.slice(0, 1), 'author');
    out[`follows/${i}`] = picksOf(await core.rankForChannel(c, week, 5));
    const votes = i % 3 === 0 ? 1 : i % 3 === 1 ? 4 : 12;
    for (let v = 0; v < votes; v++) {
      await core.vote(user(`U${i}-${v % 3}`), c, at(i * 13 + v * 29), v % 4 === 3 ? 'dislike' : 'like');
    }
    out[`votes/${i}`] = picksOf(await core.rankForChannel(c, week, 5));
    out[`user/${i}`] = picksOf((await core.picks(c, user(`U${i}-0`), 5)).recommendations);
  }
}

/** A fresh copy of the prepared full store (the follows and votes written here must not build up). */
function copyOfFullStore(dir: string): string {
  const to = join(dir, 'picks-dump.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${to}${suffix}`, { force: true });
  copyFileSync(join(dir, FULL_STORE), to);
  if (existsSync(join(dir, `${FULL_STORE}-wal`))) copyFileSync(join(dir, `${FULL_STORE}-wal`), `${to}-wal`);
  return to;
}

async function dump(papers: string, dir: string, file: string): Promise<void> {
  const records = await datedIds(papers);
  const week = digestWeek(records);
  const clock = new SettableClock(weekEnd(records, week.ids));
  const store = await openStore(`sqlite://${copyOfFullStore(dir)}`);
  const core = await createCore({ store, clock, logger: quietLogger });
  const out: Dump = {};
  const interests = channelInterests(1000);
  for (const [i, names] of interests.entries()) await core.follow(channel(`C${i}`), names);
  for (let i = 0; i < interests.length; i++) out[`bot/${i}`] = picksOf(await core.rankForChannel(channel(`C${i}`), week.ids, 5));
  await specialChannels(core, week.ids, out);
  await store.close();
  writeFileSync(file, JSON.stringify(out));
  console.log(`${Object.keys(out).length} rankings written to ${file}`);
}

function compare(a: string, b: string): void {
  const before: Dump = JSON.parse(readFileSync(a, 'utf8'));
  const after: Dump = JSON.parse(readFileSync(b, 'utf8'));
  let differ = 0;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const x = before[key] ?? [];
    const y = after[key] ?? [];
    const same = x.length === y.length && x.every((p, i) => p.id === y[i].id && Math.abs(p.score - y[i].score) <= 1e-9 && p.reason === y[i].reason && p.exploratory === y[i].exploratory && JSON.stringify(p.terms) === JSON.stringify(y[i].terms));
    if (!same && differ++ < 5) console.log(`differs: ${key}\n  ${JSON.stringify(x)}\n  ${JSON.stringify(y)}`);
  }
  console.log(differ === 0 ? `identical: ${Object.keys(before).length} rankings` : `${differ} rankings differ`);
}

const args = process.argv.slice(2);
const arg = (name: string) => args[args.indexOf(name) + 1];
if (args.includes('--compare')) compare(arg('--compare'), args[args.indexOf('--compare') + 2]);
else await dump(arg('--papers'), arg('--dir'), arg('--out'));
