/**
 * Reactions on the bot's paper posts become votes. The client runs with partials, so a reaction on a message
 * posted before the last restart (never cached) still arrives: the message, channel and guild ids and the
 * emoji name come with the event itself, and the core maps the message id to its paper through the stored
 * message map. No message-content intent and no extra REST call per reaction are needed. The bot's own
 * reactions (the 👍 👎 hints it adds under a post) are ignored; custom emoji count only when their name is
 * in the emoji table.
 */
import type { MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { Core, ReactOutcome } from '../../src/core.js';
import type { Logger } from '../../src/ports.js';
import type { ReactionEvent } from '../../src/types.js';

/** What became of one reaction event; reported to `onReactionHandled` (tests and diagnostics). */
export type ReactionResult =
  | { handled: true; event: ReactionEvent; outcome: ReactOutcome }
  | { handled: false; reason: 'own reaction' | 'not in a server' | 'failed' };

export interface ReactionDeps {
  core: Core;
  logger: Logger;
  /** The bot's user id, once logged in. */
  botUserId: () => string | undefined;
  onReactionHandled?: (result: ReactionResult) => void;
}

/** The core's reaction event for a Discord reaction, or undefined when it happened outside a server. */
export function reactionEvent(
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  action: ReactionEvent['action'],
): ReactionEvent | undefined {
  const { message } = reaction;
  const emoji = reaction.emoji.name;
  if (!message.guildId || !emoji) return undefined;
  return {
    user: { platform: 'discord', workspace: message.guildId, user: user.id },
    channel: { platform: 'discord', workspace: message.guildId, channel: message.channelId },
    messageId: message.id,
    emoji,
    action,
  };
}

/** Handle one reaction add or remove. Never throws. */
export async function onReaction(
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  action: ReactionEvent['action'],
  deps: ReactionDeps,
): Promise<void> {
  const report = (result: ReactionResult) => deps.onReactionHandled?.(result);
  try {
    if (user.id === deps.botUserId()) return report({ handled: false, reason: 'own reaction' });
    const event = reactionEvent(reaction, user, action);
    if (!event) return report({ handled: false, reason: 'not in a server' });
    const outcome = await deps.core.react(event);
    report({ handled: true, event, outcome });
  } catch (error) {
    deps.logger.error('discord reaction failed', { message: reaction.message.id, error });
    report({ handled: false, reason: 'failed' });
  }
}
