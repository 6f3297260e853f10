/**
 * The Discord adapter's entry point: logs a discord.js client in with only the intents it needs (guilds and
 * guild message reactions; no privileged message-content intent), routes `/papers` interactions and
 * reactions (read from the gateway's dispatches, so those in threads it has not seen count too) to the core,
 * and returns the `Platform` digests post through. It runs the gateway shards the
 * config names (`DISCORD_SHARDS` of `DISCORD_SHARD_COUNT`), so several instances split Discord's servers and
 * none handles another's events; by default every shard Discord recommends runs here. A rejected token ends
 * start-up with an `AdapterStartError` that says what to do. `discordAdapter` is its entry in the registry.
 */
import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { Config, DiscordShards } from '../../src/config.js';
import type { Core } from '../../src/core.js';
import type { Logger, Platform } from '../../src/ports.js';
import { AdapterStartError, type ChatAdapter } from '../chat-adapter.js';
import { WorkQueue, type WorkQueueOptions } from '../work-queue.js';
import { onInteraction, type InteractionDeps } from './interactions.js';
import { createDiscordPlatform } from './platform.js';
import { onReaction, votingChannelFrom, type ReactionDispatch, type ReactionResult } from './reactions.js';

export { buildSlashCommand } from './slash-command.js';
export type { ReactionResult } from './reactions.js';

/** How to start the Discord adapter; the registry fills `config` from `Config.discord`, tests add the rest. */
export interface StartDiscordOptions {
  core: Core;
  config: NonNullable<Config['discord']>;
  logger: Logger;
  /** REST base URL without the version (discord.js appends `/v10`). Default: Discord's. Tests pass a fake. */
  restApi?: string;
  /** Limits of the queue acknowledged commands wait in (adapters/work-queue.ts). Default: its defaults. */
  workQueue?: WorkQueueOptions;
  /** Reactions added under each paper post; [] for none. Default 👍 👎. */
  reactionHints?: string[];
  /** Milliseconds to wait for the gateway's READY and the servers after login. Default 30,000. */
  readyTimeoutMs?: number;
  /** Called after each reaction event was handled (tests wait on it). */
  onReactionHandled?: (result: ReactionResult) => void;
  /** Called after each interaction was answered or failed (tests wait on it). */
  onInteractionHandled?: InteractionDeps['onInteractionHandled'];
}

/** A started Discord adapter: the `Platform` digests post through, the logged-in client, and how to stop it. */
export interface DiscordAdapter {
  platform: Platform;
  client: Client;
  stop(): Promise<void>;
  /** The gateway session is ready (every shard this instance runs is connected). */
  isReady(): boolean;
}

/** Discord as a chat adapter: enabled when `DISCORD_TOKEN` is set. `start` throws `AdapterStartError`. */
export const discordAdapter: ChatAdapter<DiscordAdapter> = {
  name: 'discord',
  enabled: (config) => config.discord !== undefined,
  start({ core, config, logger }) {
    if (!config.discord) return Promise.reject(new AdapterStartError('DISCORD_TOKEN is not set.', 'DISCORD_TOKEN'));
    return startDiscord({ core, config: config.discord, logger });
  },
};

/**
 * Log in to Discord and start answering `/papers` and reactions. Resolves when the client is ready.
 * Throws `AdapterStartError` for a rejected token or disallowed intents.
 */
export async function startDiscord(options: StartDiscordOptions): Promise<DiscordAdapter> {
  const { core, logger } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    allowedMentions: { parse: [], repliedUser: false },
    rest: options.restApi ? { api: options.restApi } : {},
    ...shardOptions(options.config.shards),
  });
  const interactionDeps: InteractionDeps = {
    core,
    logger,
    work: new WorkQueue(options.workQueue),
    onInteractionHandled: options.onInteractionHandled,
  };
  const reactionDeps = { core, logger, botUserId: () => client.user?.id, votingChannelOf: votingChannelFrom(client), onReactionHandled: options.onReactionHandled };
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction, interactionDeps));
  // Reactions straight from the gateway: discord.js's reaction events drop those in channels it has not cached (reactions.ts).
  client.ws.on(GatewayDispatchEvents.MessageReactionAdd, (data: ReactionDispatch) => void onReaction(data, 'added', reactionDeps));
  client.ws.on(GatewayDispatchEvents.MessageReactionRemove, (data: ReactionDispatch) => void onReaction(data, 'removed', reactionDeps));
  client.on(Events.Error, (error) => logger.error('discord client error', { error }));
  client.on(Events.ShardError, (error) => logger.warn('discord connection error; discord.js reconnects', { error: error.message }));
  client.rest.on('rateLimited', (info) => logger.warn('discord rate limit; requests wait', { route: info.route, retryAfterMs: info.retryAfter }));

  await loginAndWait(client, options.config.token, options.readyTimeoutMs ?? 30_000);
  logger.info('discord ready', { user: client.user?.tag, servers: client.guilds.cache.size, shards: [...client.ws.shards.keys()], shardCount: client.options.shardCount });
  if (client.application?.id && client.application.id !== options.config.applicationId) {
    logger.warn('DISCORD_APPLICATION_ID does not match the token\'s application; /papers may be registered for another bot', {
      configured: options.config.applicationId,
      actual: client.application.id,
    });
  }
  const platform = createDiscordPlatform({ rest: client.rest, logger, reactionHints: options.reactionHints });
  return { platform, client, stop: () => client.destroy(), isReady: () => client.isReady() };
}

/**
 * discord.js shard options: the configured shard ids out of the configured total, or `auto` (discord.js asks
 * `GET /gateway/bot` how many shards Discord recommends and runs them all).
 */
function shardOptions(shards: DiscordShards | undefined): Pick<ClientOptions, 'shards' | 'shardCount'> {
  return shards ? { shards: shards.ids, shardCount: shards.count } : { shards: 'auto' };
}

/** Log in and wait for `clientReady`; turn authentication failures into instructions. */
async function loginAndWait(client: Client, token: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    timer = setTimeout(() => reject(new AdapterStartError(`Discord did not get ready within ${timeoutMs} ms. Check the network connection and try again.`)), timeoutMs);
  });
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy().catch(() => undefined);
    throw startError(error);
  } finally {
    clearTimeout(timer);
    ready.catch(() => undefined);
  }
}

/** An `AdapterStartError` with instructions for failures the operator can fix; other errors unchanged. */
function startError(error: unknown): unknown {
  if (error instanceof AdapterStartError) return error;
  const text = error instanceof Error ? `${(error as { code?: string }).code ?? ''} ${error.message}` : String(error);
  if (/TokenInvalid|invalid token|Authentication failed|401/i.test(text)) {
    return new AdapterStartError(
      'Discord rejected DISCORD_TOKEN. Open https://discord.com/developers/applications, choose your application, ' +
        'go to "Bot", press "Reset Token", and put the new token in .env as DISCORD_TOKEN (the bot token, not the client secret or the public key).',
      'DISCORD_TOKEN',
    );
  }
  if (/disallowed intents|4014/i.test(text)) {
    return new AdapterStartError('Discord refused the gateway intents. Paperboy needs no privileged intents; check that DISCORD_TOKEN belongs to a bot application.', 'DISCORD_TOKEN');
  }
  const network = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b/.exec(text);
  if (network) {
    return new AdapterStartError(`Could not reach Discord (${network[1]}). Check this machine's network connection and DNS, then start again.`);
  }
  return error;
}
