/**
 * Discord across instances: `DISCORD_SHARDS` and `DISCORD_SHARD_COUNT` are validated with messages that name the
 * variable, and two Paperboy instances (two real discord.js clients, each with its own core on one shared sqlite
 * file) split the servers by gateway shard, so each slash command and reaction is received and handled by
 * exactly one of them. The fake gateway shards as Discord does (see fake-discord.ts).
 */
import { Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/errors.js';
import type { ChannelRef, Reply } from '../../../src/types.js';
import type { CoreFixture } from '../../helpers/core-fixture.js';
import { secondInstanceOn } from '../../helpers/second-instance.js';
import { FakeDiscord, GOOD_TOKEN, shardOf, type FakeGuild } from './fake-discord.js';
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID, MANAGER_PERMISSIONS } from './fake-payloads.js';
import { startHarness, type DiscordHarness } from './harness.js';

/** One server on each of two shards: (id >> 22) % 2 is 0 for the first and 1 for the second. */
const GUILD_ON_SHARD_0: FakeGuild = { id: '900000000004194307', channelId: '900000000004194308' };
const GUILD_ON_SHARD_1: FakeGuild = { id: GUILD_ID, channelId: CHANNEL_ID };
const READER = '333';

const channelOf = (guild: FakeGuild): ChannelRef => ({ platform: 'discord', workspace: guild.id, channel: guild.channelId });

function discordEnv(extra: Record<string, string>) {
  return { DISCORD_TOKEN: GOOD_TOKEN, DISCORD_APPLICATION_ID: APPLICATION_ID, ...extra };
}

function shardsFrom(extra: Record<string, string>) {
  return loadConfig(discordEnv(extra)).discord?.shards;
}

function configError(extra: Record<string, string>): string {
  try {
    loadConfig(discordEnv(extra));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('loadConfig accepted the shard settings');
}

describe('DISCORD_SHARDS and DISCORD_SHARD_COUNT', () => {
  it('run every recommended shard here when unset or auto, all of a given count with auto', () => {
    expect(shardsFrom({})).toBeUndefined();
    expect(shardsFrom({ DISCORD_SHARDS: 'auto' })).toBeUndefined();
    expect(shardsFrom({ DISCORD_SHARDS: 'AUTO', DISCORD_SHARD_COUNT: '3' })).toEqual({ ids: [0, 1, 2], count: 3 });
    expect(shardsFrom({ DISCORD_SHARD_COUNT: '2' })).toEqual({ ids: [0, 1], count: 2 });
  });

  it('run the listed shards out of the count, ascending', () => {
    expect(shardsFrom({ DISCORD_SHARDS: '1', DISCORD_SHARD_COUNT: '2' })).toEqual({ ids: [1], count: 2 });
    expect(shardsFrom({ DISCORD_SHARDS: ' 3, 0 ,2', DISCORD_SHARD_COUNT: '4' })).toEqual({ ids: [0, 2, 3], count: 4 });
  });

  it('refuse bad values with a message naming the variable', () => {
    expect(configError({ DISCORD_SHARDS: '2', DISCORD_SHARD_COUNT: '2' })).toBe('DISCORD_SHARDS: shard 2 does not exist; with DISCORD_SHARD_COUNT=2 the ids are 0 to 1.');
    expect(configError({ DISCORD_SHARDS: '0,1' })).toMatch(/^DISCORD_SHARD_COUNT is missing: .*total number of shards over all instances/);
    expect(configError({ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: '0' })).toMatch(/^DISCORD_SHARD_COUNT must be a whole number from 1 /);
    expect(configError({ DISCORD_SHARD_COUNT: 'two' })).toMatch(/^DISCORD_SHARD_COUNT must be a whole number/);
    expect(configError({ DISCORD_SHARDS: 'first', DISCORD_SHARD_COUNT: '2' })).toBe('DISCORD_SHARDS must be auto or shard ids separated by commas, like 0,1; got "first".');
    expect(configError({ DISCORD_SHARDS: '-1', DISCORD_SHARD_COUNT: '2' })).toMatch(/^DISCORD_SHARDS must be auto or shard ids/);
    expect(configError({ DISCORD_SHARDS: ',', DISCORD_SHARD_COUNT: '2' })).toMatch(/^DISCORD_SHARDS must be auto or shard ids/);
    expect(configError({ DISCORD_SHARDS: '0,0', DISCORD_SHARD_COUNT: '2' })).toBe('DISCORD_SHARDS lists shard 0 twice.');
  });

  it.each(['1e1', '0x2', '0b11', '0o7', '2e0'])('refuse DISCORD_SHARD_COUNT=%s, which is not a whole number written in digits', (count) => {
    expect(configError({ DISCORD_SHARD_COUNT: count })).toBe(`DISCORD_SHARD_COUNT must be a whole number from 1 to 10000, got "${count}".`);
  });
});

let fake: FakeDiscord | undefined;
let instances: DiscordHarness[] = [];
afterEach(async () => {
  // The second instance first: its fixture only closes its store; the first one's removes the shared file.
  for (const instance of instances.reverse()) await instance.close();
  await fake?.close();
  fake = undefined;
  instances = [];
});

/** Start one instance on the shared fake with these shard variables; record the events its client receives. */
async function startInstance(env: Record<string, string>, fixture?: CoreFixture) {
  const config = loadConfig(discordEnv(env)).discord!;
  const harness = await startHarness({ server: fake, fixture, adapter: { config, reactionHints: [] } });
  instances.push(harness);
  const received: string[] = [];
  harness.adapter.client.on(Events.Raw, (packet: { t?: string; d?: { guild_id?: string } }) => {
    if (packet.t === 'INTERACTION_CREATE' || packet.t === 'MESSAGE_REACTION_ADD') received.push(`${packet.t} ${packet.d?.guild_id}`);
  });
  return { harness, received };
}

/** Post the first seed paper to the server's channel as a digest does (any instance may post) and record it. */
async function postPaper(instance: DiscordHarness, guild: FakeGuild): Promise<string> {
  const paper = [...instance.fixture.core.papers.all()][0];
  const reply: Reply = { visibility: 'channel', lines: [], papers: [{ paper, score: 1, reason: 'matches: test', terms: [] }] };
  const { messageId } = await instance.adapter.platform.post(channelOf(guild), reply);
  await instance.fixture.core.recordPost(channelOf(guild), paper.id, messageId);
  return messageId;
}

/** A follow command and a 👍 on a posted paper in `guild`. */
function sendCommandAndReaction(guild: FakeGuild, topic: string, messageId: string): string {
  const { id } = fake!.sendInteraction({
    subcommand: 'follow', options: [{ name: 'topics', value: topic }], userId: READER, permissions: MANAGER_PERMISSIONS, guildId: guild.id, channelId: guild.channelId,
  });
  fake!.sendReaction('add', { messageId, userId: READER, emoji: { name: '👍' }, guildId: guild.id, channelId: guild.channelId });
  return id;
}

describe('two instances, each with its own shard', () => {
  it("each server's slash command and reaction reaches exactly one instance", async () => {
    expect([shardOf(GUILD_ON_SHARD_0.id, 2), shardOf(GUILD_ON_SHARD_1.id, 2)]).toEqual([0, 1]);
    fake = await FakeDiscord.start({ guilds: [GUILD_ON_SHARD_0, GUILD_ON_SHARD_1] });
    const first = await startInstance({ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: '2' });
    const second = await startInstance({ DISCORD_SHARDS: '1', DISCORD_SHARD_COUNT: '2' }, await secondInstanceOn(first.harness.fixture));
    expect(fake.identifies.map((identify) => identify.shard)).toEqual([[0, 2], [1, 2]]);
    expect([...first.harness.adapter.client.guilds.cache.keys()]).toEqual([GUILD_ON_SHARD_0.id]);
    expect([...second.harness.adapter.client.guilds.cache.keys()]).toEqual([GUILD_ON_SHARD_1.id]);

    // Digests post through REST: the first instance posts in both servers, the second's server included.
    const messageOn0 = await postPaper(first.harness, GUILD_ON_SHARD_0);
    const messageOn1 = await postPaper(first.harness, GUILD_ON_SHARD_1);
    const commandOn0 = sendCommandAndReaction(GUILD_ON_SHARD_0, 'speech recognition', messageOn0);
    const commandOn1 = sendCommandAndReaction(GUILD_ON_SHARD_1, 'graph neural networks', messageOn1);
    expect(await first.harness.interactionHandled(commandOn0)).toBe(true);
    expect(await second.harness.interactionHandled(commandOn1)).toBe(true);
    await Promise.all([first.harness.reactionsHandled(1), second.harness.reactionsHandled(1)]);

    // A last reaction in each server: once each instance handled it, it has received everything sent before.
    fake.sendReaction('add', { messageId: '123456789012345678', userId: READER, emoji: { name: '👍' }, guildId: GUILD_ON_SHARD_0.id, channelId: GUILD_ON_SHARD_0.channelId });
    fake.sendReaction('add', { messageId: '123456789012345678', userId: READER, emoji: { name: '👍' }, guildId: GUILD_ON_SHARD_1.id, channelId: GUILD_ON_SHARD_1.channelId });
    await Promise.all([first.harness.reactionsHandled(2), second.harness.reactionsHandled(2)]);

    const reaction = `MESSAGE_REACTION_ADD`;
    expect(first.received).toEqual([`INTERACTION_CREATE ${GUILD_ON_SHARD_0.id}`, `${reaction} ${GUILD_ON_SHARD_0.id}`, `${reaction} ${GUILD_ON_SHARD_0.id}`]);
    expect(second.received).toEqual([`INTERACTION_CREATE ${GUILD_ON_SHARD_1.id}`, `${reaction} ${GUILD_ON_SHARD_1.id}`, `${reaction} ${GUILD_ON_SHARD_1.id}`]);
    expect(first.harness.interactions).toEqual([commandOn0]);
    expect(second.harness.interactions).toEqual([commandOn1]);
    expect(first.harness.reactions[0]).toMatchObject({ handled: true, outcome: { status: 'recorded', sentiment: 'like' }, event: { channel: channelOf(GUILD_ON_SHARD_0) } });
    expect(second.harness.reactions[0]).toMatchObject({ handled: true, outcome: { status: 'recorded', sentiment: 'like' }, event: { channel: channelOf(GUILD_ON_SHARD_1) } });

    // Both wrote to the one store: either instance reads what the other saved.
    const core = first.harness.fixture.core;
    expect((await core.channels.get(channelOf(GUILD_ON_SHARD_1))).interests).toEqual(['graph neural networks']);
    expect((await second.harness.fixture.core.channels.get(channelOf(GUILD_ON_SHARD_0))).interests).toEqual(['speech recognition']);
    for (const guild of [GUILD_ON_SHARD_0, GUILD_ON_SHARD_1]) {
      expect(await core.votes.forUser({ platform: 'discord', workspace: guild.id, user: READER })).toHaveLength(1);
    }
  });

  it('with the shards unset, one instance runs every shard Discord recommends and gets every server', async () => {
    fake = await FakeDiscord.start({ guilds: [GUILD_ON_SHARD_0, GUILD_ON_SHARD_1], recommendedShards: 2 });
    const only = await startInstance({});
    expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect([...only.harness.adapter.client.guilds.cache.keys()].sort()).toEqual([GUILD_ON_SHARD_0.id, GUILD_ON_SHARD_1.id].sort());

    const commandOn0 = sendCommandAndReaction(GUILD_ON_SHARD_0, 'speech recognition', await postPaper(only.harness, GUILD_ON_SHARD_0));
    const commandOn1 = sendCommandAndReaction(GUILD_ON_SHARD_1, 'graph neural networks', await postPaper(only.harness, GUILD_ON_SHARD_1));
    expect(await only.harness.interactionHandled(commandOn0)).toBe(true);
    expect(await only.harness.interactionHandled(commandOn1)).toBe(true);
    await only.harness.reactionsHandled(2);
    expect(only.harness.interactions.sort()).toEqual([commandOn0, commandOn1].sort());
    expect(only.received.sort()).toEqual([
      `INTERACTION_CREATE ${GUILD_ON_SHARD_0.id}`, `INTERACTION_CREATE ${GUILD_ON_SHARD_1.id}`,
      `MESSAGE_REACTION_ADD ${GUILD_ON_SHARD_0.id}`, `MESSAGE_REACTION_ADD ${GUILD_ON_SHARD_1.id}`,
    ].sort());
  });
});
