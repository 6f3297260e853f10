/**
 * One bot instance of the several-process benchmarks (started by bench/lib/instances.ts): opens the store at
 * `--url`, runs `createCore` on it, says `ready`, then obeys one command and exits.
 * - `writer`: on `ingest`, puts the newest `--n` papers of `--papers` through `core.ingest`; says `written`
 *   with the moment the write finished (epoch ms).
 * - `digest`: if `--channels N`, first sets up N channels due at `--tick` (see digest-workload.ts); on `tick`,
 *   sets its clock there and runs one digest pass with a recording platform; says `ticked` with its posts and
 *   the pass's own wall and CPU seconds, and what the pass asked of the store (store-counter.ts).
 */
import { parseArgs } from 'node:util';
import { createCore } from '../../src/core.js';
import { openStore } from '../../src/store/store.js';
import { SettableClock } from '../../src/ports.js';
import { byDateThenId, datedIds, quietLogger } from './bot-phases.js';
import { streamPapersFile, toPaper, type PaperRecord } from './papers-file.js';
import { timed } from './measure.js';
import { countingStore } from './store-counter.js';
import { benchChannels, digestMoments, recordingPlatform, setUpDigestChannels, type RecordedPost } from './digest-workload.js';
import type { InstanceCommand, InstanceMessage } from './instances.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { url: { type: 'string' }, papers: { type: 'string' }, n: { type: 'string' }, channels: { type: 'string' }, tick: { type: 'string' } },
});

function say(message: InstanceMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())));
}

function nextCommand(): Promise<InstanceCommand> {
  return new Promise((resolve) => process.once('message', (m) => resolve(m as InstanceCommand)));
}

/** The newest `n` records of the papers file, oldest first. */
async function newestRecords(file: string, n: number): Promise<PaperRecord[]> {
  const newest = new Set((await datedIds(file)).sort(byDateThenId).slice(-n).map((r) => r.id));
  const out: PaperRecord[] = [];
  for await (const r of streamPapersFile(file)) if (newest.has(r.id)) out.push(r);
  return out.sort(byDateThenId);
}

async function main(): Promise<void> {
  const role = positionals[0];
  if (!values.url || (role !== 'writer' && role !== 'digest')) throw new Error('usage: instance-main.ts writer|digest --url URL [...]');
  const tickAt = new Date(values.tick ?? Date.now());
  const clock = new SettableClock(digestMoments(tickAt).armAt);
  const opened = await openStore(values.url);
  const { store, counts } = countingStore(opened);
  try {
    const startup = await timed(() => createCore({ store, clock, logger: quietLogger }));
    const core = startup.value;
    if (role === 'writer') {
      const records = await newestRecords(values.papers ?? '', Number(values.n));
      const at = new Date(`${records.at(-1)?.announced ?? '2025-12-31'}T23:00:00Z`);
      const papers = records.map((r) => toPaper(r, { addedAt: at.toISOString() }));
      await say({ type: 'ready', startupSeconds: startup.seconds });
      await nextCommand();
      const summary = await core.ingest(papers);
      await say({ type: 'written', at: Date.now(), added: summary.added + summary.updated });
      return;
    }
    const channels = Number(values.channels ?? 0);
    if (channels > 0) await setUpDigestChannels(core, benchChannels(channels, 'TPG'), tickAt, clock.now());
    await say({ type: 'ready', startupSeconds: startup.seconds });
    const command = await nextCommand();
    if (command.type !== 'tick') throw new Error(`a digest instance cannot ${command.type}`);
    clock.set(new Date(command.at));
    const before = { ...counts };
    const posts: RecordedPost[] = [];
    const tick = await timed(() => core.runDueDigests([recordingPlatform(posts)]));
    const summary = tick.value;
    const passCounts = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v - before[k as keyof typeof counts]])) as unknown as typeof counts;
    await say({ type: 'ticked', finishedAt: Date.now(), busy: summary.busy, channels: summary.channels, posts, seconds: tick.seconds, cpuSeconds: tick.cpuSeconds, counts: passCounts });
  } finally {
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
