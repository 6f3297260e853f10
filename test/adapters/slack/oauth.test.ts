/**
 * One deployment serving many workspaces: two workspaces install the real Bolt app through `/slack/install` ->
 * `/slack/oauth_redirect` against the fake Slack; then each workspace's commands, reactions and digests use its
 * own token, neither sees the other's data, an uninstall forgets the workspace completely, forged and replayed
 * states install nothing, and no token is stored in clear text or logged.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDigestService } from '../../../src/digest/digest-service.js';
import type { ChannelRef, Reply } from '../../../src/types.js';
import { postSigned, reactionBody, slashCommandBody, type SlashCommand } from './harness.js';
import { ALPHA, BRAVO, install, openInstallPage, redirectBack, startOAuthHarness, type OAuthHarness } from './oauth-harness.js';
import { rawFilesContain, storeLinesWith } from './store-scan.js';
import type { FakeWorkspace } from './fake-slack.js';

const channelOf = (w: FakeWorkspace, channel = 'C0PAPERS'): ChannelRef => ({ platform: 'slack', workspace: w.teamId, channel });

let h: OAuthHarness;
beforeEach(async () => {
  h = await startOAuthHarness();
});
afterEach(async () => {
  await h.close();
});

const responseOf = (id: string) => h.fake.responses.find((r) => r.id === id)?.body;
async function command(w: FakeWorkspace, spec: Omit<SlashCommand, 'team'>): Promise<Record<string, any>> {
  const ack = await postSigned(h.eventsUrl, slashCommandBody(h.fake, { ...spec, team: w.teamId, channel: spec.channel ?? 'C0PAPERS' }), 'application/x-www-form-urlencoded');
  expect(ack.status).toBe(200);
  await h.fake.waitFor(() => responseOf(spec.responseId) !== undefined, 10_000, `the response "${spec.responseId}"`);
  return responseOf(spec.responseId)!;
}

function lifecycleEvent(w: FakeWorkspace, event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'unused',
    team_id: w.teamId,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: `Ev-${event.type}-${w.teamId}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: w.teamId, user_id: w.botUserId, is_bot: true, is_enterprise_install: false }],
    event: { ...event, event_ts: `${Math.floor(Date.now() / 1000)}.000100` },
  });
}

async function installBoth(): Promise<void> {
  for (const w of [ALPHA, BRAVO]) expect((await install(h, w)).status).toBe(200);
}

describe('installing through /slack/install and /slack/oauth_redirect', () => {
  it('installs two workspaces; each installation holds its own bot token, sealed in the store', async () => {
    const page = await openInstallPage(h);
    expect(page.html).toContain('Add to Slack');
    expect(page.cookie).toMatch(/^slack-app-oauth-state=/);
    expect(page.state).not.toBe('');
    expect((await redirectBack(h, ALPHA.code, page.state, page.cookie)).status).toBe(200);
    expect((await install(h, BRAVO)).status).toBe(200);

    const installations = h.slack.installations!;
    expect((await installations.findByTeam(ALPHA.teamId))?.bot).toMatchObject({ token: ALPHA.token, userId: ALPHA.botUserId, id: ALPHA.botId });
    expect((await installations.findByTeam(BRAVO.teamId))?.bot).toMatchObject({ token: BRAVO.token, userId: BRAVO.botUserId, id: BRAVO.botId });
    expect(h.fake.callsOf('oauth.v2.access')).toHaveLength(2);

    // Sealed at rest: neither token is in any collection nor anywhere in the raw sqlite files.
    for (const token of [ALPHA.token, BRAVO.token]) {
      expect(await storeLinesWith(h.fixture.store, token)).toEqual([]);
      expect(rawFilesContain(h.fixture.file, token)).toBe(false);
    }
    const [[key, record]] = await h.fixture.store.collection<{ sealed: string }>('slackinstall').entries(`slack:${ALPHA.teamId}:`);
    expect(key).toBe(`slack:${ALPHA.teamId}:`);
    expect(record.sealed).toMatch(/^v1:/);
  });

  it('refuses a forged state: nothing is exchanged or installed', async () => {
    const page = await openInstallPage(h);
    const [nonce, issuedAt] = page.state.split('.');
    const forged = `${nonce}.${issuedAt}.${'A'.repeat(43)}`;
    // The browser cookie matches the forged state, so only the state's own check can refuse it.
    const response = await redirectBack(h, ALPHA.code, forged, `slack-app-oauth-state=${forged}`);
    expect(response.status).toBe(400);
    expect(h.fake.callsOf('oauth.v2.access')).toEqual([]);
    expect(await h.slack.installations!.findByTeam(ALPHA.teamId)).toBeUndefined();
  });

  it('refuses a state without its browser cookie', async () => {
    const page = await openInstallPage(h);
    expect((await redirectBack(h, ALPHA.code, page.state, '')).status).toBe(400);
    expect(await h.slack.installations!.findByTeam(ALPHA.teamId)).toBeUndefined();
  });

  it('refuses a replayed state, even with its cookie: the second redirect installs nothing', async () => {
    const page = await openInstallPage(h);
    expect((await redirectBack(h, ALPHA.code, page.state, page.cookie)).status).toBe(200);
    const replay = await redirectBack(h, BRAVO.code, page.state, page.cookie);
    expect(replay.status).toBe(400);
    expect(h.fake.callsOf('oauth.v2.access')).toHaveLength(1);
    expect(await h.slack.installations!.findByTeam(BRAVO.teamId)).toBeUndefined();
  });
});

describe('each workspace with its own token', () => {
  it('answers slash commands from each team with that team\'s token, and neither sees the other\'s channel data', async () => {
    await installBoth();
    await command(ALPHA, { text: 'follow retrieval augmented generation', responseId: 'a-follow' });
    await command(BRAVO, { text: 'follow protein folding', responseId: 'b-follow' });
    const joins = h.fake.callsOf('conversations.join');
    expect(joins.map((c) => c.token).sort()).toEqual([ALPHA.token, BRAVO.token].sort());

    const alphaTopics = JSON.stringify(await command(ALPHA, { text: 'interests', responseId: 'a-interests' }));
    const bravoTopics = JSON.stringify(await command(BRAVO, { text: 'interests', responseId: 'b-interests' }));
    expect(alphaTopics).toContain('retrieval augmented generation');
    expect(alphaTopics).not.toContain('protein folding');
    expect(bravoTopics).toContain('protein folding');
    expect(bravoTopics).not.toContain('retrieval augmented generation');
  });

  it('checks who may change a locked channel with the token of the command\'s workspace', async () => {
    await installBoth();
    h.fake.setUserRole('UADMIN', { is_admin: true });
    for (const w of [ALPHA, BRAVO]) expect((await command(w, { text: 'lock', responseId: `${w.teamId}-lock`, user: 'UADMIN' })).text).toMatch(/locked/);
    expect((await command(BRAVO, { text: 'follow agents', responseId: 'b-member' })).text).toMatch(/This channel is locked/);
    expect(h.fake.callsOf('users.info').map((c) => c.token)).toEqual([ALPHA.token, BRAVO.token, BRAVO.token]);
    expect(h.fake.callsOf('conversations.info').map((c) => c.token)).toEqual([BRAVO.token]);
  });

  it('posts digests with the token of the channel\'s workspace and counts reactions for that workspace\'s bot', async () => {
    await installBoth();
    const { core, clock } = h.fixture;
    for (const w of [ALPHA, BRAVO]) {
      await core.follow(channelOf(w), ['reasoning']);
      await core.channels.update(channelOf(w), (s) => Object.assign(s.digest, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: 'UTC', k: 2, style: 'messages' }));
    }
    const digest = createDigestService(core, { owner: 'test' });
    expect((await digest.runDue([h.slack.platform])).posted).toBe(0); // arms the schedules before Monday 09:00
    clock.advance(2 * 3600 * 1000);
    expect((await digest.runDue([h.slack.platform])).posted).toBe(4);
    const posts = h.fake.callsOf('chat.postMessage');
    expect(posts.filter((c) => c.token === ALPHA.token)).toHaveLength(2);
    expect(posts.filter((c) => c.token === BRAVO.token)).toHaveLength(2);
    expect(h.fake.callsOf('reactions.add').every((c) => c.token === ALPHA.token || c.token === BRAVO.token)).toBe(true);

    const alphaTs = posts.find((c) => c.token === ALPHA.token)!;
    const ts = h.fake.callsOf('reactions.add').find((c) => c.token === ALPHA.token)!.args.timestamp as string;
    expect(alphaTs).toBeDefined();
    const body = reactionBody({ type: 'reaction_added', user: 'UCAROL', reaction: '+1', channel: 'C0PAPERS', ts, itemUser: ALPHA.botUserId, team: ALPHA.teamId });
    expect((await postSigned(h.eventsUrl, body, 'application/json')).status).toBe(200);
    const carol = { platform: 'slack' as const, workspace: ALPHA.teamId, user: 'UCAROL' };
    await vi.waitFor(async () => expect(await core.votes.forUser(carol)).toHaveLength(1), { timeout: 10_000 });
  });

  it('refuses to post to a workspace that has not installed the app, without calling Slack', async () => {
    await install(h, ALPHA);
    const paper = [...h.fixture.core.papers.all()][0];
    const reply: Reply = { visibility: 'channel', lines: [], papers: [{ paper, score: 1, reason: 'test', terms: [] }] };
    await expect(h.slack.platform.post(channelOf(BRAVO), reply)).rejects.toMatchObject({ reason: 'other_workspace' });
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
  });
});

describe('uninstalling', () => {
  /** Channels, votes (user and channel copies), digest runs and states, posted messages for each workspace. */
  async function writeWorkspaceData(workspaces: FakeWorkspace[]): Promise<void> {
    const { core, clock } = h.fixture;
    for (const w of workspaces) {
      await command(w, { text: 'follow reasoning', responseId: `${w.teamId}-follow` });
      await core.channels.update(channelOf(w), (s) => Object.assign(s.digest, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: 'UTC', k: 1, style: 'messages' }));
    }
    const digest = createDigestService(core, { owner: 'test' });
    await digest.runDue([h.slack.platform]); // arms the schedules before Monday 09:00
    clock.advance(2 * 3600 * 1000);
    expect((await digest.runDue([h.slack.platform])).posted).toBe(workspaces.length);
    for (const w of workspaces) {
      const ts = h.fake.callsOf('reactions.add').find((c) => c.token === w.token)!.args.timestamp as string;
      await postSigned(h.eventsUrl, reactionBody({ type: 'reaction_added', user: 'UDAVE', reaction: 'fire', channel: 'C0PAPERS', ts, itemUser: w.botUserId, team: w.teamId }), 'application/json');
      const dave = { platform: 'slack' as const, workspace: w.teamId, user: 'UDAVE' };
      await vi.waitFor(async () => expect(await core.votes.forUser(dave)).toHaveLength(1), { timeout: 10_000 });
    }
  }

  it('app_uninstalled deletes the installation and every record of that workspace; the other stays intact', async () => {
    await installBoth();
    await writeWorkspaceData([ALPHA, BRAVO]);
    const { store, file, logger } = h.fixture;
    for (const name of ['channel', 'vote', 'channelvote', 'digestrun', 'digeststate', 'message', 'posted', 'slackinstall']) {
      expect((await store.collection(name).entries(`slack:${ALPHA.teamId}:`)).length, name).toBeGreaterThan(0);
    }
    const bravoBefore = await storeLinesWith(store, BRAVO.teamId);

    h.fake.revoke(ALPHA.token);
    const response = await postSigned(h.eventsUrl, lifecycleEvent(ALPHA, { type: 'app_uninstalled' }), 'application/json');
    expect(response.status).toBe(200);
    await vi.waitFor(async () => expect(await h.slack.installations!.findByTeam(ALPHA.teamId)).toBeUndefined(), { timeout: 10_000 });
    // Logged after the purge that follows the deletion: vi.waitFor's default 1 s is short for a loaded machine.
    await vi.waitFor(() => expect(logger.lines.some((l) => l.includes('slack: forgot a workspace'))).toBe(true), { timeout: 10_000 });

    expect(await storeLinesWith(store, ALPHA.teamId)).toEqual([]);
    expect(await storeLinesWith(store, BRAVO.teamId)).toEqual(bravoBefore);
    expect(rawFilesContain(file, ALPHA.teamId)).toBe(false);
    expect(rawFilesContain(file, BRAVO.teamId)).toBe(true);

    // The uninstalled workspace's commands are no longer answered (no installation to authorize them).
    await postSigned(h.eventsUrl, slashCommandBody(h.fake, { text: 'interests', responseId: 'after', team: ALPHA.teamId }), 'application/x-www-form-urlencoded');
    expect(await h.slack.installations!.findByTeam(BRAVO.teamId)).toBeDefined();
    expect(JSON.stringify(await command(BRAVO, { text: 'interests', responseId: 'b-after' }))).toContain('reasoning');
    expect(responseOf('after')).toBeUndefined();
  });

  it('tokens_revoked for the bot token forgets the workspace too; a user-token revocation does not', async () => {
    await installBoth();
    await command(BRAVO, { text: 'follow reasoning', responseId: 'b-follow' });
    await postSigned(h.eventsUrl, lifecycleEvent(BRAVO, { type: 'tokens_revoked', tokens: { oauth: ['UINSTALLER'] } }), 'application/json');
    await postSigned(h.eventsUrl, lifecycleEvent(ALPHA, { type: 'tokens_revoked', tokens: { bot: [ALPHA.botUserId] } }), 'application/json');
    await vi.waitFor(async () => expect(await h.slack.installations!.findByTeam(ALPHA.teamId)).toBeUndefined(), { timeout: 10_000 });
    expect(await h.slack.installations!.findByTeam(BRAVO.teamId)).toBeDefined();
    expect((await h.fixture.core.channels.get(channelOf(BRAVO))).interests.length).toBeGreaterThan(0);
  });
});

describe('tokens stay secret', () => {
  it('no token appears in any captured log line, Bolt\'s debug lines included', async () => {
    await installBoth();
    await command(ALPHA, { text: 'follow reasoning', responseId: 'a' });
    await command(BRAVO, { text: 'search reasoning', responseId: 'b' });
    const lines = h.fixture.logger.lines;
    expect(lines.length).toBeGreaterThan(10);
    for (const token of [ALPHA.token, BRAVO.token]) expect(lines.filter((l) => l.includes(token))).toEqual([]);
    expect(lines.filter((l) => l.includes('fake-client-secret'))).toEqual([]);
  });
});
