/**
 * Starting the Slack adapter: bad tokens and ports stop it with a message that names the setting; the manifest
 * lists exactly the scopes and events the code uses; Socket Mode is chosen by the app-level token.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdapterStartError } from '../../../adapters/chat-adapter.js';
import { BOT_SCOPES, MANIFEST_EVENTS, SLASH_COMMAND } from '../../../adapters/slack/scopes.js';
import { startSlack, type SlackAdapterOptions } from '../../../adapters/slack/slack-app.js';
import { createCoreFixture, type CoreFixture } from '../../helpers/core-fixture.js';
import { CLOSED_PORT } from '../../helpers/free-port.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack } from './fake-slack.js';

let fixture: CoreFixture;
let fake: FakeSlack;
beforeEach(async () => {
  fixture = await createCoreFixture();
  fake = await new FakeSlack().start();
});
afterEach(async () => {
  await fake.stop();
  await fixture.close();
});

const options = (extra: Partial<SlackAdapterOptions>): SlackAdapterOptions => ({
  core: fixture.core,
  botToken: BOT_TOKEN,
  signingSecret: 'secret',
  port: 0,
  host: '127.0.0.1',
  slackApiUrl: fake.apiUrl,
  retryConfig: { retries: 0 },
  ...extra,
});

async function startError(extra: Partial<SlackAdapterOptions>): Promise<AdapterStartError> {
  const error = await startSlack(options(extra)).then(
    async (adapter) => {
      await adapter.stop();
      throw new Error('startSlack should have failed');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdapterStartError);
  return error as AdapterStartError;
}

describe('starting the Slack adapter', () => {
  it('starts in HTTP mode with a good token and knows its workspace and bot user', async () => {
    const adapter = await startSlack(options({}));
    try {
      expect(adapter.mode).toBe('http');
      expect(adapter.identity).toEqual({ teamId: 'T0TEAM', botUserId: 'UBOT', botId: 'BBOT', botName: 'paperboy' });
      expect(adapter.port).toBeGreaterThan(0);
      expect(fake.callsOf('auth.test')).toHaveLength(1);
      expect(adapter.isReady()).toBe(true);
    } finally {
      await adapter.stop();
    }
    expect(adapter.isReady()).toBe(false);
  });

  it('names SLACK_BOT_TOKEN and says where to find it when Slack rejects the bot token', async () => {
    const error = await startError({ botToken: 'xoxb-revoked' });
    expect(error.variable).toBe('SLACK_BOT_TOKEN');
    expect(error.message).toMatch(/SLACK_BOT_TOKEN was rejected by Slack \(invalid_auth\).*OAuth & Permissions/);
  });

  it('says the Slack API cannot be reached when it cannot', async () => {
    const url = `http://127.0.0.1:${CLOSED_PORT}/api/`;
    const error = await startError({ slackApiUrl: url });
    expect(error.message).toContain(`Could not reach the Slack API at ${url}`);
  });

  it('names SLACK_APP_TOKEN when Socket Mode cannot connect with it', async () => {
    const error = await startError({ appToken: 'xapp-1-wrong', signingSecret: undefined });
    expect(error.variable).toBe('SLACK_APP_TOKEN');
    expect(error.message).toMatch(/SLACK_APP_TOKEN was rejected by Slack \(invalid_auth\).*connections:write/);
    expect(fake.callsOf('apps.connections.open').map((c) => c.token)).toEqual(['xapp-1-wrong']);
  });

  it('names PORT when the port is taken', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const error = await startError({ port: (taken.address() as AddressInfo).port });
      expect(error.variable).toBe('PORT');
      expect(error.message).toMatch(/already in use/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('names SLACK_SIGNING_SECRET when HTTP mode has none', async () => {
    const error = await startError({ signingSecret: undefined });
    expect(error.variable).toBe('SLACK_SIGNING_SECRET');
  });
});

describe('Socket Mode', () => {
  it('connects with the app-level token and answers /papers over the WebSocket', async () => {
    const adapter = await startSlack(options({ appToken: APP_TOKEN, signingSecret: undefined }));
    try {
      expect(adapter.mode).toBe('socket');
      expect(adapter.isReady()).toBe(true);
      const command = { team_id: 'T0TEAM', channel_id: 'C0SOCKET', user_id: 'UALICE', command: '/papers', text: 'follow speech recognition', response_url: fake.responseUrl('socket'), trigger_id: '1.2.3', api_app_id: 'A0APP' };
      const ack = await fake.sendEnvelope('slash_commands', command);
      expect(ack).toMatchObject({ envelope_id: expect.any(String) });
      await fake.waitFor(() => fake.responses.some((r) => r.id === 'socket'));
      expect(fake.responses.find((r) => r.id === 'socket')?.body.response_type).toBe('in_channel');
      expect((await fixture.core.channels.get({ platform: 'slack', workspace: 'T0TEAM', channel: 'C0SOCKET' })).interests).toEqual(['speech recognition']);
    } finally {
      await adapter.stop();
    }
    expect(adapter.isReady()).toBe(false);
  });
});

describe('the app manifest', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../../adapters/slack/manifest.json', import.meta.url), 'utf8'));

  it('asks for exactly the bot scopes the code uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(BOT_SCOPES);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('subscribes to exactly the events the app listens to and declares the slash command', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(MANIFEST_EVENTS);
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
