/**
 * The one rule for who may change a channel's settings, through the real command table and a real core on
 * sqlite: platforms with a channel-manager permission decide by it; platforms without one (Slack) let anyone
 * change an unlocked channel, and only admins, owners and the creator a locked one; only admins lock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandChangesChannel, handleCommand, type ChannelAccess, type ChannelRole } from '../../commands/index.js';
import { UserError } from '../../src/errors.js';
import type { ChannelRef, Reply, UserRef } from '../../src/types.js';
import { createCoreFixture, type CoreFixture } from '../helpers/core-fixture.js';

const channel: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };
const user: UserRef = { platform: 'slack', workspace: 'T1', user: 'U1' };
const text = (reply: Reply) => [reply.title ?? '', ...reply.lines, reply.footer ?? ''].join('\n');

/** A Slack-like access that counts how often the role was asked. */
function roleAccess(role: ChannelRole | Error): ChannelAccess & { asked: number } {
  const access = {
    kind: 'role' as const,
    asked: 0,
    role: async () => {
      access.asked++;
      if (role instanceof Error) throw role;
      return role;
    },
  };
  return access;
}
const ADMIN: ChannelRole = { admin: true, creator: false };
const CREATOR: ChannelRole = { admin: false, creator: true };
const MEMBER: ChannelRole = { admin: false, creator: false };

let fx: CoreFixture;
const run = (line: string, access?: ChannelAccess) => handleCommand({ core: fx.core, channel, user, access }, line);
const settings = () => fx.core.channels.get(channel);

beforeEach(async () => {
  fx = await createCoreFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('an unlocked channel on a platform without a channel-manager permission', () => {
  it('lets any member change it, without asking who they are', async () => {
    const member = roleAccess(MEMBER);
    const { reply, changedChannel } = await run('follow reasoning', member);
    expect(reply.isError).toBeFalsy();
    expect(changedChannel).toBe(true);
    expect((await run('digest friday 08:00', member)).reply.isError).toBeFalsy();
    expect(member.asked).toBe(0);
    expect((await settings()).interests).toEqual(['reasoning']);
  });
});

describe('a locked channel', () => {
  it('is locked by an admin, announced in the channel, and a repeat says it already is', async () => {
    const { reply, changedChannel } = await run('lock', roleAccess(ADMIN));
    expect(reply.visibility).toBe('channel');
    expect(text(reply)).toMatch(/locked: from now on only workspace admins, owners and the channel's creator/);
    expect(changedChannel).toBe(false);
    expect((await settings()).locked).toBe(true);
    const again = (await run('lock', roleAccess(ADMIN))).reply;
    expect(again.visibility).toBe('private');
    expect(text(again)).toMatch(/already locked/);
  });

  it("refuses a member's changes with a helpful message and changes nothing", async () => {
    await run('follow reasoning', roleAccess(MEMBER));
    await run('lock', roleAccess(ADMIN));
    const before = await settings();
    for (const line of ['follow agents', 'unfollow reasoning', 'digest off', 'digest size 3']) {
      const { reply } = await run(line, roleAccess(MEMBER));
      expect(reply.isError, line).toBe(true);
      expect(reply.visibility).toBe('private');
      expect(text(reply)).toMatch(/This channel is locked: only workspace admins, owners and the person who created it/);
      expect(text(reply)).toMatch(/You can still search, get picks, react/);
    }
    expect(await settings()).toEqual(before);
  });

  it('still lets a member search, get picks, view the digest and their own data', async () => {
    await run('follow reasoning', roleAccess(MEMBER));
    await run('lock', roleAccess(ADMIN));
    const member = roleAccess(MEMBER);
    for (const line of ['search reasoning', 'picks', 'digest', 'interests', 'me', 'forget-me', 'help']) {
      expect((await run(line, member)).reply.isError, line).toBeFalsy();
    }
    expect(member.asked).toBe(0);
  });

  it("accepts the creator's and an admin's changes", async () => {
    await run('lock', roleAccess(ADMIN));
    expect((await run('follow agents', roleAccess(CREATOR))).reply.isError).toBeFalsy();
    expect((await run('follow diffusion', roleAccess(ADMIN))).reply.isError).toBeFalsy();
    expect((await settings()).interests).toEqual(['agents', 'diffusion']);
  });

  it('keeps a first follow after the lock turning the digest on, and the lock through later changes', async () => {
    await run('lock', roleAccess(ADMIN));
    expect((await settings()).digest.enabled).toBe(false);
    await run('follow agents', roleAccess(CREATOR));
    expect(await settings()).toMatchObject({ locked: true, interests: ['agents'], digest: { enabled: true } });
    expect((await settings()).untouched).toBeUndefined();
  });

  it('lets only admins lock and unlock: not members, not the creator', async () => {
    for (const role of [MEMBER, CREATOR]) {
      const { reply } = await run('lock', roleAccess(role));
      expect(text(reply)).toMatch(/Only workspace admins and owners may use `\/papers lock`/);
    }
    expect((await settings()).locked).toBeUndefined();
    await run('lock', roleAccess(ADMIN));
    expect(text((await run('unlock', roleAccess(CREATOR))).reply)).toMatch(/Only workspace admins and owners may use `\/papers unlock`/);
    expect((await settings()).locked).toBe(true);
  });

  it('is unlocked by an admin, after which members change it again', async () => {
    await run('lock', roleAccess(ADMIN));
    const { reply } = await run('unlock', roleAccess(ADMIN));
    expect(reply.visibility).toBe('channel');
    expect(text(reply)).toMatch(/unlocked: everyone in it can change/);
    expect((await settings()).locked).toBeUndefined();
    expect((await run('follow agents', roleAccess(MEMBER))).reply.isError).toBeFalsy();
    expect(text((await run('unlock', roleAccess(ADMIN))).reply)).toMatch(/not locked/);
  });

  it("answers the platform's failure to say who the asker is, and changes nothing", async () => {
    await run('lock', roleAccess(ADMIN));
    const failing = roleAccess(new UserError("I couldn't check your permissions; try again."));
    const before = await settings();
    expect((await run('follow agents', failing)).reply.lines).toEqual(["I couldn't check your permissions; try again."]);
    expect((await run('unlock', failing)).reply.lines).toEqual(["I couldn't check your permissions; try again."]);
    expect(await settings()).toEqual(before);
  });

  it('refuses arguments to lock and unlock', async () => {
    expect(text((await run('lock everything', roleAccess(ADMIN))).reply)).toMatch(/takes no arguments/);
    expect((await settings()).locked).toBeUndefined();
  });
});

describe('a platform with a channel-manager permission (Discord)', () => {
  const manager: ChannelAccess = { kind: 'permission', canManageChannel: true };
  const member: ChannelAccess = { kind: 'permission', canManageChannel: false };

  it('lets a member view the digest schedule but not change it', async () => {
    const view = (await run('digest', member)).reply;
    expect(view.isError).toBeFalsy();
    expect(text(view)).toMatch(/Weekly digest/);
    const change = (await run('digest on', member)).reply;
    expect(text(change)).toMatch(/Only members who can manage this channel may use `\/papers digest`/);
    expect((await settings()).digest.enabled).toBe(false);
    expect((await run('digest on', manager)).reply.isError).toBeFalsy();
  });

  it('explains that lock and unlock are not needed there, and changes nothing', async () => {
    for (const access of [manager, member]) {
      for (const line of ['lock', 'unlock']) expect(text((await run(line, access)).reply)).toMatch(/Manage Channels permission already decides/);
    }
    expect((await settings()).locked).toBeUndefined();
  });
});

describe('the console (no access given)', () => {
  it('is always allowed, a lock included', async () => {
    expect((await run('lock')).reply.isError).toBeFalsy();
    expect((await run('follow agents')).reply.isError).toBeFalsy();
    expect((await run('unlock')).reply.isError).toBeFalsy();
  });
});

describe('commandChangesChannel', () => {
  it('depends on the arguments: viewing the digest changes nothing, setting it does', () => {
    expect(commandChangesChannel('digest')).toBe(false);
    expect(commandChangesChannel('digest off')).toBe(true);
    expect(commandChangesChannel('follow agents')).toBe(true);
    expect(commandChangesChannel('search agents')).toBe(false);
    expect(commandChangesChannel('lock')).toBe(false);
    expect(commandChangesChannel('digest funday 25:00')).toBe(false);
    expect(commandChangesChannel('nonsense')).toBe(false);
  });
});
