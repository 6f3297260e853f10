/**
 * The far side of the burst probe, in its own process: the fake Slack and the fake Discord, and the 1,000
 * clients that send commands all at once. Slack's and Discord's servers are not in the bot's process, so their
 * work (building, signing and sending requests, receiving the bot's answers) must not compete with the bot for
 * its event loop, or the probe measures the load generator instead of the bot.
 *
 * Spoken to over IPC by burst.ts: it answers `{ slackApiUrl, discordApiUrl }` once both fakes listen, then each
 * `{ burst: 'slack' | 'discord', n, queries }` with `{ times }` (milliseconds from sending each command to its
 * acknowledgement, `null` for never), and `{ stop: true }` closes both fakes and exits.
 */
import { connect } from 'node:net';
import { SIGNING_SECRET, sign, slashCommandBody } from '../../test/adapters/slack/harness.js';
import { FakeSlack } from '../../test/adapters/slack/fake-slack.js';
import { FakeDiscord } from '../../test/adapters/discord/fake-discord.js';
import { MEMBER_PERMISSIONS } from '../../test/adapters/discord/fake-payloads.js';

export interface BurstRequest {
  burst: 'slack' | 'discord';
  /** Where the bot's Slack app listens (`/slack/events`); Slack bursts only. */
  eventsUrl?: string;
  /** One query per command. */
  queries: string[];
}

export type PeerMessage = { slackApiUrl: string; discordApiUrl: string } | { times: (number | null)[] };

/** How long a burst waits for the bot's answers to arrive before it reports. */
const ANSWER_WAIT_MS = 60_000;

/**
 * POST `body` to `url` as Slack does (signed, form-encoded) on a fresh connection, written as raw bytes: a load
 * generator must cost far less than the server it measures, and Node's HTTP clients (fetch most of all) cost
 * several milliseconds a request when a thousand are open at once. Resolves with the milliseconds to the
 * response's status line and its status, or `null` when the connection failed.
 */
function postRaw(url: URL, body: string): Promise<{ ms: number; status: number } | null> {
  const timestamp = Math.floor(Date.now() / 1000);
  const head = [
    `POST ${url.pathname} HTTP/1.1`,
    `Host: ${url.host}`,
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Slack-Request-Timestamp: ${timestamp}`,
    `X-Slack-Signature: ${sign(SIGNING_SECRET, timestamp, body)}`,
    'Connection: close',
  ];
  const request = `${head.join('\r\n')}\r\n\r\n${body}`;
  return new Promise((resolve) => {
    const started = performance.now();
    let seen = '';
    const socket = connect(Number(url.port), url.hostname, () => socket.end(request));
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      seen += chunk;
      const line = seen.indexOf('\r\n');
      if (line < 0) return;
      resolve({ ms: performance.now() - started, status: Number(seen.slice(9, 12)) });
      socket.destroy();
    });
    socket.on('error', () => resolve(null));
    socket.on('close', () => resolve(null));
  });
}

async function slackBurst(fake: FakeSlack, eventsUrl: string, queries: string[]): Promise<(number | null)[]> {
  const before = fake.responses.length;
  const url = new URL(eventsUrl);
  const bodies = queries.map((query, i) => slashCommandBody(fake, { text: `search ${query}`, responseId: `burst${before + i}`, user: `UBURST${i % 50}` }));
  const answers = await Promise.all(bodies.map((body) => postRaw(url, body)));
  await fake.waitFor(() => fake.responses.length >= before + queries.length, ANSWER_WAIT_MS).catch(() => undefined);
  return answers.map((a) => (a?.status === 200 ? a.ms : null));
}

async function discordBurst(fake: FakeDiscord, queries: string[]): Promise<(number | null)[]> {
  const sent = queries.map((query, i) => {
    const started = performance.now();
    const { id, token } = fake.sendInteraction({ subcommand: 'search', options: [{ name: 'query', value: query }], userId: `12${i % 90}`, permissions: MEMBER_PERMISSIONS });
    return { id, token, started };
  });
  const times = await Promise.all(
    sent.map(({ id, token, started }) =>
      fake.waitForCall((c) => c.path === `/interactions/${id}/${token}/callback`, ANSWER_WAIT_MS).then(
        () => performance.now() - started,
        () => null,
      ),
    ),
  );
  // The search answers (edits of the deferred replies) follow the acknowledgements; wait for them too, so the
  // next burst does not start while this one still runs.
  await Promise.all(sent.map(({ token }) => fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(token), ANSWER_WAIT_MS).catch(() => undefined)));
  return times;
}

async function main(): Promise<void> {
  const slack = await new FakeSlack().start();
  const discord = await FakeDiscord.start();
  const send = (message: PeerMessage) => process.send!(message);
  process.on('message', (message: BurstRequest | { stop: true }) => {
    if ('stop' in message) {
      void Promise.all([slack.stop(), discord.close()]).finally(() => process.exit(0));
      return;
    }
    const run = message.burst === 'slack' ? slackBurst(slack, message.eventsUrl!, message.queries) : discordBurst(discord, message.queries);
    void run.then((times) => send({ times }));
  });
  send({ slackApiUrl: slack.apiUrl, discordApiUrl: discord.apiUrl });
}

void main();
