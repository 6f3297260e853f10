import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedCall } from './fake-discord.js';
import { CHANNEL_ID, GUILD_ID, MANAGER_PERMISSIONS, MEMBER_PERMISSIONS } from './fake-payloads.js';
import { startHarness, type DiscordHarness } from './harness.js';

const CHANNEL = { platform: 'discord' as const, workspace: GUILD_ID, channel: CHANNEL_ID };
const EPHEMERAL = 64;

let harness: DiscordHarness | undefined;
let expectErrors = false;
afterEach(async () => {
  const errors = harness?.fixture.logger.lines.filter((line) => line.startsWith('error')) ?? [];
  await harness?.close();
  harness = undefined;
  if (!expectErrors) expect(errors).toEqual([]);
  expectErrors = false;
});

type Options = { name: string; value: string; focused?: boolean }[];

const webhookCall = (h: DiscordHarness, token: string, method: string, original: boolean, timeoutMs?: number) =>
  h.fake.waitForCall((c) => c.method === method && c.path.startsWith(`/webhooks/`) && c.path.includes(`/${token}`) && c.path.endsWith('/messages/@original') === original, timeoutMs);

/** Send a slash command; wait for its acknowledgement (the interaction callback) and for the answer edited in. */
async function command(h: DiscordHarness, subcommand: string, options: Options, permissions = MEMBER_PERMISSIONS, userId = '111') {
  const { id, token } = h.fake.sendInteraction({ subcommand, options, userId, permissions });
  const callback = await h.fake.waitForCall((c) => c.path === `/interactions/${id}/${token}/callback`);
  const ok = await h.interactionHandled(id);
  const answer = h.fake.calls.find((c) => c.path.startsWith('/webhooks/') && c.path.includes(`/${token}`) && (c.method === 'PATCH' || c.method === 'POST'));
  return { id, token, callback, ok, answer };
}

function visibleText(body: { content?: string; embeds?: { title?: string; description?: string }[] }): string {
  return [body.content ?? '', ...(body.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');
}

describe('slash commands: deferred at once, then the answer is edited in', () => {
  it('defers /papers search privately, then edits in one embed per paper with mentions disabled, without auth', async () => {
    harness = await startHarness();
    const { callback, answer } = await command(harness, 'search', [{ name: 'query', value: 'low-rank adaptation' }]);
    expect(callback.authorization).toBeUndefined();
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(answer?.method).toBe('PATCH');
    expect(answer?.path).toMatch(/\/messages\/@original$/);
    expect(answer?.authorization).toBeUndefined();
    expect(answer?.body.allowed_mentions).toEqual({ parse: [] });
    expect(answer?.body.content).toBe('**Papers about "low-rank adaptation"**');
    expect(answer?.body.embeds).toHaveLength(5);
    expect(answer?.body.embeds[0].title).toMatch(/^1\. .*Low-Rank/);
  });

  it('lets a member with Manage Channels follow topics: deferred publicly, the confirmation edited in', async () => {
    harness = await startHarness();
    const { callback, answer } = await command(harness, 'follow', [{ name: 'topics', value: 'retrieval augmented generation, "graph neural networks"' }], MANAGER_PERMISSIONS);
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(answer?.method).toBe('PATCH');
    expect(visibleText(answer?.body)).toContain('This channel now follows');
    expect((await harness.fixture.core.channels.get(CHANNEL)).interests).toEqual(['retrieval augmented generation', 'graph neural networks']);
  });

  it('refuses to change the channel for a member without Manage Channels: the public deferral is replaced by a private follow-up', async () => {
    harness = await startHarness();
    const { token, callback } = await command(harness, 'follow', [{ name: 'topics', value: 'diffusion' }], MEMBER_PERMISSIONS);
    expect(callback.body.data.flags).toBe(0);
    await webhookCall(harness, token, 'DELETE', true);
    const followUp: RecordedCall = await webhookCall(harness, token, 'POST', false);
    expect(followUp.body.flags).toBe(EPHEMERAL);
    expect(visibleText(followUp.body)).toContain('Only members who can manage this channel');
    expect(harness.fake.calls.filter((c) => c.method === 'PATCH')).toEqual([]);
    expect((await harness.fixture.core.channels.get(CHANNEL)).interests).toEqual([]);
    const before = (await harness.fixture.core.channels.get(CHANNEL)).digest;
    const digest = await command(harness, 'digest', [{ name: 'day', value: before.enabled ? 'off' : 'on' }], MEMBER_PERMISSIONS);
    expect(visibleText(digest.answer?.body)).toContain('Only members who can manage this channel');
    expect((await harness.fixture.core.channels.get(CHANNEL)).digest).toEqual(before);
  });

  it('builds the digest command from typed options in the table order', async () => {
    harness = await startHarness();
    const options = [{ name: 'timezone', value: 'Europe/Berlin' }, { name: 'time', value: '07:30' }, { name: 'day', value: 'friday' }];
    const { answer } = await command(harness, 'digest', options, MANAGER_PERMISSIONS);
    expect(visibleText(answer?.body)).toContain('Weekly digest');
    const { digest } = await harness.fixture.core.channels.get(CHANNEL);
    expect(digest).toMatchObject({ enabled: true, weekday: 5, minuteOfDay: 450, timezone: 'Europe/Berlin' });
  });

  it('shows /papers interests whole at the follow limits, continued over more embeds', async () => {
    harness = await startHarness();
    const { core } = harness.fixture;
    const categories = ['cs.RO', 'cs.CL', 'cs.LG', 'stat.ML', 'hep-th', 'cs.AI', 'cs.CV', 'cs.IR', 'math.OC', 'q-bio.NC', 'cs.NE', 'cs.SD', 'eess.AS', 'cs.HC', 'cs.CY', 'cs.DB', 'cs.DC', 'cs.DS', 'cs.GT', 'cs.MA'];
    await core.follow(CHANNEL, Array.from({ length: 25 }, (_, i) => `topic ${i} ${'about something specific '.repeat(3)}`.trim()), 'topic');
    await core.follow(CHANNEL, [...core.papers.all()].slice(0, 25).map((p) => p.id), 'paper');
    await core.follow(CHANNEL, categories, 'category');
    await core.follow(CHANNEL, Array.from({ length: 25 }, (_, i) => `Ada${String.fromCharCode(65 + i)} Lovelace${String.fromCharCode(65 + i)}`), 'author');
    await core.updateDigest(CHANNEL, { enabled: true });
    const { ok, answer } = await command(harness, 'interests', []);
    expect(ok).toBe(true);
    const embeds: { title?: string; description: string }[] = answer?.body.embeds;
    expect(embeds.length).toBeGreaterThan(1);
    expect(embeds.every((e) => e.description.length <= 4096)).toBe(true);
    expect(embeds.reduce((sum, e) => sum + (e.title?.length ?? 0) + e.description.length, 0)).toBeLessThanOrEqual(6000);
    const text = visibleText(answer?.body);
    for (const part of ['Topics:', 'Papers:', 'Categories:', 'Authors:', 'AdaY LovelaceY', 'Weekly digest']) expect(text).toContain(part);
  });

  it('never lets a hostile query mention anyone', async () => {
    harness = await startHarness();
    const { answer } = await command(harness, 'search', [{ name: 'query', value: '@everyone <@222> **lora** [x](https://evil.example)' }]);
    const text = visibleText(answer?.body);
    expect(answer?.body.allowed_mentions).toEqual({ parse: [] });
    expect(text).not.toMatch(/@everyone|(?<!\\)<@|(?<!\\)\[x\]|(?<!\\)\*\*lora/);
  });

  it('answers autocomplete for the digest timezone', async () => {
    harness = await startHarness();
    const { id, token } = harness.fake.sendInteraction({
      type: 4,
      subcommand: 'digest',
      options: [{ name: 'timezone', value: 'berl', focused: true }],
      userId: '111',
      permissions: MEMBER_PERMISSIONS,
    });
    const callback = await harness.fake.waitForCall((c) => c.path === `/interactions/${id}/${token}/callback`);
    expect(await harness.interactionHandled(id)).toBe(true);
    expect(callback.body.type).toBe(8);
    expect(callback.body.data.choices[0]).toEqual({ name: 'Europe/Berlin', value: 'Europe/Berlin' });
  });
});

describe('a burst of slash commands', () => {
  it('defers every one of 60 searches sent at once and edits an answer into each', async () => {
    harness = await startHarness();
    const sent = Array.from({ length: 60 }, (_, i) =>
      harness!.fake.sendInteraction({ subcommand: 'search', options: [{ name: 'query', value: i % 2 ? 'low-rank adaptation' : 'graph neural networks' }], userId: `1${i}`, permissions: MEMBER_PERMISSIONS }),
    );
    const callbacks = await Promise.all(sent.map(({ id, token }) => harness!.fake.waitForCall((c) => c.path === `/interactions/${id}/${token}/callback`)));
    expect(callbacks.every((c) => c.body.type === 5)).toBe(true);
    // 60 searches run behind the deferrals: on a loaded machine they can take longer than the default 5 s wait.
    const edits = await Promise.all(sent.map(({ token }) => webhookCall(harness!, token, 'PATCH', true, 20_000)));
    expect(edits.every((e) => e.body.embeds.length > 0)).toBe(true);
  }, 30_000);

  it('tells a command that finds the work queue full to try again, instead of running it', async () => {
    harness = await startHarness({ adapter: { workQueue: { capacity: 0 } } });
    const { callback, answer, ok } = await command(harness, 'search', [{ name: 'query', value: 'low-rank adaptation' }]);
    expect(ok).toBe(true);
    expect(callback.body.type).toBe(5);
    expect(visibleText(answer?.body)).toContain('try again in a minute');
    expect(visibleText(answer?.body)).not.toContain('Papers about');
    expect(harness.fixture.logger.lines.some((line) => line.includes('too many commands waiting'))).toBe(true);
  });
});

describe('failures in an interaction are logged, not fatal', () => {
  it('logs an expired interaction (10062) and keeps serving', async () => {
    harness = await startHarness({ fake: { callbackExpiryMs: -1 } });
    expectErrors = true;
    expect((await command(harness, 'me', [])).ok).toBe(false);
    const line = await harness.waitForLog(/discord interaction failed/);
    expect(line).toContain('"code":10062');
    expect(harness.adapter.client.isReady()).toBe(true);
  });
});
