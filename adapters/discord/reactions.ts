/**
 * Reactions on the bot's paper posts become votes, also on messages posted before the last restart and in
 * threads the client has never seen. They are read from the gateway's MESSAGE_REACTION_ADD / _REMOVE dispatches
 * themselves (`client.ws`), which carry the server, channel, message and user ids and the emoji name: discord.js's
 * own reaction events drop a reaction whose channel is not cached, and even with the Channel partial it cannot
 * build a thread it has not seen (it needs the channel's type). A reaction in a thread counts for the thread's
 * parent channel, where the digest recorded its papers; the thread is taken from the client's cache (threads it
 * saw created or listed in GUILD_CREATE) or fetched once (GET /channels/:id, then cached). No message-content
 * intent is needed. The bot's own reactions (the 👍 👎 hints it adds under a post) are ignored; custom emoji
 * count only when their name is in the emoji table.
 */
import type { Client, GatewayMessageReactionAddDispatchData, GatewayMessageReactionRemoveDispatchData } from 'discord.js';
import type { Core, ReactOutcome } from '../../src/core.js';
import type { Logger } from '../../src/ports.js';
import type { ReactionEvent } from '../../src/types.js';

/** A reaction as the gateway dispatches it. */
export type ReactionDispatch = GatewayMessageReactionAddDispatchData | GatewayMessageReactionRemoveDispatchData;

/** What became of one reaction event; reported to `onReactionHandled` (tests and diagnostics). */
export type ReactionResult =
  | { handled: true; event: ReactionEvent; outcome: ReactOutcome }
  | { handled: false; reason: 'own reaction' | 'not in a server' | 'failed' };

export interface ReactionDeps {
  core: Core;
  logger: Logger;
  /** The bot's user id, once logged in. */
  botUserId: () => string | undefined;
  /** The channel whose posts a message in `channelId` belongs to: a thread's parent, else the channel itself. */
  votingChannelOf: (channelId: string) => Promise<string>;
  onReactionHandled?: (result: ReactionResult) => void;
}

/** Handle one reaction add or remove. Never throws. */
export async function onReaction(data: ReactionDispatch, action: ReactionEvent['action'], deps: ReactionDeps): Promise<void> {
  const report = (result: ReactionResult) => deps.onReactionHandled?.(result);
  try {
    if (data.user_id === deps.botUserId()) return report({ handled: false, reason: 'own reaction' });
    const { guild_id: server, emoji } = data;
    if (!server || !emoji.name) return report({ handled: false, reason: 'not in a server' });
    const channel = await deps.votingChannelOf(data.channel_id);
    const event: ReactionEvent = {
      user: { platform: 'discord', workspace: server, user: data.user_id },
      channel: { platform: 'discord', workspace: server, channel },
      messageId: data.message_id,
      emoji: emoji.name,
      action,
    };
    const outcome = await deps.core.react(event);
    report({ handled: true, event, outcome });
  } catch (error) {
    deps.logger.error('discord reaction failed', { message: data.message_id, channel: data.channel_id, error });
    report({ handled: false, reason: 'failed' });
  }
}

/**
 * `votingChannelOf` on a logged-in client: a cached channel answers at once; an unseen one (a thread after a
 * restart) is fetched, which also caches it.
 */
export function votingChannelFrom(client: Client): (channelId: string) => Promise<string> {
  return async (channelId) => {
    const channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId));
    return channel?.isThread() ? (channel.parentId ?? channelId) : channelId;
  };
}
