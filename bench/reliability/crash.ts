/**
 * kill -9 during digests. Each trial prepares a store with a due digest, starts a bot process (digest-child.ts)
 * that posts through the parent's HTTP "channel", and kills it with SIGKILL at the k-th post (k random), in one of
 * three ways: before the post reached the channel, after it reached the channel but before the bot heard back,
 * or a few milliseconds after the bot heard back (inside its bookkeeping). Then the bot is started again on the
 * same file and finishes. From what reached the channel and what the store recorded:
 * duplicates (a paper in the channel twice), lost (a planned paper that never reached the channel), unrecorded
 * (reached the channel, no record in the store: reactions to it are lost and a later run cannot know it is there).
 * restart_blocked_s_max is the longest time a restarted bot was kept from posting by the dead process's lease
 * (measured by the child from the lease row, with the real default lease; see digest-child.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/store.js';
import { DIGEST_SIZE, digestOutcome, prepareDueDigest, score } from './digest-setup.js';
import { fencingProbe } from './fencing.js';
import { count, pool, random, subdir, type ProbeOptions, type Report } from './keys.js';

const CHILD = fileURLToPath(new URL('./digest-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
type KillMode = 'before-delivery' | 'delivered-unanswered' | 'answered';
const MODES: KillMode[] = ['before-delivery', 'delivered-unanswered', 'answered'];

interface Trial {
  reached: string[];
  arrivals: number;
  killAt: number;
  mode: KillMode;
  delayMs: number;
  child?: ChildProcess;
  killed: boolean;
}

function startChild(file: string, url: string, mode: 'first' | 'restart'): { child: ChildProcess; done: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: ROOT, env: { ...process.env, STORE_FILE: file, CHANNEL_URL: url, MODE: mode }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const done = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal || code === 0 ? out : `${out}\n${err}`)));
  return { child, done };
}

function channelServer(trials: Map<string, Trial>): Promise<{ url: string; close: () => void }> {
  let nextId = 1;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const trial = trials.get((req.url ?? '').split('/').pop() ?? '');
      const { paperId } = JSON.parse(raw) as { paperId: string };
      if (!trial) return void res.writeHead(503).end();
      trial.arrivals++;
      const kill = () => {
        trial.killed = true;
        trial.child?.kill('SIGKILL');
      };
      const killNow = trial.child && !trial.killed && trial.arrivals === trial.killAt;
      if (killNow && trial.mode === 'before-delivery') return void (kill(), res.destroy());
      trial.reached.push(paperId);
      if (killNow && trial.mode === 'delivered-unanswered') return void (kill(), res.destroy());
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId: `msg-${nextId++}` }));
      if (killNow) setTimeout(kill, trial.delayMs);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/post/`, close: () => server.close() })),
  );
}

interface TrialResult {
  killed: boolean;
  mode: KillMode;
  duplicates: number;
  lost: number;
  unrecorded: number;
  blockedMs: number;
}

async function runTrial(i: number, opts: ProbeOptions, rnd: () => number, trials: Map<string, Trial>, url: string): Promise<TrialResult> {
  const file = join(await subdir(opts, 'crash'), 'store.sqlite');
  await prepareDueDigest(file, new Date());
  const mode = MODES[i % MODES.length];
  const trial: Trial = { reached: [], arrivals: 0, killAt: 1 + Math.floor(rnd() * DIGEST_SIZE), mode, delayMs: Math.floor(rnd() * 15), killed: false };
  trials.set(String(i), trial);
  const first = startChild(file, url + i, 'first');
  trial.child = first.child;
  await first.done;
  trial.child = undefined;
  const output = await startChild(file, url + i, 'restart').done;
  const result = /\{.*\}/.exec(output);
  const blockedMs = result ? (JSON.parse(result[0]) as { blockedMs: number }).blockedMs : Infinity;
  if (!result) opts.note?.(`crash trial ${i}: the restarted bot failed: ${output.slice(-400)}`);
  const store = await openStore(`sqlite://${file}`);
  const s = score(await digestOutcome(store), trial.reached);
  await store.close();
  return { killed: trial.killed, mode, ...s, blockedMs };
}

/** The crash family: crash_trials, crash_duplicates, crash_lost, crash_unrecorded, restart_blocked_s_max. */
export async function crashProbe(opts: ProbeOptions): Promise<Report> {
  const rnd = random(9);
  const n = count(opts.scale, 3, 42);
  const trials = new Map<string, Trial>();
  const channel = await channelServer(trials);
  let results: TrialResult[];
  try {
    // Two trials at a time (two cores); each has its own store file and channel path.
    results = await pool(2, Array.from({ length: n }, (_, i) => () => runTrial(i, opts, rnd, trials, channel.url)));
  } finally {
    channel.close();
  }
  for (const mode of MODES) {
    const of = results.filter((r) => r.mode === mode);
    const sum = (k: 'duplicates' | 'lost' | 'unrecorded') => of.reduce((a, r) => a + r[k], 0);
    opts.note?.(`crash ${mode}: ${of.length} trials, ${sum('duplicates')} duplicates, ${sum('lost')} lost, ${sum('unrecorded')} unrecorded`);
  }
  const total = (k: 'duplicates' | 'lost' | 'unrecorded') => results.reduce((a, r) => a + r[k], 0);
  const blockedMsMax = Math.max(0, ...results.map((r) => r.blockedMs));
  const fencing = await fencingProbe(opts);
  return {
    crash_trials: results.filter((r) => r.killed).length,
    crash_duplicates: total('duplicates') + fencing.duplicates,
    crash_lost: total('lost') + fencing.lost,
    crash_unrecorded: total('unrecorded') + fencing.unrecorded,
    restart_blocked_s_max: Number.isFinite(blockedMsMax) ? Math.round(blockedMsMax / 100) / 10 : 999_999,
  };
}
