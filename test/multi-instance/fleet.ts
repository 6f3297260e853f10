/**
 * Several real bot processes (`adapters/main.ts` through tsx, as test/ops and test/store start them) on one fresh
 * database of the test run's embedded Postgres, each serving Slack in HTTP mode on its own port against one fake
 * Slack (`SLACK_API_URL`). Short lease, digest and sync intervals come in through the environment. Helpers send
 * a signed `/papers` command or vote click to one chosen instance and read its answer at the fake's response URL,
 * and find which process holds a lease.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createCore, type CoreInternals } from '../../src/core.js';
import { createMemoryLogger } from '../../src/ports.js';
import { readPapersFile } from '../../src/papers/seed-file.js';
import { openStore, type Store } from '../../src/store/store.js';
import { BOT_TOKEN, FakeSlack, TEAM_ID } from '../adapters/slack/fake-slack.js';
import { allText, postSigned, SIGNING_SECRET, slashCommandBody } from '../adapters/slack/harness.js';
import { SEED_FILE } from '../helpers/core-fixture.js';
import { onFreePort } from '../helpers/free-port.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { botEnv, startBot, tsxArgs, type BotProcess } from '../ops/bot-process.js';

const MAIN = fileURLToPath(new URL('../../adapters/main.ts', import.meta.url));

/** The intervals every fleet runs with (the real defaults are 60 s and 30 s). */
export const FLEET_LEASE_MS = 4000;
export const FLEET_SYNC_INTERVAL_MS = 3000;

export interface FleetBot {
  /** 1, 2, 3: how the tests name the instances. */
  number: number;
  port: number;
  bot: BotProcess;
  pid: number;
}

export interface Fleet {
  url: string;
  fake: FakeSlack;
  bots: FleetBot[];
  /** SIGTERM the bots still running, stop the fake, remove the working directory. */
  stop(): Promise<void>;
}

export interface FleetOptions {
  count?: number;
  /** Extra environment for every bot (sources, crons). */
  env?: Record<string, string>;
  /** Runs on a core over the new database (the bundled papers stored) before any bot starts. */
  prepare?: (core: CoreInternals, store: Store) => Promise<void>;
  /** Called with the fake Slack before the bots start (to make it slow, say). */
  beforeStart?: (fake: FakeSlack) => void;
}

/** Create the database, prepare it, start the fake Slack and `count` bots; resolves when every Slack app is up. */
export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const url = await createTestDatabase();
  const store = await openStore(url);
  const core = await createCore({ store, logger: createMemoryLogger(), seedPapers: () => readPapersFile(SEED_FILE) });
  await options.prepare?.(core, store);
  await store.close();
  const fake = await new FakeSlack().start();
  options.beforeStart?.(fake);
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-fleet-'));
  const spawned: BotProcess[] = [];
  const env = (port: number) =>
    botEnv('unused', {
      STORE_URL: url,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      LEASE_MS: String(FLEET_LEASE_MS),
      PAPER_SYNC_INTERVAL_MS: String(FLEET_SYNC_INTERVAL_MS),
      ...options.env,
    });
  const stop = async () => {
    const running = spawned.filter((bot) => bot.child.exitCode === null && bot.child.signalCode === null);
    for (const bot of running) bot.child.kill('SIGTERM');
    await Promise.all(running.map((bot) => bot.exited()));
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const numbers = Array.from({ length: options.count ?? 3 }, (_, index) => index + 1);
    const bots = await Promise.all(numbers.map((number) => startFleetBot(number, dir, env, spawned)));
    return { url, fake, bots, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Start bot `number` with Slack on a free port; resolves once its Slack app is up. Slack's `PORT` has to be known
 * before the bot starts: a bot that stops with "PORT n is already in use" is started again on another port.
 */
async function startFleetBot(number: number, dir: string, env: (port: number) => Record<string, string>, spawned: BotProcess[]): Promise<FleetBot> {
  let bot: BotProcess | undefined;
  return onFreePort(
    async (port) => {
      const started = (bot = startBot(tsxArgs(MAIN), { cwd: dir, env: env(port) }));
      spawned.push(started);
      await started.waitForLog('slack: started in HTTP mode', 100_000);
      return { number, port, bot: started, pid: started.child.pid! };
    },
    () => bot!.logLines().some((line) => line.includes('is already in use')),
  );
}

let answers = 0;

/** Send `/papers <text>` to instance `bot` as `user` in `channel`; resolves with the text of its answer. */
export async function command(fleet: Fleet, bot: FleetBot, text: string, who: { user?: string; channel?: string } = {}): Promise<string> {
  const responseId = `answer-${++answers}`;
  const body = slashCommandBody(fleet.fake, { text, responseId, user: who.user, channel: who.channel });
  const ack = await postSigned(`http://127.0.0.1:${bot.port}/slack/events`, body, 'application/x-www-form-urlencoded');
  if (ack.status !== 200) throw new Error(`instance ${bot.number} answered ${ack.status} to "${text}"`);
  return answerOf(fleet, responseId);
}

/** Click a vote button (`vote:like:<paper id>`) on instance `bot` as `user`; resolves with the confirmation text. */
export async function clickVote(fleet: Fleet, bot: FleetBot, actionId: string, user: string, channel: string): Promise<string> {
  const responseId = `answer-${++answers}`;
  const payload = {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'fake' },
    user: { id: user, username: user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0APP',
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: channel, is_ephemeral: false },
    trigger_id: '1.2.3',
    channel: { id: channel, name: 'general' },
    message: { type: 'message', ts: '1700000000.000001', text: 'a paper' },
    response_url: fleet.fake.responseUrl(responseId),
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'vote' }, value: 'x', action_ts: '1700000001.000001' }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ack = await postSigned(`http://127.0.0.1:${bot.port}/slack/events`, body, 'application/x-www-form-urlencoded');
  if (ack.status !== 200) throw new Error(`instance ${bot.number} answered ${ack.status} to the click`);
  return answerOf(fleet, responseId);
}

async function answerOf(fleet: Fleet, responseId: string): Promise<string> {
  await fleet.fake.waitFor(() => fleet.fake.responses.some((r) => r.id === responseId), 30_000, `the answer "${responseId}"`);
  return allText(fleet.fake.responses.find((r) => r.id === responseId)!.body);
}

/** The instance holding lease `name` now (its owner names the pid), or undefined when none holds it. */
export async function leaseHolder(fleet: Fleet, name: string): Promise<FleetBot | undefined> {
  const client = new pg.Client({ connectionString: fleet.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ owner: string }>('SELECT owner FROM pb_lease WHERE name = $1 AND until_ms > $2', [name, Date.now()]);
    const pid = Number(rows[0]?.owner.split(':')[1]);
    return fleet.bots.find((b) => b.pid === pid);
  } finally {
    await client.end();
  }
}

/** Resolve once `check` holds, looking every 200 ms; reject after `timeoutMs` naming `what`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
