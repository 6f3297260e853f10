/**
 * Who may change a channel on Discord, through the real discord.js client and the fake gateway: a member
 * without Manage Channels sees the digest schedule (deferred privately, then edited in) but cannot change it, and `/papers lock` explains that Manage Channels already decides.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_ID, GUILD_ID, MANAGER_PERMISSIONS, MEMBER_PERMISSIONS } from './fake-payloads.js';
import { startHarness, type DiscordHarness } from './harness.js';

const CHANNEL = { platform: 'discord' as const, workspace: GUILD_ID, channel: CHANNEL_ID };
const EPHEMERAL = 64;

let harness: DiscordHarness | undefined;
afterEach(async () => {
  const errors = harness?.fixture.logger.lines.filter((line) => line.startsWith('error')) ?? [];
  await harness?.close();
  harness = undefined;
  expect(errors).toEqual([]);
});

type Options = { name: string; value: string }[];

/**
 * Send `/papers <subcommand>` with `permissions`; wait for its deferral (the callback) and its answer (the edit of
 * the deferred response, or the follow-up that replaces a deferral of the other visibility).
 */
async function command(h: DiscordHarness, subcommand: string, options: Options, permissions: string) {
  const { id, token } = h.fake.sendInteraction({ subcommand, options, userId: '111', permissions });
  const callback = await h.fake.waitForCall((c) => c.path === `/interactions/${id}/${token}/callback`);
  expect(await h.interactionHandled(id)).toBe(true);
  const answer = await h.fake.waitForCall((c) => c.path.includes(`/${token}`) && (c.method === 'PATCH' || (c.method === 'POST' && !c.path.endsWith('/callback'))));
  return { token, callback, answer };
}

function visibleText(body: { content?: string; embeds?: { title?: string; description?: string }[] }): string {
  return [body.content ?? '', ...(body.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');
}

describe('/papers digest for a member without Manage Channels', () => {
  it('shows the schedule privately but refuses a change', async () => {
    harness = await startHarness();
    const view = await command(harness, 'digest', [], MEMBER_PERMISSIONS);
    expect(view.callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(visibleText(view.answer.body)).toMatch(/Weekly digest off: Mondays at 09:00/);
    const change = await command(harness, 'digest', [{ name: 'day', value: 'on' }], MEMBER_PERMISSIONS);
    expect(visibleText(change.answer.body)).toMatch(/Only members who can manage this channel may use .*\/papers digest/);
    expect((await harness.fixture.core.channels.get(CHANNEL)).digest.enabled).toBe(false);
    await command(harness, 'digest', [{ name: 'day', value: 'on' }], MANAGER_PERMISSIONS);
    expect((await harness.fixture.core.channels.get(CHANNEL)).digest.enabled).toBe(true);
  });

  it('defers a view privately and edits the schedule in, never a public deferral', async () => {
    harness = await startHarness();
    const { callback, answer } = await command(harness, 'digest', [], MEMBER_PERMISSIONS);
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(answer.method).toBe('PATCH');
    expect(answer.path.endsWith('/messages/@original')).toBe(true);
    expect(visibleText(answer.body)).toMatch(/Weekly digest/);
    expect(harness.fake.calls.filter((c) => c.method === 'DELETE')).toEqual([]);
  });
});

describe('/papers lock on Discord', () => {
  it('says Manage Channels already decides and locks nothing', async () => {
    harness = await startHarness();
    const { callback, answer } = await command(harness, 'lock', [], MANAGER_PERMISSIONS);
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(visibleText(answer.body)).toMatch(/Manage Channels permission already decides/);
    expect((await harness.fixture.core.channels.get(CHANNEL)).locked).toBeUndefined();
  });
});
