/**
 * The personal weekly digest on a real sqlite file: the person's own picks (their votes, the interests of the
 * channels they use) by direct message, exactly once a week, also across a crash; unreachable people marked and
 * not retried every tick; forget-me and a workspace uninstall leave nothing of it behind.
 */
import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../commands/index.js';
import { createCore } from '../../src/core.js';
import { createDigestService } from '../../src/digest/digest-service.js';
import { ChannelUnavailableError } from '../../src/errors.js';
import { MAX_CHANNELS_USED } from '../../src/digest/personal-subscriptions.js';
import { DigestRunRepository, ownerKey } from '../../src/digest/digest-runs.js';
import { createMemoryLogger, type SettableClock } from '../../src/ports.js';
import { openStore } from '../../src/store/store.js';
import type { ChannelRef, UserRef } from '../../src/types.js';
import { rawFilesContain, storeLinesWith } from '../adapters/slack/store-scan.js';
import type { CoreFixture } from '../helpers/core-fixture.js';
import { CHANNEL, digestFixtures, ingestTopics, MONDAY_0905, recordingPlatform, setUpChannel, SUNDAY } from './digest-helpers.js';

const ADA: UserRef = { platform: 'console', workspace: 'w1', user: 'ada' };
const ADA_DM: ChannelRef = { platform: 'console', workspace: 'w1', channel: 'dm-ada', direct: true };

const fixture = digestFixtures();

function command(f: CoreFixture, text: string, user: UserRef = ADA, channel: ChannelRef = CHANNEL) {
  return handleCommand({ core: f.core, channel, user, access: { kind: 'permission', canManageChannel: false } }, text).then((o) => o.reply);
}

/**
 * Ada uses the bot from the retrieval channel and turns her Monday 09:00 digest on (2 papers) on Sunday; the
 * week's papers arrive; she likes one of them. Returns the arming service.
 */
async function subscribedAda(f: CoreFixture, k = 2) {
  await setUpChannel(f, { k: 5 });
  await f.core.channels.update(CHANNEL, (s) => void (s.digest.enabled = false)); // only the personal digest posts
  expect((await command(f, `digest me monday 09:00 UTC`)).isError).toBeFalsy();
  await f.core.updatePersonalDigest(ADA, { k });
  const service = createDigestService(f.core, { owner: 'a' });
  await service.runDue([recordingPlatform()]); // arms the schedule on Sunday
  const ids = await ingestTopics(f, SUNDAY);
  await f.core.vote(ADA, CHANNEL, 'p1', 'like');
  return { service, ids };
}

/** A second process on the same sqlite file: its own store connection, core and digest service. */
async function secondProcess(f: CoreFixture, clock: SettableClock, owner: string) {
  const store = await openStore(`sqlite://${f.file}`);
  const core = await createCore({ store, clock, logger: createMemoryLogger() });
  return { store, core, service: createDigestService(core, { owner }) };
}

describe('digest me: the command', () => {
  it('shows the own digest privately, off by default, with how to change it', async () => {
    const f = await fixture();
    const reply = await command(f, 'digest me');
    expect(reply).toMatchObject({ visibility: 'private', title: 'Your weekly digest' });
    expect(reply.lines.join('\n')).toMatch(/by direct message, is off: Mondays at 09:00 \(UTC\), 5 papers/);
    expect(reply.lines.join('\n')).toContain('/papers digest me on');
  });

  it('turns it on and sets day, time, timezone and size for anyone, privately, leaving the channel alone', async () => {
    const f = await fixture();
    const on = await command(f, 'digest me on');
    expect(on.visibility).toBe('private');
    expect(on.lines[0]).toContain('is on: Mondays at 09:00 (UTC), 5 papers one message each');
    expect(on.lines[0]).not.toContain('thread');
    const set = await command(f, 'digest me friday 17:30 Europe/Berlin');
    expect(set.lines[0]).toContain('is on: Fridays at 17:30 (Europe/Berlin), 5 papers');
    expect((await command(f, 'digest me size 3')).lines[0]).toContain('3 papers');
    expect((await command(f, 'digest me off')).lines[0]).toContain('is off: Fridays at 17:30');
    const channel = await f.core.channelSettings(CHANNEL);
    expect(channel.digest).toMatchObject({ enabled: false, weekday: 1, minuteOfDay: 540 });
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const f = await fixture();
    await command(f, 'digest me on');
    for (const [text, message] of [
      ['digest me funday 09:00', /not a weekday/],
      ['digest me monday 25:00', /not a time/],
      ['digest me monday 09:00 Mars/Olympus', /not a timezone/],
      ['digest me quiet on', /quiet-week note is for channel digests/],
      ['digest me style messages', /layout is for channel digests/],
      ['digest me style thread', /layout is for channel digests/],
      ['digest me me on', /Say `me` once/],
      ['digest me size 11', /from 1 to 10/],
    ] as const) {
      const reply = await command(f, text);
      expect(reply.isError, text).toBe(true);
      expect(reply.lines.join(' '), text).toMatch(message);
    }
    expect((await f.core.personalDigest(ADA)).digest).toMatchObject({ enabled: true, weekday: 1, minuteOfDay: 540, k: 5 });
  });

  it('keeps each workspace apart: the same person id elsewhere has no digest', async () => {
    const f = await fixture();
    await command(f, 'digest me on');
    expect((await f.core.personalDigest({ ...ADA, workspace: 'w2' })).digest.enabled).toBe(false);
    expect((await f.core.personalDigest({ ...ADA, platform: 'slack' })).digest.enabled).toBe(false);
  });

  it('remembers the channels a person with a digest uses (commands and votes), most recent first, bounded, never a DM', async () => {
    const f = await fixture();
    await ingestTopics(f, SUNDAY);
    const channel = (n: number): ChannelRef => ({ ...CHANNEL, channel: `c${n}` });
    await command(f, 'help', ADA, channel(0));
    expect(await storeLinesWith(f.store, 'console:w1:ada')).toEqual([]); // nothing stored before she sets one up
    await command(f, 'digest me off', ADA, channel(1));
    for (let n = 2; n <= MAX_CHANNELS_USED + 2; n++) await command(f, 'help', ADA, channel(n));
    await f.core.vote(ADA, channel(3), 'p1', 'like');
    await f.core.vote(ADA, ADA_DM, 'p2', 'like');
    await command(f, 'help', ADA, { ...CHANNEL, workspace: 'w2' }); // another workspace: not hers here
    const used = (await f.core.personalDigest(ADA)).channelsUsed;
    expect(used).toHaveLength(MAX_CHANNELS_USED);
    expect(used.slice(0, 3)).toEqual(['c3', 'c12', 'c11']);
    expect(used).not.toContain('dm-ada');
    expect(used).not.toContain('c1');
  });
});

describe('the personal digest', () => {
  it('sends her own picks by direct message once at the slot: her channel interests, never a paper she voted on', async () => {
    const f = await fixture();
    const { service } = await subscribedAda(f);
    const platform = recordingPlatform();
    f.clock.set(MONDAY_0905);
    const summary = await service.runDue([platform]);
    expect(summary).toMatchObject({ people: 1, channels: 0, posted: 2 });
    expect(platform.posts.every((p) => p.channel.channel === 'dm-ada' && p.channel.direct === true)).toBe(true);
    const ids = platform.paperIds();
    expect(ids).not.toContain('p1'); // she voted on it
    expect(ids.filter((id) => id === 'p6' || id === 'p7')).toEqual([]); // astronomy matches nothing of hers
    expect(platform.posts[0].reply.title).toBe('Your weekly digest 1/2');
    expect(platform.posts.every((p) => p.reply.papers[0].reason.length > 0)).toBe(true);
    for (const id of ids) expect(await f.core.posted.wasPosted(ADA_DM, id)).toBe(true);
    expect((await f.core.personalDigest(ADA)).directChannel).toBe('dm-ada');

    f.clock.set(new Date('2026-11-23T09:06:00Z'));
    expect((await service.runDue([platform])).posted).toBe(0);
    expect(platform.posts).toHaveLength(2);
  });

  it('sends a digest set for the coming minute in that minute', async () => {
    const f = await fixture();
    const { service } = await subscribedAda(f);
    f.clock.set(new Date('2026-11-23T14:59:55Z'));
    expect((await command(f, 'digest me monday 15:00 UTC')).isError).toBeFalsy();
    f.clock.set(new Date('2026-11-23T15:00:03Z'));
    const dm = recordingPlatform();
    expect((await service.runDue([dm])).posted).toBe(2);
    expect(dm.posts[0].channel).toEqual(ADA_DM);
  });

  it('never sends a paper twice: next week takes only what is new and not sent', async () => {
    const f = await fixture();
    const { service } = await subscribedAda(f, 2);
    const platform = recordingPlatform();
    f.clock.set(MONDAY_0905);
    await service.runDue([platform]);
    await ingestTopics(f, new Date('2026-11-25T00:00:00Z'), 'q');
    f.clock.set(new Date('2026-11-30T09:05:00Z'));
    await service.runDue([platform]);
    const ids = platform.paperIds();
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(ids.slice(2).every((id) => id.startsWith('q'))).toBe(true);
  });

  it('picks from her votes alone when she uses no channel with interests', async () => {
    const f = await fixture();
    await ingestTopics(f, SUNDAY);
    await f.core.updatePersonalDigest(ADA, { enabled: true });
    await f.core.vote(ADA, { ...CHANNEL, channel: 'no-topics' }, 'p1', 'like');
    const service = createDigestService(f.core, { owner: 'a' });
    const platform = recordingPlatform();
    await service.runDue([platform]);
    await ingestTopics(f, SUNDAY, 'n');
    f.clock.set(MONDAY_0905);
    await service.runDue([platform]);
    expect(platform.paperIds()[0]).toBe('n1'); // the new twin of the paper she liked
  });

  it('after a crash after 1 of 2 posts, the restarted bot sends the other one only', async () => {
    const f = await fixture();
    await subscribedAda(f);
    f.clock.set(MONDAY_0905);
    const first = recordingPlatform();
    first.failOn(2, new Error('process killed'));
    await createDigestService(f.core, { owner: 'a' }).runDue([first]);
    expect(first.paperIds()).toHaveLength(1);

    const restarted = await secondProcess(f, f.clock, 'b');
    const second = recordingPlatform();
    f.clock.set(new Date('2026-11-23T09:06:00Z'));
    expect((await restarted.service.runDue([second])).posted).toBe(1);
    await restarted.store.close();
    expect(new Set([...first.paperIds(), ...second.paperIds()]).size).toBe(2);
    expect(second.posts[0].channel).toEqual(ADA_DM);
  });

  it('records, without resending, a direct message that arrived when the process died before recording it', async () => {
    const f = await fixture();
    await subscribedAda(f);
    f.clock.set(MONDAY_0905);
    const dm = recordingPlatform();
    dm.failOn(1, new Error('process killed after the message arrived'), { afterDelivery: true });
    await createDigestService(f.core, { owner: 'a' }).runDue([dm]);
    const restarted = await secondProcess(f, f.clock, 'b');
    f.clock.set(new Date('2026-11-23T09:06:00Z'));
    expect((await restarted.service.runDue([dm])).posted).toBe(1);
    const [run] = await restarted.service.runs.runsOf(ADA);
    await restarted.store.close();
    expect(dm.readBacks).toBe(1);
    expect(dm.paperIds()).toHaveLength(2);
    expect(new Set(dm.paperIds()).size).toBe(2);
    expect(run).toMatchObject({ status: 'done', user: ADA, channel: ADA_DM });
  });

  it('marks a person who cannot be messaged, logs it, does not retry every tick, and tries again as soon as she changes it', async () => {
    const f = await fixture();
    const { service } = await subscribedAda(f);
    const platform = recordingPlatform();
    platform.blockDirect('ada', 'cannot_dm_user');
    f.clock.set(MONDAY_0905);
    expect((await service.runDue([platform])).posted).toBe(0);
    f.clock.advance(60_000);
    await service.runDue([platform]);
    expect(platform.opened).toHaveLength(1);
    expect((await f.core.personalDigest(ADA)).unavailable).toMatchObject({ reason: 'cannot_dm_user' });
    expect(f.logger.lines.some((l) => l.startsWith('warn personal digest: cannot message the person') && l.includes('cannot_dm_user'))).toBe(true);
    expect((await command(f, 'digest me')).lines.join(' ')).toContain('I could not message you last time (cannot_dm_user)');

    await command(f, 'digest me on');
    expect((await f.core.personalDigest(ADA)).unavailable).toBeUndefined();
    const reachable = recordingPlatform();
    expect((await service.runDue([reachable])).posted).toBe(2); // this week's digest, not sent yet
    expect(reachable.opened).toHaveLength(1);
  });

  it('marks the person when the platform refuses a post to the direct message', async () => {
    const f = await fixture();
    const { service } = await subscribedAda(f);
    const platform = recordingPlatform();
    platform.failOn(1, new ChannelUnavailableError('blocked', 'blocked'));
    f.clock.set(MONDAY_0905);
    await service.runDue([platform]);
    expect((await f.core.personalDigest(ADA)).unavailable).toMatchObject({ reason: 'blocked' });
    expect((await service.runs.runsOf(ADA))[0].status).toBe('unavailable');
    expect((await f.core.channelSettings(ADA_DM)).unavailable).toBeUndefined(); // no channel settings made for a DM
  });

  it('turning her digest off while it is being sent stops it; turned on again, the rest of the week comes once', async () => {
    const f = await fixture();
    const { service } = await subscribedAda(f, 3);
    f.clock.set(MONDAY_0905);
    const dm = recordingPlatform();
    const post = dm.post.bind(dm);
    dm.post = async (channel, reply, options) => {
      const sent = await post(channel, reply, options);
      if (dm.posts.length === 1) await f.core.updatePersonalDigest(ADA, { enabled: false });
      return sent;
    };
    await service.runDue([dm]);
    expect(dm.paperIds()).toHaveLength(1);
    const [stopped] = await service.runs.runsOf(ADA);
    expect(stopped).toMatchObject({ status: 'running' });
    expect(stopped.plan.length).toBeGreaterThan(1);
    expect(stopped.inFlight).toBeUndefined();

    await f.core.updatePersonalDigest(ADA, { enabled: true });
    f.clock.advance(60_000);
    await service.runDue([dm]);
    expect(dm.paperIds()).toEqual(stopped.plan.map((p) => p.paperId));
    expect((await service.runs.runsOf(ADA))[0].status).toBe('done');
  });
});

describe('forgetting a personal digest', () => {
  /** Ada's digest sent once (runs, state, DM posts recorded), and a vote she cast on a DM card. */
  async function sentOnce(f: CoreFixture) {
    const { service } = await subscribedAda(f);
    const platform = recordingPlatform();
    f.clock.set(MONDAY_0905);
    await service.runDue([platform]);
    await f.core.vote(ADA, ADA_DM, platform.paperIds()[0], 'dislike');
    expect(await storeLinesWith(f.store, 'dm-ada')).not.toEqual([]);
    expect(await storeLinesWith(f.store, ':@ada')).not.toEqual([]);
    return service;
  }

  it('forget-me deletes the subscription, its runs and state, and what was sent: no trace in the store or its files', async () => {
    const f = await fixture();
    const service = await sentOnce(f);
    const reply = await command(f, 'forget-me');
    expect(reply.lines.join(' ')).toContain('Your personal weekly digest is off and deleted');
    for (const needle of ['dm-ada', ':@ada', 'console:w1:ada']) {
      expect(await storeLinesWith(f.store, needle), needle).toEqual([]);
      expect(rawFilesContain(f.file, needle), needle).toBe(false);
    }
    expect((await f.core.personalDigest(ADA)).digest.enabled).toBe(false);
    f.clock.set(new Date('2026-11-30T09:05:00Z'));
    expect((await service.runDue([recordingPlatform()])).posted).toBe(0);
  });

  it('forget-me on another instance while her digest is being sent: no more direct messages, nothing of her stored', async () => {
    const f = await fixture();
    await subscribedAda(f, 3);
    f.clock.set(MONDAY_0905);
    const other = await secondProcess(f, f.clock, 'b');
    const dm = recordingPlatform();
    const post = dm.post.bind(dm);
    dm.post = async (channel, reply, options) => {
      const sent = await post(channel, reply, options);
      if (dm.posts.length === 1) await other.core.forgetMe(ADA);
      return sent;
    };
    await createDigestService(f.core, { owner: 'a' }).runDue([dm]);
    await other.store.close();
    expect(dm.paperIds()).toHaveLength(1);
    expect(f.logger.lines.some((l) => l.startsWith('info digest stopped: no longer wanted'))).toBe(true);
    expect(await storeLinesWith(f.store, 'console:w1:ada')).toEqual([]);
    expect(await storeLinesWith(f.store, 'dm-ada')).toEqual([]);
  });

  it('remembering her direct messages, or that she cannot be messaged, never brings a deleted subscription back', async () => {
    const f = await fixture();
    await f.core.updatePersonalDigest(ADA, { enabled: true });
    await f.core.forgetMe(ADA);
    expect(await f.core.people.setDirectChannel(ADA, 'dm-ada')).toBe(false);
    expect(await f.core.people.markUnavailable(ADA, 'cannot_dm_user', SUNDAY)).toBe(false);
    expect(await storeLinesWith(f.store, 'console:w1:ada')).toEqual([]);
    await f.core.updatePersonalDigest(ADA, { enabled: true });
    expect(await f.core.people.setDirectChannel(ADA, 'dm-ada')).toBe(true);
    expect(await f.core.people.markUnavailable(ADA, 'cannot_dm_user', SUNDAY)).toBe(true);
    expect(await f.core.personalDigest(ADA)).toMatchObject({ directChannel: 'dm-ada', unavailable: { reason: 'cannot_dm_user' } });
  });

  it('a digest state is armed only for a channel or person still stored (not one forgotten since the pass listed it)', async () => {
    const f = await fixture();
    await f.core.updatePersonalDigest(ADA, { enabled: true });
    await setUpChannel(f);
    const schedule = (await f.core.channelSettings(CHANNEL)).digest;
    const gone: ChannelRef = { ...CHANNEL, channel: 'deleted-meanwhile' };
    const forgotten: UserRef = { ...ADA, user: 'forgotten-meanwhile' };
    const runs = new DigestRunRepository(f.store);
    await runs.armedStates([CHANNEL, gone, ADA, forgotten].map((owner) => ({ owner, schedule })), SUNDAY);
    expect(await storeLinesWith(f.store, 'deleted-meanwhile')).toEqual([]);
    expect(await storeLinesWith(f.store, 'forgotten-meanwhile')).toEqual([]);
    const states = f.store.collection('digeststate');
    expect(await states.get(ownerKey(CHANNEL))).toBeDefined();
    expect(await states.get(ownerKey(ADA))).toBeDefined();
  });

  it('forget-me of a person whose digest is off says what went', async () => {
    const f = await fixture();
    await command(f, 'digest me off');
    expect((await command(f, 'forget-me')).lines).toEqual(['Done: I deleted your personal digest settings and the channels you used me from.']);
    expect(await storeLinesWith(f.store, 'console:w1:ada')).toEqual([]);
  });

  it('a workspace uninstall deletes every personal digest record of that workspace, and only those', async () => {
    const f = await fixture();
    await sentOnce(f);
    const other: UserRef = { ...ADA, workspace: 'w2' };
    await f.core.updatePersonalDigest(other, { enabled: true });
    await f.core.forgetWorkspace('console', 'w1');
    expect(await storeLinesWith(f.store, 'console:w1:')).toEqual([]);
    expect(rawFilesContain(f.file, 'dm-ada')).toBe(false);
    expect((await f.core.personalDigest(other)).digest.enabled).toBe(true);
  });
});
