/**
 * Bursts. 1,000 `/papers search` slash commands at once to the real Bolt app's HTTP endpoint (signed, as Slack
 * sends them): the time from sending each request to its HTTP 200 (Bolt's ack) — Slack gives up after 3 s.
 * 1,000 search interactions at once through the fake Discord gateway: the time from dispatching each to the
 * first interaction response (POST /interactions/:id/:token/callback) the fake server receives.
 * Both report the 99th percentile in milliseconds; a request never answered counts as infinitely slow.
 *
 * The bot (the real Slack and Discord adapters on a real core on sqlite) runs here; the fakes and the clients
 * run in a child process (burst-peer.ts), as Slack's and Discord's servers run elsewhere, and measure there.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSlack } from '../../adapters/slack/slack-app.js';
import { startDiscord } from '../../adapters/discord/index.js';
import { createCoreFixture } from '../../test/helpers/core-fixture.js';
import { SIGNING_SECRET } from '../../test/adapters/slack/harness.js';
import { BOT_TOKEN } from '../../test/adapters/slack/fake-slack.js';
import { GOOD_TOKEN } from '../../test/adapters/discord/fake-discord.js';
import { APPLICATION_ID } from '../../test/adapters/discord/fake-payloads.js';
import type { BurstRequest, PeerMessage } from './burst-peer.js';
import { count, percentile, pick, random, type ProbeOptions, type Report } from './keys.js';

const PEER = fileURLToPath(new URL('./burst-peer.ts', import.meta.url));
const QUERIES = ['low-rank adaptation', 'retrieval augmented generation', 'chain of thought reasoning', 'diffusion models for images', 'graph neural networks', 'self-correction in language models', 'reinforcement learning from human feedback', 'mixture of experts'];

/** The peer process and a way to ask it for one message back. */
interface Peer {
  child: ChildProcess;
  next(): Promise<PeerMessage>;
}

function startPeer(): Peer {
  const child = fork(PEER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const inbox: PeerMessage[] = [];
  const waiting: ((m: PeerMessage) => void)[] = [];
  child.on('message', (m: PeerMessage) => (waiting.length ? waiting.shift()!(m) : inbox.push(m)));
  const next = () =>
    inbox.length
      ? Promise.resolve(inbox.shift()!)
      : new Promise<PeerMessage>((resolve, reject) => {
          waiting.push(resolve);
          child.once('exit', (code) => reject(new Error(`the burst peer exited (${code}) before answering`)));
        });
  return { child, next };
}

async function burst(peer: Peer, request: BurstRequest): Promise<number[]> {
  peer.child.send(request);
  const answer = await peer.next();
  if (!('times' in answer)) throw new Error('the burst peer answered out of turn');
  return answer.times.map((t) => t ?? Infinity);
}

/** slack_ack_p99_ms, discord_reply_p99_ms. */
export async function burstProbe(opts: ProbeOptions): Promise<Report> {
  const rnd = random(77);
  const n = count(opts.scale, 100, 1000);
  const peer = startPeer();
  const fixture = await createCoreFixture();
  try {
    const urls = await peer.next();
    if (!('slackApiUrl' in urls)) throw new Error('the burst peer did not say where its fakes listen');
    const slackApp = await startSlack({ core: fixture.core, botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', slackApiUrl: urls.slackApiUrl, retryConfig: { retries: 0 } });
    const discordApp = await startDiscord({ core: fixture.core, logger: fixture.logger, config: { token: GOOD_TOKEN, applicationId: APPLICATION_ID }, restApi: urls.discordApiUrl, readyTimeoutMs: 10_000 });
    try {
      const queries = () => Array.from({ length: n }, () => pick(rnd, QUERIES));
      const slack = await burst(peer, { burst: 'slack', eventsUrl: `http://127.0.0.1:${slackApp.port}/slack/events`, queries: queries() });
      const discord = await burst(peer, { burst: 'discord', queries: queries() });
      const describe = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(0)} ms, p99 ${percentile(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
      opts.note?.(`burst slack (${n} searches, time to ack): ${describe(slack)}`);
      opts.note?.(`burst discord (${n} searches, time to first callback): ${describe(discord)}`);
      const round = (x: number) => (Number.isFinite(x) ? Math.round(x) : 999_999);
      return { slack_ack_p99_ms: round(percentile(slack, 99)), discord_reply_p99_ms: round(percentile(discord, 99)) };
    } finally {
      await discordApp.stop();
      await slackApp.stop();
    }
  } finally {
    peer.child.send({ stop: true });
    await new Promise((resolve) => (peer.child.exitCode === null ? peer.child.once('exit', resolve) : resolve(undefined)));
    await fixture.close();
  }
}
