/**
 * The core's `Platform` port on Discord: digests post here, one message per paper (the digest records the
 * message id -> paper map, so reactions find their paper), each with the 👍 👎 hints so people can answer with
 * one click. Discord's "gone or forbidden" errors become `ChannelUnavailableError`, so the
 * digest stops posting to that channel; rate limits are left to discord.js's REST queue.
 */
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import { ChannelUnavailableError } from '../../src/errors.js';
import type { Logger, Platform, PostedMessage } from '../../src/ports.js';
import type { ChannelRef, Reply } from '../../src/types.js';
import { renderReply } from './render.js';

/** Reactions added under each paper post, as hints; the bot's own reactions are not votes. */
export const DEFAULT_REACTION_HINTS = ['👍', '👎'];

/** Discord error codes meaning the bot cannot post to a channel until someone fixes it. */
const UNAVAILABLE_CODES = new Map<number, string>([
  [RESTJSONErrorCodes.UnknownChannel, 'the channel was deleted'],
  [RESTJSONErrorCodes.UnknownGuild, 'the bot is no longer in that server'],
  [RESTJSONErrorCodes.MissingAccess, 'the bot cannot see the channel'],
  [RESTJSONErrorCodes.MissingPermissions, 'the bot lacks a permission there (Send Messages, Embed Links)'],
]);

export interface DiscordPlatformDeps {
  rest: REST;
  logger: Logger;
  /** Emoji added under every paper post; [] for none. Default 👍 👎. */
  reactionHints?: string[];
}

/** Build the Discord `Platform`. */
export function createDiscordPlatform(deps: DiscordPlatformDeps): Platform {
  const hints = deps.reactionHints ?? DEFAULT_REACTION_HINTS;
  return {
    name: 'discord',
    async post(channel: ChannelRef, reply: Reply): Promise<PostedMessage> {
      const body = { ...renderReply(reply), allowed_mentions: { parse: [] } };
      let messageId: string;
      try {
        const message = (await deps.rest.post(Routes.channelMessages(channel.channel), { body })) as { id: string };
        messageId = message.id;
      } catch (error) {
        const failure = unavailableOr(error, channel);
        if (failure instanceof ChannelUnavailableError) deps.logger.warn('cannot post to a Discord channel', { channel: channel.channel, server: channel.workspace, reason: failure.reason });
        throw failure;
      }
      if (reply.papers.length === 1) await addHints(deps, channel, messageId, hints);
      return { messageId };
    },
  };
}

/** `ChannelUnavailableError` for Discord's "gone or forbidden" codes; the error itself otherwise. */
export function unavailableOr(error: unknown, channel: ChannelRef): unknown {
  if (error instanceof DiscordAPIError && typeof error.code === 'number') {
    const reason = UNAVAILABLE_CODES.get(error.code);
    if (reason) {
      return new ChannelUnavailableError(`Cannot post to Discord channel ${channel.channel} in server ${channel.workspace}: ${reason} (Discord error ${error.code}).`, reason);
    }
  }
  return error;
}

/** Add the hint reactions; a failure here (no Add Reactions permission) is logged, the post still counts. */
async function addHints(deps: DiscordPlatformDeps, channel: ChannelRef, messageId: string, hints: string[]): Promise<void> {
  for (const emoji of hints) {
    try {
      await deps.rest.put(Routes.channelMessageOwnReaction(channel.channel, messageId, encodeURIComponent(emoji)));
    } catch (error) {
      deps.logger.warn('could not add a reaction hint; give the bot Add Reactions and Read Message History', {
        channel: channel.channel,
        code: (error as { code?: unknown }).code,
      });
      return;
    }
  }
}
