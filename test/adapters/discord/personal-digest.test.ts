/**
 * The personal weekly digest on Discord, through the real discord.js client against the fake Discord:
 * `/papers digest for:me day:on` answered privately, the digest sent by DM (`POST /users/@me/channels`, then
 * `POST /channels/:dm/messages` with a nonce), a vote button clicked in the DM, the read-back after a restart,
 * and a person who accepts no direct messages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { voteActionId } from '../../../commands/paper-card.js';
import { createDigestService } from '../../../src/digest/digest-service.js';
import type { ChannelRef, UserRef } from '../../../src/types.js';
import { CHANNEL_ID, GUILD_ID, MEMBER_PERMISSIONS } from './fake-payloads.js';
import { startHarness, type DiscordHarness } from './harness.js';

const CHANNEL: ChannelRef = { platform: 'discord', workspace: GUILD_ID, channel: CHANNEL_ID };
const ALICE: UserRef = { platform: 'discord', workspace: GUILD_ID, user: '111' };
const EPHEMERAL = 64;

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Alice (a plain member) turns her own digest on from the server channel, which follows reasoning; armed at 08:00. */
async function aliceSubscribed(h: DiscordHarness) {
  await h.fixture.core.follow(CHANNEL, ['reasoning']);
  await h.fixture.core.updateDigest(CHANNEL, { enabled: false });
  const options = [
    { name: 'for', value: 'me' },
    { name: 'day', value: 'on' },
  ];
  const { id, token } = h.fake.sendInteraction({ subcommand: 'digest', options, userId: '111', permissions: MEMBER_PERMISSIONS });
  const callback = await h.fake.waitForCall((c) => c.path === `/interactions/${id}/${token}/callback`);
  expect(callback.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
  const answer = await h.fake.waitForCall((c) => c.path.includes(`/${token}`) && c.method === 'PATCH');
  expect(JSON.stringify(answer.body)).toContain('is on: Mondays at 09:00 (UTC), 5 papers');
  await h.fixture.core.updatePersonalDigest(ALICE, { k: 2 });
  const service = createDigestService(h.fixture.core, { owner: 'first' });
  await service.runDue([h.adapter.platform]);
  h.fixture.clock.advance(2 * 3600 * 1000);
  return service;
}

describe('the personal digest on Discord', () => {
  it('opens the DM and posts each pick there with a nonce; her vote button in the DM counts in her server', async () => {
    const h = (harness = await startHarness());
    const service = await aliceSubscribed(h);
    expect((await service.runDue([h.adapter.platform])).posted).toBe(2);
    const [open] = h.fake.callsTo('POST', /^\/users\/@me\/channels$/);
    expect(open.body).toEqual({ recipient_id: '111' });
    const dm = h.fake.directChannel('111')!;
    const posts = h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`));
    expect(posts).toHaveLength(2);
    expect(posts.every((p) => typeof p.body.nonce === 'string' && p.body.enforce_nonce === true)).toBe(true);
    expect(posts[0].body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(posts[0].body)).toContain('Your weekly digest 1/2');

    const [run] = await service.runs.runsOf(ALICE);
    const paperId = run.plan[0].paperId;
    const messageId = h.fake.messagesIn(dm).find((m) => JSON.stringify(m.embeds).includes(h.fixture.core.paper(paperId)!.url))!.id;
    const click = h.fake.sendComponentInteraction({ customId: voteActionId(paperId, 'like')!, messageId, userId: '111', permissions: MEMBER_PERMISSIONS, channelId: dm, direct: true });
    const callback = await h.fake.waitForCall((c) => c.path === `/interactions/${click.id}/${click.token}/callback`);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(callback.body.data.content).toContain('Noted: more like');
    expect((await h.fixture.core.votes.forUser(ALICE)).map((v) => [v.paperId, v.channel])).toEqual([[paperId, `discord:${GUILD_ID}:${dm}`]]);
  });

  it('refuses a DM click on a message that is no digest post to the clicker, storing nothing', async () => {
    const h = (harness = await startHarness());
    const service = await aliceSubscribed(h);
    await service.runDue([h.adapter.platform]);
    const dm = h.fake.directChannel('111')!;
    const paperId = (await service.runs.runsOf(ALICE))[0].plan[0].paperId;
    const click = h.fake.sendComponentInteraction({ customId: voteActionId(paperId, 'like')!, messageId: '920000000000000077', userId: '111', permissions: MEMBER_PERMISSIONS, channelId: dm, direct: true });
    const callback = await h.fake.waitForCall((c) => c.path === `/interactions/${click.id}/${click.token}/callback`);
    expect(callback.body.data.content).toContain('Vote on papers in a server channel or on your personal digest');
    expect(await h.fixture.core.votes.forUser(ALICE)).toEqual([]);
  });

  it('after a restart with a DM in flight, reads the DM back and does not send it twice', async () => {
    const h = (harness = await startHarness());
    const { core, clock } = h.fixture;
    const service = await aliceSubscribed(h);
    await service.runDue([h.adapter.platform]);
    const dm = h.fake.directChannel('111')!;
    const [run] = await service.runs.runsOf(ALICE);
    const last = run.plan[1].paperId;
    const key = `discord:${GUILD_ID}:${dm}`;
    const lastId = (await core.store.collection<{ messageId: string }>('posted').get(`${key}|${last}`))!.messageId;
    await core.store.collection('posted').delete(`${key}|${last}`);
    await core.store.collection('message').delete(`${key}|${lastId}`);
    await service.runs.saveRun({ ...run, status: 'running', attempting: last, attemptedAt: clock.now().toISOString() });

    await h.restart();
    clock.advance(60_000);
    expect((await createDigestService(core, { owner: 'restarted' }).runDue([h.adapter.platform])).posted).toBe(0);
    expect(h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`))).toHaveLength(2);
    expect(h.fake.callsTo('GET', new RegExp(`^/channels/${dm}/messages$`))).toHaveLength(1);
    expect(await core.posted.paperFor({ ...CHANNEL, channel: dm, direct: true }, lastId)).toBe(last);
  });

  it('marks a person who accepts no direct messages, and does not try again every tick', async () => {
    const h = (harness = await startHarness());
    const service = await aliceSubscribed(h);
    h.fake.blockDirectMessages('111');
    expect((await service.runDue([h.adapter.platform])).posted).toBe(0);
    h.fixture.clock.advance(60_000);
    await service.runDue([h.adapter.platform]);
    const dm = h.fake.directChannel('111')!;
    expect(h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`))).toHaveLength(1);
    expect((await h.fixture.core.personalDigest(ALICE)).unavailable).toMatchObject({ reason: 'the person does not accept direct messages from the bot' });
  });
});
