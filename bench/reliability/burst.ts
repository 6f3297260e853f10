/**
 * Bursts. 1,000 `/papers search` slash commands at once to the real Bolt app's HTTP endpoint (signed, as Slack
 * sends them): the time from sending each request to its HTTP 200 (Bolt's ack) — Slack gives up after 3 s.
 * 1,000 search interactions at once through the fake Discord gateway: the time from dispatching each to the
 * first interaction response (POST /interactions/:id/:token/callback) the fake server receives.
 * Both report the 99th percentile in milliseconds; a request never answered counts as infinitely slow.
 */
import { startHarness as startSlackHarness, sendCommand } from '../../test/adapters/slack/harness.js';
import { startHarness as startDiscordHarness } from '../../test/adapters/discord/harness.js';
import { MEMBER_PERMISSIONS } from '../../test/adapters/discord/fake-payloads.js';
import { count, percentile, pick, random, type ProbeOptions, type Report } from './keys.js';

const QUERIES = ['low-rank adaptation', 'retrieval augmented generation', 'chain of thought reasoning', 'diffusion models for images', 'graph neural networks', 'self-correction in language models', 'reinforcement learning from human feedback', 'mixture of experts'];

async function slackBurst(n: number, rnd: () => number): Promise<number[]> {
  const h = await startSlackHarness();
  try {
    const times = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const started = performance.now();
        const res = await sendCommand(h, { text: `search ${pick(rnd, QUERIES)}`, responseId: `b${i}`, user: `UBURST${i % 50}` }).catch(() => undefined);
        const ms = performance.now() - started;
        await res?.text().catch(() => undefined);
        return res?.status === 200 ? ms : Infinity;
      }),
    );
    await h.fake.waitFor(() => h.fake.responses.length >= n, 20_000).catch(() => undefined);
    return times;
  } finally {
    await h.close();
  }
}

async function discordBurst(n: number, rnd: () => number): Promise<number[]> {
  const h = await startDiscordHarness();
  try {
    const sent = Array.from({ length: n }, () => {
      const started = performance.now();
      const { id, token } = h.fake.sendInteraction({ subcommand: 'search', options: [{ name: 'query', value: pick(rnd, QUERIES) }], userId: `12${Math.floor(rnd() * 90)}`, permissions: MEMBER_PERMISSIONS });
      return { id, token, started };
    });
    const times = await Promise.all(
      sent.map(({ id, token, started }) =>
        h.fake.waitForCall((c) => c.path === `/interactions/${id}/${token}/callback`, 20_000).then(
          () => performance.now() - started,
          () => Infinity,
        ),
      ),
    );
    await Promise.all(sent.map(({ id }) => h.interactionHandled(id).catch(() => false)));
    return times;
  } finally {
    await h.close();
  }
}

/** slack_ack_p99_ms, discord_reply_p99_ms. */
export async function burstProbe(opts: ProbeOptions): Promise<Report> {
  const rnd = random(77);
  const n = count(opts.scale, 100, 1000);
  const slack = await slackBurst(n, rnd);
  const discord = await discordBurst(n, rnd);
  const describe = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(0)} ms, p99 ${percentile(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
  opts.note?.(`burst slack (${n} searches, time to ack): ${describe(slack)}`);
  opts.note?.(`burst discord (${n} searches, time to first callback): ${describe(discord)}`);
  const round = (x: number) => (Number.isFinite(x) ? Math.round(x) : 999_999);
  return { slack_ack_p99_ms: round(percentile(slack, 99)), discord_reply_p99_ms: round(percentile(discord, 99)) };
}
