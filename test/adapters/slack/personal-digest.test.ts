/**
 * The personal weekly digest on Slack, through the real Bolt app against the fake Slack: `/papers digest me on`
 * answered privately, the digest sent to the person's DM (`conversations.open`, then `chat.postMessage` with
 * message metadata), a vote button on a DM card, the read-back after a crash, and a person Slack will not
 * open a DM with.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { voteActionId } from '../../../commands/paper-card.js';
import { createDigestService } from '../../../src/digest/digest-service.js';
import type { ChannelRef, UserRef } from '../../../src/types.js';
import { TEAM_ID } from './fake-slack.js';
import { blockActionsPayload, postSigned, sendCommand, startHarness, type Harness } from './harness.js';

const GENERAL: ChannelRef = { platform: 'slack', workspace: TEAM_ID, channel: 'C0GENERAL' };
const ALICE: UserRef = { platform: 'slack', workspace: TEAM_ID, user: 'UALICE' };
const ALICE_DM: ChannelRef = { platform: 'slack', workspace: TEAM_ID, channel: 'DUALICE', direct: true };

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.fake.now = () => h.fixture.clock.now().getTime();
});
afterEach(async () => {
  await h.close();
});

async function answer(text: string, responseId: string): Promise<Record<string, any>> {
  expect((await sendCommand(h, { text, responseId })).status).toBe(200);
  await h.fake.waitFor(() => h.fake.responses.some((r) => r.id === responseId), 10_000, `the answer "${responseId}"`);
  return h.fake.responses.find((r) => r.id === responseId)!.body;
}

/** Alice turns her own digest on from #general, which follows reasoning; the service arms it (Monday 08:00). */
async function aliceSubscribed() {
  await h.fixture.core.follow(GENERAL, ['reasoning']);
  await h.fixture.core.updateDigest(GENERAL, { enabled: false });
  const reply = await answer('digest me monday 09:00 UTC', 'on');
  expect(reply.response_type).toBe('ephemeral');
  expect(reply.text).toContain('is on: Mondays at 09:00 (UTC), 5 papers');
  await h.fixture.core.updatePersonalDigest(ALICE, { k: 3 });
  const service = createDigestService(h.fixture.core, { owner: 'first' });
  await service.runDue([h.slack.platform]);
  h.fixture.clock.advance(2 * 3600 * 1000);
  return service;
}

describe('the personal digest on Slack', () => {
  it('opens the DM and posts each pick there with metadata; a vote button on a DM card counts for her', async () => {
    const service = await aliceSubscribed();
    expect((await service.runDue([h.slack.platform])).posted).toBe(3);
    expect(h.fake.callsOf('conversations.open').map((c) => c.args.users)).toEqual(['UALICE']);
    const posts = h.fake.callsOf('chat.postMessage');
    expect(posts.map((p) => p.args.channel)).toEqual(['DUALICE', 'DUALICE', 'DUALICE']);
    expect(posts[0].args.text).toContain('Your weekly digest 1/3');
    expect(JSON.parse(posts[0].args.metadata).event_type).toBe('paperboy_digest_post');

    const [run] = await service.runs.runsOf(ALICE);
    const paperId = run.plan[0].paperId;
    const ts = h.fake.callsOf('reactions.add')[0].args.timestamp as string;
    expect(await h.fixture.core.posted.paperFor(ALICE_DM, ts)).toBe(paperId);
    const payload = blockActionsPayload(h.fake, { actionId: voteActionId(paperId, 'dislike')!, responseId: 'vote', ts, channel: 'DUALICE', channelName: 'directmessage' });
    await postSigned(h.eventsUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    await vi.waitFor(async () => expect((await h.fixture.core.votes.forUser(ALICE)).map((v) => [v.paperId, v.sentiment, v.channel])).toEqual([[paperId, 'dislike', `slack:${TEAM_ID}:DUALICE`]]), { timeout: 10_000 });
    expect((await h.fixture.core.personalDigest(ALICE)).channelsUsed).toEqual(['C0GENERAL']); // the DM is no channel she follows from
    expect(await h.fixture.core.votes.forChannel(GENERAL)).toEqual([]); // her DM vote does not steer #general
  });

  it('after a death between Slack accepting a DM and recording it, reads the DM back and posts only the rest', async () => {
    const { core, clock } = h.fixture;
    const service = await aliceSubscribed();
    await service.runDue([h.slack.platform]);
    const [run] = await service.runs.runsOf(ALICE);
    const last = run.plan[2].paperId;
    const lastTs = (await core.store.collection<{ messageId: string }>('posted').get(`slack:${TEAM_ID}:DUALICE|${last}`))!.messageId;
    await core.store.collection('posted').delete(`slack:${TEAM_ID}:DUALICE|${last}`);
    await core.store.collection('message').delete(`slack:${TEAM_ID}:DUALICE|${lastTs}`);
    await service.runs.saveRun({ ...run, status: 'running', attempting: last, attemptedAt: clock.now().toISOString() });

    clock.advance(60_000);
    expect((await createDigestService(core, { owner: 'restarted' }).runDue([h.slack.platform])).posted).toBe(0);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(3);
    expect(h.fake.callsOf('conversations.history').map((c) => c.args.channel)).toEqual(['DUALICE']);
    expect(await core.posted.paperFor(ALICE_DM, lastTs)).toBe(last);
  });

  it('marks a person Slack will not open a DM with, and does not ask again every tick', async () => {
    const service = await aliceSubscribed();
    h.fake.script('conversations.open', { error: 'user_disabled' });
    expect((await service.runDue([h.slack.platform])).posted).toBe(0);
    h.fixture.clock.advance(60_000);
    await service.runDue([h.slack.platform]);
    expect(h.fake.callsOf('conversations.open')).toHaveLength(1);
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
    expect((await h.fixture.core.personalDigest(ALICE)).unavailable).toMatchObject({ reason: 'user_disabled' });
    expect(h.fixture.logger.lines.some((l) => l.startsWith('warn personal digest: cannot message the person') && l.includes('user_disabled'))).toBe(true);
  });
});
