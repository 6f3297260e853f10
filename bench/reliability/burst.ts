/**
 * Bursts. 1,000 `/papers search` slash commands at once to the real Bolt app's HTTP endpoint (signed, as Slack
 * sends them): the time from sending each request to its HTTP 200 (Bolt's ack) — Slack gives up after 3 s.
 * 1,000 search interactions at once through the fake Discord gateway: the time from dispatching each to the
 * first interaction response (POST /interactions/:id/:token/callback) the fake server receives.
 * Both report the 99th percentile in milliseconds; a request never answered counts as infinitely slow.
 *
 * The bot (the real Slack and Discord adapters on a real core on sqlite) runs in a child process of its own
 * (burst-bot.ts), as a deployed bot does; the fakes and the clients run in another (burst-peer.ts), as Slack's
 * and Discord's servers run elsewhere, and measure there.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BotStart } from './burst-bot.js';
import type { BurstRequest, PeerMessage } from './burst-peer.js';
import { count, percentile, pick, random, type ProbeOptions, type Report } from './keys.js';

const PEER = fileURLToPath(new URL('./burst-peer.ts', import.meta.url));
const BOT = fileURLToPath(new URL('./burst-bot.ts', import.meta.url));
const QUERIES = ['low-rank adaptation', 'retrieval augmented generation', 'chain of thought reasoning', 'diffusion models for images', 'graph neural networks', 'self-correction in language models', 'reinforcement learning from human feedback', 'mixture of experts'];

/** A child process spoken to over IPC, and a way to wait for its next message. */
interface Child<M> {
  child: ChildProcess;
  next(): Promise<M>;
  /** Ask it to stop and wait until it has exited. */
  stop(): Promise<void>;
}

function startChild<M>(file: string): Child<M> {
  const child = fork(file, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const inbox: M[] = [];
  const waiting: ((m: M) => void)[] = [];
  child.on('message', (m: M) => (waiting.length ? waiting.shift()!(m) : inbox.push(m)));
  const next = () =>
    inbox.length
      ? Promise.resolve(inbox.shift()!)
      : new Promise<M>((resolve, reject) => {
          waiting.push(resolve);
          child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before answering`)));
        });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ stop: true });
    await exited;
  };
  return { child, next, stop };
}

async function burst(peer: Child<PeerMessage>, request: BurstRequest): Promise<number[]> {
  peer.child.send(request);
  const answer = await peer.next();
  if (!('times' in answer)) throw new Error('the burst peer answered out of turn');
  return answer.times.map((t) => t ?? Infinity);
}

/** slack_ack_p99_ms, discord_reply_p99_ms. */
export async function burstProbe(opts: ProbeOptions): Promise<Report> {
  const rnd = random(77);
  const n = count(opts.scale, 100, 1000);
  const peer = startChild<PeerMessage>(PEER);
  const bot = startChild<{ eventsUrl: string }>(BOT);
  try {
    const urls = await peer.next();
    if (!('slackApiUrl' in urls)) throw new Error('the burst peer did not say where its fakes listen');
    bot.child.send({ slackApiUrl: urls.slackApiUrl, discordApiUrl: urls.discordApiUrl } satisfies BotStart);
    const { eventsUrl } = await bot.next();
    const queries = () => Array.from({ length: n }, () => pick(rnd, QUERIES));
    const slack = await burst(peer, { burst: 'slack', eventsUrl, queries: queries() });
    const discord = await burst(peer, { burst: 'discord', queries: queries() });
    const describe = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(0)} ms, p99 ${percentile(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
    opts.note?.(`burst slack (${n} searches, time to ack): ${describe(slack)}`);
    opts.note?.(`burst discord (${n} searches, time to first callback): ${describe(discord)}`);
    const round = (x: number) => (Number.isFinite(x) ? Math.round(x) : 999_999);
    return { slack_ack_p99_ms: round(percentile(slack, 99)), discord_reply_p99_ms: round(percentile(discord, 99)) };
  } finally {
    await bot.stop();
    await peer.stop();
  }
}
