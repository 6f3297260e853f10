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

/** Send a slash command and wait for its interaction callback. */
async function command(h: DiscordHarness, subcommand: string, options: Options, permissions = MEMBER_PERMISSIONS, userId = '111') {
  const { id, token } = h.fake.sendInteraction({ subcommand, options, userId, permissions });
  const callback = await h.fake.waitForCall((c) => c.path === `/interactions/${id}/${token}/callback`);
  const ok = await h.interactionHandled(id);
  return { id, token, callback, ok };
}

const webhookCall = (h: DiscordHarness, token: string, method: string, original: boolean) =>
  h.fake.waitForCall((c) => c.method === method && c.path.startsWith(`/webhooks/`) && c.path.includes(`/${token}`) && c.path.endsWith('/messages/@original') === original);

function visibleText(body: { content?: string; embeds?: { title?: string; description?: string }[] }): string {
  return [body.content ?? '', ...(body.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');
}

describe('slash commands answered directly', () => {
  it('answers /papers search privately with one embed per paper and mentions disabled, without auth', async () => {
    harness = await startHarness();
    const { callback } = await command(harness, 'search', [{ name: 'query', value: 'low-rank adaptation' }]);
    expect(callback.authorization).toBeUndefined();
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(callback.body.data.content).toBe('**Papers about "low-rank adaptation"**');
    expect(callback.body.data.embeds).toHaveLength(5);
    expect(callback.body.data.embeds[0].title).toMatch(/^1\. .*Low-Rank/);
  });

  it('lets a member with Manage Channels follow topics, announced in the channel', async () => {
    harness = await startHarness();
    const { callback } = await command(harness, 'follow', [{ name: 'topics', value: 'retrieval augmented generation, "graph neural networks"' }], MANAGER_PERMISSIONS);
    expect(callback.body.data.flags ?? 0).toBe(0);
    expect(visibleText(callback.body.data)).toContain('This channel now follows');
    expect((await harness.fixture.core.channels.get(CHANNEL)).interests).toEqual(['retrieval augmented generation', 'graph neural networks']);
  });

  it('refuses to change the channel for a member without Manage Channels, privately', async () => {
    harness = await startHarness();
    const { callback } = await command(harness, 'follow', [{ name: 'topics', value: 'diffusion' }], MEMBER_PERMISSIONS);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(visibleText(callback.body.data)).toContain('Only members who can manage this channel');
    expect((await harness.fixture.core.channels.get(CHANNEL)).interests).toEqual([]);
    const before = (await harness.fixture.core.channels.get(CHANNEL)).digest;
    const digest = await command(harness, 'digest', [{ name: 'day', value: before.enabled ? 'off' : 'on' }], MEMBER_PERMISSIONS);
    expect(visibleText(digest.callback.body.data)).toContain('Only members who can manage this channel');
    expect((await harness.fixture.core.channels.get(CHANNEL)).digest).toEqual(before);
  });

  it('builds the digest command from typed options in the table order', async () => {
    harness = await startHarness();
    const options = [{ name: 'timezone', value: 'Europe/Berlin' }, { name: 'time', value: '07:30' }, { name: 'day', value: 'friday' }];
    const { callback } = await command(harness, 'digest', options, MANAGER_PERMISSIONS);
    expect(visibleText(callback.body.data)).toContain('Weekly digest');
    const { digest } = await harness.fixture.core.channels.get(CHANNEL);
    expect(digest).toMatchObject({ enabled: true, weekday: 5, minuteOfDay: 450, timezone: 'Europe/Berlin' });
  });

  it('never lets a hostile query mention anyone', async () => {
    harness = await startHarness();
    const { callback } = await command(harness, 'search', [{ name: 'query', value: '@everyone <@222> **lora** [x](https://evil.example)' }]);
    const text = visibleText(callback.body.data);
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
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

describe('slash commands that take long are deferred', () => {
  it('defers privately, then edits in the answer', async () => {
    harness = await startHarness({ adapter: { deferAfterMs: 0 } });
    const { token, callback } = await command(harness, 'search', [{ name: 'query', value: 'speech recognition' }]);
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await webhookCall(harness, token, 'PATCH', true);
    expect(edit.authorization).toBeUndefined();
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('defers publicly for a channel change, then edits in the confirmation', async () => {
    harness = await startHarness({ adapter: { deferAfterMs: 0 } });
    const { token, callback } = await command(harness, 'follow', [{ name: 'topics', value: 'diffusion' }], MANAGER_PERMISSIONS);
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await webhookCall(harness, token, 'PATCH', true);
    expect(visibleText(edit.body)).toContain('This channel now follows: diffusion');
  });

  it('replaces a public deferral with a private follow-up when the answer is private (a refusal)', async () => {
    harness = await startHarness({ adapter: { deferAfterMs: 0 } });
    const { token, callback } = await command(harness, 'follow', [{ name: 'topics', value: 'diffusion' }], MEMBER_PERMISSIONS);
    expect(callback.body.data.flags).toBe(0);
    await webhookCall(harness, token, 'DELETE', true);
    const followUp: RecordedCall = await webhookCall(harness, token, 'POST', false);
    expect(followUp.body.flags).toBe(EPHEMERAL);
    expect(visibleText(followUp.body)).toContain('Only members who can manage this channel');
    expect(harness.fake.calls.filter((c) => c.method === 'PATCH')).toEqual([]);
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
