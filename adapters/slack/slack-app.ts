/**
 * The Slack adapter: a Bolt app that answers `/papers` through the shared command table, feeds reactions on
 * the bot's paper posts to the core, and offers the core's `Platform` port for digests. Socket Mode when an
 * app-level token is given (no public URL needed), otherwise HTTP mode with Slack's request signatures
 * checked by Bolt. The bot token is checked with `auth.test` before anything else, so a bad token stops the
 * start with a message that names it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, webApi } from '@slack/bolt';
import type { Core } from '../../src/core.js';
import type { Logger } from '../../src/ports.js';
import { boltLogger } from './bolt-logger.js';
import { createCommandHandler } from './command-handler.js';
import { createReactionHandler } from './reaction-handler.js';
import { BOT_EVENTS, SLASH_COMMAND } from './scopes.js';
import { AdapterStartError } from '../chat-adapter.js';
import { appTokenStartError, botTokenStartError, httpStartError, realWait, type Wait } from './slack-errors.js';
import { SlackPlatform } from './slack-platform.js';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
/** The token check at start fails within a few seconds when Slack cannot be reached, not after minutes. */
const START_CHECK_RETRIES: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 1000 };

/** How to start the Slack adapter; `startSlack` takes these, the registry fills them from the configuration. */
export interface SlackAdapterOptions {
  core: Core;
  /** Bot token (`xoxb-...`). */
  botToken: string;
  /** App-level token (`xapp-...`): Socket Mode when set. */
  appToken?: string;
  /** Signing secret: required in HTTP mode. */
  signingSecret?: string;
  /** HTTP mode port; 0 picks a free one. Default 3000. */
  port?: number;
  /** HTTP mode host to listen on. Default: every interface. */
  host?: string;
  /** Web API base URL, with the trailing `/api/`. Default `https://slack.com/api/`. */
  slackApiUrl?: string;
  /** Retries for failed Web API requests (not rate limits). Default: five retries in about five minutes. */
  retryConfig?: webApi.RetryOptions;
  /** Waits for rate limits (`Retry-After`); injected in tests. */
  wait?: Wait;
  /** Where the adapter's log lines go, Bolt's own included. Default: the core's logger. */
  logger?: Logger;
  /** Bolt's own log level. Default: warnings and errors only. */
  logLevel?: LogLevel;
}

/** Who the bot token belongs to, from `auth.test`. */
export interface SlackIdentity {
  teamId: string;
  botUserId: string;
  botId: string;
  botName: string;
}

/** A started Slack adapter: the Bolt app, the `Platform` digests post through, and how to stop it. */
export interface SlackAdapter {
  app: App;
  platform: SlackPlatform;
  identity: SlackIdentity;
  mode: 'socket' | 'http';
  /** The port HTTP mode listens on. */
  port?: number;
  stop(): Promise<void>;
}

/** Check the bot token, build the Bolt app, register the listeners and start it. Throws `AdapterStartError`. */
export async function startSlack(options: SlackAdapterOptions): Promise<SlackAdapter> {
  const socketMode = Boolean(options.appToken);
  if (!socketMode && !options.signingSecret) {
    throw new AdapterStartError('SLACK_SIGNING_SECRET is missing: set it for HTTP mode, or set SLACK_APP_TOKEN for Socket Mode.', 'SLACK_SIGNING_SECRET');
  }
  const appLogger = options.logger ?? options.core.logger;
  const logger = boltLogger(appLogger, options.logLevel ?? LogLevel.WARN);
  const slackApiUrl = options.slackApiUrl ?? DEFAULT_SLACK_API_URL;
  const clientOptions = (retryConfig: webApi.RetryOptions): webApi.WebClientOptions => ({ slackApiUrl, retryConfig, rejectRateLimitedCalls: true });
  const startCheck = new webApi.WebClient(options.botToken, { ...clientOptions(options.retryConfig ?? START_CHECK_RETRIES), logger });
  const identity = await verifyBotToken(startCheck, slackApiUrl);
  const app = new App({
    token: options.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    ...(socketMode ? { socketMode: true, appToken: options.appToken } : { signingSecret: options.signingSecret }),
    logger,
    logLevel: logger.getLevel(),
    clientOptions: clientOptions(options.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes),
    convoStore: false,
  });
  const wait = options.wait ?? realWait;
  registerListeners(app, options.core, appLogger, identity, wait);
  const platform = new SlackPlatform({ logger: appLogger, client: app.client, teamId: identity.teamId, wait });
  const started = socketMode ? await startSocketMode(app) : await startHttp(app, options.port ?? 3000, options.host);
  appLogger.info(`slack: started in ${started.mode === 'socket' ? 'Socket Mode' : 'HTTP mode'}`, { team: identity.teamId, bot: identity.botName, port: started.port });
  return { app, platform, identity, ...started };
}

/** `/papers` through the command table; reactions to the core; anything a listener throws is logged. */
function registerListeners(app: App, core: Core, logger: Logger, identity: SlackIdentity, wait: Wait): void {
  app.command(SLASH_COMMAND, createCommandHandler({ core, botName: identity.botName, wait }));
  const onReaction = createReactionHandler(core, identity.botUserId);
  for (const event of BOT_EVENTS) app.event(event, onReaction);
  app.error(async (error) => logger.error('slack: unhandled error in a listener', { error }));
}

type Started = Pick<SlackAdapter, 'mode' | 'port' | 'stop'>;

async function startSocketMode(app: App): Promise<Started> {
  await app.start().catch((error: unknown) => {
    throw appTokenStartError(error);
  });
  return { mode: 'socket', stop: () => app.stop().then(() => undefined) };
}

/** Listen for Slack's requests on `/slack/events`; Bolt checks their signatures. */
async function startHttp(app: App, port: number, host: string | undefined): Promise<Started> {
  const server = (await app.start({ port, host }).catch((error: unknown) => {
    throw httpStartError(error, port);
  })) as Server;
  const stop = async () => {
    server.closeAllConnections();
    await app.stop();
  };
  return { mode: 'http', port: (server.address() as AddressInfo).port, stop };
}

/** `auth.test` with the bot token: who the bot is. Throws `AdapterStartError` naming SLACK_BOT_TOKEN. */
async function verifyBotToken(client: webApi.WebClient, slackApiUrl: string): Promise<SlackIdentity> {
  let result: webApi.AuthTestResponse;
  try {
    result = await client.auth.test();
  } catch (error) {
    throw botTokenStartError(error, slackApiUrl);
  }
  if (!result.team_id || !result.user_id || !result.bot_id) {
    throw new AdapterStartError('SLACK_BOT_TOKEN is not a bot token: use the "Bot User OAuth Token" (xoxb-...), not a user token.', 'SLACK_BOT_TOKEN');
  }
  return { teamId: result.team_id, botUserId: result.user_id, botId: result.bot_id, botName: result.user ?? 'paperboy' };
}
