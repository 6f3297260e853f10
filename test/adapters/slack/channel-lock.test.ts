/**
 * Locked channels on Slack: the real Bolt app against the fake Slack, whose `users.info` knows an admin, an
 * owner and plain members, and whose `conversations.info` names the channel's creator. A member's change to a
 * locked channel is refused, the creator's and an admin's are accepted, everything else keeps working, and
 * when Slack cannot say who the asker is, the answer says so and nothing changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/types.js';
import { BOT_TOKEN, TEAM_ID } from './fake-slack.js';
import { sendCommand, startHarness, type Harness } from './harness.js';

const CHANNEL = 'C0GENERAL';
const GENERAL: ChannelRef = { platform: 'slack', workspace: TEAM_ID, channel: CHANNEL };
const ADMIN = 'UADMIN';
const OWNER = 'UOWNER';
const CREATOR = 'UCREATOR';
const MEMBER = 'UMEMBER';

let h: Harness;
let nextId = 0;
beforeEach(async () => {
  h = await startHarness();
  h.fake.setUserRole(ADMIN, { is_admin: true });
  h.fake.setUserRole(OWNER, { is_owner: true, is_primary_owner: true });
  h.fake.setChannelCreator(CHANNEL, CREATOR);
});
afterEach(async () => {
  await h.close();
});

/** Send `/papers <text>` as `user` and wait for the answer through the response URL. */
async function papers(user: string, text: string): Promise<{ type: string; text: string }> {
  const responseId = `r${++nextId}`;
  expect((await sendCommand(h, { text, responseId, user })).status).toBe(200);
  const found = () => h.fake.responses.find((r) => r.id === responseId)?.body;
  await h.fake.waitFor(() => found() !== undefined, 10_000, `the answer to "${text}"`);
  return { type: found()!.response_type, text: found()!.text };
}
const settings = () => h.fixture.core.channels.get(GENERAL);

describe('an unlocked channel', () => {
  it('behaves as before: any member changes it and Slack is not asked who they are', async () => {
    expect((await papers(MEMBER, 'follow reasoning')).type).toBe('in_channel');
    expect((await papers(MEMBER, 'digest friday 08:00')).type).toBe('in_channel');
    expect((await settings()).interests).toEqual(['reasoning']);
    expect(h.fake.callsOf('users.info')).toEqual([]);
    expect(h.fake.callsOf('conversations.info')).toEqual([]);
  });
});

describe('locking a channel', () => {
  it("refuses a member's and the creator's lock; an admin's locks it, announced in the channel", async () => {
    expect((await papers(MEMBER, 'lock')).text).toMatch(/Only workspace admins and owners may use `\/papers lock`/);
    expect((await papers(CREATOR, 'lock')).text).toMatch(/Only workspace admins and owners/);
    expect((await settings()).locked).toBeUndefined();
    const locked = await papers(ADMIN, 'lock');
    expect(locked.type).toBe('in_channel');
    expect(locked.text).toMatch(/🔒 This channel is locked/);
    expect((await settings()).locked).toBe(true);
    expect(h.fake.callsOf('users.info').every((c) => c.token === BOT_TOKEN)).toBe(true);
  });

  it("refuses a member's follow, unfollow and digest change with a helpful, private message", async () => {
    await papers(MEMBER, 'follow reasoning');
    await papers(ADMIN, 'lock');
    const before = await settings();
    for (const text of ['follow agents', 'unfollow reasoning', 'digest off']) {
      const answer = await papers(MEMBER, text);
      expect(answer.type).toBe('ephemeral');
      expect(answer.text).toMatch(/This channel is locked: only workspace admins, owners and the person who created it may change/);
    }
    expect(await settings()).toEqual(before);
  });

  it("accepts the creator's and an owner's follow", async () => {
    await papers(ADMIN, 'lock');
    expect((await papers(CREATOR, 'follow agents')).type).toBe('in_channel');
    expect((await papers(OWNER, 'follow diffusion')).type).toBe('in_channel');
    expect((await settings()).interests).toEqual(['agents', 'diffusion']);
    expect(h.fake.callsOf('conversations.info').map((c) => c.args.channel)).toEqual([CHANNEL]);
  });

  it('still lets a member search, get picks, view the digest and see their own data', async () => {
    await papers(ADMIN, 'follow reasoning');
    await papers(ADMIN, 'lock');
    const calls = h.fake.calls.length;
    expect((await papers(MEMBER, 'search low-rank adaptation')).text).toMatch(/Papers about "low-rank adaptation"/);
    expect((await papers(MEMBER, 'picks')).type).toBe('ephemeral');
    expect((await papers(MEMBER, 'digest')).text).toMatch(/Weekly digest/);
    expect((await papers(MEMBER, 'me')).text).not.toMatch(/locked|couldn't/);
    expect(h.fake.calls.length).toBe(calls);
  });

  it('asks Slack once per person and channel within a minute', async () => {
    await papers(ADMIN, 'lock');
    for (const topic of ['a1', 'a2', 'a3']) await papers(MEMBER, `follow ${topic}`);
    expect(h.fake.callsOf('users.info').map((c) => c.args.user)).toEqual([ADMIN, MEMBER]);
    expect(h.fake.callsOf('conversations.info')).toHaveLength(1);
  });
});

describe('unlocking', () => {
  it('is refused to the creator, done by an admin, and then members change the channel again', async () => {
    await papers(ADMIN, 'lock');
    expect((await papers(CREATOR, 'unlock')).text).toMatch(/Only workspace admins and owners may use `\/papers unlock`/);
    expect((await settings()).locked).toBe(true);
    const unlocked = await papers(OWNER, 'unlock');
    expect(unlocked.type).toBe('in_channel');
    expect(unlocked.text).toMatch(/🔓 This channel is unlocked/);
    expect((await papers(MEMBER, 'follow agents')).type).toBe('in_channel');
    expect((await settings()).interests).toEqual(['agents']);
  });
});

describe('when Slack cannot say who is asking', () => {
  it('answers "try again" and changes nothing', async () => {
    await papers(ADMIN, 'lock');
    const before = await settings();
    h.fake.script('users.info', { error: 'internal_error' });
    const answer = await papers(MEMBER, 'follow agents');
    expect(answer.type).toBe('ephemeral');
    expect(answer.text).toBe("I couldn't check your permissions; try again.");
    h.fake.script('users.info', { error: 'user_not_found' });
    expect((await papers(OWNER, 'unlock')).text).toBe("I couldn't check your permissions; try again.");
    expect(await settings()).toEqual(before);
    expect(h.fixture.logger.lines.filter((l) => l.includes('could not check permissions'))).toHaveLength(2);
  });

  it('answers "try again" when the channel creator cannot be looked up either', async () => {
    await papers(ADMIN, 'lock');
    h.fake.script('conversations.info', { error: 'missing_scope' });
    expect((await papers(CREATOR, 'follow agents')).text).toBe("I couldn't check your permissions; try again.");
    expect((await settings()).interests).toEqual([]);
    expect((await papers(CREATOR, 'follow agents')).type).toBe('in_channel');
  });
});
