/**
 * The Slack adapter: a Bolt app that answers `/papers` through the shared command table, feeds reactions on
 * the bot's paper posts to the core, and offers the core's `Platform` port for digests. Socket Mode when an
 * app-level token is given (no public URL needed), otherwise HTTP mode with Slack's request signatures
 * checked by Bolt.
 *
 * Two ways to hold tokens: one bot token for one workspace (checked with `auth.test` before anything else, so a
 * bad token stops the start with a message that names it), or OAuth distribution: any workspace installs the
 * app through `/slack/install`, its installation (bot token) is kept encrypted in the store, and Bolt's
 * `authorize` gives every command and event the client of its own workspace. Either way, a workspace that
 * uninstalls the app is forgotten.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, webApi, type AppOptions } from '@slack/bolt';
import type { Core } from '../../src/core.js';
import type { Logger } from '../../src/ports.js';
import type { Store } from '../../src/store/store.js';
import { BLOCK_ACTIONS, createActionHandler } from './action-handler.js';
import { boltLogger } from './bolt-logger.js';
import { createCommandHandler } from './command-handler.js';
import { createReactionHandler } from './reaction-handler.js';
import { BOT_EVENTS, SLASH_COMMAND } from './scopes.js';
import { AdapterStartError } from '../chat-adapter.js';
import { appTokenStartError, botTokenStartError, httpStartError, realWait, type Wait } from './slack-errors.js';
import { SlackPlatform, singleWorkspaceClients, type SlackClientResolver } from './slack-platform.js';
import { installationClients, oauthAppOptions, registerLifecycleListeners, type SlackOAuthOptions } from './oauth/distribution.js';
import type { SlackInstallationStore } from './oauth/installation-store.js';
import { redactingLogger } from './oauth/redact.js';

export type { SlackOAuthOptions } from './oauth/distribution.js';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
/** The token check at start fails within a few seconds when Slack cannot be reached, not after minutes. */
const START_CHECK_RETRIES: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 1000 };
/** The bot's name in the "invite me" hint when it serves many workspaces (the manifest's display name). */
const DISTRIBUTED_BOT_NAME = 'paperboy';

/** How to start the Slack adapter; `startSlack` takes these, the registry fills them from the configuration. */
export interface SlackAdapterOptions {
  core: Core;
  /** Where OAuth installations are kept; required with `oauth`. */
  store?: Store;
  /** Bot token (`xoxb-...`): one workspace. Give either this or `oauth`. */
  botToken?: string;
  /** OAuth distribution: every workspace that installs the app. Give either this or `botToken`. */
  oauth?: SlackOAuthOptions;
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
  /** The one workspace's bot (single-workspace mode); undefined when the app is distributed through OAuth. */
  identity?: SlackIdentity;
  mode: 'socket' | 'http';
  /** `single` with a bot token, `oauth` when serving every workspace that installs the app. */
  tokens: 'single' | 'oauth';
  /** The port HTTP mode listens on. */
  port?: number;
  /** Socket Mode: the WebSocket to Slack is open; HTTP mode: the server is listening. */
  isReady(): boolean;
  /** Socket Mode with OAuth: the port the install pages (`/slack/install`) are served on. */
  installPort?: number;
  /** OAuth mode: the installations (encrypted in the store). */
  installations?: SlackInstallationStore;
  stop(): Promise<void>;
}

/** Check the configuration (and the bot token), build the Bolt app, register the listeners and start it. */
export async function startSlack(options: SlackAdapterOptions): Promise<SlackAdapter> {
  const socketMode = Boolean(options.appToken);
  if (!socketMode && !options.signingSecret) {
    throw new AdapterStartError('SLACK_SIGNING_SECRET is missing: set it for HTTP mode, or set SLACK_APP_TOKEN for Socket Mode.', 'SLACK_SIGNING_SECRET');
  }
  if (!options.botToken && !options.oauth) throw new AdapterStartError('SLACK_BOT_TOKEN is not set.', 'SLACK_BOT_TOKEN');
  const secrets = [options.botToken, options.appToken, options.signingSecret, options.oauth?.clientSecret, options.oauth?.stateSecret];
  const appLogger = redactingLogger(options.logger ?? options.core.logger, secrets.filter((s): s is string => Boolean(s)));
  const logger = boltLogger(appLogger, options.logLevel ?? LogLevel.WARN);
  const slackApiUrl = options.slackApiUrl ?? DEFAULT_SLACK_API_URL;
  const clientOptions = (retryConfig: webApi.RetryOptions): webApi.WebClientOptions => ({ slackApiUrl, retryConfig, rejectRateLimitedCalls: true });
  const runtimeClientOptions = { ...clientOptions(options.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes), logger };
  const common: AppOptions = {
    ...(socketMode ? { socketMode: true, appToken: options.appToken } : { signingSecret: options.signingSecret }),
    logger,
    logLevel: logger.getLevel(),
    clientOptions: clientOptions(options.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes),
    convoStore: false,
  };
  const wait = options.wait ?? realWait;

  let app: App;
  let identity: SlackIdentity | undefined;
  let clients: SlackClientResolver;
  let installations: SlackInstallationStore | undefined;
  if (options.botToken) {
    const startCheck = new webApi.WebClient(options.botToken, { ...clientOptions(options.retryConfig ?? START_CHECK_RETRIES), logger });
    identity = await verifyBotToken(startCheck, slackApiUrl);
    app = new App({ ...common, token: options.botToken, botId: identity.botId, botUserId: identity.botUserId });
    clients = singleWorkspaceClients(app.client, identity.teamId);
  } else {
    const oauth = oauthAppOptions(requireStore(options.store), options.oauth!, socketMode, runtimeClientOptions);
    installations = oauth.installations;
    app = new App({ ...common, ...oauth.options });
    clients = installationClients(installations, runtimeClientOptions);
  }
  registerListeners(app, options.core, appLogger, identity, wait);
  registerLifecycleListeners(app, options.core, appLogger, installations);
  const platform = new SlackPlatform({ logger: appLogger, clients, wait });
  const started = socketMode ? await startSocketMode(app, options.oauth?.installPort) : await startHttp(app, options.port ?? 3000, options.host);
  const tokens = identity ? 'single' : 'oauth';
  appLogger.info(`slack: started in ${started.mode === 'socket' ? 'Socket Mode' : 'HTTP mode'}`, {
    ...(identity ? { team: identity.teamId, bot: identity.botName } : { workspaces: 'every installation', installPath: '/slack/install' }),
    port: started.port,
    installPort: started.installPort,
  });
  return { app, platform, identity, tokens, installations, ...started };
}

/** `/papers` through the command table; reactions to the core; anything a listener throws is logged. */
function registerListeners(app: App, core: Core, logger: Logger, identity: SlackIdentity | undefined, wait: Wait): void {
  app.command(SLASH_COMMAND, createCommandHandler({ core, botName: identity?.botName ?? DISTRIBUTED_BOT_NAME, wait }));
  app.action(BLOCK_ACTIONS, createActionHandler(core));
  for (const event of BOT_EVENTS) {
    if (identity) app.event(event, createReactionHandler(core, identity.botUserId));
    // Many workspaces: each has its own bot user, which Bolt's authorize puts in the context.
    else app.event(event, (args) => createReactionHandler(core, args.context.botUserId ?? '')(args));
  }
  app.error(async (error) => logger.error('slack: unhandled error in a listener', { error }));
}

type Started = Pick<SlackAdapter, 'mode' | 'port' | 'installPort' | 'stop' | 'isReady'>;

/** Open the Socket Mode connection; with OAuth, Bolt also serves the install pages on `installPort`. */
async function startSocketMode(app: App, installPort: number | undefined): Promise<Started> {
  const installServer = (app as unknown as { receiver?: { httpServer?: Server } }).receiver?.httpServer;
  const listening = installServer ? installServerListening(installServer, installPort ?? 3000) : Promise.resolve(undefined);
  listening.catch(() => undefined);
  await app.start().catch((error: unknown) => {
    throw appTokenStartError(error);
  });
  let port: number | undefined;
  try {
    port = await listening;
  } catch (error) {
    await app.stop().catch(() => undefined);
    throw error;
  }
  const stop = async () => {
    installServer?.closeAllConnections();
    await app.stop();
  };
  const socket = (app as unknown as { receiver?: { client?: { websocket?: { isActive(): boolean } } } }).receiver?.client;
  return { mode: 'socket', installPort: port, stop, isReady: () => socket?.websocket?.isActive() ?? false };
}

/** Resolve with the install server's port once it listens; reject with an error naming SLACK_INSTALL_PORT. */
function installServerListening(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    server.once('error', (error) => {
      const start = httpStartError(error, port);
      reject(new AdapterStartError(start.message.replaceAll('PORT', 'SLACK_INSTALL_PORT'), 'SLACK_INSTALL_PORT'));
    });
  });
}

/**
 * Connections the HTTP server queues before it accepts them: Node's default (511) makes a burst of slash commands
 * wait for the kernel's SYN retries (1 s and more); the kernel caps it (net.core.somaxconn, 4096 by default).
 */
const HTTP_BACKLOG = 4096;

/** Listen for Slack's requests on `/slack/events` (and, with OAuth, the install pages); Bolt checks signatures. */
async function startHttp(app: App, port: number, host: string | undefined): Promise<Started> {
  const server = (await app.start({ port, host, backlog: HTTP_BACKLOG }).catch((error: unknown) => {
    throw httpStartError(error, port);
  })) as Server;
  const stop = async () => {
    server.closeAllConnections();
    await app.stop();
  };
  return { mode: 'http', port: (server.address() as AddressInfo).port, stop, isReady: () => server.listening };
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

/** OAuth keeps installations in the project's store; the composition root always passes it. */
function requireStore(store: Store | undefined): Store {
  if (!store) throw new AdapterStartError('Slack OAuth needs the store to keep installations in.');
  return store;
}
