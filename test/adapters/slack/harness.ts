/**
 * Test harness: a real core on sqlite, the fake Slack, and the real Bolt app in HTTP mode on 127.0.0.1,
 * plus helpers that send correctly signed slash commands (form-encoded), Events API callbacks (JSON) and the
 * payloads of clicked buttons (`block_actions`).
 */
import { createHmac } from 'node:crypto';
import { startSlack, type SlackAdapter } from '../../../adapters/slack/slack-app.js';
import type { Wait } from '../../../adapters/slack/slack-errors.js';
import { createCoreFixture, type CoreFixture } from '../../helpers/core-fixture.js';
import { BOT_TOKEN, BOT_USER_ID, FakeSlack, TEAM_ID } from './fake-slack.js';

export const SIGNING_SECRET = 'test-signing-secret';

export interface Harness {
  fixture: CoreFixture;
  fake: FakeSlack;
  slack: SlackAdapter;
  /** Milliseconds the adapter asked to wait (rate limits), in order. */
  waits: number[];
  /** `http://127.0.0.1:PORT/slack/events` */
  eventsUrl: string;
  close(): Promise<void>;
}

/** Start the fake first (the app calls `auth.test` on start), then the app against it. */
export async function startHarness(): Promise<Harness> {
  const fixture = await createCoreFixture();
  const fake = await new FakeSlack().start();
  const waits: number[] = [];
  const wait: Wait = async (ms) => {
    waits.push(ms);
  };
  const slack = await startSlack({
    core: fixture.core,
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    port: 0,
    host: '127.0.0.1',
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    wait,
  });
  return {
    fixture,
    fake,
    slack,
    waits,
    eventsUrl: `http://127.0.0.1:${slack.port}/slack/events`,
    close: async () => {
      await slack.stop();
      await fake.stop();
      await fixture.close();
    },
  };
}

/** The `block_actions` payload Slack sends when `user` clicks the button `actionId` on message `ts`. */
export function blockActionsPayload(fake: FakeSlack, click: { actionId: string; responseId: string; ts?: string; user?: string; channel?: string; channelName?: string }) {
  return {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'fake' },
    user: { id: click.user ?? 'UALICE', username: 'alice', team_id: TEAM_ID },
    api_app_id: 'A0APP',
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: click.ts ?? '1700000000.000001', channel_id: click.channel ?? 'C0GENERAL', is_ephemeral: false },
    trigger_id: '1.2.3',
    channel: { id: click.channel ?? 'C0GENERAL', name: click.channelName ?? 'general' },
    message: { type: 'message', ts: click.ts ?? '1700000000.000001', text: 'a paper' },
    response_url: fake.responseUrl(click.responseId),
    actions: [{ type: 'button', action_id: click.actionId, block_id: 'b1', text: { type: 'plain_text', text: '👍 More like this' }, value: 'x', action_ts: '1700000001.000001' }],
  };
}

/** Slack's `v0` signature: HMAC-SHA256 over `v0:timestamp:rawbody`. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Override the signature; `null` sends none. */
  signature?: string | null;
}

/** POST a body to the app as Slack would, signed unless told otherwise. */
export async function postSigned(url: string, body: string, contentType: string, options: SendOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature === undefined ? sign(SIGNING_SECRET, timestamp, body) : options.signature;
  const headers: Record<string, string> = { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp) };
  if (signature !== null) headers['x-slack-signature'] = signature;
  return fetch(url, { method: 'POST', headers, body });
}

export interface SlashCommand {
  text: string;
  responseId: string;
  user?: string;
  channel?: string;
  team?: string;
}

/** The form body of a `/papers` slash command. */
export function slashCommandBody(fake: FakeSlack, command: SlashCommand): string {
  return new URLSearchParams({
    token: 'verification-token-unused',
    team_id: command.team ?? TEAM_ID,
    team_domain: 'fake',
    channel_id: command.channel ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: command.user ?? 'UALICE',
    user_name: 'alice',
    command: '/papers',
    text: command.text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: fake.responseUrl(command.responseId),
    trigger_id: '1.2.3',
  }).toString();
}

/** Send a signed `/papers` command; resolves with the HTTP response (the ack). */
export function sendCommand(h: Harness, command: SlashCommand, options: SendOptions = {}): Promise<Response> {
  return postSigned(h.eventsUrl, slashCommandBody(h.fake, command), 'application/x-www-form-urlencoded', options);
}

export interface ReactionSpec {
  type: 'reaction_added' | 'reaction_removed';
  user: string;
  reaction: string;
  channel: string;
  ts: string;
  itemUser?: string;
  team?: string;
}

let eventCounter = 0;

/** The JSON body of an Events API callback for a reaction. */
export function reactionBody(spec: ReactionSpec): string {
  const team = spec.team ?? TEAM_ID;
  return JSON.stringify({
    token: 'verification-token-unused',
    team_id: team,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: `Ev${++eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: team, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    event: {
      type: spec.type,
      user: spec.user,
      reaction: spec.reaction,
      item_user: spec.itemUser ?? BOT_USER_ID,
      item: { type: 'message', channel: spec.channel, ts: spec.ts },
      event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
    },
  });
}

/** Send a signed reaction event. */
export function sendReaction(h: Harness, spec: ReactionSpec, options: SendOptions = {}): Promise<Response> {
  return postSigned(h.eventsUrl, reactionBody(spec), 'application/json', options);
}

/** All text in a rendered Slack message: fallback text and every text object in its blocks. */
export function allText(message: { text?: string; blocks?: any[] }): string {
  const parts = [message.text ?? ''];
  for (const block of message.blocks ?? []) {
    if (block.text?.text) parts.push(block.text.text);
    for (const element of block.elements ?? []) if (element.text) parts.push(element.text);
  }
  return parts.join('\n');
}
